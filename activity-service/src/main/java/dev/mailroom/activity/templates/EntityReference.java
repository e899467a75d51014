package dev.mailroom.activity.templates;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;

/**
 * A record passed as a {@code crmbaseentity} parameter: {@code {"@odata.type":"Microsoft.Dynamics.CRM.contact",
 * "contactid":"<guid>"}}. The id property is {@code <table>id}, or {@code activityid} for an activity.
 */
public record EntityReference(String table, UUID id) {

    private static final String TYPE_PREFIX = "Microsoft.Dynamics.CRM.";

    /**
     * Reads a reference; {@code what} names the parameter in the error messages ("Regarding id should be set.").
     */
    public static EntityReference read(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(what + " must be a record: {\"@odata.type\": "
                    + "\"Microsoft.Dynamics.CRM.<table>\", \"<table>id\": \"<guid>\"}.");
        }
        String table = tableOf(node);
        if (table == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(what + " type should be set.");
        }
        JsonNode id = node.get(table + "id");
        if (id == null || id.isNull()) {
            id = node.get("activityid");
        }
        if (id == null || !id.isTextual()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(what + " id should be set.");
        }
        try {
            UUID value = UUID.fromString(id.textValue());
            if (value.getMostSignificantBits() == 0 && value.getLeastSignificantBits() == 0) {
                throw DataverseError.INVALID_ARGUMENT.withMessage(what + " id should be set.");
            }
            return new EntityReference(table, value);
        } catch (IllegalArgumentException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(what + " id '" + id.textValue()
                    + "' is not a valid GUID.");
        }
    }

    /** The table named by {@code @odata.type} ("#Microsoft.Dynamics.CRM.email" or "Microsoft.Dynamics.CRM.email"). */
    public static String tableOf(JsonNode node) {
        JsonNode type = node.get("@odata.type");
        if (type == null || !type.isTextual()) {
            return null;
        }
        String text = type.textValue().startsWith("#") ? type.textValue().substring(1) : type.textValue();
        if (!text.startsWith(TYPE_PREFIX) || text.length() == TYPE_PREFIX.length()) {
            return null;
        }
        return text.substring(TYPE_PREFIX.length());
    }
}
