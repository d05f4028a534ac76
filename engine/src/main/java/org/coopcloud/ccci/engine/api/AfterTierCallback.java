package org.coopcloud.ccci.engine.api;

/**
 * Called after a tier, in reverse extension order, for every extension whose beforeTier was
 * called (or that has no beforeTier), also when the tier failed.
 */
public interface AfterTierCallback extends Extension {
    void afterTier(TierContext tier) throws Exception;
}
