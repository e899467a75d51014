-- Each instance keeps the callers it resolved (user and privileges) for a few seconds (CallerCache). A change to
-- who may call, or with which privileges, notifies every instance at its commit, whoever wrote it (the Web API, an
-- administrator in SQL, another instance), and they forget what they kept. Statement-level: one notice per
-- statement, however many rows; PostgreSQL folds equal notices of one transaction into one.
CREATE FUNCTION notify_caller_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('activity_caller_changes', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER systemuser_caller_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON systemuser
    FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change();
CREATE TRIGGER securityrole_caller_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON securityrole
    FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change();
CREATE TRIGGER securityroleprivilege_caller_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON securityroleprivilege FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change();
CREATE TRIGGER systemuserrole_caller_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON systemuserrole
    FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change();
