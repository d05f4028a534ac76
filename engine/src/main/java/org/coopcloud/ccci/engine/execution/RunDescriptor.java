package org.coopcloud.ccci.engine.execution;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.Constants;
import org.coopcloud.ccci.engine.config.RunIds;
import org.coopcloud.ccci.engine.api.Extension;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.config.EngineSettings;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.hierarchical.ExclusiveResource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * {@code [run:<recipe>]}: one recipe run. Its first child is always the setup step (so a failed
 * deploy is a failed test in every report); its {@code after()} is the teardown, which runs
 * whenever the run started, whatever happened below.
 *
 * <p>It carries a {@link ClassSource} because Surefire drops every result below a top-level
 * descriptor without one: the recipe's profile class when it has one, else a name built from the
 * recipe, which also names the run in the legacy XML.
 */
public final class RunDescriptor extends AbstractTestDescriptor implements Node<CcciExecutionContext> {
    public static final String SEGMENT = "run";
    /** A synthetic class name for recipes without a profile class; reports group checks under it. */
    public static final String SYNTHETIC_CLASS_PREFIX = "ccci.recipe.";

    private final RunSpec spec;
    private final String domain;
    private final String stack;
    private final Optional<Class<?>> profileClass;
    private final List<Class<? extends Extension>> recipeExtensions;
    private final Set<Stage> stagesWithTierClasses;
    private final SetupStepDescriptor setupStep;

    public RunDescriptor(UniqueId uniqueId, RunSpec spec, String domain, String stack, Optional<Class<?>> profileClass,
            List<Class<? extends Extension>> recipeExtensions, Set<Stage> stagesWithTierClasses) {
        super(uniqueId, "recipe " + spec.recipe(), ClassSource.from(sourceClassName(spec.recipe(), profileClass)));
        this.spec = spec;
        this.domain = domain;
        this.stack = stack;
        this.profileClass = profileClass;
        this.recipeExtensions = List.copyOf(recipeExtensions);
        this.stagesWithTierClasses = Set.copyOf(stagesWithTierClasses);
        this.setupStep = new SetupStepDescriptor(uniqueId.append(SetupStepDescriptor.SEGMENT, "setup"),
                sourceClassName(spec.recipe(), profileClass));
        addChild(setupStep);
    }

    static String sourceClassName(String recipe, Optional<Class<?>> profileClass) {
        return profileClass.map(Class::getName).orElse(SYNTHETIC_CLASS_PREFIX + recipe.replace('-', '_'));
    }

    public RunSpec spec() {
        return spec;
    }

    public String domain() {
        return domain;
    }

    public SetupStepDescriptor setupStep() {
        return setupStep;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.CONCURRENT;
    }

    /** Two runs of one app domain never interleave in one JVM; the app lock covers other JVMs. */
    @Override
    public Set<ExclusiveResource> getExclusiveResources() {
        return Set.of(new ExclusiveResource("ccci.app." + domain, ExclusiveResource.LockMode.READ_WRITE));
    }

    @Override
    public CcciExecutionContext prepare(CcciExecutionContext context) {
        EngineSettings settings = context.settings();
        Set<Stage> inPlan = EnumSet.noneOf(Stage.class);
        for (TestDescriptor child : getChildren()) {
            if (child instanceof TierDescriptor tier) {
                inPlan.add(tier.stage());
            }
        }
        String runId = RunIds.runId(settings);
        long runsInLaunch = getParent().map(p -> p.getChildren().size()).orElse(1);
        // One launch may hold several runs (two recipes selected): each needs its own directory.
        String directoryName = runsInLaunch > 1 ? runId + "-" + spec.recipe() : runId;
        Path runDirectory = Path.of(settings.get(Constants.RUNS_DIR, Constants.RUNS_DIR_ENV)
                .orElse(Constants.DEFAULT_RUNS_DIR)).resolve(directoryName);
        RunState.RunPlan plan = new RunState.RunPlan(spec, domain, stack, profileClass, recipeExtensions, inPlan,
                stagesWithTierClasses);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return context.withRun(new RunState(plan, runId, runDirectory, settings, loader, System.out));
    }

    @Override
    public SkipResult shouldBeSkipped(CcciExecutionContext context) {
        return RunAbort.requested()
                .map(reason -> SkipResult.skip("run aborted before it started: " + reason.cause()))
                .orElseGet(SkipResult::doNotSkip);
    }

    @Override
    public void after(CcciExecutionContext context) throws Exception {
        List<Throwable> failures = context.run().finish();
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw new TeardownFailedException(first);
        }
    }
}
