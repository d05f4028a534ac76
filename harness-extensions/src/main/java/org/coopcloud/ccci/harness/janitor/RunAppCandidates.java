package org.coopcloud.ccci.harness.janitor;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.coopcloud.ccci.engine.api.RunNaming;

/**
 * Turns discovered app and service names into the run-app domains the janitor may probe. Only
 * names of the run-app shape count ({@link RunNaming}), so warm and canonical apps are never even
 * probed, let alone reaped.
 */
public final class RunAppCandidates {
    private final String suffix;
    private final Pattern domainPattern;
    private final Pattern stackPattern;

    public RunAppCandidates(String domainSuffix) {
        this.suffix = domainSuffix;
        this.domainPattern = RunNaming.runAppDomainPattern(domainSuffix);
        this.stackPattern = RunNaming.runAppStackPattern(domainSuffix);
    }

    public Set<String> fromAppNames(Collection<String> appNames) {
        Set<String> domains = new TreeSet<>();
        for (String name : appNames) {
            if (name != null && domainPattern.matcher(name.trim()).matches()) {
                domains.add(name.trim());
            }
        }
        return domains;
    }

    /**
     * Domains of run-app stacks among the daemon's object names ({@code <stack>_<name>}, containers
     * {@code <stack>_<service>.<slot>.<task>}) and stack label values ({@code <stack>}).
     */
    public Set<String> fromSwarmNames(Collection<String> names) {
        Set<String> domains = new TreeSet<>();
        for (String name : names) {
            domainOfStack(name).or(() -> domainOfService(name)).ifPresent(domains::add);
        }
        return domains;
    }

    /** {@code abcd-1a2b3c_ci_test} -> {@code abcd-1a2b3c.ci.test}, for run-app stacks only. */
    Optional<String> domainOfStack(String name) {
        String stackSuffix = "_" + RunNaming.stack(suffix);
        if (name == null || !stackPattern.matcher(name).matches() || !name.endsWith(stackSuffix)) {
            return Optional.empty();
        }
        String domain = name.substring(0, name.length() - stackSuffix.length()) + "." + suffix;
        return domainPattern.matcher(domain).matches() ? Optional.of(domain) : Optional.empty();
    }

    /** {@code abcd-1a2b3c_ci_test_app} -> {@code abcd-1a2b3c.ci.test}, for run-app stacks only. */
    Optional<String> domainOfService(String serviceName) {
        if (serviceName == null) {
            return Optional.empty();
        }
        String stackSuffix = "_" + RunNaming.stack(suffix) + "_";
        int at = serviceName.indexOf(stackSuffix);
        if (at <= 0 || at + stackSuffix.length() >= serviceName.length()) {
            return Optional.empty();
        }
        String stack = serviceName.substring(0, at + stackSuffix.length() - 1);
        if (!stackPattern.matcher(stack).matches()) {
            return Optional.empty();
        }
        String domain = serviceName.substring(0, at) + "." + suffix;
        return domainPattern.matcher(domain).matches() ? Optional.of(domain) : Optional.empty();
    }
}
