package org.coopcloud.ccci.engine.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.config.EngineSettings;
import org.coopcloud.ccci.engine.config.InvalidInputException;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryFilter;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;

/**
 * Discovery of the cc-ci engine: validate the inputs, find the tier classes, resolve the selectors.
 * Cheap and free of side effects: it reads configuration and class files, nothing else.
 *
 * <p>When the request names nothing of ours (Surefire sends class selectors for its test classes)
 * but {@code ccci.recipe} or {@code RECIPE} is set, the configured recipe is run as if it had been
 * selected. When it names nothing of ours and no recipe is configured, the engine finds nothing and
 * says nothing: it must not disturb a build that only runs Jupiter tests.
 */
public final class CcciDiscovery {
    private CcciDiscovery() {
    }

    public static void discover(EngineDiscoveryRequest request, TestDescriptor engine, EngineSettings settings) {
        DiscoveryIssueReporter issues = DiscoveryIssueReporter.deduplicating(
                DiscoveryIssueReporter.forwarding(request.getDiscoveryListener(), engine.getUniqueId()));
        boolean explicit = namesEngine(request, engine);
        boolean recipeConfigured = settings.get(Constants.RECIPE, Constants.RECIPE_ENV).isPresent();
        if (!explicit && !recipeConfigured) {
            return;
        }
        RunInputs inputs;
        try {
            inputs = RunInputs.read(settings);
        } catch (InvalidInputException e) {
            // Nothing is created: the launcher reports the engine's discovery as failed, naming each field.
            issues.reportIssue(DiscoveryIssue.create(Severity.ERROR, e.getMessage()));
            return;
        }
        List<String> packages = Arrays.stream(settings.get(Constants.SCAN_PACKAGES, null)
                .orElse(Constants.DEFAULT_SCAN_PACKAGES).split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        TierCatalog catalog = TierCatalog.scan(packages);
        EngineDiscoveryRequest effective = explicit ? request
                : withSelector(request, new RecipeSelector(inputs.recipe().orElseThrow()));
        EngineDiscoveryRequestResolver.<TestDescriptor>builder()
                .addClassContainerSelectorResolver(TierCatalog::isTierClass)
                .addSelectorResolver(new CcciSelectorResolver(engine.getUniqueId(), inputs, catalog, issues))
                .build()
                .resolve(effective, engine, issues);
        engine.accept(CcciSelectorResolver::orderChildren);
    }

    /** Whether the request selects a recipe, one of our unique ids, or a tier class or check. */
    private static boolean namesEngine(EngineDiscoveryRequest request, TestDescriptor engine) {
        if (!request.getSelectorsByType(RecipeSelector.class).isEmpty()) {
            return true;
        }
        if (request.getSelectorsByType(UniqueIdSelector.class).stream()
                .anyMatch(s -> s.getUniqueId().hasPrefix(engine.getUniqueId()))) {
            return true;
        }
        return request.getSelectorsByType(ClassSelector.class).stream().anyMatch(s -> isTierClass(s.getClassName()))
                || request.getSelectorsByType(MethodSelector.class).stream().anyMatch(s -> isTierClass(s.getClassName()));
    }

    private static boolean isTierClass(String className) {
        return org.junit.platform.commons.support.ReflectionSupport.tryToLoadClass(className).toOptional()
                .filter(TierCatalog::isTierClass).isPresent();
    }

    private static EngineDiscoveryRequest withSelector(EngineDiscoveryRequest request, DiscoverySelector extra) {
        return new EngineDiscoveryRequest() {
            @Override
            public <T extends DiscoverySelector> List<T> getSelectorsByType(Class<T> type) {
                List<T> selectors = new ArrayList<>(request.getSelectorsByType(type));
                if (type.isInstance(extra)) {
                    selectors.add(type.cast(extra));
                }
                return selectors;
            }

            @Override
            public <T extends DiscoveryFilter<?>> List<T> getFiltersByType(Class<T> type) {
                return request.getFiltersByType(type);
            }

            @Override
            public ConfigurationParameters getConfigurationParameters() {
                return request.getConfigurationParameters();
            }

            @Override
            public EngineDiscoveryListener getDiscoveryListener() {
                return request.getDiscoveryListener();
            }

            @Override
            public OutputDirectoryCreator getOutputDirectoryCreator() {
                return request.getOutputDirectoryCreator();
            }
        };
    }
}
