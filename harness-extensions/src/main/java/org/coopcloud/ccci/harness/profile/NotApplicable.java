package org.coopcloud.ccci.harness.profile;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.coopcloud.ccci.engine.api.Stage;

/** One rung a recipe declares not applicable, and why (shown in the report). */
@Retention(RetentionPolicy.RUNTIME)
public @interface NotApplicable {
    Stage stage();

    String reason();
}
