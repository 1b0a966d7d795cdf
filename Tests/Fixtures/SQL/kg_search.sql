-- Full-text search over chunks (kg.search_chunks, the text list of hybrid retrieval).
select doi, section, round(score::numeric, 4) as score from kg.search_chunks('How does mineralization affect the stiffness of bone?', 5);

-- Any term suffices; stemming meets "fibrils" and "fibril".
select doi, section from kg.search_chunks('collagen fibril', 3);

-- The same matches ranked by BM25.
select doi, section, round(score::numeric, 3) as score from kg.search_chunks_bm25('How does mineralization affect the stiffness of bone?', 5);

-- Only stop words, or k = 0: no rows.
select count(*) from kg.search_chunks('how does the', 5);

select count(*) from kg.search_chunks('bone', 0);

-- The query the text list runs.
select kg.any_terms('Toughness of nacre''s tablets');
