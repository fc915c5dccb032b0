package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.VerifiedWebhook;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Endpoints whose verifiers answer handshakes. A {@code GET} challenge reaches the filter only through a {@code GET}
 * method bound to the same endpoint name, as the feature documents; the probe records a run if one ever executes.
 */
@Path("handshakes")
public class HandshakeResource {
    private final Probe probe;

    public HandshakeResource(Probe probe) {
        this.probe = probe;
    }

    @GET
    @Path("dropbox")
    @VerifiedWebhook("dropbox")
    public Response dropboxChallenge(@Context SecurityContext security) {
        return probe.run(
                new byte[0],
                security,
                Response.status(Response.Status.NOT_FOUND).build());
    }

    @POST
    @Path("dropbox")
    @VerifiedWebhook("dropbox")
    public Response dropbox(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    @GET
    @Path("meta")
    @VerifiedWebhook("meta")
    public Response metaChallenge(@Context SecurityContext security) {
        return probe.run(
                new byte[0],
                security,
                Response.status(Response.Status.NOT_FOUND).build());
    }

    @POST
    @Path("asana")
    @VerifiedWebhook("asana")
    public Response asana(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    /** Bound to an endpoint whose verifier has no handshakes: a GET must pass verification like any request. */
    @GET
    @Path("plain")
    @VerifiedWebhook("dropbox-plain")
    public Response plain(@Context SecurityContext security) {
        return probe.run(new byte[0], security, Response.ok("resource ran").build());
    }
}
