package org.coopcloud.ccci.engine.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders recipe version tags {@code <semver>+<upstream>} by their recipe semver, then as text. Used by the harness
 * (which release an upgrade starts from), the engine and the nightly sweep (which tag is the newest release).
 */
public final class VersionOrder implements Comparator<String> {
    static final Pattern VERSION_TAG = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:\\+.*)?");

    /** Whether the name is a recipe version tag ({@code 1.2.0+3.4.5}, or {@code 1.2.0}). */
    public static boolean isVersionTag(String name) {
        return VERSION_TAG.matcher(name).matches();
    }

    /** The version tags in {@code git tag --list} output, oldest first; other tags are left out. */
    public static List<String> versionTags(String gitTagList) {
        return Arrays.stream(gitTagList.split("\\R")).map(String::strip).filter(t -> VERSION_TAG.matcher(t).matches())
                .sorted(new VersionOrder()).toList();
    }

    @Override
    public int compare(String a, String b) {
        Matcher ma = VERSION_TAG.matcher(a);
        Matcher mb = VERSION_TAG.matcher(b);
        if (ma.matches() && mb.matches()) {
            for (int group = 1; group <= 3; group++) {
                int diff = Long.compare(Long.parseLong(ma.group(group)), Long.parseLong(mb.group(group)));
                if (diff != 0) {
                    return diff;
                }
            }
        }
        return a.compareTo(b);
    }
}
