package dev.mailroom.localstack;

/** The servers the local stack can start; tests ask only for those they use. */
public enum Component {
    KAFKA,
    POSTGRES,
    S3,
    MAIL
}
