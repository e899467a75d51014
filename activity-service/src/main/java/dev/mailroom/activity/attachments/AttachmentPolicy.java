package dev.mailroom.activity.attachments;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;

/**
 * The organization's attachment limits, read from its row at each upload (a PATCH applies at once):
 * {@code maxuploadfilesize} on the Base64 size, {@code blockedattachments} by extension in any letter case,
 * {@code allowedmimetypes} / {@code blockedmimetypes}; and file names that are safe as a MIME parameter.
 */
@ApplicationScoped
public class AttachmentPolicy {

    static final String TOO_LARGE = "Attachment file size is too big.";
    static final String BLOCKED = "The attachment is either not a valid type or is too large. It cannot be uploaded "
            + "or downloaded.";

    /** The {@code filename} column's length. */
    static final int MAX_FILENAME = 255;

    private final RecordStore store;

    public AttachmentPolicy(RecordStore store) {
        this.store = store;
    }

    /** The limits as they are now. */
    public Limits limits() {
        List<Map<String, Object>> rows = store.query(Sql.of("SELECT maxuploadfilesize, blockedattachments, "
                + "blockedmimetypes, allowedmimetypes FROM organization ORDER BY createdon LIMIT 1"));
        Map<String, Object> row = rows.isEmpty() ? Map.of() : rows.get(0);
        Number max = (Number) row.getOrDefault("maxuploadfilesize", 5_242_880);
        return new Limits(max.longValue(), list((String) row.get("blockedattachments")),
                list((String) row.get("blockedmimetypes")), list((String) row.get("allowedmimetypes")));
    }

    /** Checks a new file: its name, type and the length of its Base64 text. */
    public void checkUpload(String filename, String mimeType, long base64Length) {
        Limits limits = limits();
        checkFilename(filename);
        if (base64Length > limits.maxUploadFileSize()) {
            throw DataverseError.ATTACHMENT_TOO_LARGE.withMessage(TOO_LARGE);
        }
        checkType(limits, filename, mimeType);
    }

    /** Checks a file's name and type (a block upload's target, before any block is sent). */
    public void checkType(Limits limits, String filename, String mimeType) {
        String extension = extension(filename);
        if (extension != null && limits.blockedExtensions().contains(extension)) {
            throw DataverseError.ATTACHMENT_BLOCKED.withMessage(BLOCKED);
        }
        if (mimeType == null) {
            return;
        }
        String type = mimeType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        if (!limits.allowedMimeTypes().isEmpty()) {
            if (!limits.allowedMimeTypes().contains(type)) {
                throw DataverseError.MIME_TYPE_NOT_ALLOWED.withMessage("The MIME type '" + type + "' is not in the "
                        + "list of allowed MIME types.");
            }
        } else if (limits.blockedMimeTypes().contains(type)) {
            throw DataverseError.MIME_TYPE_BLOCKED.withMessage("The MIME type '" + type + "' is blocked.");
        }
    }

    /**
     * A file name becomes a MIME parameter and, on the recipient's side, a file on disk: no path separators, no
     * control characters, not "." or "..".
     */
    public static void checkFilename(String filename) {
        if (filename == null || filename.isBlank()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An attachment needs a 'filename'.");
        }
        boolean unsafe = filename.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))
                || filename.equals(".") || filename.equals("..");
        if (unsafe) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The attachment's filename cannot contain path "
                    + "separators or control characters.");
        }
    }

    /**
     * A file name from received mail made what {@link #checkFilename} accepts, rather than refused (the message is
     * not the user's to correct): only the last path segment is kept (a sender's folders, {@code ../}), control
     * characters become {@code _}, a name left blank, {@code .} or {@code ..} becomes {@code attachment}, and a name
     * over 255 characters is shortened in front of its extension.
     */
    public static String cleanFilename(String filename) {
        String name = filename == null ? "" : filename;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        name = clean.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "attachment";
        }
        if (name.length() > MAX_FILENAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, MAX_FILENAME - extension.length()) + extension;
        }
        return name;
    }

    /** The part after the last dot, lower case; trailing dots and spaces are ignored, as Windows does. */
    static String extension(String filename) {
        String name = filename.replaceAll("[. ]+$", "");
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Set<String> list(String semicolonList) {
        if (semicolonList == null) {
            return Set.of();
        }
        return Arrays.stream(semicolonList.split(";")).map(item -> item.trim().toLowerCase(Locale.ROOT))
                .filter(item -> !item.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** The organization's settings that apply to an upload. */
    public record Limits(long maxUploadFileSize, Set<String> blockedExtensions, Set<String> blockedMimeTypes,
            Set<String> allowedMimeTypes) {
    }
}
