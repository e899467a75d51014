package dev.mailroom.activity.bulk;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.templating.UnsubscribeLinks;
import dev.mailroom.templating.UnsubscribeLinks.Unsubscribe;
import io.quarkus.runtime.StartupEvent;

/**
 * Checks the tokens of bulk email's unsubscribe links with {@code mailroom.unsubscribe.secret}, the secret
 * bulk-mail-service signs them with. Without one every token is refused; one too short to be safe stops the service
 * at startup instead of failing each request.
 */
@ApplicationScoped
public class UnsubscribeTokens {

    private final Optional<UnsubscribeLinks> links;

    public UnsubscribeTokens(@ConfigProperty(name = "mailroom.unsubscribe.secret") Optional<String> secret) {
        // Checking needs only the secret; the base URL is bulk-mail-service's to choose.
        this.links = secret.map(s -> new UnsubscribeLinks("https://unsubscribe.invalid", s));
    }

    void checkSettings(@Observes StartupEvent event) {
        // Observing the event is what makes the bean (and its constructor's check of the secret) run now.
    }

    /** What the token names, if this service's secret signed it. */
    public Optional<Unsubscribe> verify(String token) {
        return links.flatMap(l -> l.verify(token));
    }
}
