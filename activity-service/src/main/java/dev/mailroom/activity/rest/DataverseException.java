package dev.mailroom.activity.rest;

/** A request the Web API refuses, answered as {@code {"error":{"code":"0x…","message":"…"}}}. */
public class DataverseException extends RuntimeException {

    private final DataverseError error;

    public DataverseException(DataverseError error, String message) {
        super(message);
        this.error = error;
    }

    public DataverseError error() {
        return error;
    }

    public static DataverseException emailNotFound(Object id) {
        return DataverseError.OBJECT_DOES_NOT_EXIST.withMessage("email With Id = " + id + " Does Not Exist");
    }
}
