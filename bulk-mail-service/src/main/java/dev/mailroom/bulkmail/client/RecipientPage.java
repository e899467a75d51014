package dev.mailroom.bulkmail.client;

import java.util.List;

import dev.mailroom.events.BulkMailPage.Recipient;

/** One page of recipients as the query API returned it, and the link to the next page (null on the last). */
public record RecipientPage(List<Recipient> recipients, String nextLink) {
}
