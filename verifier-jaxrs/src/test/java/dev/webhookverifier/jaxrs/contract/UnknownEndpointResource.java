package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.VerifiedWebhook;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Names an endpoint no registry holds: deploying it must fail. */
@Path("misconfigured")
public class UnknownEndpointResource {
    @POST
    @VerifiedWebhook("no-such-endpoint")
    public void receive(byte[] body) {}
}
