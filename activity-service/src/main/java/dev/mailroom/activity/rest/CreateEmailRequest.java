package dev.mailroom.activity.rest;

import java.util.List;

import dev.mailroom.activity.ParticipationType;

/** A validated POST emails body. */
public record CreateEmailRequest(String subject, String description, boolean directioncode, int prioritycode,
        List<Party> parties) {

    /** One entry of {@code email_activity_parties}. */
    public record Party(ParticipationType type, String addressused) {
    }
}
