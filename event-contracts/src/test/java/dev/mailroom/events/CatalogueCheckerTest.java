package dev.mailroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The checker catches drift: test-only copies of EmailStatusChanged that differ from the catalogued one. */
class CatalogueCheckerTest {

    private final JsonNode catalogued = AsyncApiCatalogue.load().payloadOf(EmailStatusChanged.class);

    record SameAsCatalogued(UUID eventId, Instant occurredAt, UUID activityId, int statuscode, String messageId,
            int deliveryAttempts, String failureReason) {
    }

    record WithAnExtraField(UUID eventId, Instant occurredAt, UUID activityId, int statuscode, String messageId,
            int deliveryAttempts, String failureReason, String smtpReply) {
    }

    record WithoutAField(UUID eventId, Instant occurredAt, UUID activityId, int statuscode, String messageId,
            int deliveryAttempts) {
    }

    record WithAChangedType(UUID eventId, Instant occurredAt, UUID activityId, String statuscode, String messageId,
            int deliveryAttempts, String failureReason) {
    }

    record WithAList(UUID eventId, Instant occurredAt, UUID activityId, int statuscode, List<String> messageId,
            int deliveryAttempts, String failureReason) {
    }

    @Test
    void shouldFindNoDisagreementWhenTheRecordMatches() {
        assertEquals(List.of(), CatalogueChecker.disagreements(SameAsCatalogued.class, catalogued));
    }

    @Test
    void shouldReportAFieldTheCatalogueLacks() {
        List<String> problems = CatalogueChecker.disagreements(WithAnExtraField.class, catalogued);

        assertTrue(problems.contains("WithAnExtraField.smtpReply: in the record, missing from the catalogue"),
                problems.toString());
    }

    @Test
    void shouldReportAFieldTheRecordLacks() {
        List<String> problems = CatalogueChecker.disagreements(WithoutAField.class, catalogued);

        assertTrue(problems.contains("WithoutAField.failureReason: in the catalogue, missing from the record"),
                problems.toString());
    }

    @Test
    void shouldReportAChangedType() {
        assertTrue(CatalogueChecker.disagreements(WithAChangedType.class, catalogued).stream()
                .anyMatch(problem -> problem.startsWith("WithAChangedType.statuscode: the record says")));
        assertTrue(CatalogueChecker.disagreements(WithAList.class, catalogued).stream()
                .anyMatch(problem -> problem.startsWith("WithAList.messageId: the record says")));
    }

    @Test
    void shouldReportNullAllowedForAPrimitive() {
        ObjectNode drifted = catalogued.deepCopy();
        ((ObjectNode) drifted.path("properties").path("deliveryAttempts")).putArray("type").add("integer").add("null");

        List<String> problems = CatalogueChecker.disagreements(SameAsCatalogued.class, drifted);

        assertEquals(List.of("SameAsCatalogued.deliveryAttempts: the catalogue allows null, the record's int never is"),
                problems);
    }
}
