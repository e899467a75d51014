package dev.mailroom.activity.error;

/** The Dataverse Web API error body. */
public record ErrorResponse(Error error) {

    public record Error(String code, String message) {
    }

    public static ErrorResponse of(DataverseError error, String message) {
        return new ErrorResponse(new Error(error.code(), message));
    }
}
