package org.coopcloud.ccci.harness.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ComposeServices}: the top-level services of compose files, read line by line. */
class ComposeServicesTest {
    @TempDir
    Path tmp;

    private static List<String> lines(String yaml) {
        return yaml.lines().toList();
    }

    @Test
    void onlyTheKeysDirectlyUnderServicesCount() {
        assertThat(ComposeServices.parse(lines("""
                services:
                  app:
                    image: ccci/busybox:1
                    environment:
                      - DOMAIN=x
                    deploy:
                      labels:
                        backupbot.backup: "true"
                  store:
                    volumes:
                      - store-data:/data
                """))).containsExactly("app", "store");
    }

    @Test
    void commentsBlankLinesAndOtherTopLevelKeysAroundServicesAreIgnored() {
        assertThat(ComposeServices.parse(lines("""
                # a recipe
                version: "3.8"

                x-common: &common
                  restart: always
                  notaservice:
                    a: b

                services:
                  # the web app
                #  commented-out:
                  app:

                    image: a
                  "quoted":
                    image: b
                  'single':
                    image: c
                volumes:
                  store-data:
                networks:
                  internal:
                secrets:
                  api_token:
                    external: true
                """))).containsExactly("app", "quoted", "single");
    }

    @Test
    void fourSpaceIndentationWorksToo() {
        assertThat(ComposeServices.parse(lines("""
                services:
                    web:
                        image: a
                        deploy:
                            replicas: 1
                    worker:
                        image: b
                """))).containsExactly("web", "worker");
    }

    @Test
    void aServiceKeyWithATrailingCommentStillCounts() {
        assertThat(ComposeServices.parse(lines("""
                services:
                  app: # the web app
                    image: a
                  db:    # its database
                    image: b
                """))).containsExactly("app", "db");
    }

    @Test
    void windowsLineEndingsAndAServicesLineWithACommentWork() {
        assertThat(ComposeServices.parse(List.of("services: # every service", "  app:\r", "    image: a\r")))
                .containsExactly("app");
    }

    @Test
    void noServicesMappingIsNoServices() {
        assertThat(ComposeServices.parse(lines("version: \"3.8\"\nvolumes:\n  data:\n"))).isEmpty();
        assertThat(ComposeServices.parse(List.of())).isEmpty();
    }

    @Test
    void declaredInReadsEachComposeFile() throws Exception {
        Files.writeString(tmp.resolve("compose.yml"), "services:\n  app:\n    image: a\n  store:\n    image: b\n");
        Files.writeString(tmp.resolve("compose.smtp.yml"), "services:\n  app:\n    environment: []\n  smtp:\n    image: c\n");
        assertThat(ComposeServices.declaredIn(tmp, List.of("compose.yml", " compose.smtp.yml")))
                .containsExactly("app", "store", "smtp");
    }

    @Test
    void aComposeFileThatIsNotThereFailsLoudlyAsOurs() throws Exception {
        Files.writeString(tmp.resolve("compose.yml"), "services:\n  app:\n    image: a\n");
        // e.g. COMPOSE_FILE read literally as "$COMPOSE_FILE:compose.db.yml": never silently fewer services.
        assertThatThrownBy(() -> ComposeServices.declaredIn(tmp, List.of("compose.yml", "$COMPOSE_FILE", "compose.db.yml")))
                .isInstanceOf(org.coopcloud.ccci.engine.api.InfrastructureException.class)
                .hasMessageContaining("compose file $COMPOSE_FILE")
                .hasMessageContaining("not found in " + tmp);
    }
}
