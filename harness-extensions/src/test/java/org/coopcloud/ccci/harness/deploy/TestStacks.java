package org.coopcloud.ccci.harness.deploy;

import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.harness.docker.DockerClient;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The throwaway stacks of one test class: created with unique names, all cleaned up at the end.
 * Registered as {@code @RegisterExtension static final TestStacks STACKS = new TestStacks()}: before
 * all tests it gets the daemon's client (or fails saying how to get one), after each test it
 * removes that test's stacks in the background, after all it waits for them and removes what they
 * left (volumes, secrets, configs).
 */
final class TestStacks implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final List<String> created = new ArrayList<>();
    private DockerClient docker;

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        docker = SwarmTestSupport.daemon();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        removeAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        cleanUpAll();
    }

    /** The daemon's client, known to answer (set before all tests, so a test instance's field can take it). */
    DockerClient docker() {
        return docker;
    }

    String newName() {
        String stack = SwarmTestSupport.uniqueName();
        created.add(stack);
        return stack;
    }

    /** {@code docker stack rm} on each, in the background of the daemon, so the next test starts at once. */
    private void removeAll() throws InterruptedException {
        for (String stack : created) {
            SwarmTestSupport.removeStack(stack);
        }
    }

    /** Waits for each stack to be gone and removes its volumes, secrets and configs. */
    private void cleanUpAll() throws InterruptedException {
        for (String stack : created) {
            SwarmTestSupport.cleanUp(stack);
        }
        created.clear();
    }

    /** A one-service stack: busybox httpd on 8080 serving {@code /} (200), {@code /d} (302 to /d/). */
    static String webCompose(String version, String updateOrder) {
        return """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "mkdir -p /www/d; echo hello > /www/index.html; echo d > /www/d/index.html; exec httpd -f -p 8080 -h /www"]
                    init: true
                    environment: [VERSION=%s]
                    deploy:
                      endpoint_mode: dnsrr
                      update_config: {order: %s}
                """.formatted(SwarmTestSupport.IMAGE, version, updateOrder);
    }

    /** The same service, but its command exits 3 at once, every time. */
    static String crashingCompose(String version) {
        return crashingCompose(version, "pause");
    }

    /** A crashing service whose failed update does {@code failureAction} (pause or rollback). */
    static String crashingCompose(String version, String failureAction) {
        return crashingCompose(version, failureAction, "5s");
    }

    /** The same, restarted after {@code restartDelay} (the swarm's default is 5 s). */
    static String crashingCompose(String version, String failureAction, String restartDelay) {
        return """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "echo starting; exit 3"]
                    init: true
                    environment: [VERSION=%s]
                    deploy:
                      endpoint_mode: dnsrr
                      update_config: {order: stop-first, failure_action: %s}
                      restart_policy: {condition: any, delay: %s}
                """.formatted(SwarmTestSupport.IMAGE, version, failureAction, restartDelay);
    }

    /** Runs for half a second, exits 3, and is restarted at once: 1/1 for a moment, again and again. */
    static String flappingCompose() {
        return """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "sleep 0.5; exit 3"]
                    init: true
                    deploy:
                      endpoint_mode: dnsrr
                      restart_policy: {condition: any, delay: 0s}
                """.formatted(SwarmTestSupport.IMAGE);
    }

    /**
     * A web service whose first start takes {@code seconds} (a database's first init) behind a
     * health check with a long start period: {@code starting} all that time, never failed.
     */
    static String slowStartCompose(int seconds) {
        return """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "echo initialising; sleep %d; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"]
                    init: true
                    healthcheck:
                      test: ["CMD", "timeout", "2", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
                      interval: 1s
                      timeout: 3s
                      retries: 3
                      start_period: 15m
                    deploy:
                      endpoint_mode: dnsrr
                      restart_policy: {condition: any, delay: 1s}
                """.formatted(SwarmTestSupport.IMAGE, seconds);
    }

    /** An image that is not on the node (there is no registry to pull from). */
    static String missingImageCompose() {
        return """
                version: "3.8"
                services:
                  app:
                    image: ccci/no-such-image:1
                    deploy:
                      endpoint_mode: dnsrr
                """;
    }

    /** A bind mount whose source directory does not exist on the node. */
    static String missingBindSourceCompose() {
        return """
                version: "3.8"
                services:
                  app:
                    image: %s
                    command: ["sleep", "600"]
                    volumes: ["/nonexistent/ccci-test-bind-source:/x"]
                    deploy:
                      endpoint_mode: dnsrr
                """.formatted(SwarmTestSupport.IMAGE);
    }

    /**
     * An app that needs its database, as published recipes start (swarm ignores {@code depends_on}):
     * the db starts listening only after {@code dbSeconds} (a first init) behind a health check, and
     * the app exits at once while the db does not answer, restarted after 1 s; with
     * {@code appAlwaysFails} the app exits even when the db answers (a real crash loop).
     */
    static String appWaitingOnDbCompose(int dbSeconds, boolean appAlwaysFails) {
        String appStart = appAlwaysFails ? "echo app: fatal: bad setting; exit 3"
                : "exec httpd -f -p 8080 -h /";
        return """
                version: "3.8"
                services:
                  app:
                    image: %1$s
                    command: ["sh", "-c", "wget -q -O /dev/null http://db:5432/ || { echo app: database not answering; exit 1; }; %2$s"]
                    init: true
                    deploy:
                      endpoint_mode: dnsrr
                      restart_policy: {condition: any, delay: 1s}
                  db:
                    image: %1$s
                    command: ["sh", "-c", "echo db: initialising; sleep %3$d; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 5432 -h /www"]
                    init: true
                    healthcheck:
                      test: ["CMD", "timeout", "2", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:5432/"]
                      interval: 1s
                      timeout: 3s
                      retries: 3
                      start_period: 5m
                    deploy:
                      endpoint_mode: dnsrr
                      restart_policy: {condition: any, delay: 1s}
                """.formatted(SwarmTestSupport.IMAGE, appStart, dbSeconds);
    }
}
