package org.coopcloud.ccci.engine.results;

/**
 * How long one phase of a run took, from its own events: {@code deploy install} (deploy.start to
 * deploy.done or deploy.failed of that purpose), {@code tier upgrade}, {@code setup}, {@code teardown}.
 * Phases nest (setup holds the install deploy); results.json lists them in the order they ended.
 */
public record PhaseTiming(String phase, long millis) {
}
