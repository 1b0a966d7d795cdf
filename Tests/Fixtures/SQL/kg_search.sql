-- Full-text search over chunks (kg.search_chunks: BM25, the text list of hybrid retrieval).
select doi, section, round(score::numeric, 3) as score from kg.search_chunks('How does mineralization affect the stiffness of bone?', 5);

-- Stemming meets "fibrils" and "fibril"; "collagen", in more than a quarter of these few
-- chunks, only adds to the score, so the candidates are the chunks with "fibril".
select doi, section from kg.search_chunks('collagen fibril', 3);

-- Chunks with any term, ranked by ts_rank_cd.
select doi, section, round(score::numeric, 4) as score from kg.search_chunks_cd('How does mineralization affect the stiffness of bone?', 5);

-- Only stop words, or k = 0: no rows.
select count(*) from kg.search_chunks('how does the', 5);

select count(*) from kg.search_chunks('bone', 0);

-- The OR of a question's terms (what kg.search_chunks_cd matches).
select kg.any_terms('Toughness of nacre''s tablets');
