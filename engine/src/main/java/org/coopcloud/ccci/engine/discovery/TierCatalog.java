package org.coopcloud.ccci.engine.discovery;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.CheckFactory;
import org.coopcloud.ccci.engine.api.Extension;
import org.coopcloud.ccci.engine.api.ExtendRun;
import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The tier classes and recipe profiles found on the classpath, in the configured packages.
 * Built once per discovery; scanning only reads class files, so discovery stays free of side
 * effects (Surefire discovers several times).
 */
public final class TierCatalog {
    /** Generic classes first, then the recipe's own, each group by name: a stable, readable order. */
    public static final Comparator<Class<?>> TIER_CLASS_ORDER = Comparator
            .<Class<?>, Boolean>comparing(c -> !tierOf(c).recipe().isEmpty())
            .thenComparing(Class::getName);

    /** Checks (and check factories) run by their declared order, then by name. */
    public static final Comparator<Method> CHECK_ORDER = Comparator
            .<Method>comparingInt(TierCatalog::checkOrder)
            .thenComparing(Method::getName);

    private final List<Class<?>> tierClasses;
    private final List<Class<?>> profiles;

    private TierCatalog(List<Class<?>> tierClasses, List<Class<?>> profiles) {
        this.tierClasses = tierClasses;
        this.profiles = profiles;
    }

    public static TierCatalog scan(List<String> packages) {
        Set<Class<?>> tiers = new LinkedHashSet<>();
        Set<Class<?>> profiles = new LinkedHashSet<>();
        for (String pkg : packages) {
            // One walk of the classpath for both kinds: loading the classes is most of discovery's cost.
            for (Class<?> found : ReflectionSupport.findAllClassesInPackage(pkg,
                    c -> isTierClass(c) || isProfile(c), name -> true)) {
                if (isTierClass(found)) {
                    tiers.add(found);
                }
                if (isProfile(found)) {
                    profiles.add(found);
                }
            }
        }
        List<Class<?>> sortedTiers = new ArrayList<>(tiers);
        sortedTiers.sort(TIER_CLASS_ORDER);
        return new TierCatalog(List.copyOf(sortedTiers), List.copyOf(profiles));
    }

    public static boolean isTierClass(Class<?> candidate) {
        return AnnotationSupport.isAnnotated(candidate, Tier.class)
                && !Modifier.isAbstract(candidate.getModifiers()) && !candidate.isInterface();
    }

    private static boolean isProfile(Class<?> candidate) {
        return AnnotationSupport.isAnnotated(candidate, Recipe.class);
    }

    public static Tier tierOf(Class<?> tierClass) {
        return AnnotationSupport.findAnnotation(tierClass, Tier.class)
                .orElseThrow(() -> new IllegalArgumentException(tierClass.getName() + " is not annotated @Tier"));
    }

    public static boolean appliesTo(Class<?> tierClass, String recipe) {
        String own = tierOf(tierClass).recipe();
        return own.isEmpty() || own.equals(recipe);
    }

    /** A tier class's {@link Check} and {@link CheckFactory} methods, in their run order. */
    public static List<Method> checksOf(Class<?> tierClass) {
        List<Method> checks = new ArrayList<>(AnnotationSupport.findAnnotatedMethods(tierClass, Check.class,
                org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN));
        checks.addAll(AnnotationSupport.findAnnotatedMethods(tierClass, CheckFactory.class,
                org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN));
        checks.sort(CHECK_ORDER);
        return checks;
    }

    public static boolean isCheckFactory(Method method) {
        return method.isAnnotationPresent(CheckFactory.class);
    }

    private static int checkOrder(Method method) {
        Check check = method.getAnnotation(Check.class);
        return check != null ? check.order() : method.getAnnotation(CheckFactory.class).order();
    }

    public List<Class<?>> tierClasses(String recipe, Stage stage) {
        return tierClasses.stream()
                .filter(c -> tierOf(c).value() == stage && appliesTo(c, recipe))
                .toList();
    }

    public Set<Stage> stagesFor(String recipe) {
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        tierClasses.stream().filter(c -> appliesTo(c, recipe)).forEach(c -> stages.add(tierOf(c).value()));
        return stages;
    }

    public Optional<Class<?>> profile(String recipe) {
        return profiles.stream()
                .filter(c -> AnnotationSupport.findAnnotation(c, Recipe.class).orElseThrow().value().equals(recipe))
                .findFirst();
    }

    /** The extensions a recipe registers with {@link ExtendRun}, profile first, without repeats. */
    public List<Class<? extends Extension>> recipeExtensions(String recipe) {
        Set<Class<? extends Extension>> extensions = new LinkedHashSet<>();
        List<Class<?>> sources = new ArrayList<>();
        profile(recipe).ifPresent(sources::add);
        tierClasses.stream().filter(c -> tierOf(c).recipe().equals(recipe)).forEach(sources::add);
        for (Class<?> source : sources) {
            AnnotationSupport.findAnnotation(source, ExtendRun.class)
                    .ifPresent(a -> extensions.addAll(Arrays.asList(a.value())));
        }
        return List.copyOf(extensions);
    }
}
