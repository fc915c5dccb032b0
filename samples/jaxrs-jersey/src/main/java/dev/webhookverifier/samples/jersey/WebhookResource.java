package dev.webhookverifier.samples.jersey;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.jaxrs.WebhookDeliveries;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The application's handlers: reached only by verified, first-time deliveries. */
@Path("webhooks")
public class WebhookResource {
    @POST
    @Path("stripe")
    @VerifiedWebhook("stripe")
    public Response stripe(byte[] payload, @Context SecurityContext security) {
        return handle(security);
    }

    @POST
    @Path("github")
    @VerifiedWebhook("github")
    public Response github(byte[] payload, @Context SecurityContext security) {
        return handle(security);
    }

    @POST
    @Path("slack")
    @VerifiedWebhook("slack")
    public Response slack(byte[] payload, @Context SecurityContext security) {
        return handle(security);
    }

    @POST
    @Path("standard-webhooks")
    @VerifiedWebhook("standard-webhooks")
    public Response standardWebhooks(byte[] payload, @Context SecurityContext security) {
        return handle(security);
    }

    private static Response handle(SecurityContext security) {
        VerifiedDelivery delivery = WebhookDeliveries.from(security).orElseThrow();
        System.out.println("verified " + delivery);
        return Response.noContent().build();
    }
}
