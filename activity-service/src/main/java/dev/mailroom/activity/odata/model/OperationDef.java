package dev.mailroom.activity.odata.model;

import java.util.List;

/**
 * An action or function of the Web API ({@code SendEmail}, {@code WhoAmI}): its parameters and the complex type it
 * returns, published in $metadata. {@code boundTo} is the logical name of the table it is bound to, or null.
 *
 * @param returnProperties the properties of the returned complex type {@code <name>Response}; empty for none
 * @param boundToCollection whether a bound operation is called on the entity set ({@code emails/…}) rather than
 *        on one record ({@code emails(<id>)/…})
 * @param returnEntity instead of a complex type, the entity type returned ({@code Microsoft.Dynamics.CRM.email}, or
 *     {@code Collection(Microsoft.Dynamics.CRM.crmbaseentity)}), or null
 */
public record OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
        List<Parameter> returnProperties, boolean boundToCollection, String returnEntity) {

    /** The abstract entity type of Dataverse parameters that take a record of any table ({@code Target}). */
    public static final String CRM_BASE_ENTITY = "Microsoft.Dynamics.CRM.crmbaseentity";

    /** An unbound operation, or one bound to a single record. */
    public OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
            List<Parameter> returnProperties) {
        this(name, kind, boundTo, parameters, returnProperties, false, null);
    }

    /** An operation bound to the entity set ({@code boundToCollection}) or to one record. */
    public OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
            List<Parameter> returnProperties, boolean boundToCollection) {
        this(name, kind, boundTo, parameters, returnProperties, boundToCollection, null);
    }

    /** An operation returning records of {@code returnEntity}. */
    public OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
            List<Parameter> returnProperties, String returnEntity) {
        this(name, kind, boundTo, parameters, returnProperties, false, returnEntity);
    }

    /** The OData type written as a collection: {@code Collection(T)}. */
    public static String collectionOf(String type) {
        return "Collection(" + type + ")";
    }

    /** Actions change things (POST); functions only read (GET). */
    public enum Kind {
        ACTION, FUNCTION
    }

    /** A parameter or returned property, with its OData type. */
    public record Parameter(String name, String edmType, boolean nullable) {
    }

    public String responseType() {
        return name + "Response";
    }

    public boolean isBound() {
        return boundTo != null;
    }
}
