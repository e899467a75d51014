package dev.mailroom.activity.odata.model;

/**
 * A one-to-many relationship: rows of {@code childTable} whose {@code foreignKey} column holds this row's id
 * ({@code email_activity_parties}). Expandable, and writable by deep insert when {@code deepInsert}.
 */
public record RelationDef(String name, String childTable, String foreignKey, boolean deepInsert) {
}
