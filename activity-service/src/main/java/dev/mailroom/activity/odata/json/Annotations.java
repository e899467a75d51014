package dev.mailroom.activity.odata.json;

import java.util.List;

/**
 * Which instance annotations a client asked for with {@code Prefer: odata.include-annotations="…"}: a list of
 * names, where {@code *} or {@code prefix.*} match several.
 */
public record Annotations(List<String> patterns) {

    public static final String FORMATTED_VALUE = "OData.Community.Display.V1.FormattedValue";
    public static final String LOOKUP_LOGICAL_NAME = "Microsoft.Dynamics.CRM.lookuplogicalname";
    public static final String ASSOCIATED_NAVIGATION = "Microsoft.Dynamics.CRM.associatednavigationproperty";

    public static final Annotations NONE = new Annotations(List.of());

    /** From the preference's value, e.g. {@code "*"} or {@code "OData.Community.Display.V1.FormattedValue"}. */
    public static Annotations parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return new Annotations(List.of(value.replace("\"", "").trim().split("\\s*,\\s*")));
    }

    public boolean wants(String annotation) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(annotation)
                    || pattern.endsWith(".*") && annotation.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    public boolean any() {
        return !patterns.isEmpty();
    }
}
