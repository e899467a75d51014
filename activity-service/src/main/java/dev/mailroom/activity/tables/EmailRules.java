package dev.mailroom.activity.tables;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.TableRules;

/**
 * What an email checks beyond its columns: it is created as a Draft, its state and status agree, a completed or
 * canceled email is read-only, it has at most one sender, and its {@code sender}/{@code torecipients} text follows
 * its parties (written with the email, or replaced as a whole list by an update of a draft).
 */
final class EmailRules implements TableRules {

    /** Its checks and derived columns only read: concurrent creates may share a transaction. */
    @Override
    public boolean groupCommit() {
        return true;
    }

    private static final Map<Integer, Set<Integer>> STATUSES_OF_STATE =
            Map.of(0, Set.of(1, 8), 1, Set.of(2, 3, 4, 6, 7), 2, Set.of(5));
    /** The state changes a client may make with PATCH (SetState); the rest belong to SendEmail and the routers. */
    private static final Set<Integer> CLIENT_SETTABLE_STATUSES = Set.of(1, 2, 5);

    @Override
    public void checkCreate(Map<String, Object> values) {
        checkSubject(values);
        if (!Objects.equals(values.get("statecode"), 0) || !Objects.equals(values.get("statuscode"), 1)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An email is created as a Draft (statecode 0, "
                    + "statuscode 1); send it with SendEmail or change its state afterwards.");
        }
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        if (!Objects.equals(current.get("statecode"), 0)) {
            if (!EmailTransitions.allowsOnClosed(current, changes)) {
                throw DataverseError.INVALID_OPERATION.withMessage("This email is completed or canceled "
                        + "(statecode " + current.get("statecode") + ") and cannot be changed.");
            }
            return;
        }
        checkSubject(changes);
        if (!changes.containsKey("statecode") && !changes.containsKey("statuscode")) {
            return;
        }
        Object state = changes.getOrDefault("statecode", current.get("statecode"));
        Object status = changes.get("statuscode");
        if (status == null) {
            status = Objects.equals(state, 0) ? 1 : Objects.equals(state, 1) ? 2 : 5;
            changes.put("statuscode", status);
        }
        if (!STATUSES_OF_STATE.getOrDefault(state, Set.of()).contains(status)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(status + " is not a valid status code for state code "
                    + "EmailState." + EmailTable.STATES.getOrDefault(state, String.valueOf(state)) + " on email.");
        }
        if (!CLIENT_SETTABLE_STATUSES.contains(status)) {
            throw DataverseError.INVALID_OPERATION.withMessage("Status " + EmailTable.STATUSES.get(status)
                    + " is set by sending, not by an update: use SendEmail.");
        }
    }

    /** An external sender's report ends its BackgroundSendEmail lease and counts the attempt. */
    @Override
    public void afterUpdate(java.util.UUID id, dev.mailroom.activity.odata.model.RowStore store) {
        store.execute("UPDATE email SET backgroundsendleaseduntil = NULL, deliveryattempts = deliveryattempts + 1, "
                + "senton = CASE WHEN statuscode = 3 THEN now() ELSE senton END WHERE activityid = ? "
                + "AND backgroundsendleaseduntil IS NOT NULL AND statuscode IN (3, 8)", List.of(id));
    }

    /** A subject becomes one header line when the email is sent: no line breaks or other control characters. */
    private static void checkSubject(Map<String, Object> values) {
        Object subject = values.get("subject");
        if (subject instanceof String text && text.chars().anyMatch(Character::isISOControl)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The subject of an email cannot contain line breaks "
                    + "or other control characters.");
        }
    }

    /** The sender and recipient text follow the parties; an email has at most one sender. */
    @Override
    public void beforeInsert(Map<String, Object> values, Map<String, List<Map<String, Object>>> children) {
        List<Map<String, Object>> parties = children.getOrDefault(EmailTable.PARTIES, List.of());
        List<String> senders = addresses(parties, 1);
        if (parties.stream().filter(party -> Objects.equals(party.get("participationtypemask"), 1)).count() > 1) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(
                    "An email can have only one sender (participationtypemask 1).");
        }
        values.put("sender", truncate(String.join(";", senders), 250));
        values.put("torecipients", truncate(String.join(";", addresses(parties, 2)), 500));
    }

    /**
     * A PATCH carrying {@code email_activity_parties} replaces the draft's whole party list, as in Dataverse; the
     * parties of an email that is sending, sent or canceled are what was (or is being) sent and stay as they are.
     */
    @Override
    public void beforeReplaceChildren(Map<String, Object> current, Map<String, Object> changes,
            Map<String, List<Map<String, Object>>> children) {
        if (!Set.of(EmailTable.PARTIES).containsAll(children.keySet())) {
            TableRules.super.beforeReplaceChildren(current, changes, children);
        }
        if (!Objects.equals(current.get("statecode"), 0)
                || !Objects.equals(changes.getOrDefault("statecode", 0), 0)) {
            throw DataverseError.INVALID_OPERATION.withMessage("The parties of an email can be changed only while it "
                    + "is a draft (statecode 0).");
        }
        Map<String, Object> derived = new java.util.HashMap<>();
        beforeInsert(derived, children);
        changes.put("sender", derived.get("sender"));
        changes.put("torecipients", derived.get("torecipients"));
    }

    private static List<String> addresses(List<Map<String, Object>> parties, int mask) {
        return parties.stream().filter(party -> Objects.equals(party.get("participationtypemask"), mask))
                .map(party -> (String) party.get("addressused")).filter(Objects::nonNull).toList();
    }

    /** Dataverse truncates these derived text columns rather than refusing a long party list. */
    private static String truncate(String text, int length) {
        return text.isEmpty() ? null : text.length() <= length ? text : text.substring(0, length);
    }
}
