package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.jaxrs.WebhookDeliveries;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the test resources saw, and how they should behave. */
public final class Probe {
    /** How a resource answers. */
    public enum Mode {
        OK,
        /** Throws an exception no mapper handles. */
        THROW,
        /** Throws an exception the application's mapper answers with 500. */
        THROW_MAPPED,
        STATUS_500,
        BLOCK
    }

    public final AtomicInteger runs = new AtomicInteger();
    public volatile Mode mode = Mode.OK;
    public volatile CountDownLatch entered = new CountDownLatch(1);
    public volatile CountDownLatch release = new CountDownLatch(0);
    public volatile byte[] lastBody;
    public volatile VerifiedDelivery lastDelivery;
    public volatile String lastPrincipal;
    public volatile String lastScheme;

    public void reset() {
        runs.set(0);
        mode = Mode.OK;
        lastBody = null;
        lastDelivery = null;
        lastPrincipal = null;
        lastScheme = null;
    }

    /** Records one run of a resource method and answers as the mode says ({@code ok} when {@link Mode#OK}). */
    public Response run(byte[] body, SecurityContext security, Response ok) {
        runs.incrementAndGet();
        lastBody = body;
        lastDelivery = WebhookDeliveries.from(security).orElse(null);
        lastPrincipal = security.getUserPrincipal() == null
                ? null
                : security.getUserPrincipal().getName();
        lastScheme = security.getAuthenticationScheme();
        switch (mode) {
            case THROW -> throw new IllegalStateException("the resource failed");
            case THROW_MAPPED -> throw new ProcessingFailureMapper.ProcessingFailure("the resource failed");
            case STATUS_500 -> {
                return Response.serverError().build();
            }
            case BLOCK -> {
                entered.countDown();
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return ok;
            }
            default -> {
                return ok;
            }
        }
    }
}
