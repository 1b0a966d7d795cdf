-- 0001_core: papers and their structure, chunks, the entity graph with evidence,
-- embeddings and the ingest job queue.
--
-- Conventions: every row derived from a paper references it (directly or through a parent)
-- with ON DELETE CASCADE, so `DELETE FROM papers WHERE id = $1` removes exactly what the
-- paper brought. Vectors are real[] (pgvector is not packaged for this Debian release).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Papers -------------------------------------------------------------------------------

CREATE TABLE papers (
    id              bigserial PRIMARY KEY,
    -- Stable identity used for idempotent re-ingest: 'doi:<lowercased doi>', else
    -- 'pmcid:PMC…', else 'pmid:…', else 'sha256:<content hash>'.
    paper_key       text NOT NULL UNIQUE,
    doi             text,
    pmcid           text,
    pmid            text,
    title           text NOT NULL,
    subtitle        text,
    journal         text,
    publisher       text,
    pub_date        date,
    pub_year        integer,
    article_type    text,
    language        text,
    license_url     text,
    license_text    text,
    abstract        text,
    source_path     text,
    content_sha256  text NOT NULL,
    jats_version    text,          -- DTD version or public identifier the file declared
    byte_size       integer,
    ingested_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX papers_doi_key   ON papers (lower(doi)) WHERE doi IS NOT NULL;
CREATE UNIQUE INDEX papers_pmcid_key ON papers (pmcid) WHERE pmcid IS NOT NULL;
CREATE INDEX papers_pmid_idx         ON papers (pmid) WHERE pmid IS NOT NULL;
CREATE INDEX papers_sha_idx          ON papers (content_sha256);
CREATE INDEX papers_title_trgm       ON papers USING gin (title gin_trgm_ops);

CREATE TABLE authors (
    id           bigserial PRIMARY KEY,
    paper_id     bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    surname      text,
    given_names  text,
    full_name    text NOT NULL,
    orcid        text,
    email        text,
    corresponding boolean NOT NULL DEFAULT false,
    UNIQUE (paper_id, ordinal)
);
CREATE INDEX authors_orcid_idx ON authors (orcid) WHERE orcid IS NOT NULL;
CREATE INDEX authors_name_idx ON authors (lower(surname));

CREATE TABLE affiliations (
    id        bigserial PRIMARY KEY,
    paper_id  bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    ordinal   integer NOT NULL,
    label     text,
    text      text NOT NULL,
    UNIQUE (paper_id, ordinal)
);

CREATE TABLE author_affiliations (
    author_id       bigint NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    affiliation_id  bigint NOT NULL REFERENCES affiliations (id) ON DELETE CASCADE,
    PRIMARY KEY (author_id, affiliation_id)
);

CREATE TABLE keywords (
    paper_id  bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    keyword   text NOT NULL,
    kind      text,                -- kwd-group-type when the file gives one
    PRIMARY KEY (paper_id, keyword)
);
CREATE INDEX keywords_keyword_idx ON keywords (lower(keyword));

-- The section tree. `path` is the list of titles from the root; `kind` separates the
-- main body from abstracts, back matter and sub-articles (decision letters, translations).
CREATE TABLE sections (
    id               bigserial PRIMARY KEY,
    paper_id         bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    parent_id        bigint REFERENCES sections (id) ON DELETE CASCADE,
    ordinal          integer NOT NULL,           -- document order within the paper
    depth            integer NOT NULL,
    path             text[] NOT NULL,
    title            text,
    sec_type         text,                       -- the file's sec-type attribute
    normalized_type  text,                       -- introduction, methods, results, ...
    kind             text NOT NULL DEFAULT 'body',
    UNIQUE (paper_id, ordinal)
);
CREATE INDEX sections_paper_idx ON sections (paper_id);

CREATE TABLE figures (
    id          bigserial PRIMARY KEY,
    paper_id    bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    section_id  bigint REFERENCES sections (id) ON DELETE CASCADE,
    ordinal     integer NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('figure', 'table', 'supplementary', 'formula')),
    label       text,
    caption     text,
    UNIQUE (paper_id, ordinal)
);

-- Text chunks: the unit of retrieval, embedding and evidence.
CREATE TABLE chunks (
    id           bigserial PRIMARY KEY,
    chunk_key    text NOT NULL UNIQUE,           -- stable: paper key + section path + ordinal
    paper_id     bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    section_id   bigint REFERENCES sections (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,               -- document order within the paper
    kind         text NOT NULL,                  -- paragraph, abstract, caption, table, ...
    text         text NOT NULL,
    char_start   integer NOT NULL,
    char_end     integer NOT NULL,
    token_count  integer NOT NULL,
    tsv          tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    UNIQUE (paper_id, ordinal)
);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX chunks_section_idx ON chunks (section_id);

-- The reference list; `cited_paper_id` links to the cited paper when it is in the corpus.
CREATE TABLE citations (
    id              bigserial PRIMARY KEY,
    paper_id        bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    ordinal         integer NOT NULL,
    ref_id          text,                        -- the file's ref/@id
    label           text,
    title           text,
    source          text,
    year            integer,
    doi             text,
    pmid            text,
    cited_paper_id  bigint REFERENCES papers (id) ON DELETE SET NULL,
    UNIQUE (paper_id, ordinal)
);
CREATE INDEX citations_doi_idx ON citations (lower(doi)) WHERE doi IS NOT NULL;
CREATE INDEX citations_pmid_idx ON citations (pmid) WHERE pmid IS NOT NULL;
CREATE INDEX citations_cited_idx ON citations (cited_paper_id) WHERE cited_paper_id IS NOT NULL;

-- The entity graph -----------------------------------------------------------------------

CREATE TABLE entities (
    id           bigserial PRIMARY KEY,
    key          text NOT NULL UNIQUE,           -- normalised name used for resolution
    name         text NOT NULL,                  -- display name
    type         text NOT NULL,                  -- material, protein, mineral, ...
    description  text,
    community    integer,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_name_trgm ON entities USING gin (name gin_trgm_ops);
CREATE INDEX entities_type_idx ON entities (type);

CREATE TABLE entity_aliases (
    id          bigserial PRIMARY KEY,
    entity_id   bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias       text NOT NULL,
    normalized  text NOT NULL,
    source      text NOT NULL,                   -- lexicon, abbreviation, keyword, embedding, ...
    paper_id    bigint REFERENCES papers (id) ON DELETE CASCADE,   -- provenance when paper-specific
    UNIQUE NULLS NOT DISTINCT (entity_id, normalized, paper_id)
);
CREATE INDEX entity_aliases_normalized_idx ON entity_aliases (normalized);
CREATE INDEX entity_aliases_trgm ON entity_aliases USING gin (alias gin_trgm_ops);

CREATE TABLE mentions (
    id          bigserial PRIMARY KEY,
    entity_id   bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    chunk_id    bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    paper_id    bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    char_start  integer NOT NULL,
    char_end    integer NOT NULL,
    surface     text NOT NULL,
    UNIQUE (chunk_id, char_start, char_end, entity_id)
);
CREATE INDEX mentions_entity_idx ON mentions (entity_id);
CREATE INDEX mentions_paper_idx ON mentions (paper_id);

-- Directed, typed relations. weight = number of distinct evidence sentences,
-- paper_count = number of distinct papers; both maintained with the evidence.
CREATE TABLE relations (
    id           bigserial PRIMARY KEY,
    source_id    bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    predicate    text NOT NULL,
    target_id    bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    weight       integer NOT NULL DEFAULT 0,
    paper_count  integer NOT NULL DEFAULT 0,
    UNIQUE (source_id, predicate, target_id)
);
CREATE INDEX relations_target_idx ON relations (target_id);

CREATE TABLE relation_evidence (
    id              bigserial PRIMARY KEY,
    relation_id     bigint NOT NULL REFERENCES relations (id) ON DELETE CASCADE,
    paper_id        bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    chunk_id        bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    sentence_start  integer NOT NULL,
    sentence_end    integer NOT NULL,
    sentence        text NOT NULL,
    UNIQUE (relation_id, chunk_id, sentence_start)
);
CREATE INDEX relation_evidence_relation_idx ON relation_evidence (relation_id);
CREATE INDEX relation_evidence_paper_idx ON relation_evidence (paper_id);

-- Embeddings of chunks and entities, one row per owner and model. The owner is a real
-- foreign key (exactly one of chunk_id / entity_id), so deletes cascade exactly.
CREATE TABLE embeddings (
    id          bigserial PRIMARY KEY,
    owner_kind  text GENERATED ALWAYS AS (CASE WHEN chunk_id IS NOT NULL THEN 'chunk' ELSE 'entity' END) STORED,
    chunk_id    bigint REFERENCES chunks (id) ON DELETE CASCADE,
    entity_id   bigint REFERENCES entities (id) ON DELETE CASCADE,
    model       text NOT NULL,
    dim         integer NOT NULL CHECK (dim > 0),
    vector      real[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((chunk_id IS NULL) <> (entity_id IS NULL)),
    CHECK (cardinality(vector) = dim),
    UNIQUE (chunk_id, model),
    UNIQUE (entity_id, model)
);
CREATE INDEX embeddings_model_idx ON embeddings (model, owner_kind);

-- The ingest job queue (the daemon and `preflexor ingest --queue`). -----------------------

CREATE TABLE ingest_jobs (
    id           bigserial PRIMARY KEY,
    path         text NOT NULL,
    status       text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    error        text,
    paper_id     bigint REFERENCES papers (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
CREATE INDEX ingest_jobs_status_idx ON ingest_jobs (status, created_at);

-- The schema for domain experts' views and functions (filled by later migrations).
CREATE SCHEMA IF NOT EXISTS kg;
COMMENT ON SCHEMA kg IS 'preflexor knowledge-graph API for domain experts: views and functions (docs/sql.md).';
