-- RegistryCheck on SQL Server: a migration login and an application login (issue 16, ADR-021).
-- NOT RUN HERE: these machines have no SQL Server. Written to mirror deploy/postgresql-roles.sql and -grants.sql,
-- which are tested (Security/DatabaseRoleTests). Run as sa (sqlcmd variables):
--   sqlcmd -S db -U sa -d master -v MigratorPassword="…" AppPassword="…" -i deploy/sqlserver-roles.sql
-- Run it before migrating (creates the database, logins and users) and again after every migration (then the
-- audit table exists and the DENY applies). Idempotent.
IF DB_ID(N'RegistryCheck') IS NULL CREATE DATABASE RegistryCheck;
GO
IF SUSER_ID(N'registrycheck_migrator') IS NULL CREATE LOGIN registrycheck_migrator WITH PASSWORD = N'$(MigratorPassword)', CHECK_POLICY = ON;
IF SUSER_ID(N'registrycheck_app') IS NULL CREATE LOGIN registrycheck_app WITH PASSWORD = N'$(AppPassword)', CHECK_POLICY = ON;
GO
USE RegistryCheck;
GO
IF USER_ID(N'registrycheck_migrator') IS NULL CREATE USER registrycheck_migrator FOR LOGIN registrycheck_migrator;
IF USER_ID(N'registrycheck_app') IS NULL CREATE USER registrycheck_app FOR LOGIN registrycheck_app;
GO
-- The migrator: DDL and data (the migrations move data too).
ALTER ROLE db_ddladmin ADD MEMBER registrycheck_migrator;
ALTER ROLE db_datareader ADD MEMBER registrycheck_migrator;
ALTER ROLE db_datawriter ADD MEMBER registrycheck_migrator;
-- The app: rows only, no DDL; the audit log append-only.
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::dbo TO registrycheck_app;
GO
IF OBJECT_ID(N'dbo.AuditLog') IS NOT NULL DENY UPDATE, DELETE ON dbo.AuditLog TO registrycheck_app;
IF OBJECT_ID(N'dbo.__EFMigrationsHistory') IS NOT NULL DENY INSERT, UPDATE, DELETE ON dbo.__EFMigrationsHistory TO registrycheck_app;
GO
