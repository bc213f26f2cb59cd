-- RegistryCheck on PostgreSQL: what the application role may do (issue 16, ADR-021). Run as registrycheck_migrator
-- (the owner of the tables) after every migration:
--   psql "host=db dbname=registrycheck user=registrycheck_migrator" -f deploy/postgresql-grants.sql
-- The app reads and writes rows, never DDL (it owns nothing and may not create in the schema). The audit log is
-- append-only for it: SELECT and INSERT, no UPDATE, DELETE or TRUNCATE. Nothing in the portal updates or deletes
-- audit rows (the evidence purge deletes files and writes one new audit row; refused sign-ins are new rows, ADR-019).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO registrycheck_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO registrycheck_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditLog" FROM registrycheck_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM registrycheck_app;
