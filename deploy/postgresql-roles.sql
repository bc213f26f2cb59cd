-- RegistryCheck on PostgreSQL: a migration role and an application role (issue 16, ADR-021, docs/operations.md).
-- Run once per database, connected to the portal's database, as its owner with CREATEROLE (or a superuser):
--   psql "host=db dbname=registrycheck user=postgres" -f deploy/postgresql-roles.sql
--   psql ... -c "ALTER ROLE registrycheck_migrator PASSWORD '…'" -c "ALTER ROLE registrycheck_app PASSWORD '…'"
-- Then migrate as registrycheck_migrator and run deploy/postgresql-grants.sql as registrycheck_migrator after
-- every migration. Idempotent: running it again changes nothing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registrycheck_migrator') THEN
        CREATE ROLE registrycheck_migrator LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registrycheck_app') THEN
        CREATE ROLE registrycheck_app LOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO registrycheck_migrator, registrycheck_app', current_database());
END $$;

-- The migrator creates and owns the tables (DDL); the app may use the schema but create nothing in it.
GRANT USAGE, CREATE ON SCHEMA public TO registrycheck_migrator;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO registrycheck_app;
