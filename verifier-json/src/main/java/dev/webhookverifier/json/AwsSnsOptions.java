package dev.webhookverifier.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How {@link JsonProviders#awsSns(AwsSnsOptions)} fetches SNS signing certificates: which hosts may serve them,
 * how long a fetch may take, how many certificates are cached.
 *
 * <p>A certificate URL must be {@code https}, carry no user info, query or fragment, end in {@code .pem}, and its
 * host (or {@code host:port} when the URL names a port) must match the host pattern in full; the default is AWS's
 * {@code sns.<region>.amazonaws.com} (and {@code .amazonaws.com.cn}). Redirects are never followed.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class AwsSnsOptions {
    /** AWS's SNS certificate hosts: {@code sns.<region>.amazonaws.com} and the China regions' {@code .com.cn}. */
    public static final Pattern AWS_HOSTS = Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    /** The longest fetch timeout accepted. */
    public static final Duration MAX_FETCH_TIMEOUT = Duration.ofSeconds(30);

    /** The most certificates a cache may hold. */
    public static final int MAX_CACHE_SIZE = 1024;

    final Pattern hosts;
    final Duration fetchTimeout;
    final int cacheSize;
    final HttpClient httpClient;

    private AwsSnsOptions(Builder b) {
        this.hosts = b.hosts;
        this.fetchTimeout = b.fetchTimeout;
        this.cacheSize = b.cacheSize;
        this.httpClient = b.httpClient;
    }

    /**
     * Whether a URL is {@code https} on an allowed host: not opaque, no user info, no fragment, an authority that is
     * exactly {@code host[:port]} (nothing a URI parser dropped), and the lower-case host, or {@code host:port} when
     * a port is named, matching {@link Builder#certificateHosts the host pattern} in full. Shared by the
     * certificate fetch and the subscription confirmation, so both trust the same hosts.
     */
    boolean allowsHttpsHost(URI uri) {
        String host = uri.getHost();
        boolean ok = "https".equals(uri.getScheme())
                && !uri.isOpaque()
                && host != null
                && uri.getRawUserInfo() == null
                && uri.getRawFragment() == null
                // the authority must be exactly host[:port]: nothing the parser dropped (userinfo tricks)
                && uri.getRawAuthority().equals(host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        if (!ok) {
            return false;
        }
        String authority = host.toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return hosts.matcher(authority).matches();
    }

    /** The configured HTTP client, or a new one that connects within the fetch timeout and follows no redirect. */
    HttpClient client() {
        return httpClient != null
                ? httpClient
                : HttpClient.newBuilder()
                        .connectTimeout(fetchTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * The defaults: AWS hosts only, 5 second fetch timeout, 32 cached certificates, the JDK's HTTP client.
     *
     * @return the defaults
     */
    public static AwsSnsOptions defaults() {
        return builder().build();
    }

    /**
     * Starts from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link AwsSnsOptions}. */
    public static final class Builder {
        private Pattern hosts = AWS_HOSTS;
        private Duration fetchTimeout = Duration.ofSeconds(5);
        private int cacheSize = 32;
        private HttpClient httpClient;

        private Builder() {}

        /**
         * The hosts allowed to serve signing certificates, matched in full against the URL's lower-case host, or
         * {@code host:port} when the URL names a port. Widen it only for a private SNS-compatible endpoint.
         *
         * @param hosts the pattern
         * @return this builder
         */
        public Builder certificateHosts(Pattern hosts) {
            this.hosts = Objects.requireNonNull(hosts, "hosts");
            return this;
        }

        /**
         * The time allowed to connect and fetch one certificate.
         *
         * @param timeout positive, at most {@link #MAX_FETCH_TIMEOUT}
         * @return this builder
         */
        public Builder fetchTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_FETCH_TIMEOUT) > 0) {
                throw new IllegalArgumentException("fetch timeout must be positive and at most " + MAX_FETCH_TIMEOUT);
            }
            this.fetchTimeout = timeout;
            return this;
        }

        /**
         * How many certificates are kept (least recently used evicted first).
         *
         * @param size 1 to {@link #MAX_CACHE_SIZE}
         * @return this builder
         */
        public Builder cacheSize(int size) {
            if (size < 1 || size > MAX_CACHE_SIZE) {
                throw new IllegalArgumentException("cache size must be between 1 and " + MAX_CACHE_SIZE);
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * The HTTP client that fetches certificates (a proxy, or a test trust store). It must keep TLS certificate
         * and host name checks on; its redirect policy is ignored (each request refuses redirects by status).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         */
        public AwsSnsOptions build() {
            return new AwsSnsOptions(this);
        }
    }
}
