-- Cluster-wide roles. Idempotent: roles are shared by every database of the cluster.
--   juminzei_owner   owns schemas, tables and the SECURITY DEFINER api functions; never logs in
--   juminzei_staff   group of every staff login role (pg_hba matches +juminzei_staff)
--   juminzei_login   bootstrap login (terminal certificate only) for the smart-card login step
--   r_*              capability roles, granted to staff login roles s_<code>
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['juminzei_owner', 'juminzei_staff', 'juminzei_audit_writers',
                             'r_inquiry', 'r_assessor', 'r_approver', 'r_collection',
                             'r_certificate', 'r_mynumber', 'r_security', 'r_admin']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'juminzei_login') THEN
        CREATE ROLE juminzei_login LOGIN;
    END IF;
END
$$;

-- The owner reads pg_stat_ssl of staff sessions to learn the terminal certificate.
GRANT pg_read_all_stats TO juminzei_owner;
-- The audit connection finds the server's own socket directory.
GRANT pg_read_all_settings TO juminzei_owner;
DO $$
BEGIN
    EXECUTE format('GRANT CREATE, CONNECT ON DATABASE %I TO juminzei_owner', current_database());
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO juminzei_staff, juminzei_login, juminzei_audit_writers',
                   current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- A function the owner creates is callable by nobody until a migration grants it.
ALTER DEFAULT PRIVILEGES FOR ROLE juminzei_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The api checks that a staff member's password is still the one set at enrolment.
GRANT SELECT (rolname, rolpassword) ON pg_catalog.pg_authid TO juminzei_owner;
