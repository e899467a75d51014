package dev.mailroom.bulkmail.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.BulkMailPage.Field;
import dev.mailroom.events.BulkMailPage.Recipient;

/** A recipient read from the query API keeps the template's columns as fields, and its address and flags always. */
class RecipientSourceTest {

    private static final UUID ID = UUID.fromString("0b0e2b1a-6f43-4b43-9d55-2f4f7c1f2a10");

    @Test
    void shouldKeepOnlyTheTemplatesColumnsAndStillReadTheAddressAndTheFlags() throws Exception {
        Recipient recipient = RecipientSource.recipient("contact", new ObjectMapper().readTree("""
                {"@odata.etag": "W/\\"3\\"", "contactid": "%s", "firstname": "Ada", "lastname": "Lovelace",
                 "fullname": "Ada Lovelace", "emailaddress1": " ada@example.org ", "donotemail": false,
                 "donotbulkemail": true, "statecode": 0, "createdon": "2026-11-28T08:00:00Z", "jobtitle": null,
                 "firstname@OData.Community.Display.V1.FormattedValue": "Ada"}
                """.formatted(ID)), Set.of("firstname", "jobtitle", "nosuchcolumn")::contains);
        assertEquals(List.of(new Field("firstname", "Ada")), recipient.fields());
        assertEquals(ID, recipient.id());
        assertEquals("contact", recipient.type());
        assertEquals("ada@example.org", recipient.emailAddress());
        assertFalse(recipient.doNotEmail());
        assertTrue(recipient.doNotBulkEmail());
    }

    @Test
    void shouldKeepEveryPlainNonNullColumnWhenTheTemplateCanSelectAny() throws Exception {
        Recipient recipient = RecipientSource.recipient("contact", new ObjectMapper().readTree("""
                {"@odata.etag": "W/\\"3\\"", "contactid": "%s", "firstname": "Ada", "jobtitle": null,
                 "statecode": 0}
                """.formatted(ID)), column -> true);
        assertEquals(List.of(new Field("contactid", ID.toString()), new Field("firstname", "Ada"),
                new Field("statecode", "0")), recipient.fields());
    }
}
