package dev.mailroom.activity.security;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.mailroom.activity.odata.sql.RecordStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Links the built-in users to the identity provider at start: the administrator (every privilege) and the
 * services' application user (what bulk-mail-service, the router and attachment-service act as) get the directory
 * object ids configured for them. Without configuration nobody can act as them, which is the safe default.
 */
@Singleton
public class IdentityBinding {

    static final UUID ADMINISTRATOR = UUID.fromString("6d61696c-726f-4f6d-8000-000000000002");
    static final UUID SERVICES = UUID.fromString("6d61696c-726f-4f6d-8000-000000000004");

    private static final Logger LOG = Logger.getLogger(IdentityBinding.class);

    void bind(@Observes StartupEvent start, SecurityConfig config, RecordStore store) {
        config.administratorObjectId().ifPresent(objectId -> link(store, ADMINISTRATOR, objectId));
        config.servicesObjectId().ifPresent(objectId -> link(store, SERVICES, objectId));
    }

    private static void link(RecordStore store, UUID user, UUID objectId) {
        // Another user holding the object id gives it up: one directory identity is one user.
        store.execute("UPDATE systemuser SET azureactivedirectoryobjectid = NULL "
                + "WHERE azureactivedirectoryobjectid = ? AND systemuserid <> ?", java.util.List.of(objectId, user));
        store.execute("UPDATE systemuser SET azureactivedirectoryobjectid = ? WHERE systemuserid = ?",
                java.util.List.of(objectId, user));
        LOG.infof("systemuser %s is directory object %s", user, objectId);
    }
}
