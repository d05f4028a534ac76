package org.coopcloud.ccci.recipes.demosso;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.profile.Tenancy;

/**
 * demo-sso's tenants are its realms (since 1.1.0): {@code /realm.sh add|remove|list} inside its
 * task, kept in its {@code realms} volume, each realm with a client of its own ({@link SsoClient}).
 */
public final class SsoRealms implements Tenancy {
    @Override
    public void create(RecipeApp sso, String realm) throws Exception {
        realmSh(sso, "add", realm);
    }

    @Override
    public void remove(RecipeApp sso, String realm) throws Exception {
        realmSh(sso, "remove", realm);
    }

    @Override
    public Set<String> tenants(RecipeApp sso) throws Exception {
        return Arrays.stream(realmSh(sso, "list").split("\\R")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String realmSh(RecipeApp sso, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "/realm.sh";
        System.arraycopy(args, 0, command, 1, args.length);
        ExecResult result = sso.exec("app", command);
        if (!result.succeeded()) {
            throw new IllegalStateException("realm.sh " + String.join(" ", args) + " in " + sso.serviceName("app")
                    + " failed (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
        return result.stdout();
    }
}
