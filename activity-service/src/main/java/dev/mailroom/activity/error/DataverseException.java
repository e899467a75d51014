package dev.mailroom.activity.error;

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
        return notFound("email", id);
    }

    /** Dataverse's ObjectDoesNotExist: "{table} With Id = {id} Does Not Exist". */
    public static DataverseException notFound(String table, Object id) {
        return DataverseError.OBJECT_DOES_NOT_EXIST.withMessage(table + " With Id = " + id + " Does Not Exist");
    }
}
