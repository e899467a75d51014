package dev.mailroom.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The pending-mail channel never fails because a record waits (throttled commit strategy's max age off), and the
 * same setting can be overridden from the environment without SmallRye inventing a channel named "email".
 */
class PendingChannelConfigTest {

    private static final String MAX_AGE =
            "mp.messaging.incoming.email-pending.throttled.unprocessed-record-max-age.ms";
    private static final String MAX_AGE_ENV =
            "MP_MESSAGING_INCOMING_EMAIL_PENDING_THROTTLED_UNPROCESSED_RECORD_MAX_AGE_MS";

    @Test
    void theRoutersOwnConfigurationTurnsTheMaxAgeCheckOff() throws IOException {
        SmallRyeConfig config = config(Map.of());
        assertEquals(0L, config.getValue(MAX_AGE, Long.class));
    }

    @Test
    void theEnvironmentFormOverridesTheNamedPropertyAndAddsNoChannel() throws IOException {
        SmallRyeConfig config = config(Map.of(MAX_AGE_ENV, "120000"));
        assertEquals(120000L, config.getValue(MAX_AGE, Long.class));
        assertFalse(channelNames(config).contains("email"), channelNames(config).toString());
    }

    @Test
    void withoutTheNamedPropertyTheEnvironmentFormReadsAsAChannelNamedEmail() {
        // Why the router once refused to start: a variable name cannot say where "email-pending" ends, so unless a
        // dotted name in another source matches it, the connector sees a channel "email" that has no connector.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of(MAX_AGE_ENV, "0"), 300)).build();
        assertTrue(channelNames(config).contains("email"), channelNames(config).toString());
    }

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        URL properties = PendingChannelConfigTest.class.getResource("/application.properties");
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, 250), new EnvConfigSource(env, 300)).build();
    }

    private static java.util.List<String> channelNames(SmallRyeConfig config) {
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith("mp.messaging.incoming."))
                .map(name -> name.substring("mp.messaging.incoming.".length()))
                .map(rest -> rest.substring(0, rest.indexOf('.')))
                .distinct().toList();
    }
}
