-- 0010_api_keys: API keys of `preflexor serve` (issue 14). A key is shown once, at
-- `preflexor keys create`; only the SHA-256 of its secret is stored. The table is kept from
-- preflexor_reader (the role the SQL endpoint and `preflexor sql` run as): 0002's default
-- privileges would otherwise let it SELECT every new table in public.

CREATE TABLE api_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    secret_sha256 bytea NOT NULL CHECK (octet_length(secret_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

COMMENT ON TABLE api_keys IS 'API keys of the HTTP service; not readable by preflexor_reader';
COMMENT ON COLUMN api_keys.secret_sha256 IS 'SHA-256 of the key''s secret part; the key itself is never stored';

REVOKE ALL ON api_keys FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        REVOKE ALL ON api_keys FROM preflexor_reader;
    END IF;
END
$$;
