-- 0004_entity_merges: cross-paper entity merges decided by `preflexor graph rebuild`.
-- The rebuild resolves the entities of all papers together (embedding similarity between
-- names of compatible types, see docs/graph-extraction.md) and records every merged key
-- here; the graph writer then stores `alias_key` as `canonical_key`, in the rebuild and in
-- every later ingest, so a paper deleted and ingested again lands on the same entities.
-- The rows are resolution decisions, not evidence: they outlive the papers that led to them
-- and are replaced as a whole by the next rebuild.

CREATE TABLE entity_merges (
    alias_key       text PRIMARY KEY,
    canonical_key   text NOT NULL CHECK (canonical_key <> alias_key),
    canonical_name  text NOT NULL,
    canonical_type  text NOT NULL,
    similarity      real,                   -- cosine of the merge, null for a merge by rule
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entity_merges_canonical_idx ON entity_merges (canonical_key);

COMMENT ON TABLE entity_merges IS
    'Entity keys merged into a canonical entity by the last `preflexor graph rebuild`; applied by every later ingest.';
