package org.coopcloud.ccci.harness.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the run's deploys in its deploy-count file (children that deploy add to the same file)
 * and fails the run on a deploy its plan did not call for.
 *
 * <p>Use: the deploy path calls {@link #expectDeploys} once it knows the plan (for example 1 for
 * install only, 2 with an upgrade from a base version), and {@link #recordDeploy} just before
 * every deploy, which throws instead of letting an unplanned deploy happen. {@link #verify} at the
 * end catches deploys children recorded beyond the plan.
 */
public final class DeployCountGuard {
    private final Path countFile;
    private final List<String> reasons = new ArrayList<>();
    private int planned = -1;

    public DeployCountGuard(Path countFile) {
        this.countFile = countFile;
    }

    /** Declares how many deploys the whole run may make. */
    public synchronized void expectDeploys(int total) {
        if (total < 0) {
            throw new IllegalArgumentException("a plan cannot expect " + total + " deploys");
        }
        planned = total;
    }

    /**
     * Records one deploy, before it happens. Returns the run's deploy count including this one.
     *
     * @throws UnplannedDeployException when no plan was declared or the plan has no room for it
     */
    public synchronized int recordDeploy(String reason) {
        int count = deploysSoFar() + 1;
        write(count);
        reasons.add(reason);
        if (planned < 0) {
            throw new UnplannedDeployException("deploy " + count + " (" + reason
                    + ") recorded before the run declared its deploy plan");
        }
        if (count > planned) {
            throw new UnplannedDeployException("deploy " + count + " (" + reason + ") is not in the run's plan of "
                    + planned + "; deploys so far: " + reasons);
        }
        return count;
    }

    /** The count in the file: this process's deploys plus any a child recorded. */
    public synchronized int deploysSoFar() {
        try {
            String text = Files.readString(countFile).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deploy count " + countFile, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the deploy count file " + countFile + " is corrupt", e);
        }
    }

    /** Fails when more deploys were recorded (by anyone) than the plan allowed. */
    public synchronized void verify() {
        int count = deploysSoFar();
        if (planned >= 0 && count > planned) {
            throw new UnplannedDeployException("the run deployed " + count + " times; its plan allowed " + planned);
        }
    }

    private void write(int count) {
        try {
            Path temp = countFile.resolveSibling(countFile.getFileName() + ".tmp");
            Files.writeString(temp, Integer.toString(count));
            Files.move(temp, countFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy count " + countFile, e);
        }
    }
}
