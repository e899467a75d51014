package dev.mailroom.activity.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.ParticipationType;

/** Turns Web API request bodies about emails into validated requests, or into Dataverse errors. */
@ApplicationScoped
public class EmailRequestReader {

    static final String EMAIL_TYPE = "Microsoft.Dynamics.CRM.email";
    static final String PARTY_TYPE = "Microsoft.Dynamics.CRM.activityparty";

    private static final Set<String> EMAIL_PROPERTIES = Set.of("subject", "description", "directioncode",
            "prioritycode", "email_activity_parties");
    private static final Set<String> PARTY_PROPERTIES = Set.of("participationtypemask", "addressused");
    private static final Set<String> SEND_EMAIL_PARAMETERS = Set.of("IssueSend", "TrackingToken");
    /** Deliberately loose (one @, no spaces, a dot in the domain): the SMTP server has the final word. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final ObjectMapper mapper;

    public EmailRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public CreateEmailRequest readCreate(String body) {
        JsonNode node = JsonBodies.parseObject(mapper, body, "email");
        JsonBodies.requireKnownProperties(node, EMAIL_PROPERTIES, EMAIL_TYPE);
        String subject = JsonBodies.optionalString(node, "subject", 800, "email");
        if (subject == null || subject.isBlank()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Required field 'subject' is missing.");
        }
        String description = JsonBodies.optionalString(node, "description", 1_073_741_823, "email");
        Boolean direction = JsonBodies.optionalBoolean(node, "directioncode", "email");
        Integer priority = JsonBodies.optionalInt(node, "prioritycode", "email");
        if (priority != null && (priority < 0 || priority > 2)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A validation error occurred. The value " + priority
                    + " of 'prioritycode' on record of type 'email' is outside the valid range. "
                    + "Accepted Values: 0,1,2");
        }
        List<CreateEmailRequest.Party> parties = readParties(node.get("email_activity_parties"));
        long senders = parties.stream().filter(party -> party.type() == ParticipationType.SENDER).count();
        if (senders > 1) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(
                    "An email can have only one sender (participationtypemask 1).");
        }
        if (parties.stream().noneMatch(party -> party.type().isRecipient())) {
            throw DataverseError.RECIPIENT_NOT_SPECIFIED.withMessage(
                    "The e-mail must have at least one recipient before it can be sent");
        }
        return new CreateEmailRequest(subject, description, direction == null || direction,
                priority == null ? 1 : priority, parties);
    }

    private List<CreateEmailRequest.Party> readParties(JsonNode node) {
        List<CreateEmailRequest.Party> parties = new ArrayList<>();
        if (node == null || node.isNull()) {
            return parties;
        }
        if (!node.isArray()) {
            throw JsonBodies.payloadError("email",
                    "'email_activity_parties' must be an array of activityparty objects.");
        }
        for (JsonNode party : node) {
            if (!party.isObject()) {
                throw JsonBodies.payloadError("activityparty", "Each activity party must be a JSON object.");
            }
            JsonBodies.requireKnownProperties(party, PARTY_PROPERTIES, PARTY_TYPE);
            Integer mask = JsonBodies.optionalInt(party, "participationtypemask", "activityparty");
            if (mask == null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("Required field 'participationtypemask' is missing.");
            }
            ParticipationType type = ParticipationType.fromMask(mask).orElseThrow(() -> DataverseError.INVALID_ARGUMENT
                    .withMessage("participationtypemask " + mask + " is not valid on an email: use 1 (Sender), 2 (To), "
                            + "3 (Cc) or 4 (Bcc)."));
            String address = JsonBodies.optionalString(party, "addressused", 320, "activityparty");
            if (address == null || !ADDRESS.matcher(address).matches()) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("The activity party's 'addressused' must be an email "
                        + "address, got " + (address == null ? "nothing" : "'" + address + "'") + ".");
            }
            parties.add(new CreateEmailRequest.Party(type, address.trim()));
        }
        return parties;
    }

    public SendEmailRequest readSendEmail(String body) {
        JsonNode node = JsonBodies.parseObject(mapper, body, "SendEmail");
        JsonBodies.requireKnownProperties(node, SEND_EMAIL_PARAMETERS, "Microsoft.Dynamics.CRM.SendEmail");
        Boolean issueSend = JsonBodies.optionalBoolean(node, "IssueSend", "SendEmail");
        if (issueSend == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Required parameter 'IssueSend' is missing.");
        }
        return new SendEmailRequest(issueSend, JsonBodies.optionalString(node, "TrackingToken", 50, "SendEmail"));
    }
}
