package dev.mailroom.activity.odata.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.activity.odata.json.Annotations;

/** The {@code Prefer} header's preferences this API honours, and the {@code Preference-Applied} answer. */
record Preferences(boolean returnRepresentation, Integer maxPageSize, Annotations annotations,
        String annotationsValue) {

    private static final Pattern MAX_PAGE_SIZE = Pattern.compile("odata\\.maxpagesize\\s*=\\s*\"?(\\d{1,9})\"?");
    private static final Pattern ANNOTATIONS =
            Pattern.compile("odata\\.include-annotations\\s*=\\s*(\"[^\"]*\"|[^,;]+)");
    private static final Pattern RETURN = Pattern.compile("return\\s*=\\s*representation");

    static Preferences parse(String prefer) {
        if (prefer == null) {
            return new Preferences(false, null, Annotations.NONE, null);
        }
        Matcher pageSize = MAX_PAGE_SIZE.matcher(prefer);
        Matcher annotations = ANNOTATIONS.matcher(prefer);
        String annotationsValue = annotations.find() ? annotations.group(1).trim() : null;
        return new Preferences(RETURN.matcher(prefer).find(),
                pageSize.find() ? Integer.valueOf(pageSize.group(1)) : null,
                Annotations.parse(annotationsValue), annotationsValue);
    }

    /** What to echo in Preference-Applied for a read, or null. */
    String appliedForRead(int pageSize) {
        List<String> applied = new ArrayList<>();
        if (maxPageSize != null) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (annotationsValue != null) {
            applied.add("odata.include-annotations=" + annotationsValue);
        }
        return applied.isEmpty() ? null : String.join(",", applied);
    }
}
