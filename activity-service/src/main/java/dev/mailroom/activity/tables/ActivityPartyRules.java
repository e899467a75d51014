package dev.mailroom.activity.tables;

import java.util.Map;
import java.util.Set;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableRules;

/** An email's party names a record (partyid) or an address, in one of the email's party lists. */
final class ActivityPartyRules implements TableRules {

    /** Its checks and derived columns only read: concurrent creates may share a transaction. */
    @Override
    public boolean groupCommit() {
        return true;
    }

    /** from, to, cc, bcc and related: the party lists an email has. */
    private static final Set<Integer> EMAIL_MASKS = Set.of(1, 2, 3, 4, 13);

    /** A party bound to a record is sent to that record's email address, unless the client named another. */
    @Override
    public void onBind(Map<String, Object> values, LookupDef lookup, String address) {
        if (lookup.name().equals("partyid") && values.get("addressused") == null) {
            values.put("addressused", address);
        }
    }

    @Override
    public void checkCreate(Map<String, Object> values) {
        Object mask = values.get("participationtypemask");
        if (!EMAIL_MASKS.contains(mask)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An email party cannot have participationtypemask "
                    + mask + "; use 1 (from), 2 (to), 3 (cc), 4 (bcc) or 13 (related).");
        }
        // The name may become a display name in an address header when the email is sent: one line only.
        if (values.get("unresolvedpartyname") instanceof String name
                && name.chars().anyMatch(Character::isISOControl)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The activity party's 'unresolvedpartyname' cannot "
                    + "contain line breaks or other control characters.");
        }
        Object address = values.get("addressused");
        if (address == null && values.get("partyid") == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An activity party needs 'addressused' or a "
                    + "partyid_*@odata.bind to a record with an email address.");
        }
        if (address != null && !EmailAddresses.isValid((String) address)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The activity party's 'addressused' must be an email "
                    + "address; '" + address + "' is not.");
        }
    }
}
