package org.coopcloud.ccci.harness.deploy;

import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.harness.docker.SwarmTestSupport;

/** The throwaway stacks of one test class: created with unique names, all cleaned up at the end. */
final class TestStacks {
    private final List<String> created = new ArrayList<>();

    String newName() {
        String stack = SwarmTestSupport.uniqueName();
        created.add(stack);
        return stack;
    }

    /** {@code docker stack rm} on each, in the background of the daemon, so the next test starts at once. */
    void removeAll() throws InterruptedException {
        for (String stack : created) {
            SwarmTestSupport.removeStack(stack);
        }
    }

    /** Waits for each stack to be gone and removes its volumes, secrets and configs. */
    void cleanUpAll() throws InterruptedException {
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
                """.formatted(SwarmTestSupport.IMAGE, version, failureAction);
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
}
