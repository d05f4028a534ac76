package org.coopcloud.ccci.harness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.coopcloud.ccci.harness.abra.AbraCli;
import org.coopcloud.ccci.harness.abra.StandInWorkspace;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link AppEnv#set} writes is what abra reads: demo-static's {@code .env} has {@code SITE_TITLE}
 * only commented out and will not deploy without it; set it to a value that needs quoting, deploy
 * with the real stand-in, and read the value back from the service spec on the real swarm.
 */
class AppEnvStandInTest {
    @RegisterExtension
    final StandInWorkspace world = new StandInWorkspace();
    private final String domain = world.domain();

    @Test
    void aValueThatNeedsQuotesReachesTheServiceUnchanged() throws Exception {
        AbraCli abra = world.abra();
        abra.appNew("demo-static", Optional.of("1.1.0+1.1"), domain, false);
        AppEnv env = new AppEnv(world.envFile(domain));
        assertThat(env.get("SITE_TITLE")).as("only commented out in .env.sample").isEmpty();

        String title = " Shop #1 of $HOME ";
        env.set("SITE_TITLE", title);
        assertThat(env.get("SITE_TITLE")).contains(title);
        assertThat(env.get("DOMAIN")).contains(domain);

        abra.deploy(domain, Optional.empty(), false);
        String service = world.stack() + "_app";
        SwarmTestSupport.CliResult spec = SwarmTestSupport.run("docker", "service", "inspect", "--format",
                "{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}", service);
        assertThat(spec.exitCode()).as(spec.output()).isZero();
        assertThat(spec.output().lines()).contains("SITE_TITLE=" + title, "DOMAIN=" + domain);
    }
}
