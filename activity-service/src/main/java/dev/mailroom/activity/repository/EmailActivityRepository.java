package dev.mailroom.activity.repository;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.activity.EmailActivity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Email activities by id. */
@ApplicationScoped
public class EmailActivityRepository implements PanacheRepositoryBase<EmailActivity, UUID> {

    /** Locks the row: state transitions (SendEmail, status events) on one email happen one at a time. */
    public Optional<EmailActivity> findByIdForUpdate(UUID activityId) {
        return findByIdOptional(activityId, LockModeType.PESSIMISTIC_WRITE);
    }
}
