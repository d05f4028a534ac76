package org.coopcloud.ccci.harness.profile;

import org.coopcloud.ccci.harness.app.AppEnv;

/**
 * What a recipe needs done between {@code abra app new} and the deploy (a value only the operator
 * can choose, a file the recipe expects). Needs a public no-argument constructor.
 */
public interface InstallSteps {
    void afterAppNew(AppEnv env) throws Exception;
}
