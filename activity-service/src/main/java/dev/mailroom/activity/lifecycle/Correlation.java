package dev.mailroom.activity.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Finds the email an incoming message continues, as Dataverse correlates: first by a tracking token in its
 * subject, then by its In-Reply-To and References headers (the Message-IDs of earlier mails).
 */
@ApplicationScoped
public class Correlation {

    /** Dataverse correlationmethod values. */
    public static final int IN_REPLY_TO = 3;
    public static final int TRACKING_TOKEN = 4;

    /** The email found, how, and what it is regarding (a reply is regarding the same record). */
    public record Match(UUID activityId, int method, UUID regardingId, String regardingType) {
    }

    private final EntityManager entityManager;
    private final TrackingTokens trackingTokens;

    public Correlation(EntityManager entityManager, TrackingTokens trackingTokens) {
        this.entityManager = entityManager;
        this.trackingTokens = trackingTokens;
    }

    public Optional<Match> find(IncomingMessage message) {
        List<String> tokens = trackingTokens.candidates(message.subject());
        if (!tokens.isEmpty()) {
            Optional<Match> byToken = first("trackingtoken IN (?1)", tokens, TRACKING_TOKEN);
            if (byToken.isPresent()) {
                return byToken;
            }
        }
        // In-Reply-To names the message answered; References, newest last, the thread before it.
        List<String> ids = new ArrayList<>();
        if (message.inReplyTo() != null && !message.inReplyTo().isBlank()) {
            ids.add(message.inReplyTo().trim());
        }
        for (int i = message.references().size() - 1; i >= 0; i--) {
            ids.add(message.references().get(i).trim());
        }
        for (String id : ids) {
            if (id.equals(message.messageId())) {
                continue;
            }
            Optional<Match> byId = first("messageid IN (?1)", List.of(id), IN_REPLY_TO);
            if (byId.isPresent()) {
                return byId;
            }
        }
        return Optional.empty();
    }

    private Optional<Match> first(String condition, List<String> values, int method) {
        List<?> rows = entityManager.createNativeQuery("SELECT activityid, regardingobjectid, regardingobjecttypecode "
                + "FROM email WHERE " + condition + " ORDER BY createdon, activityid LIMIT 1")
                .setParameter(1, values).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Match((UUID) row[0], method, (UUID) row[1], (String) row[2]));
    }
}
