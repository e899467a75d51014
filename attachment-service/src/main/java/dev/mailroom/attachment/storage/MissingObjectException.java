package dev.mailroom.attachment.storage;

/**
 * S3 answered 404 for a blob's object: the blob was deleted (by this or another instance's collector) after its row
 * was read. A download answers 404, as for a blob without a row; it is not an outage.
 */
public class MissingObjectException extends RuntimeException {

    private final String key;

    public MissingObjectException(String key) {
        super("S3 has no object " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
