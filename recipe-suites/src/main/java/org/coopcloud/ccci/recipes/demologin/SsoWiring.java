package org.coopcloud.ccci.recipes.demologin;

import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.profile.DependencyWiring;

/**
 * What demo-sso hands demo-login: its URL, the client id it serves, and the client secret from
 * inside its task (read by exec, never over HTTP and never logged), into demo-login's .env.
 */
public final class SsoWiring implements DependencyWiring {
    @Override
    public void wire(RecipeApp sso, AppEnv app) throws Exception {
        String clientId = sso.get("app", 8080, "/client-id.txt").strip();
        ExecResult secret = sso.exec("app", "cat", "/run/secrets/client_secret");
        if (!secret.succeeded() || secret.stdout().isBlank()) {
            throw new IllegalStateException("demo-sso has no readable client secret (exit " + secret.exitCode() + ")");
        }
        app.set("SSO_URL", "https://" + sso.domain());
        app.set("SSO_CLIENT_ID", clientId);
        app.set("SSO_CLIENT_SECRET", secret.stdout().strip());
    }
}
