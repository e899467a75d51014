package dev.mailroom.activity.error;

/**
 * The Dataverse error codes this API answers with. Codes marked "chosen" were not found in a primary source;
 * activity-service/README.md ("Errors") lists why each was picked.
 */
public enum DataverseError {
    /** Malformed JSON or a value of the wrong type. */
    PAYLOAD_ERROR("0x80048d19", 400),
    /** A property the entity type does not have. */
    UNKNOWN_PROPERTY("0x80060888", 400),
    /** A request URL segment that names nothing. */
    RESOURCE_NOT_FOUND("0x8006088a", 404),
    /** A key that is not a GUID, or an unusable query option. */
    QUERY_SYNTAX("0x80060888", 400),
    /** A record id that names no record. */
    OBJECT_DOES_NOT_EXIST("0x80040217", 404),
    /** A value that is not acceptable for the operation. */
    INVALID_ARGUMENT("0x80040203", 400),
    /** SendEmail (or create) without any To, Cc or Bcc party. */
    RECIPIENT_NOT_SPECIFIED("0x80040b04", 400),
    /** A lookup bound to a row of a table it cannot point at. */
    BAD_BIND("0x80048d19", 400),
    /** If-Match with an etag that is not the row's (ConcurrencyVersionMismatch). */
    VERSION_MISMATCH("0x80060882", 412),
    /** If-None-Match: * on a row that exists (DuplicateRecord). */
    DUPLICATE_RECORD("0x80040237", 412),
    /** A query option, operation or feature this service does not implement (chosen). */
    NOT_IMPLEMENTED("0x80060888", 501),
    /** A request body, URL or batch over its limit (chosen). */
    REQUEST_TOO_LARGE("0x80060888", 413),
    /** An email whose message is too large to send (EmailMessageSizeExceeded). */
    MESSAGE_SIZE_EXCEEDED("0x8005e237", 400),
    /** HTTP method not allowed on the resource (chosen). */
    METHOD_NOT_ALLOWED("0x80060888", 405),
    /** Request body that is not JSON (chosen). */
    UNSUPPORTED_MEDIA_TYPE("0x80060888", 415),
    /** A write the row's state forbids, e.g. changing a sent email (chosen: Dataverse's InvalidOperation). */
    INVALID_OPERATION("0x80040265", 400),
    /** An attachment over organization.maxuploadfilesize, counted in Base64 (unManagedidsattachmentinvalidfilesize). */
    ATTACHMENT_TOO_LARGE("0x80044a02", 400),
    /** An attachment whose file extension is in organization.blockedattachments (AttachmentBlocked). */
    ATTACHMENT_BLOCKED("0x80043e09", 400),
    /** An attachment whose MIME type is in organization.blockedmimetypes (MimeTypeBlocked). */
    MIME_TYPE_BLOCKED("0x80072522", 400),
    /** An attachment whose MIME type is not in organization.allowedmimetypes (MimeTypeNotInAllowedList). */
    MIME_TYPE_NOT_ALLOWED("0x80072521", 400),
    /** File storage (attachment-service or S3 behind it) is unreachable; nothing was written (chosen). */
    STORAGE_UNAVAILABLE("0x80040216", 503),
    /** Anything unexpected; never the answer to bad input. */
    UNEXPECTED("0x80040216", 500),
    /** No bearer token, or one that fails signature, issuer, audience or expiry (chosen). */
    NOT_AUTHENTICATED("0x80072560", 401),
    /** The caller lacks a privilege, or holds it at user level for another user's record (PrivilegeDenied). */
    PRIVILEGE_DENIED("0x80040220", 403),
    /** Service protection: too many requests in the sliding window. */
    REQUEST_LIMIT_EXCEEDED("0x80072322", 429),
    /** Service protection: too much combined execution time in the sliding window. */
    EXECUTION_TIME_LIMIT_EXCEEDED("0x80072321", 429),
    /** Service protection: too many concurrent requests. */
    CONCURRENCY_LIMIT_EXCEEDED("0x80072326", 429),
    /** A FetchXML attribute the entity does not have, or cannot be queried by (QueryBuilderNoAttribute). */
    QUERY_BUILDER_NO_ATTRIBUTE("0x80041103", 400);

    private final String code;
    private final int httpStatus;

    DataverseError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public DataverseException withMessage(String message) {
        return new DataverseException(this, message);
    }
}
