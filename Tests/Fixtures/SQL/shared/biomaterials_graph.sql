-- The kg SQL API over the graph that `preflexor ingest` (embedded extractor, no embeddings,
-- one file at a time) builds from the 16 papers of ../shared/jats/biomaterials, then
-- `GraphBuilder.detectCommunities`. Re-record with PREFLEXOR_RECORD=1 after an intended change
-- of the extractor or the lexicon, and review the diff.

-- What is in the graph.
select count(*) as papers, sum(chunks) as chunks from (select p.id, count(c.id) as chunks from papers p join chunks c on c.paper_id = p.id group by p.id) s;
select type, count(*) as entities, count(*) filter (where degree > 0) as connected from kg.entities group by type order by entities desc, type;
select predicate, count(*) as edges, sum(weight) as sentences from kg.edges group by predicate order by edges desc, predicate;

-- The hubs of the graph.
select name, type, degree, papers from kg.entities order by degree desc, papers desc, name limit 12;

-- Every typed edge, with how often and in how many papers it is stated.
select * from kg.edges where predicate <> 'CO_OCCURS' order by source, predicate, target;

-- Edges that several papers state.
select source, predicate, target, weight, papers from kg.edges where papers >= 3 order by papers desc, weight desc, source, target;

-- Fuzzy search: a misspelling, an abbreviation, a partial word.
select name, type, matched, score from kg.search_entities('colagen', 5) order by score desc, name;
select name, type, matched from kg.search_entities('PTH', 3) order by score desc, name;
select name, matched from kg.search_entities('osteo', 6) order by score desc, name;

-- Neighbours: typed relations of one entity, then its strongest co-occurrences.
select depth, name, type, via, predicate, direction, weight from kg.neighbors('PTH', 1, array['INCREASES', 'REGULATES', 'BINDS', 'DERIVED_FROM']) order by depth, predicate, name;
select name, type, predicate, direction, weight, papers from kg.neighbors('type I collagen') order by weight desc, papers desc, name limit 10;
-- Two hops, typed relations only.
select depth, name, via, predicate, direction from kg.neighbors('Klotho', 2, array['INCREASES', 'REGULATES', 'BINDS', 'DERIVED_FROM']) order by depth, name, via, predicate;

-- Paths: their length (ties between equally short paths are broken by the planner, so the
-- golden file records the length and the endpoints).
select count(*) as steps, min(source) filter (where step = 1) as from_entity, max(target) filter (where step = (select max(step) from kg.shortest_path('osteopontin', 'biofilm'))) as last_target from kg.shortest_path('osteopontin', 'biofilm');
select count(*) as steps from kg.shortest_path('PTH', 'osteopontin');
select count(*) as steps from kg.shortest_path('collagen', 'collagen');

-- Evidence sentences with DOI and section.
select predicate, direction, sentence, doi, section from kg.evidence('PTH', 'osteopontin') order by predicate, doi, sentence;
select predicate, left(sentence, 100) as sentence, doi, section from kg.evidence('hydrogel', 'storage modulus') order by doi, sentence;

-- One paper's graph, typed part.
select source, source_type, predicate, target, target_type, sentences from kg.paper_graph('10.1371/journal.pgen.1002726') where predicate <> 'CO_OCCURS' order by source, predicate, target;
select count(*) filter (where predicate is not null) as edges, sum(sentences) as sentences, count(*) filter (where predicate is null) as unconnected_entities from kg.paper_graph('https://doi.org/10.1371/JOURNAL.PBIO.0060017');

-- (kg.co_cited is exercised in kg_papers.sql: the references of these PLOS papers carry no DOIs.)

-- Numeric values with SI units.
select entity, property, low, high, unit, original, doi from kg.property_values('density') order by doi, original;
select count(*) from kg.property_values('molecular weight', 'kg/mol');

-- Communities exist and cover every connected entity.
select count(distinct community) > 1 as several, count(*) filter (where community is null) as connected_without from kg.entities where degree > 0;

-- Clear errors for unknown names.
select * from kg.neighbors('unobtainium');
select * from kg.paper_graph('10.9999/none');
select * from kg.evidence('bone', 'unobtainium');
