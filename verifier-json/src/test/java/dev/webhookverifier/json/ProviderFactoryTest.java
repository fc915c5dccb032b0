package dev.webhookverifier.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.Providers;
import org.junit.jupiter.api.Test;

/** {@code Providers.byId} finds the JSON presets through the ServiceLoader hook; core's ids win. */
class ProviderFactoryTest {
    @Test
    void byIdFindsTheJsonPresets() {
        assertThat(Providers.byId("mailgun")).isSameAs(JsonProviders.mailgun());
        assertThat(Providers.byId("ADYEN")).isSameAs(JsonProviders.adyen());
        assertThat(Providers.byId("adyen-hmac-signature")).isSameAs(JsonProviders.adyenHmacHeader());
        assertThat(Providers.byId("netlify")).isSameAs(JsonProviders.netlify());
        assertThat(Providers.byId("aws-sns")).isSameAs(Providers.byId("aws-sns"));
        assertThat(Providers.byId("aws-sns").id()).isEqualTo("aws-sns");
        assertThat(Providers.byId("linear")).isSameAs(Providers.linear());
        assertThat(new JsonProviderFactory().ids())
                .allSatisfy(id -> assertThat(Providers.byId(id).id()).isEqualTo(id));
        assertThatThrownBy(() -> Providers.byId("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Providers.byId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
