package org.coopcloud.ccci.harness.platform;

import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.process.ProcessRunner;

/** A run's handles on the outside world, in the run's store once {@link PlatformExtension} ran. */
public record RunPlatform(ProcessRunner runner, AbraCli abra, DockerClient docker) {
}
