package dev.webhookverifier.replay;

/**
 * The replay store cannot answer: unreachable, timed out, or full. The verifier turns it into
 * {@code STORE_UNAVAILABLE}, which adapters answer with 503 so the provider retries later.
 */
public class ReplayStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without any request content
     */
    public ReplayStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without any request content
     * @param cause the store client's error
     */
    public ReplayStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
