package org.coopcloud.ccci.engine.discovery;

import org.coopcloud.ccci.engine.api.RunNaming;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.coopcloud.ccci.engine.execution.RunDescriptor;
import org.junit.platform.engine.UniqueId;

/** Makes the run descriptor of a recipe from the validated inputs and what the catalog holds for it. */
final class RunFactory {
    private final RunInputs inputs;
    private final TierCatalog catalog;

    RunFactory(RunInputs inputs, TierCatalog catalog) {
        this.inputs = inputs;
        this.catalog = catalog;
    }

    RunDescriptor create(UniqueId runId, String recipe) {
        RunSpec spec = inputs.specFor(recipe);
        // The quick lane works on the recipe's canonical app, under that app's own domain lock.
        String domain = spec.quick() ? RunNaming.canonicalDomain(recipe, inputs.domainSuffix())
                : RunNaming.domain(recipe, spec.pr(), spec.ref(), inputs.domainSuffix());
        return new RunDescriptor(runId, spec, domain, RunNaming.stack(domain), catalog.profile(recipe),
                catalog.recipeExtensions(recipe), catalog.stagesFor(recipe));
    }
}
