package dev.webhookverifier.jaxrs;

import dev.webhookverifier.VerifiedDelivery;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The authenticated webhook sender: named after the verifying endpoint, carrying the delivery. */
final class WebhookPrincipal implements Principal {
    private final String endpoint;
    private final VerifiedDelivery delivery;

    WebhookPrincipal(String endpoint, VerifiedDelivery delivery) {
        this.endpoint = endpoint;
        this.delivery = delivery;
    }

    VerifiedDelivery delivery() {
        return delivery;
    }

    @Override
    public String getName() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "WebhookPrincipal[" + endpoint + ", " + delivery + "]";
    }

    /**
     * The security context of a verified webhook request. The sender holds no roles; whether the connection is
     * secure is the original context's answer.
     */
    static final class Context implements SecurityContext {
        private final SecurityContext original;
        private final WebhookPrincipal principal;

        Context(SecurityContext original, WebhookPrincipal principal) {
            this.original = original;
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return original != null && original.isSecure();
        }

        @Override
        public String getAuthenticationScheme() {
            return WebhookDeliveries.AUTHENTICATION_SCHEME;
        }
    }
}
