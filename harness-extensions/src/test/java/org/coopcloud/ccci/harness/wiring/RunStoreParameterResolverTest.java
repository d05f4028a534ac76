package org.coopcloud.ccci.harness.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.List;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.app.OpState;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.testing.TestRunContext;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;
import org.junit.jupiter.api.Test;

/** {@link RunStoreParameterResolver}: check parameters are whatever the run's extensions stored, by type. */
class RunStoreParameterResolverTest {

    @SuppressWarnings("unused")
    void check(RecipeProfile profile, RecipeCheckout checkout, OpState state, String notStored) {
    }

    private static Parameter[] parameters() throws NoSuchMethodException {
        return RunStoreParameterResolverTest.class.getDeclaredMethod("check", RecipeProfile.class,
                RecipeCheckout.class, OpState.class, String.class).getParameters();
    }

    @Test
    void storedTypesAreResolvedToTheStoredInstance() throws Exception {
        TestRunContext run = new TestRunContext();
        RecipeProfile profile = RecipeProfile.of(run);
        RecipeCheckout checkout = new RecipeCheckout("demo-web", Path.of("/r"), "0123456789", List.of("1.0.0+1.0"));
        OpState state = new OpState(Path.of("/nonexistent/op-state.json"));
        run.store().put(RecipeProfile.class, profile);
        run.store().put(RecipeCheckout.class, checkout);
        run.store().put(OpState.class, state);
        TierContext tier = run.tier(Stage.BACKUP);
        RunStoreParameterResolver resolver = new RunStoreParameterResolver();
        Parameter[] p = parameters();

        assertThat(resolver.supportsParameter(p[0], tier)).isTrue();
        assertThat(resolver.resolveParameter(p[0], tier)).isSameAs(profile);
        assertThat(resolver.supportsParameter(p[1], tier)).isTrue();
        assertThat(resolver.resolveParameter(p[1], tier)).isSameAs(checkout);
        assertThat(resolver.supportsParameter(p[2], tier)).isTrue();
        assertThat(resolver.resolveParameter(p[2], tier)).isSameAs(state);
        assertThat(resolver.supportsParameter(p[3], tier)).as("nobody stored a String").isFalse();
    }

    @Test
    void nothingStoredIsNotSupported() throws Exception {
        TierContext tier = new TestRunContext().tier(Stage.INSTALL);
        for (Parameter parameter : parameters()) {
            assertThat(new RunStoreParameterResolver().supportsParameter(parameter, tier)).as(parameter.toString()).isFalse();
        }
    }

    @Test
    void eachRunResolvesItsOwnValues() throws Exception {
        TestRunContext first = new TestRunContext();
        TestRunContext second = new TestRunContext();
        OpState a = new OpState(Path.of("/a.json"));
        OpState b = new OpState(Path.of("/b.json"));
        first.store().put(OpState.class, a);
        second.store().put(OpState.class, b);
        Parameter state = parameters()[2];
        RunStoreParameterResolver resolver = new RunStoreParameterResolver();
        assertThat(resolver.resolveParameter(state, first.tier(Stage.RESTORE))).isSameAs(a);
        assertThat(resolver.resolveParameter(state, second.tier(Stage.RESTORE))).isSameAs(b);
    }
}
