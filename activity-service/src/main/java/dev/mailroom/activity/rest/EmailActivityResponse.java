package dev.mailroom.activity.rest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailroom.activity.ActivityParty;
import dev.mailroom.activity.EmailActivity;

/** An email as the Web API shows it: Dataverse logical names, {@code @odata.context} and a weak etag. */
public final class EmailActivityResponse {

    static final Set<String> COLUMNS = Set.of("activityid", "subject", "description", "directioncode", "statecode",
            "statuscode", "prioritycode", "deliveryattempts", "sender", "torecipients", "messageid", "trackingtoken",
            "senton", "createdon", "modifiedon", "versionnumber");
    static final String PARTIES = "email_activity_parties";

    private EmailActivityResponse() {
    }

    /**
     * @param select the columns asked for with {@code $select}, or empty for all
     * @param expandParties whether {@code $expand=email_activity_parties} was asked for
     */
    public static Map<String, Object> from(EmailActivity email, String serviceRoot, Set<String> select,
            boolean expandParties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", serviceRoot + "$metadata#emails/$entity");
        body.put("@odata.etag", etag(email));
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("activityid", email.activityid);
        columns.put("subject", email.subject);
        columns.put("description", email.description);
        columns.put("directioncode", email.directioncode);
        columns.put("statecode", email.statecode);
        columns.put("statuscode", email.statuscode);
        columns.put("prioritycode", email.prioritycode);
        columns.put("deliveryattempts", email.deliveryattempts);
        columns.put("sender", email.sender);
        columns.put("torecipients", email.torecipients);
        columns.put("messageid", email.messageid);
        columns.put("trackingtoken", email.trackingtoken);
        columns.put("senton", dateTime(email.senton));
        columns.put("createdon", dateTime(email.createdon));
        columns.put("modifiedon", dateTime(email.modifiedon));
        columns.put("versionnumber", email.versionnumber);
        columns.forEach((name, value) -> {
            if (select.isEmpty() || select.contains(name) || name.equals("activityid")) {
                body.put(name, value);
            }
        });
        if (expandParties) {
            List<Map<String, Object>> parties = new ArrayList<>();
            for (ActivityParty party : email.parties) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("activitypartyid", party.activitypartyid);
                row.put("participationtypemask", party.participationtypemask);
                row.put("addressused", party.addressused);
                row.put("_activityid_value", email.activityid);
                parties.add(row);
            }
            body.put(PARTIES, parties);
        }
        return body;
    }

    /**
     * Dataverse writes date-times in UTC to the second ({@code 2026-11-26T19:10:09Z}); clients such as
     * dynamics-web-api only turn that exact shape into dates.
     */
    static String dateTime(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String etag(EmailActivity email) {
        return "W/\"" + email.versionnumber + "\"";
    }
}
