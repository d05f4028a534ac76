package org.coopcloud.ccci.harness.recipe;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Orders recipe version tags {@code <semver>+<upstream>} by their recipe semver, then as text. */
public final class VersionOrder implements Comparator<String> {
    static final Pattern VERSION_TAG = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:\\+.*)?");

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
