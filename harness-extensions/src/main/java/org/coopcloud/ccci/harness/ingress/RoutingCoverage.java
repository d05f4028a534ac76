package org.coopcloud.ccci.harness.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coopcloud.ccci.harness.docker.SwarmService;

/**
 * What of a stack's traefik configuration a run does not prove, so the report can name it as not
 * checked instead of passing over it in silence. cc-ci reaches an app over HTTP through the ingress:
 * a tcp or udp router is never exercised, wherever the run is. On the sandbox, whose ingress is a
 * traefik stand-in (sandbox/ingress/CcciIngress.java), a router's middlewares are not applied and
 * matchers other than Host, HostRegexp, Path, PathPrefix and PathRegexp are not evaluated; on a
 * Co-op Cloud server the real traefik applies both, so they are reached as users reach them.
 */
public final class RoutingCoverage {
    private static final Pattern TCP_UDP_ROUTER = Pattern.compile("traefik\\.(tcp|udp)\\.routers\\.([^.]+)\\..+");
    private static final Pattern HTTP_ROUTER = Pattern.compile("traefik\\.http\\.routers\\.([^.]+)\\.(rule|middlewares)");
    private static final Pattern MATCHER = Pattern.compile("([A-Za-z]+)\\s*\\(");
    /** The matchers the sandbox's ingress evaluates (keep in step with CcciIngress.RuleParser). */
    static final Set<String> STAND_IN_MATCHERS = Set.of("Host", "HostRegexp", "Path", "PathPrefix", "PathRegexp");

    private RoutingCoverage() {
    }

    /**
     * One line per router or setting not checked, in a stable order; empty when everything the
     * services' labels ask of traefik is exercised.
     *
     * @param standInIngress the run reaches apps through the sandbox's traefik stand-in
     */
    public static List<String> notChecked(List<SwarmService> services, boolean standInIngress) {
        Set<String> lines = new TreeSet<>();
        for (SwarmService service : services) {
            Map<String, String> labels = service.labels();
            if (!"true".equalsIgnoreCase(labels.getOrDefault("traefik.enable", "false"))) {
                continue;
            }
            String name = service.shortName();
            for (Map.Entry<String, String> label : labels.entrySet()) {
                Matcher tcp = TCP_UDP_ROUTER.matcher(label.getKey());
                if (tcp.matches()) {
                    lines.add(tcp.group(1) + " router " + tcp.group(2) + " of service " + name
                            + ": not checked (cc-ci reaches apps over HTTP only)");
                    continue;
                }
                Matcher http = HTTP_ROUTER.matcher(label.getKey());
                if (!standInIngress || !http.matches()) {
                    continue;
                }
                if (http.group(2).equals("middlewares")) {
                    lines.add("middlewares " + label.getValue().strip() + " of router " + http.group(1) + " (service " + name
                            + "): not checked (the sandbox's ingress does not apply middlewares)");
                } else {
                    List<String> unevaluated = unevaluatedMatchers(label.getValue());
                    if (!unevaluated.isEmpty()) {
                        lines.add("router " + http.group(1) + " of service " + name + " uses " + String.join(", ", unevaluated)
                                + ": not checked (the sandbox's ingress does not evaluate those matchers, so it never routes by this router)");
                    }
                }
            }
        }
        return List.copyOf(lines);
    }

    private static List<String> unevaluatedMatchers(String rule) {
        List<String> names = new ArrayList<>();
        // Matcher names stand outside the quoted values; a quoted value may hold anything.
        Matcher m = MATCHER.matcher(rule.replaceAll("`[^`]*`|\"[^\"]*\"", "``"));
        while (m.find()) {
            if (!STAND_IN_MATCHERS.contains(m.group(1)) && !names.contains(m.group(1) + "(...)")) {
                names.add(m.group(1) + "(...)");
            }
        }
        return names;
    }
}
