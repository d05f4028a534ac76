package org.coopcloud.ccci.harness.lifetime;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Brackets the launcher session: at its opening, records the parent the process started with (as
 * early as the launcher lets us); at its closing, after every report was written, ends the process
 * with 143 or 142 when a run was aborted. Does nothing else, so a session without cc-ci runs
 * (Surefire running Jupiter tests, an IDE) behaves exactly as without it.
 */
public final class LifetimeSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        StartParent.pid();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        AbortExit.exitIfAborted();
    }
}
