package dev.mailroom.activity.odata.model;

import java.util.List;

/**
 * An action or function of the Web API ({@code SendEmail}, {@code WhoAmI}): its parameters and the complex type it
 * returns, published in $metadata. {@code boundTo} is the logical name of the table it is bound to, or null.
 *
 * @param returnProperties the properties of the returned complex type {@code <name>Response}; empty for none
 * @param boundToCollection whether a bound operation is called on the entity set ({@code emails/…}) rather than
 *        on one record ({@code emails(<id>)/…})
 */
public record OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
        List<Parameter> returnProperties, boolean boundToCollection) {

    /** An unbound operation, or one bound to a single record. */
    public OperationDef(String name, Kind kind, String boundTo, List<Parameter> parameters,
            List<Parameter> returnProperties) {
        this(name, kind, boundTo, parameters, returnProperties, false);
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
