package dev.mailroom.activity.rest;

import jakarta.ws.rs.core.UriInfo;

/** Header names and values of the OData 4.0 protocol as Dataverse uses them. */
public final class ODataHeaders {

    public static final String ODATA_VERSION = "OData-Version";
    public static final String VERSION_4 = "4.0";
    public static final String ENTITY_ID = "OData-EntityId";
    public static final String PREFER = "Prefer";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    public static final String RETURN_REPRESENTATION = "return=representation";
    public static final String JSON_MINIMAL_METADATA = "application/json; odata.metadata=minimal";

    public static final String API_ROOT = "api/data/v9.2/";

    private ODataHeaders() {
    }

    /** The absolute service root, e.g. {@code http://host:8081/api/data/v9.2/}; clients match nextLinks against it. */
    public static String serviceRoot(UriInfo uriInfo) {
        return uriInfo.getBaseUri().toString() + API_ROOT;
    }

    public static boolean wantsRepresentation(String prefer) {
        return prefer != null && prefer.contains(RETURN_REPRESENTATION);
    }
}
