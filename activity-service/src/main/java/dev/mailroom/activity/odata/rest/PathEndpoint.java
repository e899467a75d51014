package dev.mailroom.activity.odata.rest;

/**
 * Web API paths the URL parser does not model, served by a bean of their own before it runs: the {@code $ref} of a
 * many-to-many association such as {@code systemusers(<id>)/systemuserroles_association/$ref}. The dispatcher asks
 * each bean whether it serves a path; the bean's refusals are {@code DataverseException}s like everyone else's.
 */
public interface PathEndpoint {

    /** Whether this endpoint serves {@code path} (still encoded, after the service root). */
    boolean serves(String path);

    ODataResult handle(ODataCall call);
}
