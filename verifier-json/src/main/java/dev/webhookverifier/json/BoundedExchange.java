package dev.webhookverifier.json;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One outgoing HTTP exchange whose whole duration is bounded: a request's own timeout covers only the wait for the
 * response headers, so the exchange, body included, is bounded by waiting on the asynchronous send. Shared by the
 * SNS certificate fetch and the SNS subscription confirmation.
 */
final class BoundedExchange {
    private BoundedExchange() {}

    /** Why an exchange failed, in words that never include the URL (its query may hold a token). */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    static <T> HttpResponse<T> send(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler, Duration timeout)
            throws Failure {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, handler);
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Failure("no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new Failure(
                    e.getCause() == null ? "?" : e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            throw new Failure("interrupted");
        }
    }
}
