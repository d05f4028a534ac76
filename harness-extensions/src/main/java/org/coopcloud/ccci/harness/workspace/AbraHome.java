package org.coopcloud.ccci.harness.workspace;

import java.nio.file.Path;
import org.coopcloud.ccci.engine.api.Settings;

/**
 * The canonical abra directory the per-run ones link into: {@code ccci.abra.home} /
 * {@code CCCI_ABRA_HOME}, else {@code ~/.abra}. Its {@code servers/} holds every app's .env file,
 * so janitor discovery and out-of-run tooling see the apps of every run.
 */
public final class AbraHome {
    public static final String PARAMETER = "ccci.abra.home";
    public static final String ENV = "CCCI_ABRA_HOME";

    private AbraHome() {
    }

    public static Path from(Settings settings) {
        return settings.get(PARAMETER, ENV).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".abra"));
    }
}
