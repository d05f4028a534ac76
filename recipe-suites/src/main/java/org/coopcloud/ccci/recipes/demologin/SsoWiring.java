package org.coopcloud.ccci.recipes.demologin;

import org.coopcloud.ccci.harness.app.AppEnv;
import org.coopcloud.ccci.harness.app.Dependencies;
import org.coopcloud.ccci.harness.profile.DependencyWiring;
import org.coopcloud.ccci.recipes.demosso.SsoClient;

/**
 * What demo-sso hands demo-login: the URL, client id and client secret of the run's client (its
 * realm's in a warm demo-sso), into demo-login's .env.
 */
public final class SsoWiring implements DependencyWiring {
    @Override
    public void wire(Dependencies.Dependency sso, AppEnv app) throws Exception {
        SsoClient client = SsoClient.of(sso);
        app.set("SSO_URL", client.url());
        app.set("SSO_CLIENT_ID", client.clientId());
        app.set("SSO_CLIENT_SECRET", client.secret());
    }
}
