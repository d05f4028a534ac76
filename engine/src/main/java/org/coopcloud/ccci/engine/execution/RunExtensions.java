package org.coopcloud.ccci.engine.execution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.coopcloud.ccci.engine.api.AfterRunCallback;
import org.coopcloud.ccci.engine.api.AfterTierCallback;
import org.coopcloud.ccci.engine.api.BeforeRunCallback;
import org.coopcloud.ccci.engine.api.BeforeTierCallback;
import org.coopcloud.ccci.engine.api.CheckParameterResolver;
import org.coopcloud.ccci.engine.api.Extension;
import org.coopcloud.ccci.engine.api.RunAbort;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.TierCondition;
import org.coopcloud.ccci.engine.api.TierContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extensions of one run, in order, and the bookkeeping that makes the after callbacks mirror
 * the before callbacks: afterRun for every extension whose beforeRun started, in reverse order,
 * whatever failed in between.
 */
final class RunExtensions {
    private static final Comparator<Extension> ORDER = Comparator.comparingInt(Extension::order)
            .thenComparing(e -> e.getClass().getName());

    private final List<Extension> ordered;
    private final Deque<Extension> startedRun = new ArrayDeque<>();

    private RunExtensions(List<Extension> ordered) {
        this.ordered = ordered;
    }

    /** Built-in extensions from the ServiceLoader, then the recipe's, fresh instances for this run. */
    static RunExtensions load(List<Class<? extends Extension>> recipeExtensions, ClassLoader loader) {
        List<Extension> all = new ArrayList<>();
        ServiceLoader.load(Extension.class, loader).forEach(all::add);
        for (Class<? extends Extension> type : recipeExtensions) {
            if (all.stream().noneMatch(e -> e.getClass() == type)) {
                all.add(ReflectionSupport.newInstance(type));
            }
        }
        all.sort(ORDER);
        return new RunExtensions(List.copyOf(all));
    }

    List<Extension> all() {
        return ordered;
    }

    /**
     * Calls beforeRun in order; stops at the first failure, which propagates. An abort requested
     * meanwhile stops it too, before the next extension: an extension that swallowed the interrupt
     * (or finished just as the signal came) must not let setup go on to lock and deploy.
     */
    void beforeRun(RunContext run) throws Exception {
        for (Extension extension : ordered) {
            Optional<RunAbort.Reason> abort = RunAbort.requested();
            if (abort.isPresent()) {
                throw new InterruptedException("run aborted (" + abort.get().cause() + ") before "
                        + extension.getClass().getSimpleName() + " set up");
            }
            synchronized (startedRun) {
                startedRun.push(extension);
            }
            if (extension instanceof BeforeRunCallback callback) {
                callback.beforeRun(run);
            }
        }
    }

    /** Calls afterRun in reverse start order for every started extension; collects failures. */
    List<Throwable> afterRun(RunContext run) {
        List<Throwable> failures = new ArrayList<>();
        while (true) {
            Extension extension;
            synchronized (startedRun) {
                extension = startedRun.poll();
            }
            if (extension == null) {
                return failures;
            }
            if (extension instanceof AfterRunCallback callback) {
                try {
                    callback.afterRun(run);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }
    }

    /** Calls beforeTier in order; returns the extensions whose afterTier is owed, in call order. */
    Deque<Extension> beforeTier(TierContext tier, List<Throwable> failures) {
        Deque<Extension> started = new ArrayDeque<>();
        for (Extension extension : ordered) {
            started.push(extension);
            if (extension instanceof BeforeTierCallback callback) {
                try {
                    callback.beforeTier(tier);
                } catch (Throwable t) {
                    failures.add(t);
                    return started;
                }
            }
        }
        return started;
    }

    static List<Throwable> afterTier(TierContext tier, Deque<Extension> started) {
        List<Throwable> failures = new ArrayList<>();
        for (Extension extension : started) {
            if (extension instanceof AfterTierCallback callback) {
                try {
                    callback.afterTier(tier);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }
        return failures;
    }

    /** The first extension that declares the tier not applicable, with its reason. */
    Optional<String> notApplicable(TierContext tier) {
        for (Extension extension : ordered) {
            if (extension instanceof TierCondition condition) {
                Optional<String> reason = condition.notApplicable(tier);
                if (reason.isPresent()) {
                    return reason;
                }
            }
        }
        return Optional.empty();
    }

    List<CheckParameterResolver> resolvers() {
        return ordered.stream().filter(CheckParameterResolver.class::isInstance)
                .map(CheckParameterResolver.class::cast).toList();
    }
}
