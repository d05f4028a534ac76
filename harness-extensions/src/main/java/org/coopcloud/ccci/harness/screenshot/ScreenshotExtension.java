package org.coopcloud.ccci.harness.screenshot;

import java.nio.file.Path;
import java.util.Map;
import org.coopcloud.ccci.engine.api.AfterTierCallback;
import org.coopcloud.ccci.engine.api.ExtensionOrder;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.coopcloud.ccci.harness.ingress.Ingress;
import org.coopcloud.ccci.harness.platform.RunPlatform;
import org.coopcloud.ccci.harness.profile.HealthVia;
import org.coopcloud.ccci.harness.profile.RecipeProfile;

/**
 * After the install rung passes, a screenshot of the app's landing page through the ingress goes into
 * the run directory as {@value AppScreenshot#FILE_NAME} and results.json records it as
 * {@code "screenshot"}. A capture that fails never changes the verdict: the event
 * {@code screenshot.failed} says why (and {@code screenshot.skipped} when there is nothing to capture).
 */
public final class ScreenshotExtension implements AfterTierCallback {
    @Override
    public int order() {
        return ExtensionOrder.DEPLOY + 10;
    }

    @Override
    public void afterTier(TierContext tier) {
        if (tier.stage() != Stage.INSTALL || !tier.passingSoFar()) {
            return;
        }
        RunContext run = tier.run();
        try {
            if (run.store().get(RecipeProfile.class).map(p -> p.healthVia() == HealthVia.SERVICE).orElse(false)) {
                run.events().emit("screenshot.skipped", Map.of("reason",
                        "the recipe's profile reaches the app inside a service, not through the ingress"));
                return;
            }
            RunPlatform platform = run.store().require(RunPlatform.class);
            Ingress ingress = run.store().get(Ingress.class).orElseGet(() -> Ingress.from(run.settings()));
            String browser = run.settings().get(AppScreenshot.BROWSER_PARAMETER, AppScreenshot.BROWSER_ENV).orElse("chromium");
            Path png = run.runDirectory().resolve(AppScreenshot.FILE_NAME);
            new AppScreenshot(platform.runner(), browser).capture(ingress, run.domain(), png);
            run.recordArtifact("screenshot", AppScreenshot.FILE_NAME);
            run.events().emit("screenshot.done", Map.of("file", AppScreenshot.FILE_NAME));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.events().emit("screenshot.failed", Map.of("reason", "interrupted"));
        } catch (Exception | LinkageError e) {
            run.events().emit("screenshot.failed", Map.of("reason", String.valueOf(e.getMessage())));
        }
    }
}
