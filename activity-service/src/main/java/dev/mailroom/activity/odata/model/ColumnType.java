package dev.mailroom.activity.odata.model;

/** The column types the tables use, with the OData primitive type each is published as. */
public enum ColumnType {
    GUID("Edm.Guid"),
    STRING("Edm.String"),
    INTEGER("Edm.Int32"),
    BIG_INTEGER("Edm.Int64"),
    BOOLEAN("Edm.Boolean"),
    DATE_TIME("Edm.DateTimeOffset");

    private final String edmType;

    ColumnType(String edmType) {
        this.edmType = edmType;
    }

    public String edmType() {
        return edmType;
    }
}
