package dev.mailroom.activity.odata.model;

import java.util.List;

/** The engine's SQL access, as table rules see it: parameterized statements in the current transaction. */
public interface RowStore {

    int execute(String sql, List<Object> params);
}
