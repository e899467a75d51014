package dev.mailroom.activity.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.ActivityParty;
import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.attachments.ReceivedFiles;
import dev.mailroom.activity.attachments.SubmittedFiles;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.events.IncomingAttachment;

/**
 * Received mail: CheckIncomingEmail's verdict, and delivery as a Received email (statecode 1, statuscode 4) with
 * its parties resolved by address and its conversation found by {@link Correlation}. A Message-ID is delivered
 * once: deliveries of one Message-ID take turns on a transaction-scoped advisory lock, and the later ones find
 * the email already there.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class IncomingEmails {

    /** CheckIncomingEmail's ReasonCode values (Dataverse's are undocumented; these are Mailroom's). */
    public static final int DELIVER = 0;
    public static final int ALREADY_DELIVERED = 1;
    public static final int NOT_TRACKED = 2;

    /** Whether a message would be tracked, and why not. */
    public record Verdict(boolean shouldDeliver, int reasonCode) {
    }

    /** The email a message became, and whether this call created it (false: it was there already). */
    public record Delivered(UUID activityId, boolean created, IncomingMessage message) {
    }

    private final EntityManager entityManager;
    private final PartyDirectory directory;
    private final Correlation correlation;
    private final LifecycleEvents events;
    private final ReceivedFiles files;
    private final SubmittedFiles submitted;
    private final Clock clock = Clock.systemUTC();

    public IncomingEmails(EntityManager entityManager, PartyDirectory directory, Correlation correlation,
            LifecycleEvents events, ReceivedFiles files, SubmittedFiles submitted) {
        this.entityManager = entityManager;
        this.directory = directory;
        this.correlation = correlation;
        this.events = events;
        this.files = files;
        this.submitted = submitted;
    }

    /**
     * Tracked when not delivered yet and it continues a known conversation, or its sender or a recipient is a
     * known contact, account, lead, user or queue.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Verdict check(IncomingMessage message) {
        if (!existing(List.of(message)).isEmpty()) {
            return new Verdict(false, ALREADY_DELIVERED);
        }
        return isTracked(message, directory.resolve(message.addresses()))
                ? new Verdict(true, DELIVER) : new Verdict(false, NOT_TRACKED);
    }

    /**
     * DeliverIncomingEmail. With {@code validateBeforeCreate} a message that would not be tracked is refused; one
     * delivered before answers with the email it became, and its {@code attachments} are not stored. A new email's
     * files are stored and held as a router holds them ({@link SubmittedFiles}), then linked like a router's
     * ({@link ReceivedFiles}), all in this transaction.
     */
    public Delivered deliver(IncomingMessage message, boolean validateBeforeCreate,
            List<SubmittedFiles.Submitted> attachments) {
        lock(List.of(message));
        Map<String, UUID> existing = existing(List.of(message));
        if (!existing.isEmpty()) {
            return new Delivered(existing.values().iterator().next(), false, message);
        }
        Map<String, PartyDirectory.Party> parties = directory.resolve(message.addresses());
        if (validateBeforeCreate && !isTracked(message, parties)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The e-mail with Message-ID " + message.messageId()
                    + " is not tracked: it continues no known conversation, and neither its sender nor its "
                    + "recipients are known records.");
        }
        UUID id = create(message, parties);
        if (!attachments.isEmpty()) {
            List<IncomingAttachment> stored = submitted.store(attachments);
            entityManager.flush(); // the email's row exists before its counters move
            files.link(Map.of(id, stored));
        }
        return new Delivered(id, true, message);
    }

    /**
     * Delivers a batch (a router's events) in one transaction: one lookup of what is already there, one of every
     * address; a message delivered before, or twice in the batch, creates nothing, and its files are let go. The
     * files of each new email are linked to it ({@link ReceivedFiles}).
     */
    public List<Delivered> deliverAll(List<IncomingMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        lock(messages);
        Map<String, UUID> existing = existing(messages);
        Set<String> allAddresses = new HashSet<>();
        messages.forEach(message -> allAddresses.addAll(message.addresses()));
        Map<String, PartyDirectory.Party> parties = directory.resolve(allAddresses);
        List<Delivered> delivered = new ArrayList<>();
        for (IncomingMessage message : messages) {
            UUID before = existing.get(message.messageId());
            if (before == null && message.activityId() != null) {
                before = existing.get(message.activityId().toString());
            }
            if (before != null) {
                delivered.add(new Delivered(before, false, message));
                files.letGo(message.attachments());
                continue;
            }
            UUID id = create(message, parties);
            existing.put(message.messageId(), id);
            delivered.add(new Delivered(id, true, message));
        }
        Map<UUID, List<IncomingAttachment>> newFiles = new LinkedHashMap<>();
        delivered.stream().filter(Delivered::created)
                .forEach(email -> newFiles.put(email.activityId(), email.message().attachments()));
        if (newFiles.values().stream().anyMatch(list -> !list.isEmpty())) {
            entityManager.flush(); // the emails' rows exist before their counters move
            files.link(newFiles);
        }
        return delivered;
    }

    /**
     * DeliverPromoteEmail: an email a client already has (a Draft it tracked) becomes the Received copy of the
     * message. If the Message-ID was delivered already, that email is the answer and the draft stays as it was.
     */
    public Delivered promote(UUID activityId, IncomingMessage message) {
        lock(List.of(message));
        Map<String, UUID> existing = existing(List.of(message));
        if (!existing.isEmpty()) {
            return new Delivered(existing.values().iterator().next(), false, message);
        }
        EmailActivity email = entityManager.find(EmailActivity.class, activityId,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (email == null) {
            throw DataverseException.emailNotFound(activityId);
        }
        if (email.status() != EmailStatus.DRAFT) {
            throw DataverseError.INVALID_OPERATION.withMessage("Only a Draft email can be promoted to a received "
                    + "one; this email is " + email.status().label() + " (statuscode " + email.statuscode + ").");
        }
        email.parties.clear();
        entityManager.flush();
        fill(email, message, directory.resolve(message.addresses()));
        events.received(email, message);
        return new Delivered(email.activityid, true, message);
    }

    private boolean isTracked(IncomingMessage message, Map<String, PartyDirectory.Party> parties) {
        return correlation.find(message).isPresent() || message.addresses().stream()
                .anyMatch(address -> parties.containsKey(address.toLowerCase(Locale.ROOT)));
    }

    /** Message-IDs in a fixed order, so two batches sharing some never wait on each other in a cycle. */
    private void lock(List<IncomingMessage> messages) {
        messages.stream().map(IncomingMessage::messageId).distinct().sorted(Comparator.naturalOrder())
                .forEach(id -> entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, "
                        + "6))").setParameter(1, id).getSingleResult());
    }

    /** Received emails already there, by Message-ID and by the ids given (as text). */
    private Map<String, UUID> existing(List<IncomingMessage> messages) {
        List<String> messageIds = messages.stream().map(IncomingMessage::messageId).distinct().toList();
        List<UUID> ids = messages.stream().map(IncomingMessage::activityId).filter(java.util.Objects::nonNull)
                .toList();
        List<?> rows = entityManager.createNativeQuery("SELECT activityid, messageid FROM email WHERE "
                + "(directioncode = FALSE AND messageid IN (?1)) OR activityid IN (?2)")
                .setParameter(1, messageIds).setParameter(2, ids.isEmpty() ? List.of(new UUID(0, 0)) : ids)
                .getResultList();
        Map<String, UUID> found = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            UUID id = (UUID) columns[0];
            found.put(id.toString(), id);
            if (columns[1] != null) {
                found.put((String) columns[1], id);
            }
        }
        return found;
    }

    private UUID create(IncomingMessage message, Map<String, PartyDirectory.Party> parties) {
        Instant now = clock.instant();
        EmailActivity email = new EmailActivity();
        email.activityid = message.activityId() != null ? message.activityId() : TimeOrderedIds.next();
        email.createdon = now;
        fill(email, message, parties);
        entityManager.persist(email);
        events.received(email, message);
        return email.activityid;
    }

    private void fill(EmailActivity email, IncomingMessage message, Map<String, PartyDirectory.Party> parties) {
        Instant now = clock.instant();
        email.directioncode = false;
        email.moveTo(EmailStatus.RECEIVED, now);
        email.subject = oneLine(message.subject(), 800);
        email.description = message.htmlBody();
        email.messageid = message.messageId();
        email.inreplyto = oneLine(message.inReplyTo(), 320);
        email.senton = message.receivedOn() != null ? message.receivedOn() : now;
        email.receivingmailboxid = message.mailboxId();
        email.sender = oneLine(message.from(), 250);
        String to = String.join(";", message.to());
        email.torecipients = to.isEmpty() ? null : to.length() <= 500 ? to : to.substring(0, 500);
        Optional<Correlation.Match> match = correlation.find(message);
        email.correlationmethod = match.map(Correlation.Match::method).orElse(0);
        match.ifPresent(found -> {
            email.parentactivityid = found.activityId();
            email.regardingobjectid = found.regardingId();
            email.regardingobjecttypecode = found.regardingType();
        });
        if (message.from() != null) {
            addParty(email, ParticipationType.SENDER, message.from(), parties);
        }
        message.to().forEach(address -> addParty(email, ParticipationType.TO_RECIPIENT, address, parties));
        message.cc().forEach(address -> addParty(email, ParticipationType.CC_RECIPIENT, address, parties));
        message.bcc().forEach(address -> addParty(email, ParticipationType.BCC_RECIPIENT, address, parties));
    }

    private static void addParty(EmailActivity email, ParticipationType type, String address,
            Map<String, PartyDirectory.Party> parties) {
        ActivityParty party = new ActivityParty();
        party.activitypartyid = TimeOrderedIds.next();
        party.email = email;
        party.participationtypemask = type.mask();
        party.addressused = oneLine(address, 320);
        PartyDirectory.Party record = parties.get(address.toLowerCase(Locale.ROOT));
        if (record != null) {
            party.partyid = record.id();
            party.partyobjecttypecode = record.type();
        }
        email.parties.add(party);
    }

    /** Header text from the wire: line breaks and other control characters become spaces, then it is cut. */
    private static String oneLine(String text, int length) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String result = clean.toString().trim();
        return result.length() <= length ? result : result.substring(0, length);
    }
}
