package dev.mailroom.router.mail;

import java.util.List;

/** One message as handed to SMTP. */
public record OutgoingEmail(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
        String subject, String htmlBody, String activityId, String trackingToken) {
}
