package dev.mailroom.activity.rest;

/** The parameters of the bound SendEmail action. */
public record SendEmailRequest(boolean issueSend, String trackingToken) {
}
