package dev.webhookverifier.json;

import dev.webhookverifier.Provider;
import dev.webhookverifier.spi.ProviderFactory;
import java.util.List;
import java.util.Optional;

/**
 * Makes the JSON presets known to {@code Providers.byId} (and so to the CLI and configuration properties) when
 * verifier-json is on the class path: {@code mailgun}, {@code adyen}, {@code adyen-hmac-signature}, {@code
 * netlify}, {@code aws-sns} (default {@link AwsSnsOptions}, one shared certificate cache). {@code linear} stays
 * core's signature-only preset; use {@link JsonProviders#linear()} for the body timestamp check.
 */
public final class JsonProviderFactory implements ProviderFactory {
    private static final List<String> IDS = List.of("mailgun", "adyen", "adyen-hmac-signature", "netlify", "aws-sns");

    /** The shared aws-sns preset, created on first use. */
    private static final class Sns {
        static final Provider DEFAULT = JsonProviders.awsSns();
    }

    /** For {@link java.util.ServiceLoader}. */
    public JsonProviderFactory() {}

    @Override
    public List<String> ids() {
        return IDS;
    }

    @Override
    public Optional<Provider> byId(String id) {
        return Optional.ofNullable(
                switch (id) {
                    case "mailgun" -> JsonProviders.mailgun();
                    case "adyen" -> JsonProviders.adyen();
                    case "adyen-hmac-signature" -> JsonProviders.adyenHmacHeader();
                    case "netlify" -> JsonProviders.netlify();
                    case "aws-sns" -> Sns.DEFAULT;
                    default -> null;
                });
    }
}
