package dev.mailroom.activity.odata.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table of the Web API, declared once: its entity set, columns, lookups and relations. The SQL table has the
 * logical name, and every table has its primary key, {@code createdon}, {@code modifiedon} and
 * {@code versionnumber} (behind {@code @odata.etag}).
 */
public final class TableDef {

    public static final String CREATED_ON = "createdon";
    public static final String MODIFIED_ON = "modifiedon";
    public static final String VERSION = "versionnumber";

    private final String logicalName;
    private final String entitySet;
    private final String primaryKey;
    private final String primaryName;
    private final Map<String, ColumnDef> columns = new LinkedHashMap<>();
    private final Map<String, LookupDef> lookups = new LinkedHashMap<>();
    private final Map<String, RelationDef> relations = new LinkedHashMap<>();
    private final boolean writable;
    private final String emailColumn;
    private final TableRules rules;
    private final String privilegeEntity;
    private final Ownership ownership;

    private TableDef(Builder builder) {
        this.logicalName = builder.logicalName;
        this.entitySet = builder.entitySet;
        this.primaryKey = builder.primaryKey;
        this.primaryName = builder.primaryName;
        this.writable = builder.writable;
        this.emailColumn = builder.emailColumn;
        this.rules = builder.rules;
        this.privilegeEntity = builder.privilegeEntity != null ? builder.privilegeEntity
                : Character.toUpperCase(logicalName.charAt(0)) + logicalName.substring(1);
        this.ownership = builder.ownership;
        columns.put(primaryKey, ColumnDef.guid(primaryKey));
        builder.columns.forEach(column -> columns.put(column.name(), column));
        columns.put(CREATED_ON, ColumnDef.dateTime(CREATED_ON).readOnly());
        columns.put(MODIFIED_ON, ColumnDef.dateTime(MODIFIED_ON).readOnly());
        columns.put(VERSION, ColumnDef.bigInteger(VERSION).readOnly());
        builder.lookups.forEach(lookup -> lookups.put(lookup.name(), lookup));
        builder.relations.forEach(relation -> relations.put(relation.name(), relation));
    }

    /** A copy of {@code other} with other rules (its own, wrapped). */
    private TableDef(TableDef other, TableRules rules) {
        this.logicalName = other.logicalName;
        this.entitySet = other.entitySet;
        this.primaryKey = other.primaryKey;
        this.primaryName = other.primaryName;
        this.writable = other.writable;
        this.emailColumn = other.emailColumn;
        this.rules = rules;
        this.privilegeEntity = other.privilegeEntity;
        this.ownership = other.ownership;
        columns.putAll(other.columns);
        lookups.putAll(other.lookups);
        relations.putAll(other.relations);
    }

    /** The same table whose rules are {@code wrap} applied to its rules (e.g. to publish its changes as well). */
    public TableDef withRules(java.util.function.UnaryOperator<TableRules> wrap) {
        return new TableDef(this, wrap.apply(rules));
    }

    public static Builder table(String logicalName, String entitySet, String primaryKey) {
        return new Builder(logicalName, entitySet, primaryKey);
    }

    public String logicalName() {
        return logicalName;
    }

    public String entitySet() {
        return entitySet;
    }

    public String primaryKey() {
        return primaryKey;
    }

    public String primaryName() {
        return primaryName;
    }

    /** The SQL table: the logical name, quoted because some (e.g. {@code template}) are SQL words elsewhere. */
    public String sqlTable() {
        return "\"" + logicalName + "\"";
    }

    public Collection<ColumnDef> columns() {
        return columns.values();
    }

    public Optional<ColumnDef> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /**
     * Whether a column can never hold null: the key, the system columns, and columns that are required or have a
     * default (their SQL columns are NOT NULL, and a client cannot write null to them).
     */
    public boolean isNeverNull(String name) {
        if (name.equals(primaryKey) || name.equals(CREATED_ON) || name.equals(MODIFIED_ON) || name.equals(VERSION)) {
            return true;
        }
        ColumnDef column = columns.get(name);
        return column != null && (column.required() || column.defaultValue() != null);
    }

    public Collection<LookupDef> lookups() {
        return lookups.values();
    }

    public Optional<LookupDef> lookup(String name) {
        return Optional.ofNullable(lookups.get(name));
    }

    /** The lookup read as {@code _<name>_value}. */
    public Optional<LookupDef> lookupByValueProperty(String property) {
        return lookups.values().stream().filter(lookup -> lookup.valueProperty().equals(property)).findFirst();
    }

    public Optional<LookupDef> lookupByNavigation(String navigation) {
        return lookups.values().stream().filter(lookup -> lookup.targetByNavigation(navigation).isPresent())
                .findFirst();
    }

    public Collection<RelationDef> relations() {
        return relations.values();
    }

    public Optional<RelationDef> relation(String name) {
        return Optional.ofNullable(relations.get(name));
    }

    /** Whether clients may create, update and delete rows (asyncoperations and activityparties are read-only). */
    public boolean isWritable() {
        return writable;
    }

    /** The column holding the row's email address, for parties bound to it; empty if it has none. */
    public Optional<String> emailColumn() {
        return Optional.ofNullable(emailColumn);
    }

    public TableRules rules() {
        return rules;
    }

    /**
     * The privilege guarding {@code verb} (Create, Read, Write, Delete, Append, AppendTo) on this table, in
     * Dataverse's vocabulary: {@code prvReadActivity}, {@code prvWriteContact}, ...
     */
    public String privilege(String verb) {
        return "prv" + verb + privilegeEntity;
    }

    /** Whose rows are whose, for user-level privileges; empty for organization-owned tables. */
    public Optional<Ownership> ownership() {
        return Optional.ofNullable(ownership);
    }

    /**
     * A user-owned table: its rows have an owner column ({@code ownerid}), or belong to the owner of a parent row
     * (an activity party to its activity's owner).
     */
    public record Ownership(String ownerColumn, String parentKey, String parentTable) {

        public static Ownership ownerColumn(String column) {
            return new Ownership(column, null, null);
        }

        public static Ownership throughParent(String foreignKey, String parentTable) {
            return new Ownership(null, foreignKey, parentTable);
        }

        public boolean direct() {
            return ownerColumn != null;
        }
    }

    /** Declares a table. */
    public static final class Builder {
        private final String logicalName;
        private final String entitySet;
        private final String primaryKey;
        private String primaryName;
        private final List<ColumnDef> columns = new ArrayList<>();
        private final List<LookupDef> lookups = new ArrayList<>();
        private final List<RelationDef> relations = new ArrayList<>();
        private boolean writable = true;
        private String emailColumn;
        private TableRules rules = TableRules.NONE;
        private String privilegeEntity;
        private Ownership ownership;

        private Builder(String logicalName, String entitySet, String primaryKey) {
            this.logicalName = logicalName;
            this.entitySet = entitySet;
            this.primaryKey = primaryKey;
        }

        public Builder primaryName(String column) {
            this.primaryName = column;
            return this;
        }

        public Builder columns(ColumnDef... declared) {
            columns.addAll(List.of(declared));
            return this;
        }

        public Builder lookups(LookupDef... declared) {
            lookups.addAll(List.of(declared));
            return this;
        }

        public Builder relations(RelationDef... declared) {
            relations.addAll(List.of(declared));
            return this;
        }

        public Builder readOnly() {
            this.writable = false;
            return this;
        }

        public Builder emailColumn(String column) {
            this.emailColumn = column;
            return this;
        }

        public Builder rules(TableRules tableRules) {
            this.rules = tableRules;
            return this;
        }

        /** The entity part of the table's privilege names (default: the logical name, capitalized). */
        public Builder privileges(String entity) {
            this.privilegeEntity = entity;
            return this;
        }

        /** Rows belong to users: user-level privileges reach only the caller's own. */
        public Builder ownedBy(Ownership declared) {
            this.ownership = declared;
            return this;
        }

        public TableDef build() {
            return new TableDef(this);
        }
    }
}
