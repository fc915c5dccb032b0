package dev.webhookverifier.spring;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The {@code webhooks.*} configuration properties: one entry under {@code webhooks.endpoints} per webhook endpoint,
 * named by {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook("name")} on the controller.
 *
 * <p><b>Example</b> ({@code application.yaml}):
 *
 * <pre>
 * webhooks:
 *   endpoints:
 *     stripe:
 *       provider: stripe
 *       secrets:
 *         - id: 2026-11
 *           secret: ${STRIPE_WEBHOOK_SECRET}
 *     github:
 *       provider: github
 *       secrets:
 *         - id: main
 *           secret: ${GITHUB_WEBHOOK_SECRET}
 *       replay:
 *         retention: 3d
 *     dropbox:
 *       provider: dropbox
 *       secrets:
 *         - id: app
 *           secret: ${DROPBOX_APP_SECRET}
 *       handshakes: [dropbox-challenge]
 *     meta:
 *       provider: meta
 *       secrets:
 *         - id: app
 *           secret: ${META_APP_SECRET}
 *       handshakes: [meta-verify-token]
 *       meta-verify-token: ${META_VERIFY_TOKEN}
 * </pre>
 *
 * <p><b>Security:</b> {@link #toString()} never prints a secret or a verify token; the actuator's {@code env} and
 * {@code configprops} endpoints mask every {@code secret} and {@code meta-verify-token} value (see
 * {@link WebhookVerifierAutoConfiguration}).
 */
@ConfigurationProperties(prefix = "webhooks")
public class WebhooksProperties {
    /** The default order of the verification filter: before Spring Security and any filter that reads the body. */
    public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /**
     * Webhook endpoints by name, the name used in @VerifiedWebhook("name"). Each has provider, secrets[i].id,
     * secrets[i].secret, secrets[i].accept-until, tolerance, max-body-size, replay.*, handshakes (ids of the probes
     * answered: dropbox-challenge, meta-verify-token, and with verifier-json slack-url-verification,
     * zoom-url-validation, twitch-callback-verification) and meta-verify-token.
     */
    private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    /**
     * Whether a duplicate of a delivery already processed is answered 200 without running the handler (so the
     * provider stops retrying). When false it is answered 409.
     */
    private boolean acknowledgeDuplicates = true;

    /**
     * The public base URL the provider calls (scheme, host, port), for URL-signing providers behind a
     * TLS-terminating proxy. X-Forwarded-* headers are never trusted.
     */
    private URI publicBaseUrl;

    /** Order of the verification filter (servlet Filter or WebFlux WebFilter). */
    private int filterOrder = DEFAULT_FILTER_ORDER;

    /** The replay store shared by the endpoints with replay protection enabled. */
    private final Store replayStore = new Store();

    /**
     * Webhook endpoints by name.
     *
     * @return the endpoints, in configuration order
     */
    public Map<String, Endpoint> getEndpoints() {
        return endpoints;
    }

    /**
     * Sets the endpoints.
     *
     * @param endpoints the endpoints by name
     */
    public void setEndpoints(Map<String, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * Whether a duplicate of a processed delivery is acknowledged with 200.
     *
     * @return {@code true} by default
     */
    public boolean isAcknowledgeDuplicates() {
        return acknowledgeDuplicates;
    }

    /**
     * Sets whether a duplicate of a processed delivery is acknowledged with 200 (else 409).
     *
     * @param acknowledgeDuplicates whether to acknowledge
     */
    public void setAcknowledgeDuplicates(boolean acknowledgeDuplicates) {
        this.acknowledgeDuplicates = acknowledgeDuplicates;
    }

    /**
     * The public base URL, for URL-signing providers behind a proxy.
     *
     * @return the URL, or {@code null} to use the request's own URL
     */
    public URI getPublicBaseUrl() {
        return publicBaseUrl;
    }

    /**
     * Sets the public base URL.
     *
     * @param publicBaseUrl e.g. {@code https://hooks.example.com}
     */
    public void setPublicBaseUrl(URI publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    /**
     * The order of the verification filter.
     *
     * @return the order
     */
    public int getFilterOrder() {
        return filterOrder;
    }

    /**
     * Sets the order of the verification filter; keep it before any filter that reads the request body or its
     * parameters.
     *
     * @param filterOrder the order
     */
    public void setFilterOrder(int filterOrder) {
        this.filterOrder = filterOrder;
    }

    /**
     * The replay store settings.
     *
     * @return the settings
     */
    public Store getReplayStore() {
        return replayStore;
    }

    @Override
    public String toString() {
        return "WebhooksProperties[endpoints=" + endpoints + "]";
    }

    /** One webhook endpoint: {@code webhooks.endpoints.<name>.*}. */
    public static class Endpoint {
        /** Provider id: standard-webhooks, svix, stripe, github, github-legacy-sha1, slack, shopify. */
        private String provider;

        /**
         * Secrets accepted, tried in order (newest first); give an old one accept-until to end a rotation without a
         * redeploy.
         */
        private List<Secret> secrets = new ArrayList<>();

        /** Timestamp tolerance in both directions (default: the provider's documented tolerance; at most 1h). */
        private Duration tolerance;

        /** Largest body accepted; larger requests are answered 413 (default 1MB). */
        private DataSize maxBodySize;

        /** Replay protection for this endpoint. */
        private final Replay replay = new Replay();

        /**
         * Provider probes answered on this endpoint instead of running the handler (opt-in), by id:
         * dropbox-challenge, meta-verify-token (needs meta-verify-token), and with verifier-json
         * slack-url-verification, zoom-url-validation, twitch-callback-verification. Handshakes with other options
         * (Asana's receiver, SNS topics) are set by a WebhookVerifierCustomizer.
         */
        private List<String> handshakes = new ArrayList<>();

        /**
         * The verify token you chose in Meta's app dashboard (not the app secret), for the meta-verify-token
         * handshake; usually ${AN_ENVIRONMENT_VARIABLE}.
         */
        private String metaVerifyToken;

        /**
         * The provider id.
         *
         * @return e.g. {@code stripe}
         */
        public String getProvider() {
            return provider;
        }

        /**
         * Sets the provider id.
         *
         * @param provider a preset id of {@link dev.webhookverifier.Providers#byId(String)}
         */
        public void setProvider(String provider) {
            this.provider = provider;
        }

        /**
         * The secrets, newest first.
         *
         * @return the secrets
         */
        public List<Secret> getSecrets() {
            return secrets;
        }

        /**
         * Sets the secrets.
         *
         * @param secrets the secrets, newest first
         */
        public void setSecrets(List<Secret> secrets) {
            this.secrets = secrets;
        }

        /**
         * The timestamp tolerance.
         *
         * @return the tolerance, or {@code null} for the provider's default
         */
        public Duration getTolerance() {
            return tolerance;
        }

        /**
         * Sets the timestamp tolerance.
         *
         * @param tolerance the tolerance
         */
        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }

        /**
         * The body size limit.
         *
         * @return the limit, or {@code null} for the default (1 MiB)
         */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /**
         * Sets the body size limit.
         *
         * @param maxBodySize the limit
         */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /**
         * The replay protection settings.
         *
         * @return the settings
         */
        public Replay getReplay() {
            return replay;
        }

        /**
         * The ids of the handshakes answered on this endpoint.
         *
         * @return the ids, empty by default
         */
        public List<String> getHandshakes() {
            return handshakes;
        }

        /**
         * Sets the handshakes answered on this endpoint.
         *
         * @param handshakes ids of {@link dev.webhookverifier.Handshakes#byId(String)}, or {@code meta-verify-token}
         */
        public void setHandshakes(List<String> handshakes) {
            this.handshakes = handshakes;
        }

        /**
         * The Meta verify token.
         *
         * @return the token as configured, or {@code null}
         */
        public String getMetaVerifyToken() {
            return metaVerifyToken;
        }

        /**
         * Sets the Meta verify token, for the {@code meta-verify-token} handshake.
         *
         * @param metaVerifyToken the token entered in Meta's app dashboard
         */
        public void setMetaVerifyToken(String metaVerifyToken) {
            this.metaVerifyToken = metaVerifyToken;
        }

        /** Prints the provider, the secrets' ids and the handshakes, never a secret or the verify token. */
        @Override
        public String toString() {
            return "Endpoint[provider=" + provider + ", secrets=" + secrets
                    + (handshakes == null || handshakes.isEmpty() ? "" : ", handshakes=" + handshakes)
                    + (metaVerifyToken == null ? "" : ", metaVerifyToken=<redacted>") + "]";
        }
    }

    /** One secret of an endpoint: {@code webhooks.endpoints.<name>.secrets[i].*}. */
    public static class Secret {
        /** A short, non-secret name for logs and VerifiedDelivery.secretId(), e.g. 2026-11. */
        private String id;

        /** The secret exactly as the provider shows it (prefix included); usually ${AN_ENVIRONMENT_VARIABLE}. */
        private String secret;

        /** The last instant at which signatures made with this secret are accepted (ISO-8601), for rotations. */
        private Instant acceptUntil;

        /**
         * The secret's id.
         *
         * @return the id
         */
        public String getId() {
            return id;
        }

        /**
         * Sets the secret's id.
         *
         * @param id 1-64 characters of {@code [A-Za-z0-9._:@/+-]}
         */
        public void setId(String id) {
            this.id = id;
        }

        /**
         * The secret value.
         *
         * @return the value as configured
         */
        public String getSecret() {
            return secret;
        }

        /**
         * Sets the secret value.
         *
         * @param secret the value, exactly as the provider shows it
         */
        public void setSecret(String secret) {
            this.secret = secret;
        }

        /**
         * The deadline of this secret.
         *
         * @return the deadline, or {@code null} if it does not expire
         */
        public Instant getAcceptUntil() {
            return acceptUntil;
        }

        /**
         * Sets the deadline of this secret.
         *
         * @param acceptUntil the last instant signatures made with it are accepted
         */
        public void setAcceptUntil(Instant acceptUntil) {
            this.acceptUntil = acceptUntil;
        }

        /** Prints the id and deadline, never the value. */
        @Override
        public String toString() {
            return "Secret[id=" + id + (acceptUntil == null ? "" : ", acceptUntil=" + acceptUntil)
                    + ", secret=<redacted>]";
        }
    }

    /** Replay protection of one endpoint: {@code webhooks.endpoints.<name>.replay.*}. */
    public static class Replay {
        /**
         * Whether duplicates are rejected (acknowledged when already processed). Providers that sign no timestamp
         * (github, shopify) then need a retention.
         */
        private boolean enabled = true;

        /**
         * How long a processed delivery is recognised as a duplicate (default: twice the tolerance; required for
         * providers that sign no timestamp: cover their retry period, e.g. 3d).
         */
        private Duration retention;

        /** How long an in-flight claim lives if its handler never finishes (default 5m). */
        private Duration lease;

        /** Namespace of this endpoint's keys in the store (default: the endpoint name). */
        private String scope;

        /**
         * Whether replay protection is on.
         *
         * @return {@code true} by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns replay protection on or off.
         *
         * @param enabled whether duplicates are rejected
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The retention.
         *
         * @return the retention, or {@code null} for the default
         */
        public Duration getRetention() {
            return retention;
        }

        /**
         * Sets the retention.
         *
         * @param retention how long duplicates are recognised
         */
        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        /**
         * The in-flight lease.
         *
         * @return the lease, or {@code null} for the default
         */
        public Duration getLease() {
            return lease;
        }

        /**
         * Sets the in-flight lease.
         *
         * @param lease longer than the slowest handler
         */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /**
         * The key namespace.
         *
         * @return the scope, or {@code null} for the endpoint name
         */
        public String getScope() {
            return scope;
        }

        /**
         * Sets the key namespace.
         *
         * @param scope 1-64 characters of {@code [A-Za-z0-9._-]}
         */
        public void setScope(String scope) {
            this.scope = scope;
        }
    }

    /** The shared replay store: {@code webhooks.replay-store.*}. Ignored when the application defines a ReplayStore bean. */
    public static class Store {
        /** Most keys the in-memory store holds at once; when full it refuses new deliveries with 503. */
        private int maxEntries = 100_000;

        /**
         * Redis URI (redis://host:6379, rediss://..., redis-sentinel://...) of a store shared by every node; needs
         * verifier-redis on the classpath. Unset: an in-memory store per process.
         */
        private String redisUri;

        /** Bound on every Redis call (default 2s). */
        private Duration redisTimeout;

        /**
         * The in-memory store's capacity.
         *
         * @return the most keys held at once
         */
        public int getMaxEntries() {
            return maxEntries;
        }

        /**
         * Sets the in-memory store's capacity.
         *
         * @param maxEntries the most keys held at once
         */
        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        /**
         * The Redis URI.
         *
         * @return the URI, or {@code null} for an in-memory store
         */
        public String getRedisUri() {
            return redisUri;
        }

        /**
         * Sets the Redis URI.
         *
         * @param redisUri e.g. {@code redis://redis.internal:6379}
         */
        public void setRedisUri(String redisUri) {
            this.redisUri = redisUri;
        }

        /**
         * The bound on Redis calls.
         *
         * @return the timeout, or {@code null} for the store's default
         */
        public Duration getRedisTimeout() {
            return redisTimeout;
        }

        /**
         * Sets the bound on Redis calls.
         *
         * @param redisTimeout the timeout
         */
        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        @Override
        public String toString() {
            // The URI may carry a password (redis://:password@host).
            return "Store[maxEntries=" + maxEntries + (redisUri == null ? "" : ", redis=<configured>") + "]";
        }
    }
}
