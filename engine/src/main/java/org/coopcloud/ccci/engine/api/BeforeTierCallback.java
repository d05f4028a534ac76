package org.coopcloud.ccci.engine.api;

/** Called before a tier's classes run; a failure fails the tier. */
public interface BeforeTierCallback extends Extension {
    void beforeTier(TierContext tier) throws Exception;
}
