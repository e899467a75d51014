package dev.mailroom.router.incoming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import dev.mailroom.events.IncomingAttachment;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.router.mail.MailStreamProvider;

/** Reads a fetched message into the event that reports it: headers, addresses and an HTML body. */
public final class IncomingMessages {

    static {
        MailStreamProvider.pin();
    }

    private IncomingMessages() {
    }

    /**
     * The email's activity id: a name-based UUID of the mailbox and the Message-ID, so the same message found again
     * (a new UIDVALIDITY, a POP3 server that forgot its UIDLs) names the same email and is not created twice.
     */
    public static UUID activityId(UUID mailboxId, String messageId) {
        return UUID.nameUUIDFromBytes(("incoming:" + mailboxId + ":" + messageId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param serverKey the message's UID or UIDL: the Message-ID of a message without one is derived from it
     * @param maxBodyChars longer bodies are cut (the event must fit the outbox's payload limit)
     */
    public static IncomingEmailReceived read(UUID mailboxId, Message message, String serverKey, int maxBodyChars)
            throws MessagingException, IOException {
        return read(mailboxId, message, serverKey, maxBodyChars, List.of());
    }

    /**
     * The same, with the message's files as stored in attachment-service. A delivery status notification (a bounce)
     * also carries what it reports ({@link DeliveryReports}); its human-readable part is the body.
     */
    public static IncomingEmailReceived read(UUID mailboxId, Message message, String serverKey, int maxBodyChars,
            List<IncomingAttachment> attachments) throws MessagingException, IOException {
        String messageId = message instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (messageId == null || messageId.isBlank()) {
            messageId = "<" + UUID.nameUUIDFromBytes((mailboxId + ":" + serverKey).getBytes(StandardCharsets.UTF_8))
                    + "@incoming.mailroom.local>";
        }
        messageId = unfold(messageId);
        String inReplyTo = header(message, "In-Reply-To");
        String references = header(message, "References");
        List<String> referenceIds = references == null ? List.of()
                : Arrays.stream(references.split("\\s+")).filter(id -> !id.isBlank()).toList();
        Instant receivedOn = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                : message.getSentDate() != null ? message.getSentDate().toInstant() : Instant.now();
        String body = htmlBody(message);
        if (body != null && body.length() > maxBodyChars) {
            body = body.substring(0, maxBodyChars);
        }
        Address[] from = message.getFrom();
        return new IncomingEmailReceived(UUID.randomUUID(), Instant.now(), activityId(mailboxId, messageId),
                mailboxId, messageId, inReplyTo, referenceIds,
                from == null || from.length == 0 ? null : address(from[0]),
                addresses(message.getRecipients(Message.RecipientType.TO)),
                addresses(message.getRecipients(Message.RecipientType.CC)), message.getSubject(), body, receivedOn,
                attachments, DeliveryReports.read(message).orElse(null));
    }

    private static String header(Message message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : unfold(values[0]);
    }

    private static String unfold(String value) {
        return MimeUtility.unfold(value).strip();
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> result = new ArrayList<>();
        if (addresses != null) {
            for (Address address : addresses) {
                result.add(address(address));
            }
        }
        return result;
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    /** The HTML part; else the text part, escaped and with its line breaks kept; null when there is neither. */
    static String htmlBody(Part part) throws MessagingException, IOException {
        String html = find(part, "text/html");
        if (html != null) {
            return html;
        }
        String text = find(part, "text/plain");
        return text == null ? null : "<div>" + escape(text).replace("\r\n", "\n").replace("\n", "<br>") + "</div>";
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            return content instanceof String text ? text : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
