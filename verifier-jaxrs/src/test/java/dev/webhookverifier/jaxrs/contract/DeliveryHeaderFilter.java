package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.jaxrs.WebhookDeliveries;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** An application filter reading the delivery from the request property. */
public class DeliveryHeaderFilter implements ContainerResponseFilter {
    public static final String HEADER = "X-Test-Verified-Provider";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        WebhookDeliveries.from(request).ifPresent(d -> response.getHeaders().putSingle(HEADER, d.providerId()));
    }
}
