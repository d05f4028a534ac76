package org.coopcloud.ccci.harness.profile;

import java.util.Optional;

/**
 * Supplies the value of a recipe's {@code # generate=false} secret (an SMTP password, an API key the
 * app needs to be valid), for example from the CI's own secrets. Values go to abra through a file
 * readable only by this user, are masked in every message, and are never logged or reported. Needs a
 * public no-argument constructor.
 */
public interface SecretValues {
    /** The value for the secret {@code name} (as in {@code SECRET_<NAME>_VERSION}, lower case), or empty. */
    Optional<String> value(String name) throws Exception;
}
