package org.coopcloud.ccci.harness.wiring;

import org.coopcloud.ccci.harness.platform.RunPlatform;
import java.lang.reflect.Parameter;
import org.coopcloud.ccci.engine.api.CheckParameterResolver;
import org.coopcloud.ccci.engine.api.TierContext;

/**
 * Hands checks and operations what the run's extensions put in its store, by type: the
 * {@code RecipeApp}, the {@code RecipeProfile}, the {@code RecipeCheckout}, the {@code RunPlatform},
 * the op state. A parameter whose type nobody stored is left to other resolvers (and fails the
 * check naming the parameter when none has it).
 */
public final class RunStoreParameterResolver implements CheckParameterResolver {
    @Override
    public boolean supportsParameter(Parameter parameter, TierContext tier) {
        return tier.run().store().get(parameter.getType()).isPresent();
    }

    @Override
    public Object resolveParameter(Parameter parameter, TierContext tier) {
        return tier.run().store().require(parameter.getType());
    }
}
