package org.coopcloud.ccci.harness.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Settings;
import org.coopcloud.ccci.harness.docker.HttpResponse;
import org.coopcloud.ccci.harness.docker.HttpResponseReader;

/**
 * The way users reach an app: by its domain, through the server's ingress (traefik on a Co-op Cloud
 * server). Where it is and how TLS is handled are settings:
 * <ul>
 * <li>{@code ccci.ingress} / {@code CCCI_INGRESS} unset (production): {@code https://<domain>/...},
 *     the domain resolved by DNS; certificates are verified only with {@code ccci.ingress.tls.verify}
 *     / {@code CCCI_INGRESS_TLS_VERIFY=true} (test apps get no ACME certificate: LETS_ENCRYPT_ENV is
 *     empty, so traefik answers with its default one).</li>
 * <li>{@code CCCI_INGRESS=http://host:port} (the sandbox: {@code http://127.0.0.1:8480}): plain HTTP to
 *     that address with {@code Host: <domain>}, as a browser resolving the domain to it would send.</li>
 * </ul>
 * Redirects are never followed (a redirect is an answer). An ingress that cannot be reached at all is
 * an infrastructure error, never the recipe's.
 */
public final class Ingress {
    public static final String PARAMETER = "ccci.ingress";
    public static final String ENV = "CCCI_INGRESS";
    public static final String TLS_VERIFY_PARAMETER = "ccci.ingress.tls.verify";
    public static final String TLS_VERIFY_ENV = "CCCI_INGRESS_TLS_VERIFY";
    /** The header the sandbox's ingress (sandbox/ingress/CcciIngress.java) names a routing failure in. */
    public static final String ROUTING_ERROR_HEADER = "x-ccci-ingress-error";
    private static final int MAX_BODY = 1 << 20;

    private final Optional<URI> address;
    private final boolean verifyTls;

    public Ingress(Optional<URI> address, boolean verifyTls) {
        address.ifPresent(a -> {
            if (!"http".equals(a.getScheme()) || a.getHost() == null || a.getPort() <= 0) {
                throw new IllegalArgumentException(ENV + " must be http://<host>:<port>, got " + a);
            }
        });
        this.address = address;
        this.verifyTls = verifyTls;
    }

    /** From the settings; a malformed address is bad input, named. */
    public static Ingress from(Settings settings) {
        Optional<URI> address;
        try {
            address = settings.get(PARAMETER, ENV).filter(s -> !s.isBlank()).map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PARAMETER + " (env " + ENV + ") is not a URL: " + e.getMessage(), e);
        }
        boolean verify = settings.get(TLS_VERIFY_PARAMETER, TLS_VERIFY_ENV).map("true"::equalsIgnoreCase).orElse(false);
        return new Ingress(address, verify);
    }

    /** What a request for this domain goes to, for messages: {@code http://127.0.0.1:8480 (Host: d)} or {@code https://d}. */
    public String describe(String domain) {
        return address.map(a -> "http://" + a.getHost() + ":" + a.getPort() + " (Host: " + domain + ")")
                .orElse("https://" + domain);
    }

    /** The host:port a browser should resolve the domain to, when the ingress is at a fixed address. */
    public Optional<URI> address() {
        return address;
    }

    /**
     * GETs {@code path} of the app at {@code domain}.
     *
     * @throws InfrastructureException when the ingress itself cannot be reached
     */
    public IngressResponse get(String domain, String path, Duration timeout) throws InterruptedException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        String url = describe(domain) + " " + path;
        try {
            return address.isPresent() ? plain(address.get(), domain, path, timeout) : https(domain, path, timeout);
        } catch (IOException e) {
            throw new InfrastructureException("the ingress does not answer for " + url + " (" + e.getMessage()
                    + "): " + (address.isPresent() ? "run bin/ccci sandbox up, or check " + ENV
                            : "check that " + domain + " resolves to the server and its traefik runs"), e);
        }
    }

    private static IngressResponse plain(URI at, String domain, String path, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(at.getHost(), at.getPort()), (int) Math.min(timeout.toMillis(), 10_000));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + domain + "\r\nUser-Agent: cc-ci\r\nAccept: */*\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            HttpResponse response;
            try {
                response = HttpResponseReader.read(socket.getInputStream());
            } catch (java.net.SocketTimeoutException e) {
                return IngressResponse.noAnswer("no answer within " + timeout.toSeconds() + " s");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new IngressResponse(response.status(), headers, response.body(),
                    Optional.ofNullable(headers.get(ROUTING_ERROR_HEADER)));
        }
    }

    private IngressResponse https(String domain, String path, Duration timeout) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL("https://" + domain + path).openConnection();
        try {
            if (!verifyTls) {
                connection.setSSLSocketFactory(TrustAll.CONTEXT.getSocketFactory());
                connection.setHostnameVerifier((host, session) -> true);
            }
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) Math.min(timeout.toMillis(), 10_000));
            connection.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            int status;
            try {
                status = connection.getResponseCode();
            } catch (java.net.SocketTimeoutException e) {
                return IngressResponse.noAnswer("no answer within " + timeout.toSeconds() + " s");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((k, v) -> {
                if (k != null && !v.isEmpty()) {
                    headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v));
                }
            });
            byte[] body;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_BODY);
            }
            return new IngressResponse(status, headers, body, Optional.empty());
        } finally {
            connection.disconnect();
        }
    }

    /** Test apps have no ACME certificate: traefik serves its own, which no CA signed. */
    private static final class TrustAll {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, new SecureRandom());
                return context;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
