package dev.webhookverifier.spring;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookVerificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the test applications' handlers saw; also the applications' VerificationListener bean. */
public class Recorder implements VerificationListener {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Object> last = new ConcurrentHashMap<>();
    public final ConcurrentLinkedQueue<FailureReason> rejections = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<String> verified = new ConcurrentLinkedQueue<>();

    public void record(String handler, Object... values) {
        calls.computeIfAbsent(handler, k -> new AtomicInteger()).incrementAndGet();
        last.put(handler, List.of(values));
    }

    public int calls(String handler) {
        AtomicInteger n = calls.get(handler);
        return n == null ? 0 : n.get();
    }

    @SuppressWarnings("unchecked")
    public List<Object> last(String handler) {
        return (List<Object>) last.get(handler);
    }

    public void reset() {
        calls.clear();
        last.clear();
        rejections.clear();
        verified.clear();
    }

    @Override
    public void onVerified(VerifiedDelivery delivery) {
        verified.add(delivery.providerId());
    }

    @Override
    public void onRejected(WebhookVerificationException failure) {
        rejections.add(failure.reason());
    }
}
