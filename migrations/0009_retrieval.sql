-- 0009_retrieval: full-text search over chunks for hybrid retrieval (issue 11).
--
-- A question in an expert's words ("How does mineral content affect the toughness of
-- bone?") rarely has every term in one chunk, so websearch_to_tsquery's AND of all terms
-- finds little; both functions match ANY of the question's lexemes (stemmed and stop words
-- dropped by the 'english' configuration, exactly as chunks.tsv is built) through the GIN
-- index, and rank the matches:
--   kg.search_chunks     Okapi BM25 (k1 = 1.2, b = 0.75) from the corpus's term statistics:
--                        the default text list (it measured better: docs/benchmarks.md)
--   kg.search_chunks_cd  ts_rank_cd (cover density, normalised by log length)
-- Retrieval's text list calls one of them, so SQL users see the ranking the service uses.

-- The OR of the lexemes of q (NULL when q has none, e.g. only stop words): the match of kg.search_chunks_cd.
CREATE FUNCTION kg.any_terms(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
AS $$
    SELECT nullif(array_to_string(ARRAY(
               SELECT quote_literal(l) FROM unnest(tsvector_to_array(to_tsvector('english', q))) AS l ORDER BY l), ' | '),
           '')::tsquery
$$;
COMMENT ON FUNCTION kg.any_terms(text) IS
    'The tsquery matching any lexeme of q under the english configuration (as chunks.tsv): the OR of its terms, NULL when q has none.';

CREATE FUNCTION kg.search_chunks_cd(q text, k integer DEFAULT 10)
RETURNS TABLE (chunk_id bigint, paper_id bigint, doi text, section text, score real)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH query AS (SELECT kg.any_terms(q) AS tq)
    SELECT c.id, c.paper_id, p.doi, s.title, ts_rank_cd(c.tsv, query.tq, 1) AS score
    FROM query, chunks c
    JOIN papers p ON p.id = c.paper_id
    LEFT JOIN sections s ON s.id = c.section_id
    WHERE query.tq IS NOT NULL AND c.tsv @@ query.tq
    ORDER BY score DESC, c.id
    LIMIT greatest(k, 0)
$$;
COMMENT ON FUNCTION kg.search_chunks_cd(text, integer) IS
    'Full-text search over chunks: chunks that contain any term of q (english stemming, stop words dropped), ranked by ts_rank_cd normalised by log length (preflexor search --text-ranking cd).';

-- Term statistics are exact (document frequency of each question term, corpus size and
-- average length). Candidates are the chunks with a selective term (in at most a quarter of
-- the chunks; all terms when none is): a chunk with only common terms cannot outrank them
-- by much, and the scan stays small. Each candidate's lexemes are read once.
CREATE FUNCTION kg.search_chunks(q text, k integer DEFAULT 10)
RETURNS TABLE (chunk_id bigint, paper_id bigint, doi text, section text, score real)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH corpus AS (SELECT count(*)::float8 AS n, greatest(avg(length(tsv)), 1)::float8 AS avglen FROM chunks),
    terms AS (
        SELECT t.lexeme, d.df, ln(1 + (corpus.n - d.df + 0.5) / (d.df + 0.5)) AS idf, d.df <= 0.25 * corpus.n AS selective
        FROM (SELECT DISTINCT l AS lexeme FROM unnest(tsvector_to_array(to_tsvector('english', q))) AS l) t
        CROSS JOIN corpus
        CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM chunks c WHERE c.tsv @@ quote_literal(t.lexeme)::tsquery) d
        WHERE d.df > 0
    ),
    probe AS (
        SELECT nullif(array_to_string(ARRAY(
                   SELECT quote_literal(lexeme) FROM terms
                   WHERE selective OR NOT EXISTS (SELECT 1 FROM terms WHERE selective)), ' | '), '')::tsquery AS tq
    ),
    scored AS (
        SELECT c.id, sum(t.idf * (cardinality(u.positions) * 2.2)
                     / (cardinality(u.positions) + 1.2 * (0.25 + 0.75 * length(c.tsv) / corpus.avglen))) AS score
        FROM probe, corpus, chunks c
        CROSS JOIN LATERAL unnest(c.tsv) u
        JOIN terms t ON t.lexeme = u.lexeme
        WHERE c.tsv @@ probe.tq
        GROUP BY c.id
    )
    SELECT c.id, c.paper_id, p.doi, s.title, sc.score::real
    FROM scored sc
    JOIN chunks c ON c.id = sc.id
    JOIN papers p ON p.id = c.paper_id
    LEFT JOIN sections s ON s.id = c.section_id
    ORDER BY sc.score DESC, c.id
    LIMIT greatest(k, 0)
$$;
COMMENT ON FUNCTION kg.search_chunks(text, integer) IS
    'Full-text search over chunks: chunks that contain any selective term of q (in at most a quarter of the chunks; english stemming, stop words dropped), ranked by Okapi BM25 over all its terms (k1 1.2, b 0.75; exact document frequencies and average length from chunks.tsv); the text list of hybrid retrieval (preflexor search --mode text).';

-- preflexor_reader may execute them: 0002's default privileges on schema kg.
