-- 0003_kg: numeric property values, communities, the LLM extractor's cache, indexes for
-- the graph API, and the `kg` schema that domain experts query (docs/sql.md).
--
-- Every kg function is STABLE (or IMMUTABLE), pins its search_path, resolves entity names
-- through kg.resolve (key, name, then aliases, case-insensitive) and bounds its work:
-- recursion depth is clamped, walks keep visited sets, results carry LIMITs.

-- Tables --------------------------------------------------------------------------------

-- A numeric value of a property stated in a paper: "the modulus of cortical bone is
-- 15-20 GPa" is (entity bone, property young modulus, 1.5e10, 2.0e10, 'Pa').
-- low/high are in SI units; one of them is NULL for "at least"/"at most" statements.
CREATE TABLE property_values (
    id              bigserial PRIMARY KEY,
    entity_id       bigint REFERENCES entities (id) ON DELETE CASCADE,      -- NULL when no subject was found
    property_id     bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    low             double precision,
    high            double precision,
    unit            text NOT NULL,                  -- SI unit of low/high ('Pa', 'm', 'J/m^2', '' if dimensionless)
    original        text NOT NULL,                  -- the text as written ("15–20 GPa")
    paper_id        bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    chunk_id        bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    sentence_start  integer NOT NULL,
    sentence_end    integer NOT NULL,
    CHECK (low IS NOT NULL OR high IS NOT NULL),
    CHECK (low IS NULL OR high IS NULL OR low <= high),
    UNIQUE NULLS NOT DISTINCT (chunk_id, sentence_start, entity_id, property_id, original)
);
CREATE INDEX property_values_property_idx ON property_values (property_id, unit);
CREATE INDEX property_values_entity_idx ON property_values (entity_id);
CREATE INDEX property_values_paper_idx ON property_values (paper_id);

-- Louvain communities of the entity graph, replaced whole by each run. The summary is
-- {"top_entities": [...], "top_relations": [...], "top_papers": [...]}.
CREATE TABLE communities (
    id          integer PRIMARY KEY,
    size        integer NOT NULL CHECK (size >= 0),
    summary     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE entities
    ADD CONSTRAINT entities_community_fkey FOREIGN KEY (community) REFERENCES communities (id) ON DELETE SET NULL;
CREATE INDEX entities_community_idx ON entities (community) WHERE community IS NOT NULL;

-- Responses of the optional LLM extractor, keyed by the SHA-256 of the exact prompt, so a
-- re-run never pays twice for the same question.
CREATE TABLE llm_cache (
    prompt_sha256  text PRIMARY KEY CHECK (prompt_sha256 ~ '^[0-9a-f]{64}$'),
    model          text NOT NULL,
    response       text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Indexes the graph API needs beyond 0001's.
CREATE INDEX entity_aliases_paper_idx ON entity_aliases (paper_id) WHERE paper_id IS NOT NULL;
CREATE INDEX entity_aliases_lower_idx ON entity_aliases (lower(alias));
CREATE INDEX entities_lower_name_idx ON entities (lower(name));
CREATE INDEX relations_source_idx ON relations (source_id, weight DESC);
CREATE INDEX relation_evidence_chunk_idx ON relation_evidence (chunk_id);
CREATE INDEX mentions_chunk_idx ON mentions (chunk_id);
CREATE INDEX mentions_entity_paper_idx ON mentions (entity_id, paper_id);
CREATE INDEX citations_paper_cited_idx ON citations (paper_id) INCLUDE (cited_paper_id, doi, pmid);
CREATE INDEX embeddings_chunk_model_idx ON embeddings (model) INCLUDE (chunk_id) WHERE chunk_id IS NOT NULL;

-- Name resolution ---------------------------------------------------------------------------

CREATE FUNCTION kg.normalize(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
AS $$ SELECT btrim(regexp_replace(lower(name), '[^[:alnum:]]+', ' ', 'g')) $$;
COMMENT ON FUNCTION kg.normalize(text) IS
    'A name in the simple form used for lookups: lower case, punctuation and runs of spaces as one space.';

CREATE FUNCTION kg.resolve(name text) RETURNS bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH q AS (SELECT kg.normalize(name) AS n, lower(btrim(name)) AS l),
    candidates AS (
        SELECT e.id, 1 AS rank FROM entities e, q WHERE e.key = q.n OR e.key = q.l OR lower(e.name) = q.l
        UNION ALL
        SELECT e.id, 2 FROM entities e, q WHERE e.key IN (regexp_replace(q.n, 'es$', ''), regexp_replace(q.n, 's$', ''))
        UNION ALL
        SELECT a.entity_id, 3 FROM entity_aliases a, q WHERE a.normalized IN (q.n, q.l) OR lower(a.alias) = q.l
    ),
    best AS (SELECT DISTINCT c.id FROM candidates c WHERE c.rank = (SELECT min(rank) FROM candidates))
    -- Count mentions only to break a tie (CASE does not run the sub-select otherwise): a hub
    -- has thousands of them.
    SELECT b.id FROM best b
    ORDER BY CASE WHEN (SELECT count(*) FROM best) > 1
                  THEN (SELECT count(*) FROM mentions m WHERE m.entity_id = b.id) END DESC NULLS LAST, b.id
    LIMIT 1
$$;
COMMENT ON FUNCTION kg.resolve(text) IS
    'The id of the entity a name denotes (case-insensitive; by key, then name, then a simple plural, then aliases; the most mentioned wins a tie), or NULL.';

-- kg.resolve, raising a helpful error when nothing matches.
CREATE FUNCTION kg.require_entity(name text) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
DECLARE
    found bigint := kg.resolve(name);
BEGIN
    IF found IS NULL THEN
        RAISE EXCEPTION 'no entity named "%"', name
            USING ERRCODE = 'no_data_found', HINT = format('look the name up with: select * from kg.search_entities(%L)', name);
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION kg.require_entity(text) IS
    'kg.resolve, but raises "no entity named …" with a hint to use kg.search_entities when the name is unknown.';

CREATE FUNCTION kg.require_paper(doi text) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
DECLARE
    wanted text := regexp_replace(lower(btrim(doi)), '^(https?://(dx\.)?doi\.org/|doi:)', '');
    found bigint;
BEGIN
    SELECT p.id INTO found FROM papers p WHERE lower(p.doi) = wanted ORDER BY p.id LIMIT 1;
    IF found IS NULL THEN
        RAISE EXCEPTION 'no paper with DOI "%"', doi
            USING ERRCODE = 'no_data_found', HINT = 'list papers with: select doi, title from papers order by title';
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION kg.require_paper(text) IS
    'The id of the paper with this DOI (case-insensitive; "https://doi.org/" and "doi:" prefixes allowed); raises when there is none.';

-- Views ------------------------------------------------------------------------------------

CREATE VIEW kg.entities AS
SELECT e.id, e.name, e.type,
       (SELECT count(*) FROM relations r WHERE r.source_id = e.id)::int
         + (SELECT count(*) FROM relations r WHERE r.target_id = e.id AND r.source_id <> e.id)::int AS degree,
       (SELECT count(DISTINCT m.paper_id) FROM mentions m WHERE m.entity_id = e.id)::int AS papers,
       e.community,
       ARRAY(SELECT DISTINCT a.alias FROM entity_aliases a WHERE a.entity_id = e.id AND a.alias <> e.name ORDER BY a.alias) AS aliases
FROM public.entities e;
COMMENT ON VIEW kg.entities IS
    'Entities with their type, degree (relations in and out), number of papers that mention them, Louvain community and aliases.';

CREATE VIEW kg.edges AS
SELECT s.name AS source, r.predicate, t.name AS target, r.weight, r.paper_count AS papers
FROM relations r
JOIN public.entities s ON s.id = r.source_id
JOIN public.entities t ON t.id = r.target_id;
COMMENT ON VIEW kg.edges IS
    'Directed, typed relations: weight = distinct evidence sentences, papers = distinct papers that state it.';

-- Functions --------------------------------------------------------------------------------

CREATE FUNCTION kg.search_entities(q text, lim integer DEFAULT 20)
RETURNS TABLE (id bigint, name text, type text, matched text, score real, papers integer)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
-- The trigram GIN indexes halve the time even on a few thousand names, but the planner
-- prefers a sequential scan there (and word similarity <% covers substrings, so no ILIKE).
SET enable_seqscan = off
AS $$
    WITH hits AS (
        SELECT e.id, e.name AS matched,
               CASE WHEN lower(e.name) = lower(q) THEN 1.0
                    ELSE greatest(similarity(e.name, q), 0.9 * word_similarity(q, e.name)) END AS score
        FROM entities e
        WHERE e.name % q OR q <% e.name
        UNION ALL
        SELECT a.entity_id, a.alias,
               CASE WHEN lower(a.alias) = lower(q) THEN 0.99
                    ELSE 0.95 * greatest(similarity(a.alias, q), 0.9 * word_similarity(q, a.alias)) END
        FROM entity_aliases a
        WHERE a.alias % q OR q <% a.alias
    ),
    best AS (
        SELECT DISTINCT ON (h.id) h.id, h.matched, h.score FROM hits h ORDER BY h.id, h.score DESC, h.matched
    )
    SELECT e.id, e.name, e.type, b.matched, round(b.score::numeric, 3)::real,
           (SELECT count(DISTINCT m.paper_id) FROM mentions m WHERE m.entity_id = e.id)::int
    FROM best b JOIN entities e ON e.id = b.id
    ORDER BY b.score DESC, 6 DESC, e.name
    LIMIT greatest(lim, 0)
$$;
COMMENT ON FUNCTION kg.search_entities(text, integer) IS
    'Entities whose name or an alias resembles q (trigram similarity or word similarity, which covers substrings), best first; matched is the name or alias that matched.';

CREATE FUNCTION kg.neighbors(entity text, max_depth integer DEFAULT 1, predicates text[] DEFAULT NULL, lim integer DEFAULT 500)
RETURNS TABLE (depth integer, name text, type text, via text, predicate text, direction text, weight integer, papers integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
-- Breadth-first, one level per iteration: `seen` holds every entity reached so far, so each
-- entity appears at its shortest depth only; each row is an edge from the previous level.
DECLARE
    start bigint := kg.require_entity(entity);
    wanted text[] := (SELECT array_agg(upper(p)) FROM unnest(predicates) p);
    hops integer := least(greatest(coalesce(max_depth, 1), 1), 4);
    frontier bigint[] := ARRAY[start];
    seen bigint[] := ARRAY[start];
    level integer := 0;
    emitted integer := 0;
    n integer;
BEGIN
    WHILE level < hops AND cardinality(frontier) > 0 AND emitted < lim LOOP
        level := level + 1;
        RETURN QUERY
            WITH step AS (
                SELECT r.source_id AS v, r.target_id AS w, r.predicate, '->'::text AS direction, r.weight, r.paper_count
                FROM relations r WHERE r.source_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                UNION ALL
                SELECT r.target_id, r.source_id, r.predicate, '<-', r.weight, r.paper_count
                FROM relations r WHERE r.target_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
            )
            SELECT level, w.name, w.type, v.name, s.predicate, s.direction, s.weight, s.paper_count
            FROM step s JOIN entities v ON v.id = s.v JOIN entities w ON w.id = s.w
            WHERE s.w NOT IN (SELECT unnest(seen))
            ORDER BY s.weight DESC, w.name, s.predicate, v.name
            LIMIT lim - emitted;
        GET DIAGNOSTICS n = ROW_COUNT;
        emitted := emitted + n;
        frontier := ARRAY(
            SELECT DISTINCT x FROM (
                SELECT r.target_id AS x FROM relations r WHERE r.source_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                UNION
                SELECT r.source_id FROM relations r WHERE r.target_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
            ) s WHERE x NOT IN (SELECT unnest(seen)));
        seen := seen || frontier;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kg.neighbors(text, integer, text[], integer) IS
    'Entities within max_depth (1-4) relations of an entity, in both directions: one row per edge that first reaches an entity (depth, name, via = the entity one level closer, predicate, direction -> or <- as read from via), strongest first; predicates filters (e.g. ''{PART_OF,COMPOSED_OF}''); at most lim rows.';

CREATE FUNCTION kg.shortest_path(a text, b text, max_depth integer DEFAULT 4)
RETURNS TABLE (step integer, source text, predicate text, direction text, target text, weight integer, papers integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH RECURSIVE
    ends AS (SELECT kg.require_entity($1) AS src, kg.require_entity($2) AS dst,
                    least(greatest(coalesce($3, 4), 1), 6) AS hops),
    -- Bidirectional, level-synchronous breadth-first search over the undirected graph: each
    -- row is one state (forward level, frontier and seen set from a; backward ones from b);
    -- each step expands the smaller frontier, so a hub is crossed from one side only. It
    -- stops when the two seen sets meet, when max_depth is used up, or when a side runs dry.
    bfs(fl, ff, fs, bl, bf, bs) AS (
        SELECT 0, ARRAY[ends.src], ARRAY[ends.src], 0, ARRAY[ends.dst], ARRAY[ends.dst] FROM ends
        UNION ALL
        SELECT CASE WHEN d.fwd THEN bfs.fl + 1 ELSE bfs.fl END,
               CASE WHEN d.fwd THEN n.ids ELSE bfs.ff END,
               CASE WHEN d.fwd THEN bfs.fs || n.ids ELSE bfs.fs END,
               CASE WHEN d.fwd THEN bfs.bl ELSE bfs.bl + 1 END,
               CASE WHEN d.fwd THEN bfs.bf ELSE n.ids END,
               CASE WHEN d.fwd THEN bfs.bs ELSE bfs.bs || n.ids END
        FROM bfs CROSS JOIN ends
        CROSS JOIN LATERAL (SELECT cardinality(bfs.ff) <= cardinality(bfs.bf) AS fwd) d
        CROSS JOIN LATERAL (SELECT ARRAY(
            SELECT DISTINCT s.x FROM (
                SELECT r.target_id AS x FROM relations r WHERE r.source_id = ANY(CASE WHEN d.fwd THEN bfs.ff ELSE bfs.bf END)
                UNION ALL
                SELECT r.source_id FROM relations r WHERE r.target_id = ANY(CASE WHEN d.fwd THEN bfs.ff ELSE bfs.bf END)) s
            WHERE s.x NOT IN (SELECT unnest(CASE WHEN d.fwd THEN bfs.fs ELSE bfs.bs END))) AS ids) n
        WHERE bfs.fl + bfs.bl < ends.hops AND NOT (bfs.fs && bfs.bs) AND cardinality(n.ids) > 0
    ),
    fwd_levels AS (SELECT DISTINCT ON (fl) fl AS level, ff AS frontier FROM bfs ORDER BY fl),
    bwd_levels AS (SELECT DISTINCT ON (bl) bl AS level, bf AS frontier FROM bfs ORDER BY bl),
    -- Where the searches met: the node with the least total distance (then the lowest id).
    meet AS (
        SELECT f.level AS fl, g.level AS bl, f.x AS node
        FROM (SELECT l.level, unnest(l.frontier) AS x FROM fwd_levels l) f
        JOIN (SELECT l.level, unnest(l.frontier) AS x FROM bwd_levels l) g ON g.x = f.x
        CROSS JOIN ends
        WHERE ends.src <> ends.dst AND f.level + g.level <= ends.hops
        ORDER BY f.level + g.level, f.x
        LIMIT 1
    ),
    -- From the meeting node back to a, and on to b: at each level the strongest edge into the
    -- level one step closer to that end, so the answer is the same every time.
    back(side, level, node, other, predicate, direction, weight, papers) AS (
        SELECT 'a'::text, meet.fl, meet.node, NULL::bigint, NULL::text, NULL::text, NULL::integer, NULL::integer FROM meet
        UNION ALL
        SELECT 'b'::text, meet.bl, meet.node, NULL::bigint, NULL::text, NULL::text, NULL::integer, NULL::integer FROM meet
        UNION ALL
        SELECT back.side, back.level - 1, pick.p, back.node, pick.predicate, pick.direction, pick.weight, pick.papers
        FROM back CROSS JOIN LATERAL (
            SELECT x.p, x.predicate, x.direction, x.weight, x.papers
            FROM (SELECT r.source_id AS p, r.predicate, '->'::text AS direction, r.weight, r.paper_count AS papers
                  FROM relations r WHERE r.target_id = back.node
                  UNION ALL
                  SELECT r.target_id, r.predicate, '<-', r.weight, r.paper_count
                  FROM relations r WHERE r.source_id = back.node) x
            WHERE x.p = ANY(CASE WHEN back.side = 'a'
                                 THEN (SELECT l.frontier FROM fwd_levels l WHERE l.level = back.level - 1)
                                 ELSE (SELECT l.frontier FROM bwd_levels l WHERE l.level = back.level - 1) END)
            ORDER BY x.weight DESC, x.predicate, x.p
            LIMIT 1) pick
        WHERE back.level > 0
    ),
    steps AS (
        -- Side a: the edge p -> node read from a towards the meeting node.
        SELECT back.level AS k, back.node AS s, back.predicate, back.direction, back.other AS t, back.weight, back.papers
        FROM back WHERE back.side = 'a' AND back.other IS NOT NULL
        UNION ALL
        -- Side b: walking from the meeting node towards b, the edge reads other -> node.
        SELECT (SELECT meet.fl FROM meet) + (SELECT meet.bl FROM meet) - back.level - 1, back.other, back.predicate,
               CASE back.direction WHEN '->' THEN '<-' ELSE '->' END, back.node, back.weight, back.papers
        FROM back WHERE back.side = 'b' AND back.other IS NOT NULL
    )
    SELECT steps.k + 1, s.name, steps.predicate, steps.direction, t.name, steps.weight, steps.papers
    FROM steps JOIN entities s ON s.id = steps.s JOIN entities t ON t.id = steps.t
    ORDER BY steps.k
$$;
COMMENT ON FUNCTION kg.shortest_path(text, text, integer) IS
    'One shortest path between two entities over the undirected graph (at most max_depth steps, 1-6), as ordered steps source -predicate-> target; direction -> means the relation reads source to target, <- the reverse. No rows when there is no such path.';

CREATE FUNCTION kg.evidence(source text, target text, lim integer DEFAULT 100)
RETURNS TABLE (predicate text, direction text, sentence text, title text, doi text, section text, chunk_id bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH ends AS (SELECT kg.require_entity($1) AS s, kg.require_entity($2) AS t),
    rel AS (
        SELECT r.id, r.predicate, '->'::text AS direction, r.weight FROM ends JOIN relations r ON r.source_id = ends.s AND r.target_id = ends.t
        UNION ALL
        SELECT r.id, r.predicate, '<-', r.weight FROM ends JOIN relations r ON r.source_id = ends.t AND r.target_id = ends.s AND ends.s <> ends.t
    )
    SELECT rel.predicate, rel.direction, ev.sentence, p.title, p.doi, sec.title, ev.chunk_id
    FROM rel
    JOIN relation_evidence ev ON ev.relation_id = rel.id
    JOIN papers p ON p.id = ev.paper_id
    JOIN chunks c ON c.id = ev.chunk_id
    LEFT JOIN sections sec ON sec.id = c.section_id
    ORDER BY rel.weight DESC, rel.predicate, rel.direction, p.title, c.ordinal, ev.sentence_start
    LIMIT greatest($3, 0)
$$;
COMMENT ON FUNCTION kg.evidence(text, text, integer) IS
    'The sentences that state a relation between two entities (either direction), with the paper title, DOI and section title; strongest relation first.';

CREATE FUNCTION kg.paper_graph(doi text)
RETURNS TABLE (source text, source_type text, predicate text, target text, target_type text, sentences integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH p AS (SELECT kg.require_paper($1) AS id),
    edges AS (
        SELECT ev.relation_id, count(DISTINCT (ev.chunk_id, ev.sentence_start))::int AS n
        FROM p JOIN relation_evidence ev ON ev.paper_id = p.id GROUP BY ev.relation_id
    ),
    ends AS (
        SELECT r.source_id AS id FROM edges JOIN relations r ON r.id = edges.relation_id
        UNION SELECT r.target_id FROM edges JOIN relations r ON r.id = edges.relation_id
    )
    SELECT * FROM (
        SELECT s.name, s.type, r.predicate, t.name, t.type, edges.n
        FROM edges JOIN relations r ON r.id = edges.relation_id
        JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
        UNION ALL
        SELECT e.name, e.type, NULL, NULL, NULL, NULL
        FROM entities e
        WHERE e.id IN (SELECT m.entity_id FROM p JOIN mentions m ON m.paper_id = p.id)
          AND e.id NOT IN (SELECT id FROM ends)
    ) g
    ORDER BY g.predicate IS NULL, 1, 3, 4
    LIMIT 5000
$$;
COMMENT ON FUNCTION kg.paper_graph(text) IS
    'The part of the graph one paper evidences: its relations (sentences = distinct sentences of this paper stating each), then entities it mentions without a relation (predicate NULL).';

CREATE FUNCTION kg.co_cited(doi text)
RETURNS TABLE (doi text, title text, in_corpus boolean, cocitations integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH target AS (SELECT regexp_replace(lower(btrim($1)), '^(https?://(dx\.)?doi\.org/|doi:)', '') AS d),
    citing AS (
        SELECT c.paper_id FROM target JOIN citations c ON lower(c.doi) = target.d
        UNION
        SELECT c.paper_id FROM target JOIN papers tp ON lower(tp.doi) = target.d JOIN citations c ON c.cited_paper_id = tp.id
    ),
    others AS (
        SELECT c.paper_id AS citing, coalesce(lower(cp.doi), lower(c.doi)) AS d, cp.id AS pid, coalesce(cp.title, c.title) AS title
        FROM citing JOIN citations c ON c.paper_id = citing.paper_id
        LEFT JOIN papers cp ON cp.id = c.cited_paper_id
    )
    SELECT o.d, max(o.title), bool_or(o.pid IS NOT NULL), count(DISTINCT o.citing)::int
    FROM others o, target
    WHERE o.d IS NOT NULL AND o.d <> target.d
    GROUP BY o.d
    ORDER BY 4 DESC, 2, 1
    LIMIT 200
$$;
COMMENT ON FUNCTION kg.co_cited(text) IS
    'Works cited together with the work with this DOI: for each other DOI, the number of corpus papers whose reference lists contain both (in_corpus: the work is itself a stored paper).';

CREATE FUNCTION kg.property_values(property text, unit text DEFAULT NULL)
RETURNS TABLE (entity text, property text, low double precision, high double precision, unit text, original text, doi text, title text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH prop AS (SELECT kg.require_entity($1) AS id)
    SELECT e.name, pe.name, v.low, v.high, v.unit, v.original, p.doi, p.title
    FROM prop
    JOIN property_values v ON v.property_id = prop.id
    JOIN entities pe ON pe.id = v.property_id
    LEFT JOIN entities e ON e.id = v.entity_id
    JOIN papers p ON p.id = v.paper_id
    WHERE $2 IS NULL OR v.unit = $2
    ORDER BY e.name NULLS LAST, coalesce(v.low, v.high), p.doi, v.original
    LIMIT 5000
$$;
COMMENT ON FUNCTION kg.property_values(text, text) IS
    'Numeric values of a property across papers: entity, low and high in SI units (one may be NULL for at-least/at-most), the unit, the text as written and the paper.';

CREATE FUNCTION kg.cosine(a real[], b real[]) RETURNS real
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog
AS $$
DECLARE
    result double precision;
BEGIN
    IF cardinality(a) <> cardinality(b) THEN
        RAISE EXCEPTION 'kg.cosine: vectors have % and % dimensions', cardinality(a), cardinality(b)
            USING ERRCODE = 'data_exception', HINT = 'compare vectors of the same model';
    END IF;
    -- Sums in double precision: 384 float products lose digits in real.
    SELECT sum(x::float8 * y) / nullif(sqrt(sum(x::float8 * x) * sum(y::float8 * y)), 0)
      INTO result FROM unnest(a, b) AS t(x, y);
    RETURN result::real;
END
$$;
COMMENT ON FUNCTION kg.cosine(real[], real[]) IS
    'Cosine similarity of two vectors of equal length (NULL when either is all zeros).';

CREATE FUNCTION kg.nearest_chunks(query real[], k integer, model text DEFAULT 'all-MiniLM-L6-v2')
RETURNS TABLE (chunk_id bigint, doi text, section text, score real, text text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH q AS (SELECT $1 AS v, sqrt((SELECT sum(x::float8 * x) FROM unnest($1) AS x)) AS norm),
    -- One pass over each stored vector for both its dot product with the query and its norm.
    scored AS (
        SELECT e.chunk_id, d.dot / nullif(q.norm * sqrt(d.nn), 0) AS score
        FROM q JOIN embeddings e ON e.model = $3 AND e.chunk_id IS NOT NULL AND e.dim = cardinality(q.v)
        CROSS JOIN LATERAL (SELECT sum(x::float8 * y) AS dot, sum(y::float8 * y) AS nn FROM unnest(q.v, e.vector) AS t(x, y)) d
        ORDER BY 2 DESC NULLS LAST, e.chunk_id
        LIMIT greatest($2, 0)
    )
    SELECT c.id, p.doi, sec.title, scored.score::real, c.text
    FROM scored JOIN chunks c ON c.id = scored.chunk_id
    JOIN papers p ON p.id = c.paper_id
    LEFT JOIN sections sec ON sec.id = c.section_id
    ORDER BY scored.score DESC NULLS LAST, c.id
$$;
COMMENT ON FUNCTION kg.nearest_chunks(real[], integer, text) IS
    'The k chunks whose embedding (of this model) is most cosine-similar to query: an exact scan, for checking; the service searches with BLAS.';

-- Grants -----------------------------------------------------------------------------------
-- 0002's default privileges cover new tables and functions; granted again explicitly so a
-- reader role created after 0002 (or by an administrator) sees the kg API.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        GRANT USAGE ON SCHEMA public, kg TO preflexor_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA public, kg TO preflexor_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kg TO preflexor_reader;
    END IF;
END
$$;
