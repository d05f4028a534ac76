package org.coopcloud.ccci.engine.discovery;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.engine.config.RunInputs;
import org.coopcloud.ccci.engine.execution.CheckDescriptor;
import org.coopcloud.ccci.engine.execution.CheckFactoryDescriptor;
import org.coopcloud.ccci.engine.execution.RunDescriptor;
import org.coopcloud.ccci.engine.execution.SetupStepDescriptor;
import org.coopcloud.ccci.engine.execution.TierClassDescriptor;
import org.coopcloud.ccci.engine.execution.TierDescriptor;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Resolves every selector the engine accepts by translating it into unique-id selectors and
 * resolving those, so there is one path from a selector to a descriptor:
 *
 * <ul>
 *   <li>{@code recipe:<name>} -&gt; {@code [run:<name>]}, expanded into all its tiers;</li>
 *   <li>a tier class -&gt; {@code [run:r]/[tier:s]/[class:C]}: its run and tier are created as parents
 *       through {@code addToParent}, which does not expand them, so the run holds only this tier
 *       (what an IDE user who runs one tier class wants);</li>
 *   <li>a check method -&gt; {@code .../[check:m]}, the same way;</li>
 *   <li>any unique id the engine produced -&gt; the same descriptor again (IDE re-runs, Surefire reruns).</li>
 * </ul>
 *
 * Expansion always uses parent-specific unique-id selectors, never a shared class selector:
 * resolutions are cached by selector, and a shared one would put every tier under the last run.
 */
final class CcciSelectorResolver implements SelectorResolver {
    private final UniqueId engineId;
    private final RunInputs inputs;
    private final TierCatalog catalog;
    private final RunFactory runs;
    private final DiscoveryIssueReporter issues;

    CcciSelectorResolver(UniqueId engineId, RunInputs inputs, TierCatalog catalog, DiscoveryIssueReporter issues) {
        this.engineId = engineId;
        this.inputs = inputs;
        this.catalog = catalog;
        this.runs = new RunFactory(inputs, catalog);
        this.issues = issues;
    }

    @Override
    public Resolution resolve(DiscoverySelector selector, Context context) {
        if (selector instanceof RecipeSelector recipe) {
            Optional<String> problem = RunInputs.recipeProblem(recipe.recipe());
            if (problem.isPresent()) {
                issues.reportIssue(DiscoveryIssue.create(Severity.ERROR, "Invalid run input: " + problem.get()));
                return Resolution.unresolved();
            }
            return Resolution.selectors(Set.of(selectUniqueId(runId(recipe.recipe()))));
        }
        return Resolution.unresolved();
    }

    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        Optional<Class<?>> tierClass = tierClass(selector::getJavaClass);
        if (tierClass.isEmpty()) {
            return Resolution.unresolved();
        }
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        recipeFor(tierClass.get()).ifPresent(recipe -> selectors.add(selectUniqueId(classId(recipe, tierClass.get()))));
        return selectors.isEmpty() ? Resolution.unresolved() : Resolution.selectors(selectors);
    }

    @Override
    public Resolution resolve(MethodSelector selector, Context context) {
        Optional<Class<?>> tierClass = tierClass(selector::getJavaClass);
        if (tierClass.isEmpty() || !(selector.getJavaMethod().isAnnotationPresent(Check.class)
                || TierCatalog.isCheckFactory(selector.getJavaMethod()))) {
            return Resolution.unresolved();
        }
        return recipeFor(tierClass.get())
                .map(recipe -> Resolution.selectors(Set.of(selectUniqueId(classId(recipe, tierClass.get())
                        .append(CheckDescriptor.SEGMENT, selector.getJavaMethod().getName())))))
                .orElseGet(Resolution::unresolved);
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId id = selector.getUniqueId();
        if (!id.hasPrefix(engineId) || id.equals(engineId)) {
            return Resolution.unresolved();
        }
        UniqueId parent = id.removeLastSegment();
        UniqueId.Segment last = id.getLastSegment();
        String parentType = parent.getLastSegment().getType();
        return switch (last.getType()) {
            case RunDescriptor.SEGMENT -> parent.equals(engineId) ? resolveRun(last.getValue(), context)
                    : Resolution.unresolved();
            case SetupStepDescriptor.SEGMENT -> RunDescriptor.SEGMENT.equals(parentType)
                    ? resolveSetupStep(parent, context) : Resolution.unresolved();
            case TierDescriptor.SEGMENT -> RunDescriptor.SEGMENT.equals(parentType)
                    ? resolveTier(id, context) : Resolution.unresolved();
            case TierClassDescriptor.SEGMENT -> TierDescriptor.SEGMENT.equals(parentType)
                    ? resolveTierClass(id, context) : Resolution.unresolved();
            case CheckDescriptor.SEGMENT -> TierClassDescriptor.SEGMENT.equals(parentType)
                    ? resolveCheck(id, context) : Resolution.unresolved();
            default -> Resolution.unresolved();
        };
    }

    private Resolution resolveRun(String recipe, Context context) {
        Optional<String> problem = RunInputs.recipeProblem(recipe);
        if (problem.isPresent()) {
            issues.reportIssue(DiscoveryIssue.create(Severity.ERROR, "Invalid run input: " + problem.get()));
            return Resolution.unresolved();
        }
        return context.addToParent(engine -> Optional.of(runs.create(runId(recipe), recipe)))
                .map(run -> Resolution.match(Match.exact(run, () -> tierSelectors(run))))
                .orElseGet(Resolution::unresolved);
    }

    private Set<DiscoverySelector> tierSelectors(RunDescriptor run) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        for (Stage stage : catalog.stagesFor(run.spec().recipe())) {
            selectors.add(selectUniqueId(run.getUniqueId().append(TierDescriptor.SEGMENT, stage.id())));
        }
        return selectors;
    }

    private Resolution resolveSetupStep(UniqueId runId, Context context) {
        return context.addToParent(() -> selectUniqueId(runId),
                        parent -> Optional.of(((RunDescriptor) parent).setupStep()))
                .map(step -> Resolution.match(Match.exact(step)))
                .orElseGet(Resolution::unresolved);
    }

    private Resolution resolveTier(UniqueId id, Context context) {
        Optional<Stage> stage = Stage.fromId(id.getLastSegment().getValue());
        String recipe = recipeOf(id);
        if (stage.isEmpty() || catalog.tierClasses(recipe, stage.get()).isEmpty()) {
            return Resolution.unresolved();
        }
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                        parent -> Optional.of(new TierDescriptor(id, stage.get())))
                .map(tier -> Resolution.match(Match.exact(tier, () -> classSelectors(tier, recipe))))
                .orElseGet(Resolution::unresolved);
    }

    private Set<DiscoverySelector> classSelectors(TierDescriptor tier, String recipe) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        for (Class<?> tierClass : catalog.tierClasses(recipe, tier.stage())) {
            selectors.add(selectUniqueId(tier.getUniqueId().append(TierClassDescriptor.SEGMENT, tierClass.getName())));
        }
        return selectors;
    }

    private Resolution resolveTierClass(UniqueId id, Context context) {
        String recipe = recipeOf(id);
        Optional<Stage> stage = Stage.fromId(id.removeLastSegment().getLastSegment().getValue());
        Optional<Class<?>> tierClass = ReflectionSupport.tryToLoadClass(id.getLastSegment().getValue()).toOptional()
                .filter(TierCatalog::isTierClass)
                .filter(c -> stage.isPresent() && TierCatalog.tierOf(c).value() == stage.get())
                .filter(c -> TierCatalog.appliesTo(c, recipe));
        if (tierClass.isEmpty()) {
            return Resolution.unresolved();
        }
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                        parent -> Optional.of(new TierClassDescriptor(id, tierClass.get())))
                .map(descriptor -> Resolution.match(Match.exact(descriptor, () -> checkSelectors(descriptor))))
                .orElseGet(Resolution::unresolved);
    }

    private Set<DiscoverySelector> checkSelectors(TierClassDescriptor descriptor) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        for (Method check : TierCatalog.checksOf(descriptor.tierClass())) {
            selectors.add(selectUniqueId(descriptor.getUniqueId().append(CheckDescriptor.SEGMENT, check.getName())));
        }
        return selectors;
    }

    private Resolution resolveCheck(UniqueId id, Context context) {
        String methodName = id.getLastSegment().getValue();
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()), parent -> {
            Class<?> tierClass = ((TierClassDescriptor) parent).tierClass();
            return TierCatalog.checksOf(tierClass).stream().filter(m -> m.getName().equals(methodName)).findFirst()
                    .map(m -> TierCatalog.isCheckFactory(m) ? new CheckFactoryDescriptor(id, tierClass, m)
                            : new CheckDescriptor(id, tierClass, m));
        }).map(check -> Resolution.match(Match.exact(check))).orElseGet(Resolution::unresolved);
    }

    /** The recipe a tier class runs against: its own, else the configured one (IDE use of a generic tier). */
    private Optional<String> recipeFor(Class<?> tierClass) {
        String own = TierCatalog.tierOf(tierClass).recipe();
        if (!own.isEmpty()) {
            return Optional.of(own);
        }
        if (inputs.recipe().isEmpty()) {
            issues.reportIssue(DiscoveryIssue.create(Severity.WARNING, tierClass.getName()
                    + " is a generic tier class: set the configuration parameter ccci.recipe (or env RECIPE)"
                    + " to the recipe it should run against"));
        }
        return inputs.recipe();
    }

    private static Optional<Class<?>> tierClass(Supplier<Class<?>> loader) {
        try {
            Class<?> candidate = loader.get();
            return Optional.<Class<?>>of(candidate).filter(TierCatalog::isTierClass);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private UniqueId runId(String recipe) {
        return engineId.append(RunDescriptor.SEGMENT, recipe);
    }

    private UniqueId classId(String recipe, Class<?> tierClass) {
        Tier tier = TierCatalog.tierOf(tierClass);
        return runId(recipe).append(TierDescriptor.SEGMENT, tier.value().id())
                .append(TierClassDescriptor.SEGMENT, tierClass.getName());
    }

    private static String recipeOf(UniqueId id) {
        List<UniqueId.Segment> segments = id.getSegments();
        return segments.stream().filter(s -> s.getType().equals(RunDescriptor.SEGMENT)).findFirst()
                .map(UniqueId.Segment::getValue).orElseThrow();
    }

    private static Method checkMethod(TestDescriptor descriptor) {
        if (descriptor instanceof CheckDescriptor check) {
            return check.method();
        }
        return descriptor instanceof CheckFactoryDescriptor factory ? factory.method() : null;
    }

    /** Orders a descriptor's children: setup first, tiers up the ladder, generic classes first, checks by order. */
    static void orderChildren(TestDescriptor descriptor) {
        descriptor.orderChildren(children -> children.stream().sorted((a, b) -> {
            if (a instanceof TierDescriptor ta && b instanceof TierDescriptor tb) {
                return ta.stage().compareTo(tb.stage());
            }
            if (a instanceof TierClassDescriptor ca && b instanceof TierClassDescriptor cb) {
                return TierCatalog.TIER_CLASS_ORDER.compare(ca.tierClass(), cb.tierClass());
            }
            if (checkMethod(a) != null && checkMethod(b) != null) {
                return TierCatalog.CHECK_ORDER.compare(checkMethod(a), checkMethod(b));
            }
            if (a instanceof SetupStepDescriptor) {
                return -1;
            }
            if (b instanceof SetupStepDescriptor) {
                return 1;
            }
            return 0;
        }).toList());
    }
}
