-- 0011_training: the PRefLexOR loop's data (issue 12): training questions written from the
-- graph, preference pairs, training runs, their checkpoints and metrics, and the lineage
-- from papers to checkpoints.
--
-- Provenance outlives papers. A question or pair keeps the ids of the chunks, entities and
-- relations it came from as plain arrays (no foreign keys), and the stable keys and DOIs of
-- their papers beside them. Deleting a paper therefore deletes exactly what the paper
-- brought (chunks, graph evidence, ...) and nothing here: a checkpoint trained on a paper
-- stays traceable to it by DOI (kg.training_lineage), and `preflexor papers delete`
-- reports the checkpoints the paper taught. `kg.training_lineage.paper_id` is NULL once
-- the paper is gone; a question whose chunks are gone keeps its text and provenance.

-- Questions --------------------------------------------------------------------------------

CREATE TABLE questions (
    id                bigserial PRIMARY KEY,
    question          text NOT NULL UNIQUE,
    -- mechanism, effect, comparison, property_value, design_principle, structure_property, llm
    kind              text NOT NULL,
    topic             text,                          -- the --topic it was written for; NULL: random chunks
    teacher           text NOT NULL,                 -- 'embedded' or 'llm:<model>'
    seed              bigint,
    chunk_ids         bigint[] NOT NULL DEFAULT '{}',   -- the context chunks (no FK: provenance outlives them)
    entity_ids        bigint[] NOT NULL DEFAULT '{}',   -- the entities of its premises
    relation_ids      bigint[] NOT NULL DEFAULT '{}',   -- the asserted typed relations it rests on
    paper_keys        text[] NOT NULL DEFAULT '{}',     -- papers.paper_key of the chunks' papers
    paper_dois        text[] NOT NULL DEFAULT '{}',     -- their DOIs, lower case, aligned with paper_keys ('' when none)
    premises          jsonb NOT NULL DEFAULT '[]'::jsonb, -- the facts used: [{"fact", "sentence", "chunk_id", ...}]
    graph_watermark   timestamptz,                   -- max(papers.ingested_at) when it was written
    graph_papers      integer NOT NULL DEFAULT 0,    -- how many papers were stored then
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questions_paper_keys_idx ON questions USING gin (paper_keys);
CREATE INDEX questions_chunk_ids_idx ON questions USING gin (chunk_ids);
COMMENT ON TABLE questions IS 'Training questions written from the graph (preflexor questions generate), with provenance that outlives deleted papers.';

-- Preference pairs ---------------------------------------------------------------------------

CREATE TABLE preference_pairs (
    id               bigserial PRIMARY KEY,
    question_id      bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    prompt           text NOT NULL,                  -- the question + ' Use <|thinking|>.' (chat template applied at training/export)
    chosen           text NOT NULL,                  -- <|thinking|>...<|/thinking|> + answer with citations
    rejected         text NOT NULL,
    stage            integer NOT NULL DEFAULT 1 CHECK (stage IN (1, 2)),
    chosen_by        text NOT NULL,                  -- teacher ('embedded', 'llm:<model>')
    rejected_by      text NOT NULL,                  -- 'checkpoint:<id or path>' or 'teacher-fallback'
    seed             bigint,
    chunk_ids        bigint[] NOT NULL DEFAULT '{}', -- the question's chunks and the retrieved sources
    cited_chunk_ids  bigint[] NOT NULL DEFAULT '{}', -- the sources the chosen answer cites
    paper_keys       text[] NOT NULL DEFAULT '{}',
    paper_dois       text[] NOT NULL DEFAULT '{}',     -- aligned with paper_keys ('' when none)
    graph_watermark  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (chosen <> rejected)
);
CREATE INDEX preference_pairs_question_idx ON preference_pairs (question_id);
CREATE INDEX preference_pairs_paper_keys_idx ON preference_pairs USING gin (paper_keys);
COMMENT ON TABLE preference_pairs IS 'Preference pairs (preflexor pairs build): chosen from the graph-grounded teacher, rejected from a checkpoint or the teacher fallback.';

-- Training runs, checkpoints, metrics -------------------------------------------------------------

CREATE TABLE training_runs (
    id               bigserial PRIMARY KEY,
    stage            text NOT NULL,                  -- sft, orpo, dpo, stage1, stage2, ...
    base_checkpoint  text,                           -- path or id of the starting model
    config           jsonb NOT NULL DEFAULT '{}'::jsonb,
    status           text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'failed')),
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);

CREATE TABLE checkpoints (
    id          bigserial PRIMARY KEY,
    run_id      bigint NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
    path        text NOT NULL,
    step        integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, path)
);
CREATE INDEX checkpoints_path_idx ON checkpoints (path);

CREATE TABLE run_metrics (
    run_id  bigint NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
    step    integer NOT NULL,
    name    text NOT NULL,                           -- loss, accuracy, margin, tokens_per_second, ...
    value   double precision NOT NULL,
    PRIMARY KEY (run_id, step, name)
);

-- Which pairs a run trained on (in which round).
CREATE TABLE run_pairs (
    run_id   bigint NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
    pair_id  bigint NOT NULL REFERENCES preference_pairs (id) ON DELETE CASCADE,
    round    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, pair_id)
);
CREATE INDEX run_pairs_pair_idx ON run_pairs (pair_id);

-- Lineage --------------------------------------------------------------------------------------

-- One row per (paper, pair, run, checkpoint): a pair's papers are those of its question's
-- context chunks and of its retrieved sources. Pairs no run trained on have NULL run and
-- checkpoint columns. paper_id is the paper's current id, NULL once it was deleted (its key
-- and DOI stay).
CREATE VIEW kg.training_lineage AS
SELECT src.paper_key,
       nullif(src.doi, '') AS doi,
       p.id AS paper_id,
       pp.question_id,
       pp.id AS pair_id,
       pp.stage AS pair_stage,
       r.id AS run_id,
       r.stage AS run_stage,
       r.status AS run_status,
       c.id AS checkpoint_id,
       c.path AS checkpoint_path,
       c.step AS checkpoint_step
FROM public.preference_pairs pp
CROSS JOIN LATERAL unnest(pp.paper_keys, pp.paper_dois) AS src(paper_key, doi)
LEFT JOIN public.papers p ON p.paper_key = src.paper_key
LEFT JOIN public.run_pairs rp ON rp.pair_id = pp.id
LEFT JOIN public.training_runs r ON r.id = rp.run_id
LEFT JOIN public.checkpoints c ON c.run_id = r.id;
COMMENT ON VIEW kg.training_lineage IS
    'Paper -> question -> pair -> run -> checkpoint. Which papers taught a checkpoint: WHERE checkpoint_id = $1 (or checkpoint_path); which checkpoints a paper influenced: WHERE doi = lower($1) (works after the paper was deleted).';

-- Grants -----------------------------------------------------------------------------------
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        GRANT USAGE ON SCHEMA public, kg TO preflexor_reader;
        GRANT SELECT ON questions, preference_pairs, training_runs, checkpoints, run_metrics, run_pairs TO preflexor_reader;
        GRANT SELECT ON kg.training_lineage TO preflexor_reader;
    END IF;
END
$$;
