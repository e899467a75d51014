package dev.mailroom.templating;

/**
 * One attribute of a record in the {@code <data>} document: {@code <attribute name="displayName">value</attribute>}.
 * {@code displayName} is the lookup's record name or the choice's label ({@code entity/attribute/@name} in XSLT),
 * or null.
 */
public record DataField(String attribute, String value, String displayName) {
}
