package dev.mailroom.activity.lifecycle;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.ActivityParty;
import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.error.DataverseError;

/**
 * What SendEmail requires of an email: outgoing, a Draft, exactly one sender, and recipients that can be mailed.
 * A party bound to a record is mailed at the address it was given, else at the record's email column as it is
 * now; a record without an address or with Do Not Email set refuses the send rather than being dropped silently.
 */
@ApplicationScoped
public class SendRules {

    private final PartyDirectory directory;

    public SendRules(PartyDirectory directory) {
        this.directory = directory;
    }

    /** Refuses an email that cannot be sent, and fills in the address of every bound party. */
    public void requireSendable(EmailActivity email) {
        if (!email.directioncode) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(
                    "Only an outgoing email (directioncode true) can be sent.");
        }
        if (email.status() != EmailStatus.DRAFT) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The email must be in Draft status to be sent; its "
                    + "status is " + email.status().label() + " (statuscode " + email.statuscode + ").");
        }
        List<ActivityParty> senders = email.parties.stream().filter(p -> p.is(ParticipationType.SENDER)).toList();
        if (senders.size() != 1) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The e-mail must have exactly one sender "
                    + "(participationtypemask 1) before it can be sent; it has " + senders.size() + ".");
        }
        ActivityParty sender = senders.get(0);
        String senderProblem = resolve(sender);
        if (senderProblem != null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The sender " + describe(sender) + " " + senderProblem
                    + ", so the e-mail cannot be sent.");
        }
        List<ActivityParty> recipients = email.parties.stream().filter(p -> ParticipationType
                .fromMask(p.participationtypemask).map(ParticipationType::isRecipient).orElse(false)).toList();
        if (recipients.isEmpty()) {
            throw DataverseError.RECIPIENT_NOT_SPECIFIED.withMessage(
                    "The e-mail must have at least one recipient before it can be sent");
        }
        for (ActivityParty recipient : recipients) {
            String problem = resolve(recipient);
            if (problem != null) {
                throw DataverseError.RECIPIENT_NOT_SPECIFIED.withMessage("The e-mail must have at least one "
                        + "recipient before it can be sent: the recipient " + describe(recipient) + " " + problem
                        + ".");
            }
        }
    }

    /** Fills in a bound party's address; returns why it cannot be mailed, or null when it can. */
    private String resolve(ActivityParty party) {
        if (party.partyid == null) {
            return party.addressused == null ? "has no email address" : null;
        }
        PartyDirectory.Party record = directory.find(party.partyobjecttypecode, party.partyid).orElse(null);
        if (record == null) {
            return "no longer exists";
        }
        if (record.doNotEmail()) {
            return "does not allow email (donotemail)";
        }
        if (party.addressused == null) {
            party.addressused = record.address();
        }
        return party.addressused == null ? "has no email address" : null;
    }

    private static String describe(ActivityParty party) {
        return party.partyid == null ? "'" + party.addressused + "'"
                : party.partyobjecttypecode + "(" + party.partyid + ")";
    }
}
