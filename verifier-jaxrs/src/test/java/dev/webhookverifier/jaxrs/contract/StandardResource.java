package dev.webhookverifier.jaxrs.contract;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A class-level meta-annotation, with a synchronous and an asynchronous method. */
@Path("standard")
@StandardWebhook
public class StandardResource {
    private final Probe probe;

    public StandardResource(Probe probe) {
        this.probe = probe;
    }

    @POST
    public Response receive(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    /** Answers later from another thread: the claim is settled when the response is written. */
    @POST
    @Path("async")
    public void async(byte[] body, @Context SecurityContext security, @Suspended AsyncResponse response) {
        Response answer = probe.run(body, security, Response.accepted().build());
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> response.resume(answer));
    }
}
