-- 0007_graph_polarity: what a sentence says about a relation, not only that it names one
-- (issue 10). "Its toughness cannot be explained by mineral content" names mineral content
-- and toughness, but denies the relation: the graph keeps that sentence as negated evidence
-- instead of dropping it (or, worse, counting it as support).
--
--   relation_evidence.polarity  'asserted', 'negated' or 'hedged' ("may increase"), with the
--                               cue word that decided it ("cannot", "may")
--   relations.weight/paper_count  asserted evidence only (a relation stated only negated or
--                               hedged has weight 0); relations.negated/hedged count the rest
--   property_values.condition   the condition a value was measured under ("dry", "at 37 °C")
--   comparisons                 "X is stiffer than Y", "a 3-fold higher modulus than Y"
--
-- kg.edges, kg.neighbors and kg.shortest_path read asserted relations by default (a final
-- boolean parameter includes the others); kg.evidence returns polarity and cue.

ALTER TABLE relation_evidence
    ADD COLUMN polarity text NOT NULL DEFAULT 'asserted' CHECK (polarity IN ('asserted', 'negated', 'hedged')),
    ADD COLUMN cue text;
COMMENT ON COLUMN relation_evidence.polarity IS
    'asserted, negated ("does not increase", "no significant effect on") or hedged ("may increase", "suggests")';
COMMENT ON COLUMN relation_evidence.cue IS 'The word(s) that made the sentence negated or hedged; NULL when asserted.';

ALTER TABLE relations
    ADD COLUMN negated integer NOT NULL DEFAULT 0,
    ADD COLUMN hedged integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN relations.weight IS 'Distinct asserted evidence sentences.';
COMMENT ON COLUMN relations.paper_count IS 'Distinct papers with an asserted evidence sentence.';
COMMENT ON COLUMN relations.negated IS 'Distinct evidence sentences that deny the relation.';
COMMENT ON COLUMN relations.hedged IS 'Distinct evidence sentences that state it as possible, not as fact.';

-- Existing evidence was stored as asserted (negated sentences were dropped), so the counts
-- stay as they are; this makes them exact by the new definition all the same.
UPDATE relations r SET weight = s.n, paper_count = s.papers, negated = s.negated, hedged = s.hedged
FROM (SELECT relation_id,
             count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'asserted')::int AS n,
             count(DISTINCT paper_id) FILTER (WHERE polarity = 'asserted')::int AS papers,
             count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'negated')::int AS negated,
             count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'hedged')::int AS hedged
      FROM relation_evidence GROUP BY relation_id) s
WHERE r.id = s.relation_id
  AND (r.weight, r.paper_count, r.negated, r.hedged) IS DISTINCT FROM (s.n, s.papers, s.negated, s.hedged);

ALTER TABLE property_values ADD COLUMN condition text;
COMMENT ON COLUMN property_values.condition IS 'The condition the value was measured under, as written ("dry", "wet", "at 37 °C"); NULL when none.';

-- "Enamel is 3-fold stiffer than dentin": a = enamel, b = dentin, property = stiffness,
-- direction = higher, ratio = 3. property is NULL when the sentence names none.
CREATE TABLE comparisons (
    id              bigserial PRIMARY KEY,
    a_id            bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    b_id            bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    property_id     bigint REFERENCES entities (id) ON DELETE CASCADE,
    direction       text NOT NULL CHECK (direction IN ('higher', 'lower', 'similar')),
    ratio           double precision CHECK (ratio IS NULL OR ratio > 0),
    trigger         text NOT NULL,
    polarity        text NOT NULL DEFAULT 'asserted' CHECK (polarity IN ('asserted', 'negated', 'hedged')),
    paper_id        bigint NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    chunk_id        bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    sentence_start  integer NOT NULL,
    sentence_end    integer NOT NULL,
    sentence        text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (chunk_id, sentence_start, a_id, b_id, property_id)
);
CREATE INDEX comparisons_property_idx ON comparisons (property_id);
CREATE INDEX comparisons_a_idx ON comparisons (a_id);
CREATE INDEX comparisons_b_idx ON comparisons (b_id);
CREATE INDEX comparisons_paper_idx ON comparisons (paper_id);

-- Views ------------------------------------------------------------------------------------

CREATE OR REPLACE VIEW kg.entities AS
SELECT e.id, e.name, e.type,
       coalesce(d.degree, 0)::int AS degree,
       (SELECT count(DISTINCT m.paper_id) FROM mentions m WHERE m.entity_id = e.id)::int AS papers,
       e.community,
       ARRAY(SELECT DISTINCT a.alias FROM entity_aliases a WHERE a.entity_id = e.id AND a.alias <> e.name ORDER BY a.alias) AS aliases
FROM public.entities e
LEFT JOIN (
    SELECT x.id, count(*)::int AS degree
    FROM (SELECT r.source_id AS id FROM relations r WHERE r.weight > 0
          UNION ALL
          SELECT r.target_id FROM relations r WHERE r.target_id <> r.source_id AND r.weight > 0) x
    GROUP BY x.id
) d ON d.id = e.id;
COMMENT ON VIEW kg.entities IS
    'Entities with their type, degree (asserted relations in and out), number of papers that mention them, Louvain community and aliases.';

CREATE OR REPLACE VIEW kg.edges AS
SELECT s.name AS source, r.predicate, t.name AS target, r.weight, r.paper_count AS papers, r.negated, r.hedged
FROM relations r
JOIN public.entities s ON s.id = r.source_id
JOIN public.entities t ON t.id = r.target_id
WHERE r.weight > 0;
COMMENT ON VIEW kg.edges IS
    'Directed, typed relations that some sentence asserts: weight = distinct asserted evidence sentences, papers = distinct papers that assert it; negated and hedged = sentences that deny it or state it only as possible (see kg.all_edges for relations never asserted).';

CREATE VIEW kg.all_edges AS
SELECT s.name AS source, r.predicate, t.name AS target, r.weight, r.paper_count AS papers, r.negated, r.hedged,
       CASE WHEN r.weight > 0 THEN 'asserted' WHEN r.negated >= r.hedged THEN 'negated' ELSE 'hedged' END AS polarity
FROM relations r
JOIN public.entities s ON s.id = r.source_id
JOIN public.entities t ON t.id = r.target_id;
COMMENT ON VIEW kg.all_edges IS
    'Every relation with evidence, asserted or not: polarity = asserted when some sentence asserts it, else negated or hedged (whichever has more sentences).';

-- Functions --------------------------------------------------------------------------------

DROP FUNCTION kg.neighbors(text, integer, text[], integer);
CREATE FUNCTION kg.neighbors(entity text, max_depth integer DEFAULT 1, predicates text[] DEFAULT NULL, lim integer DEFAULT 500,
                             include_unasserted boolean DEFAULT false)
RETURNS TABLE (depth integer, name text, type text, via text, predicate text, direction text, weight integer, papers integer,
               negated integer, hedged integer)
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
    everything boolean := coalesce(include_unasserted, false);
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
                SELECT r.source_id AS v, r.target_id AS w, r.predicate, '->'::text AS direction, r.weight, r.paper_count, r.negated, r.hedged
                FROM relations r WHERE r.source_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                  AND (r.weight > 0 OR everything)
                UNION ALL
                SELECT r.target_id, r.source_id, r.predicate, '<-', r.weight, r.paper_count, r.negated, r.hedged
                FROM relations r WHERE r.target_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                  AND (r.weight > 0 OR everything)
            )
            SELECT level, w.name, w.type, v.name, s.predicate, s.direction, s.weight, s.paper_count, s.negated, s.hedged
            FROM step s JOIN entities v ON v.id = s.v JOIN entities w ON w.id = s.w
            WHERE s.w NOT IN (SELECT unnest(seen))
            ORDER BY s.weight DESC, w.name, s.predicate, v.name
            LIMIT lim - emitted;
        GET DIAGNOSTICS n = ROW_COUNT;
        emitted := emitted + n;
        frontier := ARRAY(
            SELECT DISTINCT x FROM (
                SELECT r.target_id AS x FROM relations r WHERE r.source_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                  AND (r.weight > 0 OR everything)
                UNION
                SELECT r.source_id FROM relations r WHERE r.target_id = ANY(frontier) AND (wanted IS NULL OR r.predicate = ANY(wanted))
                  AND (r.weight > 0 OR everything)
            ) s WHERE x NOT IN (SELECT unnest(seen)));
        seen := seen || frontier;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kg.neighbors(text, integer, text[], integer, boolean) IS
    'Entities within max_depth (1-4) relations of an entity, in both directions: one row per edge that first reaches an entity (depth, name, via = the entity one level closer, predicate, direction -> or <- as read from via, negated/hedged sentences), strongest first; predicates filters (e.g. ''{PART_OF,COMPOSED_OF}''); at most lim rows; asserted relations only unless include_unasserted.';

DROP FUNCTION kg.shortest_path(text, text, integer);
CREATE FUNCTION kg.shortest_path(a text, b text, max_depth integer DEFAULT 4, include_unasserted boolean DEFAULT false)
RETURNS TABLE (step integer, source text, predicate text, direction text, target text, weight integer, papers integer,
               negated integer, hedged integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH RECURSIVE
    ends AS (SELECT kg.require_entity($1) AS src, kg.require_entity($2) AS dst,
                    least(greatest(coalesce($3, 4), 1), 6) AS hops),
    -- Bidirectional, level-synchronous breadth-first search over the undirected graph of
    -- asserted relations (all with include_unasserted): each row is one state (forward level,
    -- frontier and seen set from a; backward ones from b); each step expands the smaller
    -- frontier, so a hub is crossed from one side only. It stops when the two seen sets meet,
    -- when max_depth is used up, or when a side runs dry.
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
                  AND (r.weight > 0 OR coalesce($4, false))
                UNION ALL
                SELECT r.source_id FROM relations r WHERE r.target_id = ANY(CASE WHEN d.fwd THEN bfs.ff ELSE bfs.bf END)
                  AND (r.weight > 0 OR coalesce($4, false))) s
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
    back(side, level, node, other, predicate, direction, weight, papers, negated, hedged) AS (
        SELECT 'a'::text, meet.fl, meet.node, NULL::bigint, NULL::text, NULL::text, NULL::integer, NULL::integer, NULL::integer, NULL::integer FROM meet
        UNION ALL
        SELECT 'b'::text, meet.bl, meet.node, NULL::bigint, NULL::text, NULL::text, NULL::integer, NULL::integer, NULL::integer, NULL::integer FROM meet
        UNION ALL
        SELECT back.side, back.level - 1, pick.p, back.node, pick.predicate, pick.direction, pick.weight, pick.papers, pick.negated, pick.hedged
        FROM back CROSS JOIN LATERAL (
            SELECT x.p, x.predicate, x.direction, x.weight, x.papers, x.negated, x.hedged
            FROM (SELECT r.source_id AS p, r.predicate, '->'::text AS direction, r.weight, r.paper_count AS papers, r.negated, r.hedged
                  FROM relations r WHERE r.target_id = back.node AND (r.weight > 0 OR coalesce($4, false))
                  UNION ALL
                  SELECT r.target_id, r.predicate, '<-', r.weight, r.paper_count, r.negated, r.hedged
                  FROM relations r WHERE r.source_id = back.node AND (r.weight > 0 OR coalesce($4, false))) x
            WHERE x.p = ANY(CASE WHEN back.side = 'a'
                                 THEN (SELECT l.frontier FROM fwd_levels l WHERE l.level = back.level - 1)
                                 ELSE (SELECT l.frontier FROM bwd_levels l WHERE l.level = back.level - 1) END)
            ORDER BY x.weight DESC, x.predicate, x.p
            LIMIT 1) pick
        WHERE back.level > 0
    ),
    steps AS (
        -- Side a: the edge p -> node read from a towards the meeting node.
        SELECT back.level AS k, back.node AS s, back.predicate, back.direction, back.other AS t, back.weight, back.papers, back.negated, back.hedged
        FROM back WHERE back.side = 'a' AND back.other IS NOT NULL
        UNION ALL
        -- Side b: walking from the meeting node towards b, the edge reads other -> node.
        SELECT (SELECT meet.fl FROM meet) + (SELECT meet.bl FROM meet) - back.level - 1, back.other, back.predicate,
               CASE back.direction WHEN '->' THEN '<-' ELSE '->' END, back.node, back.weight, back.papers, back.negated, back.hedged
        FROM back WHERE back.side = 'b' AND back.other IS NOT NULL
    )
    SELECT steps.k + 1, s.name, steps.predicate, steps.direction, t.name, steps.weight, steps.papers, steps.negated, steps.hedged
    FROM steps JOIN entities s ON s.id = steps.s JOIN entities t ON t.id = steps.t
    ORDER BY steps.k
$$;
COMMENT ON FUNCTION kg.shortest_path(text, text, integer, boolean) IS
    'One shortest path between two entities over the undirected graph (at most max_depth steps, 1-6), as ordered steps source -predicate-> target; direction -> means the relation reads source to target, <- the reverse. Asserted relations only unless include_unasserted. No rows when there is no such path.';

DROP FUNCTION kg.evidence(text, text, integer);
CREATE FUNCTION kg.evidence(source text, target text, lim integer DEFAULT 100)
RETURNS TABLE (predicate text, direction text, sentence text, title text, doi text, section text, chunk_id bigint,
               polarity text, cue text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH ends AS (SELECT kg.require_entity($1) AS s, kg.require_entity($2) AS t),
    rel AS (
        SELECT r.id, r.predicate, '->'::text AS direction, r.weight FROM ends JOIN relations r ON r.source_id = ends.s AND r.target_id = ends.t
        UNION ALL
        SELECT r.id, r.predicate, '<-', r.weight FROM ends JOIN relations r ON r.source_id = ends.t AND r.target_id = ends.s AND ends.s <> ends.t
    )
    SELECT rel.predicate, rel.direction, ev.sentence, p.title, p.doi, sec.title, ev.chunk_id, ev.polarity, ev.cue
    FROM rel
    JOIN relation_evidence ev ON ev.relation_id = rel.id
    JOIN papers p ON p.id = ev.paper_id
    JOIN chunks c ON c.id = ev.chunk_id
    LEFT JOIN sections sec ON sec.id = c.section_id
    ORDER BY rel.weight DESC, rel.predicate, rel.direction, ev.polarity, p.title, c.ordinal, ev.sentence_start
    LIMIT greatest($3, 0)
$$;
COMMENT ON FUNCTION kg.evidence(text, text, integer) IS
    'The sentences that state, deny (polarity negated) or hedge (polarity hedged) a relation between two entities (either direction), with the cue word, paper title, DOI and section title; strongest relation first.';

DROP FUNCTION kg.paper_graph(text);
CREATE FUNCTION kg.paper_graph(doi text)
RETURNS TABLE (source text, source_type text, predicate text, target text, target_type text, sentences integer, polarity text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH p AS (SELECT kg.require_paper($1) AS id),
    edges AS (
        SELECT ev.relation_id, count(DISTINCT (ev.chunk_id, ev.sentence_start))::int AS n,
               CASE WHEN bool_or(ev.polarity = 'asserted') THEN 'asserted'
                    WHEN bool_or(ev.polarity = 'negated') THEN 'negated' ELSE 'hedged' END AS polarity
        FROM p JOIN relation_evidence ev ON ev.paper_id = p.id GROUP BY ev.relation_id
    ),
    ends AS (
        SELECT r.source_id AS id FROM edges JOIN relations r ON r.id = edges.relation_id
        UNION SELECT r.target_id FROM edges JOIN relations r ON r.id = edges.relation_id
    )
    SELECT * FROM (
        SELECT s.name, s.type, r.predicate, t.name, t.type, edges.n, edges.polarity
        FROM edges JOIN relations r ON r.id = edges.relation_id
        JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
        UNION ALL
        SELECT e.name, e.type, NULL, NULL, NULL, NULL, NULL
        FROM entities e
        WHERE e.id IN (SELECT m.entity_id FROM p JOIN mentions m ON m.paper_id = p.id)
          AND e.id NOT IN (SELECT id FROM ends)
    ) g
    ORDER BY g.predicate IS NULL, 1, 3, 4
    LIMIT 5000
$$;
COMMENT ON FUNCTION kg.paper_graph(text) IS
    'The part of the graph one paper evidences: its relations (sentences = distinct sentences of this paper stating or denying each; polarity = asserted when one of them asserts it, else negated or hedged), then entities it mentions without a relation (predicate NULL).';

DROP FUNCTION kg.property_values(text, text);
CREATE FUNCTION kg.property_values(property text, unit text DEFAULT NULL)
RETURNS TABLE (entity text, property text, low double precision, high double precision, unit text, original text, doi text, title text,
               condition text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH prop AS (SELECT kg.require_entity($1) AS id)
    SELECT e.name, pe.name, v.low, v.high, v.unit, v.original, p.doi, p.title, v.condition
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
    'Numeric values of a property across papers: entity, low and high in SI units (one may be NULL for at-least/at-most), the unit, the text as written, the paper and the condition it was measured under (NULL when none stated).';

CREATE FUNCTION kg.comparisons(property text DEFAULT NULL, lim integer DEFAULT 500)
RETURNS TABLE (a text, direction text, b text, property text, ratio double precision, polarity text, sentence text, doi text, title text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    WITH prop AS (SELECT CASE WHEN $1 IS NULL THEN NULL ELSE kg.require_entity($1) END AS id)
    SELECT ea.name, c.direction, eb.name, pe.name, c.ratio, c.polarity, c.sentence, p.doi, p.title
    FROM prop
    JOIN comparisons c ON prop.id IS NULL OR c.property_id = prop.id
    JOIN entities ea ON ea.id = c.a_id
    JOIN entities eb ON eb.id = c.b_id
    LEFT JOIN entities pe ON pe.id = c.property_id
    JOIN papers p ON p.id = c.paper_id
    ORDER BY pe.name NULLS LAST, ea.name, eb.name, p.doi, c.chunk_id, c.sentence_start
    LIMIT greatest($2, 0)
$$;
COMMENT ON FUNCTION kg.comparisons(text, integer) IS
    'Statements that compare two entities on a property ("enamel is stiffer than dentin": a enamel, direction higher, b dentin, property stiffness), with the stated ratio (3 for "3-fold"), polarity and sentence; all properties when property is NULL.';

-- The reader role sees new tables through the default privileges of 0002; functions
-- re-created here get EXECUTE the same way, but say it for servers set up before them.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'preflexor_reader') THEN
        GRANT SELECT ON comparisons, kg.all_edges TO preflexor_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kg TO preflexor_reader;
    END IF;
END
$$;
