package org.coopcloud.ccci.engine.api;

import java.lang.reflect.Parameter;

/** Supplies arguments to {@link Check} and {@link Operation} methods, as Jupiter's resolvers do. */
public interface CheckParameterResolver extends Extension {
    boolean supportsParameter(Parameter parameter, TierContext tier);

    Object resolveParameter(Parameter parameter, TierContext tier) throws Exception;
}
