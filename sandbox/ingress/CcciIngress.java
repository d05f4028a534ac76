// =================================================================================================
// TRAEFIK STAND-IN: a TEST DOUBLE for the traefik of a Co-op Cloud server, for the cc-ci sandbox only.
//
// Traefik is not installable here (no registry). This program routes HTTP as traefik's Docker Swarm
// provider does, from the services' OWN labels, and knows nothing of any recipe:
//   - a service takes part only with `traefik.enable=true` (Co-op Cloud's traefik: exposedByDefault=false);
//   - `traefik.http.routers.<r>.rule`: the rule as traefik reads it: Host (several hosts too),
//     HostRegexp (v2 `{name:re}` templates or a v3 regular expression), Path, PathPrefix, PathRegexp,
//     joined by `&&`, `||`, `!` and parentheses; other matchers (Header, Method, Query, ClientIP...)
//     are not evaluated: a router using one is never picked, and a 404 names it;
//   - among the routers whose rule matches, the highest priority wins: `traefik.http.routers.<r>.priority`,
//     else traefik's default, the length of the rule (the longer, more specific rule first);
//   - `traefik.http.routers.<r>.service`, else the only `traefik.http.services.<s>` of the service;
//   - `traefik.http.services.<s>.loadbalancer.server.port`: the port on the task;
//   - the backends are the RUNNING tasks' addresses on the network `proxy` (or `traefik.docker.network`),
//     as traefik without lbswarm uses them (no virtual IP: none routes on this kernel), round robin.
// It runs in a container on the overlay network `proxy` (sandbox/sandbox starts it), reads the swarm
// through the Docker API socket and answers plain HTTP on one port that the sandbox publishes on the
// host's loopback. No TLS, no entrypoints, no middlewares (a router's middlewares are not applied;
// the harness names them in the run's report as not checked), no tcp or udp routers. Every answer it makes itself (no router,
// no task, the task refused) carries `X-Ccci-Ingress-Error: <reason>` and the reason as the body, so
// a health check can say that the ROUTING failed and why.
//
// Run: java CcciIngress.java [port]   (JDK 17 single-file source launch; only the JDK is used)
// =================================================================================================

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class CcciIngress {
    static final String DEFAULT_NETWORK = "proxy";
    static final String SOCKET = System.getenv().getOrDefault("DOCKER_SOCKET", "/var/run/docker.sock");
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 120_000;
    static final AtomicLong ROUND_ROBIN = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ingress");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port), 128);
            log("cc-ci ingress (traefik stand-in) listening on :" + port + ", routing from traefik labels");
            while (true) {
                Socket client = server.accept();
                pool.execute(() -> handle(client));
            }
        }
    }

    static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // ---- one connection: one request, forwarded with Connection: close ----------------------------

    static void handle(Socket client) {
        try (client) {
            client.setSoTimeout(READ_TIMEOUT_MS);
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String path = requestPath(lines[0]);
            String host = "";
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("host")) {
                    host = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
                }
            }
            Backend backend;
            try {
                backend = route(host, path);
            } catch (RoutingException e) {
                log(lines[0] + " Host " + host + " -> " + e.status + ": " + e.getMessage());
                answer(client.getOutputStream(), e.status, e.getMessage());
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(backend.address, backend.port), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                upstream.close();
                String reason = backend.describe() + ": cannot connect to the task at " + backend.address + ":"
                        + backend.port + " (" + e.getMessage() + "): is " + backend.portLabel + " the port the app listens on?";
                log(lines[0] + " Host " + host + " -> 502: " + reason);
                answer(client.getOutputStream(), 502, reason);
                return;
            }
            try (upstream) {
                upstream.setSoTimeout(READ_TIMEOUT_MS);
                OutputStream up = upstream.getOutputStream();
                up.write(rewriteHead(lines, client, host).getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                Thread body = new Thread(() -> pump(in, up, upstream), "ingress-body");
                body.setDaemon(true);
                body.start();
                long n = copy(upstream.getInputStream(), client.getOutputStream());
                log(lines[0] + " Host " + host + " -> " + backend.address + ":" + backend.port + " (" + n + " bytes)");
            }
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    /** The path of a request line ({@code GET /a/b?c HTTP/1.1} -> {@code /a/b}); {@code /} when it has none. */
    static String requestPath(String requestLine) {
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            return "/";
        }
        String target = parts[1].replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", ""); // absolute-form
        int query = target.indexOf('?');
        String path = query >= 0 ? target.substring(0, query) : target;
        return path.isEmpty() ? "/" : path;
    }

    /** The request head up to and including the blank line, or null when the client sent none. */
    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) {
                return head.toByteArray();
            }
            if (head.size() > 65_536) {
                throw new IOException("request head too large");
            }
        }
        return null;
    }

    static String rewriteHead(String[] lines, Socket client, String host) {
        StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
            if (name.isEmpty() || name.equals("connection") || name.equals("keep-alive") || name.equals("proxy-connection")) {
                continue;
            }
            out.append(lines[i]).append("\r\n");
        }
        out.append("X-Forwarded-For: ").append(client.getInetAddress().getHostAddress()).append("\r\n");
        out.append("X-Forwarded-Host: ").append(host).append("\r\n");
        out.append("X-Forwarded-Proto: http\r\n");
        out.append("Connection: close\r\n\r\n");
        return out.toString();
    }

    static void pump(InputStream from, OutputStream to, Socket upstream) {
        try {
            copy(from, to);
            upstream.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    static long copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[16_384];
        long total = 0;
        int n;
        while ((n = from.read(buffer)) >= 0) {
            to.write(buffer, 0, n);
            to.flush();
            total += n;
        }
        return total;
    }

    static void answer(OutputStream out, int status, String reason) throws IOException {
        String body = "cc-ci ingress (traefik stand-in): " + reason + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 404 ? "Not Found" : status == 503 ? "Service Unavailable" : "Bad Gateway")
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length
                + "\r\nX-Ccci-Ingress-Error: " + reason.replaceAll("[\r\n]", " ") + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
    }

    // ---- routing from the labels -----------------------------------------------------------------

    record Backend(String router, String service, String address, int port, String portLabel) {
        String describe() {
            return "router " + router + " -> service " + service + " (" + portLabel + "=" + port + ")";
        }
    }

    static final class RoutingException extends Exception {
        final int status;

        RoutingException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One HTTP router of a service: its name, rule, priority and the labels it reads. */
    record Router(String name, String serviceName, String rule, int priority, Map<String, String> labels) {
    }

    static final Pattern ROUTER_RULE = Pattern.compile("traefik\\.http\\.routers\\.([^.]+)\\.rule");

    /** Every HTTP router of every service taking part (traefik.enable=true), highest priority first. */
    @SuppressWarnings("unchecked")
    static List<Router> routers() throws IOException {
        List<Router> routers = new ArrayList<>();
        for (Object s : (List<Object>) docker("/services")) {
            Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) s).get("Spec");
            Map<String, String> labels = new TreeMap<>();
            if (spec.get("Labels") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            }
            routers.addAll(routersOf(String.valueOf(spec.get("Name")), labels));
        }
        return order(routers);
    }

    static List<Router> routersOf(String serviceName, Map<String, String> labels) {
        List<Router> routers = new ArrayList<>();
        if (!"true".equalsIgnoreCase(labels.getOrDefault("traefik.enable", "false"))) {
            return routers;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            Matcher router = ROUTER_RULE.matcher(label.getKey());
            if (router.matches()) {
                String name = router.group(1);
                String priority = labels.get("traefik.http.routers." + name + ".priority");
                // traefik: a router's default priority is the length of its rule.
                int p = priority != null && priority.strip().matches("\\d{1,9}") ? Integer.parseInt(priority.strip()) : label.getValue().length();
                routers.add(new Router(name, serviceName, label.getValue(), p, labels));
            }
        }
        return routers;
    }

    /** Highest priority first; equal priorities by router name, so the choice never depends on listing order. */
    static List<Router> order(List<Router> routers) {
        List<Router> sorted = new ArrayList<>(routers);
        sorted.sort((a, b) -> a.priority != b.priority ? Integer.compare(b.priority, a.priority) : a.name.compareTo(b.name));
        return sorted;
    }

    /** The router that takes a request for host and path, or a routing failure that names why none does. */
    static Router select(List<Router> routers, String host, String path) throws RoutingException {
        List<String> unevaluated = new ArrayList<>();
        for (Router router : routers) {
            try {
                if (Rule.parse(router.rule).matches(host, path)) {
                    return router;
                }
            } catch (UnsupportedRuleException e) {
                unevaluated.add("router " + router.name + " of " + router.serviceName + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                unevaluated.add("router " + router.name + " of " + router.serviceName + " has a rule traefik would refuse ("
                        + e.getMessage() + "): " + router.rule);
            }
        }
        throw new RoutingException(404, "no traefik router matches Host(`" + host + "`) and path " + path
                + " (services need traefik.enable=true and a traefik.http.routers.<name>.rule matching the request)"
                + (unevaluated.isEmpty() ? "" : "; not evaluated by this stand-in: " + String.join("; ", unevaluated)));
    }

    static Backend route(String host, String path) throws IOException, RoutingException {
        if (host.isEmpty()) {
            throw new RoutingException(404, "the request has no Host header: traefik routes by Host");
        }
        Router router = select(routers(), host, path);
        Map<String, String> labels = router.labels;
        String r = router.name;
        String name = router.serviceName;
        String target = labels.get("traefik.http.routers." + r + ".service");
        if (target == null) {
            List<String> declared = labels.keySet().stream()
                    .filter(k -> k.startsWith("traefik.http.services."))
                    .map(k -> k.replaceFirst("^traefik\\.http\\.services\\.([^.]+)\\..*$", "$1"))
                    .distinct().toList();
            if (declared.size() != 1) {
                throw new RoutingException(502, "router " + r + " of " + name + " names no service and "
                        + declared.size() + " traefik services are declared: " + declared);
            }
            target = declared.get(0);
        }
        String portKey = "traefik.http.services." + target + ".loadbalancer.server.port";
        String port = labels.get(portKey);
        if (port == null || !port.matches("\\d{1,5}")) {
            throw new RoutingException(502, "router " + r + " of " + name + " -> service " + target
                    + ": no usable " + portKey + " label (" + port + ")");
        }
        String network = labels.getOrDefault("traefik.docker.network", DEFAULT_NETWORK);
        List<String> addresses = taskAddresses(name, network);
        if (addresses.isEmpty()) {
            throw new RoutingException(503, "router " + r + " -> " + name + ": no running task with an address on the network "
                    + network);
        }
        String address = addresses.get((int) (ROUND_ROBIN.getAndIncrement() % addresses.size()));
        return new Backend(r, name, address, Integer.parseInt(port), portKey);
    }

    // ---- traefik's rule language ------------------------------------------------------------------

    /** A matcher this stand-in does not evaluate (Header, Method, Query, ClientIP, ...). */
    static final class UnsupportedRuleException extends RuntimeException {
        UnsupportedRuleException(String message) {
            super(message);
        }
    }

    /**
     * A parsed router rule: matchers joined by {@code &&}, {@code ||}, {@code !} and parentheses, as
     * traefik's rule parser reads them ({@code &&} binds tighter than {@code ||}).
     */
    interface Rule {
        boolean matches(String host, String path);

        /** Throws IllegalArgumentException for a rule traefik would refuse, UnsupportedRuleException for a matcher not evaluated here. */
        static Rule parse(String rule) {
            RuleParser parser = new RuleParser(rule);
            Rule parsed = parser.or();
            parser.skip();
            if (parser.i != rule.length()) {
                throw new IllegalArgumentException("unexpected '" + rule.substring(parser.i) + "'");
            }
            return parsed;
        }
    }

    static final class RuleParser {
        final String s;
        int i;

        RuleParser(String s) {
            this.s = s;
        }

        Rule or() {
            Rule left = and();
            while (take("||")) {
                Rule l = left;
                Rule r = and();
                left = (h, p) -> l.matches(h, p) || r.matches(h, p);
            }
            return left;
        }

        Rule and() {
            Rule left = unary();
            while (take("&&")) {
                Rule l = left;
                Rule r = unary();
                left = (h, p) -> l.matches(h, p) && r.matches(h, p);
            }
            return left;
        }

        Rule unary() {
            if (take("!")) {
                Rule inner = unary();
                return (h, p) -> !inner.matches(h, p);
            }
            if (take("(")) {
                Rule inner = or();
                if (!take(")")) {
                    throw new IllegalArgumentException("a '(' is not closed");
                }
                return inner;
            }
            return matcher();
        }

        Rule matcher() {
            skip();
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String name = s.substring(start, i);
            if (name.isEmpty() || !take("(")) {
                throw new IllegalArgumentException("a matcher is expected at '" + s.substring(start) + "'");
            }
            List<String> args = new ArrayList<>();
            while (!take(")")) {
                skip();
                if (i >= s.length() || (s.charAt(i) != '`' && s.charAt(i) != '"')) {
                    throw new IllegalArgumentException(name + "(...) takes quoted values");
                }
                char quote = s.charAt(i);
                int end = s.indexOf(quote, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a quote is not closed in " + name + "(...)");
                }
                args.add(s.substring(i + 1, end));
                i = end + 1;
                take(",");
            }
            if (args.isEmpty()) {
                throw new IllegalArgumentException(name + "() has no value");
            }
            return switch (name) {
                case "Host" -> {
                    List<String> hosts = args.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
                    yield (h, p) -> hosts.contains(h);
                }
                case "HostRegexp" -> {
                    List<Pattern> patterns = args.stream().map(a -> Pattern.compile(hostRegexp(a), Pattern.CASE_INSENSITIVE)).toList();
                    yield (h, p) -> patterns.stream().anyMatch(x -> x.matcher(h).find());
                }
                case "Path" -> (h, p) -> args.contains(p);
                case "PathPrefix" -> (h, p) -> args.stream().anyMatch(p::startsWith);
                case "PathRegexp" -> {
                    List<Pattern> patterns = args.stream().map(Pattern::compile).toList();
                    yield (h, p) -> patterns.stream().anyMatch(x -> x.matcher(p).find());
                }
                default -> throw new UnsupportedRuleException(name + "(...) is not evaluated by the sandbox's ingress");
            };
        }

        /**
         * traefik v2's template ({@code {subdomain:[a-z]+}.example.com}, {@code {name}} for one label)
         * as an anchored regular expression (v2 matches the whole host); a v3 rule is a regular
         * expression already, searched in the host as Go's regexp does (anchors are the recipe's).
         */
        static String hostRegexp(String value) {
            Matcher m = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*(?::([^}]*))?}").matcher(value);
            if (!m.find()) {
                return value;
            }
            m.reset();
            StringBuilder out = new StringBuilder("^");
            int last = 0;
            while (m.find()) {
                out.append(Pattern.quote(value.substring(last, m.start())));
                out.append('(').append(m.group(1) == null ? "[^.]+" : m.group(1)).append(')');
                last = m.end();
            }
            return out.append(Pattern.quote(value.substring(last))).append('$').toString();
        }

        boolean take(String token) {
            skip();
            if (s.startsWith(token, i)) {
                i += token.length();
                return true;
            }
            return false;
        }

        void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
    @SuppressWarnings("unchecked")
    static List<String> taskAddresses(String service, String network) throws IOException {
        String filters = "{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}";
        List<Object> tasks = (List<Object>) docker("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8));
        List<String> addresses = new ArrayList<>();
        for (Object t : tasks) {
            Map<String, Object> task = (Map<String, Object>) t;
            Map<String, Object> status = (Map<String, Object>) task.get("Status");
            if (status == null || !"running".equals(status.get("State")) || !(task.get("NetworksAttachments") instanceof List<?> nets)) {
                continue;
            }
            for (Object n : nets) {
                Map<String, Object> attachment = (Map<String, Object>) n;
                Map<String, Object> net = (Map<String, Object>) attachment.get("Network");
                Map<String, Object> spec = net == null ? null : (Map<String, Object>) net.get("Spec");
                if (spec != null && network.equals(spec.get("Name")) && attachment.get("Addresses") instanceof List<?> addrs) {
                    for (Object a : addrs) {
                        addresses.add(String.valueOf(a).replaceFirst("/\\d+$", ""));
                    }
                }
            }
        }
        return addresses;
    }

    // ---- the Docker API over its unix socket (HTTP/1.0: the answer ends when the daemon closes) ---

    static Object docker(String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(SOCKET));
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(65_536);
            while (channel.read(buffer) >= 0) {
                all.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String response = all.toString(StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || split < 0 || !response.substring(9, 12).equals("200")) {
                throw new IOException("docker API " + path + ": " + response.lines().findFirst().orElse("no answer"));
            }
            return new Json(response.substring(split + 4)).value();
        }
    }

    /** The smallest JSON reader the Docker API's answers need. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    i++; // ':'
                    map.put(key, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return map;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String word = s.substring(start, i);
            return switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> word;
            };
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
