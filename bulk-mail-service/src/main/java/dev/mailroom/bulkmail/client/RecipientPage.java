package dev.mailroom.bulkmail.client;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.events.BulkMailPage.Recipient;

/**
 * One read of recipients as the query API returned it (up to {@code odata.maxpagesize} of them), and the link to the
 * next read (null on the last).
 */
public record RecipientPage(List<Recipient> recipients, String nextLink) {

    /**
     * The read cut into the pages the job publishes, in order, each of at most {@code pageSize} recipients (the last
     * may be shorter); none for an empty read.
     */
    public List<List<Recipient>> slices(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one recipient, not " + pageSize);
        }
        List<List<Recipient>> slices = new ArrayList<>();
        for (int from = 0; from < recipients.size(); from += pageSize) {
            slices.add(List.copyOf(recipients.subList(from, Math.min(from + pageSize, recipients.size()))));
        }
        return slices;
    }
}
