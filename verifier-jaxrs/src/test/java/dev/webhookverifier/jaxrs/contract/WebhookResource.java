package dev.webhookverifier.jaxrs.contract;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.webhookverifier.VerifiedWebhook;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Method-level annotations, one entity type per method. */
@Path("webhooks")
public class WebhookResource {
    private final Probe probe;

    public WebhookResource(Probe probe) {
        this.probe = probe;
    }

    @POST
    @Path("bytes")
    @VerifiedWebhook("stripe")
    public Response bytes(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    @POST
    @Path("string")
    @VerifiedWebhook("stripe")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response string(String body, @Context SecurityContext security) {
        return probe.run(body.getBytes(UTF_8), security, Response.ok(body).build());
    }

    @POST
    @Path("json")
    @VerifiedWebhook("stripe")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response json(Event event, @Context SecurityContext security) {
        return probe.run(
                new byte[0],
                security,
                Response.ok(event.id + "|" + event.amount + "|" + event.note).build());
    }

    @POST
    @Path("form")
    @SlackWebhook
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response form(
            @FormParam("text") String text,
            @FormParam("user_name") String user,
            @FormParam("empty") String empty,
            @Context SecurityContext security) {
        return probe.run(
                new byte[0],
                security,
                Response.ok(text + "|" + user + "|" + empty).build());
    }

    @POST
    @Path("url")
    @VerifiedWebhook("url-signed")
    public Response url(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    @POST
    @Path("unavailable")
    @VerifiedWebhook("broken-store")
    public Response unavailable(byte[] body, @Context SecurityContext security) {
        return probe.run(body, security, Response.noContent().build());
    }

    /** Not a webhook: no filter, nothing buffered, no delivery. */
    @POST
    @Path("other")
    @Produces(MediaType.TEXT_PLAIN)
    public String other(String body, @Context SecurityContext security) {
        return body.length() + "|" + (security.getUserPrincipal() == null ? "anonymous" : "authenticated");
    }
}
