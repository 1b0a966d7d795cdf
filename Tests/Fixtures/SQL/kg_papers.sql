-- Evidence, papers, citations and property values.
select predicate, direction, sentence, title, doi, section from kg.evidence('nacre', 'fracture toughness');

-- Either order of the two names works.
select predicate, direction, sentence, doi from kg.evidence('hierarchical composite', 'bone');

select * from kg.paper_graph('10.5555/kg.bone');

select * from kg.paper_graph('https://doi.org/10.5555/KG.SILK');

-- Works cited together with the bone paper.
select * from kg.co_cited('10.5555/kg.bone');

select * from kg.co_cited('10.9999/external.keten2010');

select entity, low, high, unit, original, doi from kg.property_values('young modulus');

-- Filtering by the SI unit; one-sided bounds keep a NULL.
select entity, property, low, high, unit, original from kg.property_values('stiffness', 'Pa');

select entity, low, high, unit from kg.property_values('tensile strength', 'm');

select * from kg.paper_graph('10.1000/not-here');
