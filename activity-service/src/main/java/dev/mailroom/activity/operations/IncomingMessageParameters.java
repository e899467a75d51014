package dev.mailroom.activity.operations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.lifecycle.IncomingMessage;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;

/**
 * The parameters DeliverIncomingEmail, DeliverPromoteEmail and CheckIncomingEmail share, read into an
 * {@link IncomingMessage}. Address lists are separated by semicolons or commas; {@code Name <address>} keeps the
 * address. {@code ExtraProperties} (an email) may carry {@code inreplyto}.
 */
final class IncomingMessageParameters {

    static final List<Parameter> MESSAGE = List.of(
            new Parameter("MessageId", "Edm.String", false),
            new Parameter("Subject", "Edm.String", true),
            new Parameter("From", "Edm.String", false),
            new Parameter("To", "Edm.String", false),
            new Parameter("Cc", "Edm.String", true),
            new Parameter("Bcc", "Edm.String", true));

    static final List<Parameter> DELIVERY = List.of(
            new Parameter("ReceivedOn", "Edm.DateTimeOffset", true),
            new Parameter("SubmittedBy", "Edm.String", true),
            new Parameter("Importance", "Edm.String", true),
            new Parameter("Body", "Edm.String", true),
            new Parameter("ExtraProperties", "Microsoft.Dynamics.CRM.email", true));

    static final List<Parameter> EMAIL_ID = List.of(new Parameter("EmailId", "Edm.Guid", false));

    private IncomingMessageParameters() {
    }

    static List<Parameter> concat(List<Parameter> first, List<Parameter> second) {
        List<Parameter> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    static IncomingMessage read(Map<String, Object> parameters) {
        String messageId = ((String) parameters.get("MessageId")).trim();
        if (messageId.isEmpty() || messageId.length() > 320 || messageId.chars().anyMatch(Character::isISOControl)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("MessageId must be 1 to 320 characters on one line.");
        }
        List<String> from = addresses((String) parameters.get("From"));
        if (from.size() != 1) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("From must name exactly one address.");
        }
        String inReplyTo = null;
        if (parameters.get("ExtraProperties") instanceof JsonNode extra && extra.path("inreplyto").isTextual()) {
            inReplyTo = extra.path("inreplyto").textValue();
        }
        Instant receivedOn = (Instant) parameters.get("ReceivedOn");
        return new IncomingMessage(null, null, messageId, inReplyTo, List.of(), from.get(0),
                addresses((String) parameters.get("To")), addresses((String) parameters.get("Cc")),
                addresses((String) parameters.get("Bcc")), (String) parameters.get("Subject"),
                (String) parameters.get("Body"), receivedOn);
    }

    /** {@code "Ann <ann@example.com>; bob@example.com"} to its addresses. */
    static List<String> addresses(String text) {
        List<String> addresses = new ArrayList<>();
        if (text == null) {
            return addresses;
        }
        for (String part : text.split("[;,]")) {
            String address = part.trim();
            int open = address.lastIndexOf('<');
            int close = address.lastIndexOf('>');
            if (open >= 0 && close > open) {
                address = address.substring(open + 1, close).trim();
            }
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    static Map<String, Object> emailId(UUID id) {
        return Map.of("EmailId", id);
    }
}
