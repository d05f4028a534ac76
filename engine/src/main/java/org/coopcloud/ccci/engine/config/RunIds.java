package org.coopcloud.ccci.engine.config;

import java.util.Optional;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.api.Settings;

/** The run id: ccci.run.id, else DRONE_BUILD_NUMBER, else CCCI_RUN_ID, else manual-&lt;pid&gt;. */
public final class RunIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RunIds() {
    }

    /** The run id; call {@link #problem(Settings)} first (discovery does), it names a directory. */
    public static String runId(Settings settings) {
        return configured(settings).orElse("manual-" + ProcessHandle.current().pid());
    }

    /** Why the configured run id is refused, or null. It names a directory: nothing may climb out. */
    static String problem(Settings settings) {
        Optional<String> id = configured(settings);
        if (id.isEmpty() || SAFE.matcher(id.get()).matches()) {
            return null;
        }
        String shown = id.get().length() > 60 ? id.get().substring(0, 60) + "..." : id.get();
        return Constants.RUN_ID + " (env " + Constants.DRONE_BUILD_NUMBER_ENV + " or " + Constants.RUN_ID_ENV + "): '"
                + shown + "' is not a run id: [A-Za-z0-9][A-Za-z0-9._-]*, at most 64 characters";
    }

    private static Optional<String> configured(Settings settings) {
        return settings.get(Constants.RUN_ID, null)
                .or(() -> settings.env(Constants.DRONE_BUILD_NUMBER_ENV))
                .or(() -> settings.env(Constants.RUN_ID_ENV));
    }
}
