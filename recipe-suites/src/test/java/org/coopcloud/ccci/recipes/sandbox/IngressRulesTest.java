package org.coopcloud.ccci.recipes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox ingress's reading of traefik router rules (sandbox/ingress/CcciIngress.java, compiled
 * here from its source as the sandbox runs it): matchers, operators and traefik's default priority,
 * as traefik's documentation for routers describes them.
 */
class IngressRulesTest {
    @TempDir
    static Path classes;
    private static Class<?> ingress;
    private static Method parse;
    private static Method matches;
    private static Method routersOf;
    private static Method order;
    private static Method select;

    @BeforeAll
    static void compile() throws Exception {
        Path source = Sandbox.ROOT.resolve("sandbox/ingress/CcciIngress.java");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(status).as("javac " + source).isZero();
        URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null);
        ingress = loader.loadClass("CcciIngress");
        Class<?> rule = loader.loadClass("CcciIngress$Rule");
        parse = accessible(rule.getDeclaredMethod("parse", String.class));
        matches = accessible(rule.getDeclaredMethod("matches", String.class, String.class));
        routersOf = accessible(ingress.getDeclaredMethod("routersOf", String.class, Map.class));
        order = accessible(ingress.getDeclaredMethod("order", List.class));
        select = accessible(ingress.getDeclaredMethod("select", List.class, String.class, String.class));
        assertThat(Files.list(classes)).isNotEmpty();
    }

    private static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    private static boolean routes(String rule, String host, String path) throws Exception {
        try {
            return (boolean) matches.invoke(parse.invoke(null, rule), host, path);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void hostTakesSeveralHostsAndOrJoinsMatchers() throws Exception {
        // EXTRA_DOMAINS in published recipes: Host(`${DOMAIN}`${EXTRA_DOMAINS}) with EXTRA_DOMAINS=', `www.d.test`'.
        assertThat(routes("Host(`d.test`, `www.d.test`)", "www.d.test", "/")).isTrue();
        assertThat(routes("Host(`d.test`) || Host(`www.d.test`)", "www.d.test", "/")).isTrue();
        assertThat(routes("Host(`d.test`) || Host(`www.d.test`)", "other.test", "/")).isFalse();
        assertThat(routes("Host(\"D.test\")", "d.test", "/x")).as("hosts compare without case").isTrue();
    }

    @Test
    void pathMatchersAndAndBindTighterThanOr() throws Exception {
        assertThat(routes("Host(`d.test`) && PathPrefix(`/api`)", "d.test", "/api/v1/items")).isTrue();
        assertThat(routes("Host(`d.test`) && PathPrefix(`/api`)", "d.test", "/")).isFalse();
        assertThat(routes("Host(`d.test`) && PathPrefix(`/api`)", "e.test", "/api")).isFalse();
        assertThat(routes("Host(`d.test`) && Path(`/health`)", "d.test", "/health")).isTrue();
        assertThat(routes("Host(`d.test`) && Path(`/health`)", "d.test", "/health/x")).isFalse();
        assertThat(routes("Host(`a.test`) || Host(`b.test`) && Path(`/p`)", "a.test", "/q")).as("a || (b && p)").isTrue();
        assertThat(routes("(Host(`a.test`) || Host(`b.test`)) && Path(`/p`)", "a.test", "/q")).isFalse();
        assertThat(routes("Host(`d.test`) && !PathPrefix(`/admin`)", "d.test", "/admin/x")).isFalse();
        assertThat(routes("Host(`d.test`) && PathRegexp(`^/v[0-9]+/`)", "d.test", "/v2/x")).isTrue();
    }

    @Test
    void hostRegexpReadsTraefikV2TemplatesAndV3Expressions() throws Exception {
        assertThat(routes("HostRegexp(`{sub:[a-z]+}.d.test`)", "files.d.test", "/")).isTrue();
        assertThat(routes("HostRegexp(`{sub:[a-z]+}.d.test`)", "files.d.test.evil", "/")).as("v2 templates match the whole host").isFalse();
        assertThat(routes("HostRegexp(`{sub}.d.test`)", "a.b.d.test", "/")).as("{name} is one label").isFalse();
        assertThat(routes("HostRegexp(`^[a-z]+\\.d\\.test$`)", "files.d.test", "/")).isTrue();
        assertThat(routes("HostRegexp(`^[a-z]+\\.d\\.test$`)", "d.test", "/")).isFalse();
    }

    @Test
    void aMatcherTheStandInDoesNotEvaluateIsNamedAndARuleTraefikRefusesIsAnError() {
        assertThatThrownBy(() -> routes("Host(`d.test`) && Header(`X-A`, `b`)", "d.test", "/"))
                .hasMessageContaining("Header(...) is not evaluated");
        assertThatThrownBy(() -> routes("Host(`d.test`", "d.test", "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> routes("Host(d.test)", "d.test", "/")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> routes("Host(`d.test`) &&", "d.test", "/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLongerRuleWinsUnlessAPriorityLabelSaysOtherwise() throws Exception {
        List<Object> routers = new ArrayList<>();
        routers.addAll(routers("stack_app", Map.of("traefik.enable", "true", "traefik.http.routers.app.rule", "Host(`d.test`)")));
        routers.addAll(routers("stack_api", Map.of("traefik.enable", "true",
                "traefik.http.routers.api.rule", "Host(`d.test`) && PathPrefix(`/api`)")));
        routers.addAll(routers("stack_off", Map.of("traefik.http.routers.off.rule", "Host(`d.test`) && PathPrefix(`/api/v1`)")));
        List<?> ordered = (List<?>) order.invoke(null, routers);
        assertThat(serviceOf(select.invoke(null, ordered, "d.test", "/api/items"))).isEqualTo("stack_api");
        assertThat(serviceOf(select.invoke(null, ordered, "d.test", "/"))).isEqualTo("stack_app");

        List<Object> prioritised = new ArrayList<>();
        prioritised.addAll(routers("stack_app", Map.of("traefik.enable", "true", "traefik.http.routers.app.rule", "Host(`d.test`)",
                "traefik.http.routers.app.priority", "1000")));
        prioritised.addAll(routers("stack_api", Map.of("traefik.enable", "true",
                "traefik.http.routers.api.rule", "Host(`d.test`) && PathPrefix(`/api`)")));
        assertThat(serviceOf(select.invoke(null, order.invoke(null, prioritised), "d.test", "/api/items"))).isEqualTo("stack_app");
    }

    @Test
    void noRouterForARequestNamesTheRoutersItCouldNotEvaluate() throws Exception {
        List<Object> routers = routers("stack_app", Map.of("traefik.enable", "true",
                "traefik.http.routers.app.rule", "Host(`d.test`) && Method(`GET`)"));
        assertThatThrownBy(() -> {
            try {
                select.invoke(null, routers, "d.test", "/");
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }).hasMessageContaining("no traefik router matches Host(`d.test`)").hasMessageContaining("router app of stack_app: Method(...)");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> routers(String service, Map<String, String> labels) throws Exception {
        return (List<Object>) routersOf.invoke(null, service, new java.util.TreeMap<>(labels));
    }

    private static String serviceOf(Object router) throws Exception {
        Method name = router.getClass().getDeclaredMethod("serviceName");
        name.setAccessible(true);
        return (String) name.invoke(router);
    }
}
