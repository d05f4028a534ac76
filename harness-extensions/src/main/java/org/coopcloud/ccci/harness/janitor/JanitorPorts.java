package org.coopcloud.ccci.harness.janitor;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.coopcloud.ccci.engine.api.RunStore;

/**
 * The janitor's two ports, bound together: discovering apps without being able to reap them (or
 * the reverse) is not a janitor. Found in the run's store (an extension ordered before
 * {@code ExtensionOrder.JANITOR} puts them there), else through {@link ServiceLoader} (what
 * {@code bin/ccci janitor} uses), else absent: then only stale lockfiles are swept.
 */
public record JanitorPorts(AppDiscovery discovery, AppReaper reaper) {
    private static final System.Logger LOG = System.getLogger(JanitorPorts.class.getName());

    public static Optional<JanitorPorts> lookup(RunStore store) {
        return store.get(JanitorPorts.class).or(JanitorPorts::fromServiceLoader);
    }

    /**
     * The service-loaded ports, or none. A provider that cannot be built (abra not found,
     * {@code DOCKER_HOST} naming a tcp:// daemon) is logged with its reason and counts as none, so
     * the sweep still tidies stale lockfiles instead of crashing with them left behind.
     */
    public static Optional<JanitorPorts> fromServiceLoader() {
        try {
            Optional<AppDiscovery> discovery = ServiceLoader.load(AppDiscovery.class).findFirst();
            Optional<AppReaper> reaper = ServiceLoader.load(AppReaper.class).findFirst();
            if (discovery.isPresent() && reaper.isPresent()) {
                return Optional.of(new JanitorPorts(discovery.get(), reaper.get()));
            }
        } catch (ServiceConfigurationError e) {
            LOG.log(Level.WARNING, "!! janitor: cannot reach the platform to find orphaned apps: {0}; "
                    + "sweeping stale lockfiles only. Fix that and run the janitor again to reap apps.", rootMessage(e));
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
