package org.coopcloud.ccci.harness.janitor;

import java.util.Optional;
import java.util.ServiceLoader;
import org.coopcloud.ccci.engine.api.RunStore;

/**
 * The janitor's two ports, bound together: discovering apps without being able to reap them (or
 * the reverse) is not a janitor. Found in the run's store (an extension ordered before
 * {@code ExtensionOrder.JANITOR} puts them there), else through {@link ServiceLoader} (what
 * {@code bin/ccci janitor} uses), else absent: then only stale lockfiles are swept.
 */
public record JanitorPorts(AppDiscovery discovery, AppReaper reaper) {

    public static Optional<JanitorPorts> lookup(RunStore store) {
        return store.get(JanitorPorts.class).or(JanitorPorts::fromServiceLoader);
    }

    public static Optional<JanitorPorts> fromServiceLoader() {
        Optional<AppDiscovery> discovery = ServiceLoader.load(AppDiscovery.class).findFirst();
        Optional<AppReaper> reaper = ServiceLoader.load(AppReaper.class).findFirst();
        if (discovery.isPresent() && reaper.isPresent()) {
            return Optional.of(new JanitorPorts(discovery.get(), reaper.get()));
        }
        return Optional.empty();
    }
}
