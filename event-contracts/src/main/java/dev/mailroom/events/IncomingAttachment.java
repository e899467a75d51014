package dev.mailroom.events;

/**
 * One file of an incoming message, by reference: the router stored its bytes in attachment-service before it
 * published the message, and holds one blob reference for it until activity-service takes the file over (linked to
 * the email) or lets it go (a blocked type, a message delivered before).
 *
 * @param sha256 the blob's name in attachment-service; null when the router could not store the file (larger than
 *     attachment-service accepts), which activity-service notes as an attachment not saved
 * @param filename the name the message gives the part, decoded, as it came (activity-service cleans it)
 * @param mimeType the part's base MIME type, lower case
 * @param size the file's size in bytes (decoded), 0 when it was not stored
 * @param contentId the part's Content-ID without angle brackets (inline images), or null
 */
public record IncomingAttachment(String sha256, String filename, String mimeType, long size, String contentId) {
}
