package dev.mailroom.templating;

/** The two rendered parts of a template, named as the template's columns. */
public enum TemplatePart {
    SUBJECT("subject"),
    BODY("body");

    private final String column;

    TemplatePart(String column) {
        this.column = column;
    }

    /** The template column the part is stored in ({@code subject} or {@code body}). */
    public String column() {
        return column;
    }
}
