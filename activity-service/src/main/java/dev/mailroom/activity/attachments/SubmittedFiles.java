package dev.mailroom.activity.attachments;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.events.IncomingAttachment;

/**
 * The files a {@code DeliverIncomingEmail} call carries in {@code Attachments} (Dataverse's
 * {@code Collection(attachment)}: records with {@code body} in Base64, {@code filename}, {@code mimetype} and,
 * for an inline image, {@code attachmentcontentid}), made into what a router's {@code IncomingEmailReceived} event
 * carries: each file stored in attachment-service and held by one blob reference. {@link ReceivedFiles} then links
 * them to the new email, or lets them go, exactly as it does a router's, with the same rules (blocked types,
 * {@code maxuploadfilesize}: such a file gets no row and the email's {@code notifications} becomes 1).
 *
 * <p>Reading checks every file's shape before anything is stored, so a malformed call stores nothing and answers
 * 400; storing happens only once the email is about to be created (not for a repeat of a Message-ID).
 */
@ApplicationScoped
public class SubmittedFiles {

    /** One file as the caller wrote it, its body checked as canonical Base64. */
    public record Submitted(String body, String filename, String mimeType, String contentId) {
    }

    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final AttachmentServiceClient client;
    private final BlobReferences references;

    public SubmittedFiles(AttachmentServiceClient client, BlobReferences references) {
        this.client = client;
        this.references = references;
    }

    /** The files of the {@code Attachments} parameter (null: none), or 400 naming the first malformed one. */
    public static List<Submitted> read(JsonNode attachments) {
        if (attachments == null || attachments.isNull()) {
            return List.of();
        }
        if (!attachments.isArray()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Attachments must be an array of attachment records.");
        }
        List<Submitted> files = new ArrayList<>();
        for (JsonNode file : attachments) {
            String which = "Attachment " + (files.size() + 1);
            if (!file.isObject()) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(which + " is not an attachment record.");
            }
            String type = file.path("@odata.type").asText("");
            if (!type.isEmpty() && !type.matches("#?Microsoft\\.Dynamics\\.CRM\\.(activitymime)?attachment")) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(which + " is a " + type + ", not an attachment.");
            }
            if (!file.path("body").isTextual()) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(which + " needs a 'body': the file in Base64.");
            }
            String body = file.get("body").textValue();
            try {
                Base64Text.check(body);
            } catch (DataverseException e) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(which + "'s 'body' is not valid Base64.");
            }
            String mimeType = text(file, "mimetype", which);
            if (mimeType != null && (mimeType.length() > 256 || mimeType.chars().anyMatch(Character::isISOControl))) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(which + "'s 'mimetype' must be one line of at "
                        + "most 256 characters.");
            }
            files.add(new Submitted(body, text(file, "filename", which), mimeType,
                    text(file, "attachmentcontentid", which)));
        }
        return files;
    }

    /**
     * Stores each file in attachment-service and takes one reference to it in the current transaction (given back
     * if the transaction does not commit): what a router holds for a file of a message it read.
     */
    public List<IncomingAttachment> store(List<Submitted> files) {
        List<IncomingAttachment> stored = new ArrayList<>();
        for (Submitted file : files) {
            String mimeType = file.mimeType() == null || file.mimeType().isBlank() ? DEFAULT_MIME_TYPE
                    : file.mimeType();
            StoredFile blob = client.store(() -> Base64Text.decode(file.body()), mimeType);
            references.take(blob.sha256());
            stored.add(new IncomingAttachment(blob.sha256(), file.filename(), mimeType, blob.size(),
                    file.contentId()));
        }
        return stored;
    }

    private static String text(JsonNode file, String name, String which) {
        JsonNode value = file.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(which + "'s '" + name + "' must be a string.");
        }
        return value.textValue();
    }
}
