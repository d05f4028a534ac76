package org.coopcloud.ccci.concurrency.janitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.coopcloud.ccci.harness.janitor.AppDiscovery;
import org.coopcloud.ccci.harness.janitor.AppReaper;
import org.coopcloud.ccci.harness.janitor.JanitorPorts;

/**
 * Test doubles for the janitor's ports, which the real-platform issue implements over abra and
 * docker: here the candidates are injected and reaps are recorded (optionally slowed down so two
 * parties really overlap). What is under test is the probe/reap/unlink ordering against real
 * locks, not how an app is torn down.
 */
final class InjectedPorts implements AppDiscovery, AppReaper {
    private final List<String> appNames;
    private final List<String> swarmNames;
    private final Duration reapTime;
    private final Runnable duringReap;
    final List<String> reaps = Collections.synchronizedList(new ArrayList<>());
    final List<String> appNameCalls = Collections.synchronizedList(new ArrayList<>());
    volatile long lastReapEndedAt;

    InjectedPorts(List<String> appNames, List<String> swarmNames, Duration reapTime, Runnable duringReap) {
        this.appNames = appNames;
        this.swarmNames = swarmNames;
        this.reapTime = reapTime;
        this.duringReap = duringReap;
    }

    static InjectedPorts apps(String... domains) {
        return new InjectedPorts(List.of(domains), List.of(), Duration.ZERO, () -> { });
    }

    JanitorPorts ports() {
        return new JanitorPorts(this, this);
    }

    @Override
    public List<String> abraAppNames() {
        appNameCalls.add("app ls");
        return appNames;
    }

    @Override
    public List<String> swarmObjectNames() {
        return swarmNames;
    }

    @Override
    public void reap(String domain) throws InterruptedException {
        reaps.add(domain);
        duringReap.run();
        Thread.sleep(reapTime.toMillis());
        lastReapEndedAt = System.currentTimeMillis();
    }
}
