-- 0006_kg_vector_cosine: kg.nearest_chunks scores through kg.vector_cosine, one function
-- call per stored vector. This SQL definition is exact but costs about 0.07 ms a vector
-- (1.4 s over the 20,512 chunks of the shared papers); on its private server preflexor
-- replaces it with the C implementation in native/pg/preflexor_vector.c (same result,
-- about 30 ms for that scan: docs/benchmarks.md). PostgreSQL 15 on Debian 12 has no pgvector.

-- COST 100: the scan is worth a parallel plan (the planner would otherwise think a call free).
CREATE FUNCTION kg.vector_cosine(a real[], b real[]) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100
SET search_path = pg_catalog
AS $$
    SELECT CASE WHEN cardinality(a) <> cardinality(b) THEN NULL
           ELSE (SELECT (sum(x::float8 * y) / nullif(sqrt(sum(x::float8 * x) * sum(y::float8 * y)), 0))::real
                 FROM unnest(a, b) AS t(x, y)) END
$$;
COMMENT ON FUNCTION kg.vector_cosine(real[], real[]) IS
    'Cosine similarity of two real[] vectors, summed in double precision (NULL when either is all zeros; the SQL definition also for unequal lengths, the C one raises). Used by kg.nearest_chunks.';

-- PL/pgSQL's RETURN QUERY may run in parallel (PostgreSQL 14+); a SQL-language function
-- with a SET clause runs its query in one process.
DROP FUNCTION kg.nearest_chunks(real[], integer, text);
CREATE FUNCTION kg.nearest_chunks(query real[], k integer, model text DEFAULT 'all-MiniLM-L6-v2')
RETURNS TABLE (chunk_id bigint, doi text, section text, score real, text text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH scored AS (
        SELECT e.chunk_id, kg.vector_cosine(query, e.vector) AS score
        FROM embeddings e
        WHERE e.model = nearest_chunks.model AND e.chunk_id IS NOT NULL AND e.dim = cardinality(query)
        ORDER BY 2 DESC NULLS LAST, e.chunk_id
        LIMIT greatest(k, 0)
    )
    SELECT c.id, p.doi, sec.title, scored.score, c.text
    FROM scored JOIN chunks c ON c.id = scored.chunk_id
    JOIN papers p ON p.id = c.paper_id
    LEFT JOIN sections sec ON sec.id = c.section_id
    ORDER BY scored.score DESC NULLS LAST, c.id;
END
$$;
COMMENT ON FUNCTION kg.nearest_chunks(real[], integer, text) IS
    'The k chunks whose embedding (of this model) is most cosine-similar to query: an exact scan (C kg.vector_cosine on the private server); the service searches with BLAS.';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        GRANT EXECUTE ON FUNCTION kg.vector_cosine(real[], real[]) TO preflexor_reader;
        GRANT EXECUTE ON FUNCTION kg.nearest_chunks(real[], integer, text) TO preflexor_reader;
    END IF;
END
$$;
