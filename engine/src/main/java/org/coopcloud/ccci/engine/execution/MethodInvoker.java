package org.coopcloud.ccci.engine.execution;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import org.coopcloud.ccci.engine.api.CheckParameterResolver;
import org.coopcloud.ccci.engine.api.RunContext;
import org.coopcloud.ccci.engine.api.RunSpec;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.TierContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Calls an operation or a check with its parameters resolved: {@link RunContext},
 * {@link TierContext}, {@link RunSpec} and {@link Stage} directly, anything else by exactly one
 * of the run's {@link CheckParameterResolver}s.
 */
final class MethodInvoker {
    private MethodInvoker() {
    }

    static Object invoke(Method method, Object target, RungRecord tier, List<CheckParameterResolver> resolvers)
            throws Exception {
        Parameter[] parameters = method.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = resolve(method, parameters[i], tier, resolvers);
        }
        return ReflectionSupport.invokeMethod(method, target, arguments);
    }

    private static Object resolve(Method method, Parameter parameter, RungRecord tier,
            List<CheckParameterResolver> resolvers) throws Exception {
        Class<?> type = parameter.getType();
        if (type == RunContext.class) {
            return tier.run();
        }
        if (type == TierContext.class) {
            return tier;
        }
        if (type == RunSpec.class) {
            return tier.run().spec();
        }
        if (type == Stage.class) {
            return tier.stage();
        }
        List<CheckParameterResolver> supporting = resolvers.stream()
                .filter(r -> r.supportsParameter(parameter, tier)).toList();
        if (supporting.isEmpty()) {
            throw new IllegalStateException("No extension resolves parameter '" + parameter.getName() + "' of type "
                    + type.getName() + " in " + describe(method) + ": register one with @ExtendRun or remove the parameter");
        }
        if (supporting.size() > 1) {
            throw new IllegalStateException("Parameter '" + parameter.getName() + "' of " + describe(method)
                    + " is resolved by more than one extension: " + supporting.stream()
                            .map(r -> r.getClass().getName()).toList());
        }
        Object value = supporting.get(0).resolveParameter(parameter, tier);
        if (value != null && !type.isPrimitive() && !type.isInstance(value)) {
            throw new IllegalStateException(supporting.get(0).getClass().getName() + " resolved parameter '"
                    + parameter.getName() + "' of " + describe(method) + " with a " + value.getClass().getName());
        }
        return value;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }
}
