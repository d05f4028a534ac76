package org.coopcloud.ccci.harness.workspace;

import java.lang.System.Logger.Level;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/**
 * Builds the run's workspace right after the lifetime guards, before anything calls abra, and puts
 * two things in the run's store: the {@link RunWorkspace}, and a {@link ProcessRunner} whose
 * children all get the workspace's environment (ABRA_DIR and the state files). Other extensions
 * start children through that runner, which is how "passed to every child" holds.
 *
 * <p>At the end: the deploy count is verified and the state files removed.
 */
public final class WorkspaceExtension implements BeforeRunCallback, AfterRunCallback {
    private static final System.Logger LOG = System.getLogger(WorkspaceExtension.class.getName());

    @Override
    public int order() {
        return ExtensionOrder.WORKSPACE;
    }

    @Override
    public void beforeRun(RunContext run) throws Exception {
        RunWorkspace workspace = new RunWorkspaceBuilder(AbraHome.from(run.settings()))
                .build(run.runId(), run.runDirectory(), ProcessHandle.current().pid());
        run.store().put(RunWorkspace.class, workspace);
        ProcessRunner runner = run.store().get(ProcessRunner.class).orElseGet(ProcessRunner::new);
        run.store().put(ProcessRunner.class, runner.withEnvironment(workspace.childEnvironment()));
        LOG.log(Level.INFO, "== per-run ABRA_DIR: {0} (servers/ and catalogue/ linked to the canonical ones) ==",
                workspace.abraDir());
    }

    @Override
    public void afterRun(RunContext run) throws Exception {
        RunWorkspace workspace = run.store().get(RunWorkspace.class).orElse(null);
        if (workspace == null) {
            return; // beforeRun failed before building it
        }
        try {
            workspace.deploys().verify();
        } finally {
            workspace.removeStateFiles();
        }
    }
}
