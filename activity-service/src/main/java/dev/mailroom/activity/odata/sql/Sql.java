package dev.mailroom.activity.odata.sql;

import java.util.ArrayList;
import java.util.List;

/** A piece of SQL and the values of its {@code ?} placeholders, in order. Nothing from a URL is ever in the text. */
public record Sql(String text, List<Object> params) {

    public static final Sql TRUE = new Sql("TRUE", List.of());

    public static Sql of(String text, Object... params) {
        return new Sql(text, List.of(params));
    }

    public Sql and(Sql other) {
        return join(" AND ", other);
    }

    public Sql or(Sql other) {
        return join(" OR ", other);
    }

    private Sql join(String operator, Sql other) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(other.params);
        return new Sql("(" + text + operator + other.text + ")", all);
    }
}
