package dev.mailroom.bulkmail.fanout;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.templating.UnsubscribeLinks;
import io.quarkus.runtime.StartupEvent;

/**
 * The one-click unsubscribe link each bulk email carries ({@code mailroom.unsubscribe.url}, signed with
 * {@code mailroom.unsubscribe.secret}, the same two settings activity-service follows the links with). Without a URL,
 * bulk email goes out without one: the service cannot guess the address at which activity-service is public. A URL
 * without a secret, or a secret or URL {@link UnsubscribeLinks} refuses, stops the service at startup rather than
 * failing every page or sending links nobody could follow.
 */
@ApplicationScoped
public class UnsubscribeLinkSource {

    private final Optional<UnsubscribeLinks> links;

    public UnsubscribeLinkSource(@ConfigProperty(name = "mailroom.unsubscribe.url") Optional<String> url,
            @ConfigProperty(name = "mailroom.unsubscribe.secret") Optional<String> secret) {
        if (url.isPresent() && secret.isEmpty()) {
            throw new IllegalStateException("mailroom.unsubscribe.url is set but mailroom.unsubscribe.secret is not: "
                    + "set the secret activity-service verifies unsubscribe links with");
        }
        this.links = url.map(base -> new UnsubscribeLinks(base, secret.get()));
    }

    /** Made at startup, not at the first page: a setting that cannot work stops the service, not every job. */
    void checkSettings(@Observes StartupEvent event) {
        // Observing the event is what makes the bean (and its constructor's checks) run now.
    }

    /** The recipient's link for this job, or null when no unsubscribe URL is configured. */
    public String linkFor(String table, UUID recipientId, UUID jobId) {
        return links.map(l -> l.linkFor(table, recipientId, jobId)).orElse(null);
    }
}
