package dev.webhookverifier.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link WebhookConfigurationException} into Spring Boot's "APPLICATION FAILED TO START" report. */
final class WebhookConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WebhookConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WebhookConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
