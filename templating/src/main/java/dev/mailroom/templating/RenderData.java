package dev.mailroom.templating;

import java.util.List;

/**
 * What a template renders against: the {@code <data>} document, one child element per record (the target
 * record and the sending user as {@code systemuser}, as Dataverse does). A later record of the same table
 * does not replace an earlier one: XPath's {@code contact/firstname} reads the first.
 */
public record RenderData(List<DataRecord> records) {

    public RenderData {
        records = List.copyOf(records);
    }

    public static RenderData of(DataRecord... records) {
        return new RenderData(List.of(records));
    }
}
