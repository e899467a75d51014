package dev.mailroom.router.support;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.events.EmailApprovalSettingsChanged;
import dev.mailroom.events.EmailServerProfileChanged;
import dev.mailroom.events.MailboxChanged;
import dev.mailroom.events.MailboxOwnerChanged;
import dev.mailroom.events.MailroomEvent;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;

/** Publishes mailbox settings as activity-service does (compacted topic, keyed {@code <table>/<id>}). */
public final class MailboxSettings {

    private final KafkaTestClient kafka;

    public MailboxSettings(String bootstrapServers) {
        this.kafka = new KafkaTestClient(bootstrapServers);
    }

    public void owner(UUID ownerId, String type, String address, int approval) {
        publish(type + "/" + ownerId, MailboxOwnerChanged.TYPE,
                new MailboxOwnerChanged(UUID.randomUUID(), Instant.now(), ownerId, type, false, address, approval));
    }

    public void mailbox(UUID mailboxId, String address, UUID ownerId, String ownerType, UUID profileId) {
        publish("mailbox/" + mailboxId, MailboxChanged.TYPE, new MailboxChanged(UUID.randomUUID(), Instant.now(),
                mailboxId, false, address, 0, 2, 0, ownerId, ownerType, profileId));
    }

    public void approvalRequired(UUID organizationId, boolean users, boolean queues) {
        publish("organization/" + organizationId, EmailApprovalSettingsChanged.TYPE,
                new EmailApprovalSettingsChanged(UUID.randomUUID(), Instant.now(), organizationId, users, queues));
    }

    /** A server-side mailbox (incoming delivery method 2) polled through {@code profileId}. */
    public void incomingMailbox(UUID mailboxId, String address, UUID profileId) {
        publish("mailbox/" + mailboxId, MailboxChanged.TYPE, new MailboxChanged(UUID.randomUUID(), Instant.now(),
                mailboxId, false, address, 2, 0, 0, null, null, profileId));
    }

    /** A server-side mailbox owned by a user ({@code systemuser}) or a queue, with its own approval. */
    public void incomingMailbox(UUID mailboxId, String address, UUID profileId, UUID ownerId, String ownerType,
            int approval) {
        publish("mailbox/" + mailboxId, MailboxChanged.TYPE, new MailboxChanged(UUID.randomUUID(), Instant.now(),
                mailboxId, false, address, 2, 0, approval, ownerId, ownerType, profileId));
    }

    public void incomingProfile(UUID profileId, String server, int port, String username, String sealedPassword) {
        publish("emailserverprofile/" + profileId, EmailServerProfileChanged.TYPE,
                new EmailServerProfileChanged(UUID.randomUUID(), Instant.now(), profileId, false, server, port, false,
                        username, sealedPassword, null, null, false, null, null));
    }

    public void outgoingProfile(UUID profileId, String server, int port, boolean ssl, String username,
            String sealedPassword) {
        publish("emailserverprofile/" + profileId, EmailServerProfileChanged.TYPE,
                new EmailServerProfileChanged(UUID.randomUUID(), Instant.now(), profileId, false, null, null, true,
                        null, null, server, port, ssl, username, sealedPassword));
    }

    private void publish(String key, String type, MailroomEvent event) {
        try {
            kafka.publishCloudEvent(Topics.MAILBOX_SETTINGS, key, event.eventId(), type,
                    PendingEvents.MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
