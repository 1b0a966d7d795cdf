-- Vectors (real[]) and exact nearest-chunk search.
select kg.cosine('{1,0,0}', '{1,1,0}') as cosine;

select kg.cosine('{1,2,3}', '{1,2,3}') as same, kg.cosine('{1,0}', '{0,1}') as orthogonal, kg.cosine('{0,0}', '{1,1}') as zero;

select kg.cosine('{1,2}', '{1,2,3}');

select doi, section, score, left(text, 60) as text from kg.nearest_chunks('{1,0.2,0}', 3, 'toy-3d');

-- The best chunk for a silk-like query, combined with its paper.
select n.doi, p.title, n.score from kg.nearest_chunks('{0,0,1}', 1, 'toy-3d') n join papers p on p.doi = n.doi;

-- A model without embeddings gives no rows.
select count(*) from kg.nearest_chunks('{1,0,0}', 5);
