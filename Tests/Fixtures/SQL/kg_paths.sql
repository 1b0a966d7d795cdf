-- Neighbourhoods and paths.
select * from kg.neighbors('collagen');

-- Names resolve case-insensitively, through aliases and simple plurals.
select depth, name, via, predicate, direction from kg.neighbors('Mother of Pearl');

select depth, name, via, predicate, direction from kg.neighbors('Hydroxyapatite', 2);

-- Only structural predicates.
select depth, name, via, predicate, direction from kg.neighbors('bone', 3, '{composed_of,part_of}');

-- How does a silk protein relate to toughness?
select * from kg.shortest_path('spidroin', 'fracture toughness');

-- The same path read from the other end.
select * from kg.shortest_path('fracture toughness', 'spidroin');

-- Too far for the limit: no rows.
select * from kg.shortest_path('spidroin', 'osteopontin', 2);

-- Water and osteopontin are six steps apart: nothing within the default four, found with six.
select step, source, predicate, direction, target from kg.shortest_path('water', 'osteopontin');

select step, source, predicate, direction, target from kg.shortest_path('water', 'osteopontin', 6);

-- Unknown names say what to do.
select * from kg.neighbors('unobtainium');
