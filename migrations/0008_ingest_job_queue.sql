-- The ingestion daemon's job queue (issue 13): leases so a dead worker's job is taken
-- again, retries with backoff for transient errors, permanent failures with their code,
-- file line and reason, cancellation, and a NOTIFY that wakes idle workers.

ALTER TABLE ingest_jobs DROP CONSTRAINT IF EXISTS ingest_jobs_status_check;
ALTER TABLE ingest_jobs ADD CONSTRAINT ingest_jobs_status_check
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'));

ALTER TABLE ingest_jobs
    ADD COLUMN max_attempts     integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    ADD COLUMN next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN lease_owner      text,
    ADD COLUMN lease_expires_at timestamptz,
    ADD COLUMN error_code       text,
    ADD COLUMN error_line       integer,
    ADD COLUMN updated_at       timestamptz NOT NULL DEFAULT now();

COMMENT ON COLUMN ingest_jobs.lease_owner IS 'worker that holds the running job; another may take it once lease_expires_at has passed';
COMMENT ON COLUMN ingest_jobs.next_attempt_at IS 'a queued job is not claimed before this time (retry backoff)';
COMMENT ON COLUMN ingest_jobs.error_code IS 'code of the last error (e.g. jats.malformed), with error_line in the file where known';

-- One open (queued or running) job per file: the watcher may enqueue a path twice.
CREATE UNIQUE INDEX ingest_jobs_open_path_idx ON ingest_jobs (path) WHERE status IN ('queued', 'running');
-- What claim scans: queued jobs that are due, and running jobs whose lease ran out.
CREATE INDEX ingest_jobs_claim_idx ON ingest_jobs (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX ingest_jobs_lease_idx ON ingest_jobs (lease_expires_at) WHERE status = 'running';

-- Workers LISTEN on ingest_jobs; a job becoming claimable wakes them (they also poll).
CREATE FUNCTION ingest_jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'queued' THEN
        PERFORM pg_notify('ingest_jobs', NEW.id::text);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ingest_jobs_notify_trigger
    AFTER INSERT OR UPDATE OF status ON ingest_jobs
    FOR EACH ROW EXECUTE FUNCTION ingest_jobs_notify();
