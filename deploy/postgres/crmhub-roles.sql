-- crmhub's database and its two roles, least privilege. Idempotent: run it again after changing a
-- password, or after `crmhub migrate` on an old install whose tables predate the default grants.
--
--   psql "postgres://postgres@db-host:5432/postgres" -v ON_ERROR_STOP=1 \
--        -v db=crmhub -v owner_password="$CRMHUB_OWNER_PASSWORD" -v worker_password="$CRMHUB_WORKER_PASSWORD" \
--        -f deploy/postgres/crmhub-roles.sql
--
-- crmhub_owner   owns the schema: `crmhub migrate` runs as it (DDL), and so does a full
--                `crmhub dedupe` (it rebuilds match_block_keys' index with match_profiles' triggers off
--                for its transaction). No worker runs as it.
-- crmhub_worker  workers, `crmhub import`, `crmhub console`: read and write rows of the CRM tables,
--                no DDL on them. The import keeps per-run UNLOGGED scratch tables (crmhub_stage_*,
--                crmhub_seen_*: activities/pipeline/stage-tables.ts, seen-rows.ts); those go to the
--                schema crmhub_scratch, which this role owns, because its search_path puts that
--                schema first. Nothing else may create objects there or in public.
--
-- Known limit: ANALYZE of a CRM table (match_profiles after a large write) needs its owner; run as
-- crmhub_worker it is skipped with a WARNING and autovacuum's analyze takes over.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE crmhub_owner LOGIN PASSWORD %L', :'owner_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_owner') \gexec
ALTER ROLE crmhub_owner LOGIN PASSWORD :'owner_password';
SELECT format('CREATE ROLE crmhub_worker LOGIN PASSWORD %L', :'worker_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_worker') \gexec
ALTER ROLE crmhub_worker LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'worker_password';

-- Segmentation's admin SQL mode runs a user's SELECT as this role (SET LOCAL ROLE): it may read
-- the `seg` views and nothing else (migration 011 grants that); the workers switch to it.
SELECT 'CREATE ROLE crmhub_seg_reader NOLOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_seg_reader') \gexec
GRANT crmhub_seg_reader TO crmhub_worker;

SELECT format('CREATE DATABASE %I OWNER crmhub_owner', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
-- Connecting and temporary tables (the merge stage's ON COMMIT DROP tables): granted by name,
-- not to PUBLIC, so another role on the same server cannot even connect.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO crmhub_worker', :'db') \gexec
SELECT format('ALTER ROLE crmhub_worker IN DATABASE %I SET search_path = crmhub_scratch, public', :'db') \gexec

\connect :db
ALTER SCHEMA public OWNER TO crmhub_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO crmhub_worker;
CREATE SCHEMA IF NOT EXISTS crmhub_scratch AUTHORIZATION crmhub_worker;
REVOKE ALL ON SCHEMA crmhub_scratch FROM PUBLIC;

-- Rows, not structure: the tables that exist now, and (default privileges) every table and
-- sequence a later `crmhub migrate` creates as crmhub_owner.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO crmhub_worker;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO crmhub_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE crmhub_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO crmhub_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE crmhub_owner IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO crmhub_worker;
-- The segmentation feature refresh empties its own three tables with TRUNCATE (migration 015
-- grants it when the role exists; this covers a database migrated before the role was created).
DO $$ BEGIN
  IF to_regclass('public.segment_account_features') IS NOT NULL THEN
    GRANT TRUNCATE ON public.segment_changed_accounts, public.segment_account_features, public.segment_account_hashes TO crmhub_worker;
  END IF;
END $$;
-- The migration bookkeeping is the owner's alone.
DO $$ BEGIN
  IF to_regclass('public.knex_migrations') IS NOT NULL THEN
    REVOKE ALL ON public.knex_migrations, public.knex_migrations_lock FROM crmhub_worker;
  END IF;
END $$;
