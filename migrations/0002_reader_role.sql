-- 0002_reader_role: the read-only role for domain experts (`preflexor sql`, psql).
-- preflexor_reader may SELECT from the data schemas and nothing else. On the embedded
-- server preflexor creates it with a login and a password at initdb; on a server given by
-- DATABASE_URL it is created here when the migrating user may create roles, and an
-- administrator gives it a login (see docs/sql.md).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        BEGIN
            CREATE ROLE preflexor_reader NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot create role preflexor_reader (no CREATEROLE); ask an administrator to create it';
        END;
    END IF;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO preflexor_reader', current_database());
        GRANT USAGE ON SCHEMA public, kg TO preflexor_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA public, kg TO preflexor_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kg TO preflexor_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO preflexor_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA kg GRANT SELECT ON TABLES TO preflexor_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA kg GRANT EXECUTE ON FUNCTIONS TO preflexor_reader;
    END IF;
END
$$;
