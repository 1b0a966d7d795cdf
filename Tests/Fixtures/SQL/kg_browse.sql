-- Browsing the graph: the entity and edge views, and fuzzy search.
select name, type, degree, papers, community, aliases from kg.entities order by degree desc, name limit 10;

-- Entities of one type.
select name, degree from kg.entities where type = 'property' order by name;

-- The strongest edges.
select * from kg.edges where weight > 1 order by weight desc, source, target;

-- Edges into a property, as an expert would ask "what raises stiffness?".
select source, predicate, weight from kg.edges where target = 'stiffness' and predicate = 'INCREASES' order by source;

-- A misspelling still finds the entity.
select name, type, matched, score from kg.search_entities('colagen fibrils');

-- An abbreviation matches through the aliases table.
select name, type, matched, score from kg.search_entities('HAp');

-- A partial word.
select name, matched, score from kg.search_entities('silk');

-- Communities and their sizes.
select community, count(*) as entities, string_agg(name, ', ' order by name) from kg.entities where community is not null group by community order by community;
