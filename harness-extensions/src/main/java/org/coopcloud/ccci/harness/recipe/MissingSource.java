package org.coopcloud.ccci.harness.recipe;

import java.util.regex.Pattern;

/**
 * Whether git's or abra's complaint says that what the user named does not exist (a ref, a
 * repository, a recipe), as opposed to a host that did not answer. Only the former is the user's
 * bad input; a timeout, a refused connection or a server error stays an infrastructure error.
 */
final class MissingSource {
    /** git: a ref or repository the host does not have; abra (and its stand-in): a recipe nobody has. */
    private static final Pattern MISSING = Pattern.compile("(?i)couldn't find remote ref|remote ref does not exist"
            + "|repository '[^']*' not found|repository not found|remote: not found|does not appear to be a git repository"
            + "|not in the catalogue|recipe '[^']*' does not exist|unknown recipe");
    /** Never bad input, whatever else the text says: the host did not answer properly. */
    private static final Pattern UNREACHABLE = Pattern.compile("(?i)could not resolve host|failed to connect|connection"
            + " (refused|reset|timed out)|timed out|the requested url returned error: 5\\d\\d|tls|ssl|network is unreachable");

    private MissingSource() {
    }

    static boolean says(String message) {
        String text = message == null ? "" : message;
        return MISSING.matcher(text).find() && !UNREACHABLE.matcher(text).find();
    }
}
