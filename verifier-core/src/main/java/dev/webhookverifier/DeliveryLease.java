package dev.webhookverifier;

import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A verified delivery together with its replay claim, held while the delivery is processed. For adapters and
 * callers that decide success from something other than an exception (an HTTP status, an async result).
 *
 * <p>Call {@link #complete()} when processing succeeded (duplicates are then recognised for the retention);
 * {@link #close()} without completing releases the claim so the provider's retry is processed. Use it in
 * try-with-resources:
 *
 * <pre>{@code
 * try (DeliveryLease lease = verifier.lease(request)) {
 *     handle(lease.delivery());
 *     lease.complete();
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> may be completed or closed from another thread than the one that obtained it (async
 * servlets); the first of {@link #complete()}/{@link #release()} wins, later calls do nothing.
 */
public final class DeliveryLease implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryLease.class.getName());

    private final VerifiedDelivery delivery;
    private final ReplayStore store;
    private final Claim claim;
    private final Duration retention;
    private final AtomicBoolean settled = new AtomicBoolean();

    DeliveryLease(VerifiedDelivery delivery, ReplayStore store, Claim claim, Duration retention) {
        this.delivery = delivery;
        this.store = store;
        this.claim = claim;
        this.retention = retention;
    }

    /**
     * The verified delivery.
     *
     * @return the delivery
     */
    public VerifiedDelivery delivery() {
        return delivery;
    }

    /**
     * Marks the delivery processed: duplicates are recognised (and acknowledged) for the retention.
     *
     * <p>If the store cannot be reached the failure is logged and the claim lapses when its lease expires, after
     * which a retry would be processed again (at least once, never lost).
     */
    public void complete() {
        if (!settled.compareAndSet(false, true) || claim == null) {
            return;
        }
        try {
            store.complete(claim, retention);
        } catch (ReplayStoreException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "replay store could not mark a " + delivery.providerId() + " delivery completed ("
                            + e.getClass().getSimpleName() + "); its claim lapses with its lease");
        }
    }

    /**
     * Gives the claim up so the provider's retry of this delivery is processed.
     */
    public void release() {
        if (!settled.compareAndSet(false, true) || claim == null) {
            return;
        }
        try {
            store.release(claim);
        } catch (ReplayStoreException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "replay store could not release a " + delivery.providerId() + " delivery ("
                            + e.getClass().getSimpleName() + "); retries are refused until its lease expires");
        }
    }

    /** Releases the claim unless {@link #complete()} was called. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "DeliveryLease[" + delivery + (settled.get() ? ", settled" : ", held") + "]";
    }
}
