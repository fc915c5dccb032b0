package dev.webhookverifier.spring;

import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookVerificationException;
import java.util.List;

/** Calls every listener bean; one that throws neither stops the others nor changes the decision. */
final class CompositeVerificationListener implements VerificationListener {
    private static final System.Logger LOG = System.getLogger(CompositeVerificationListener.class.getName());

    private final List<VerificationListener> listeners;

    private CompositeVerificationListener(List<VerificationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static VerificationListener of(List<VerificationListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> VerificationListener.NONE;
            case 1 -> listeners.get(0);
            default -> new CompositeVerificationListener(listeners);
        };
    }

    @Override
    public void onVerified(VerifiedDelivery delivery) {
        for (VerificationListener listener : listeners) {
            try {
                listener.onVerified(delivery);
            } catch (RuntimeException e) {
                logFailure(listener, e);
            }
        }
    }

    @Override
    public void onRejected(WebhookVerificationException failure) {
        for (VerificationListener listener : listeners) {
            try {
                listener.onRejected(failure);
            } catch (RuntimeException e) {
                logFailure(listener, e);
            }
        }
    }

    private static void logFailure(VerificationListener listener, RuntimeException e) {
        LOG.log(
                System.Logger.Level.WARNING,
                "verification listener " + listener.getClass().getName() + " threw "
                        + e.getClass().getName() + "; ignored");
    }

    @Override
    public String toString() {
        return "CompositeVerificationListener" + listeners;
    }
}
