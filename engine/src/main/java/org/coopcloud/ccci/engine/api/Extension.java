package org.coopcloud.ccci.engine.api;

/**
 * Marker for everything that plugs into a run. An extension implements one or more of the
 * callback interfaces in this package. A fresh instance is made for every run, so an extension
 * may keep per-run state in fields.
 *
 * <p>Built-in extensions are registered in
 * {@code META-INF/services/org.coopcloud.ccci.engine.api.Extension}; a recipe adds its own with
 * {@link ExtendRun}.
 */
public interface Extension {
    /**
     * Where this extension stands among the run's extensions: lower runs first in the before
     * callbacks and last in the after callbacks. Ties are broken by class name, so the order is
     * deterministic. Built-in extensions use the constants of {@link ExtensionOrder}.
     */
    default int order() {
        return ExtensionOrder.RECIPE;
    }
}
