import PostgresNIO

extension GraphWriter {
    /// Replaces this paper's comparisons with the record's: rows it no longer contains are
    /// deleted, new ones inserted, changed ones updated. Returns how many rows were deleted.
    func writeComparisons(_ comparisons: [GraphRecord.Comparison], chunk: (Int) -> Int64) async throws -> Int {
        let rows = comparisons.map {
            ComparisonRow(a: $0.a, b: $0.b, propertyKey: $0.propertyKey, direction: $0.direction, ratio: $0.ratio, trigger: $0.trigger,
                          polarity: $0.polarity.rawValue, chunkId: chunk($0.chunkOrdinal), sentenceStart: $0.sentenceRange.lowerBound,
                          sentenceEnd: $0.sentenceRange.upperBound, sentence: $0.sentence)
        }
        let select = """
            FROM jsonb_to_recordset($1::jsonb) AS x(a text, b text, property_key text, direction text, ratio float8, trigger text,
                                                    polarity text, chunk_id bigint, sentence_start int, sentence_end int, sentence text)
            JOIN entities ea ON ea.key = x.a JOIN entities eb ON eb.key = x.b
            LEFT JOIN entities ep ON ep.key = x.property_key
            """
        let removed = try await count(
            """
            DELETE FROM comparisons c WHERE c.paper_id = \(paperID) AND NOT EXISTS (
                SELECT 1 \(select)
                WHERE x.chunk_id = c.chunk_id AND x.sentence_start = c.sentence_start AND ea.id = c.a_id AND eb.id = c.b_id
                  AND ep.id IS NOT DISTINCT FROM c.property_id)
            RETURNING 1
            """, rows)
        try await run(
            """
            INSERT INTO comparisons (a_id, b_id, property_id, direction, ratio, trigger, polarity, paper_id, chunk_id,
                                     sentence_start, sentence_end, sentence)
            SELECT DISTINCT ON (x.chunk_id, x.sentence_start, ea.id, eb.id, ep.id)
                   ea.id, eb.id, ep.id, x.direction, x.ratio, x.trigger, x.polarity, \(paperID), x.chunk_id,
                   x.sentence_start, x.sentence_end, x.sentence
            \(select)
            ORDER BY x.chunk_id, x.sentence_start, ea.id, eb.id, ep.id
            ON CONFLICT (chunk_id, sentence_start, a_id, b_id, property_id) DO UPDATE
                SET direction = EXCLUDED.direction, ratio = EXCLUDED.ratio, trigger = EXCLUDED.trigger, polarity = EXCLUDED.polarity,
                    sentence_end = EXCLUDED.sentence_end, sentence = EXCLUDED.sentence
            WHERE (comparisons.direction, comparisons.ratio, comparisons.trigger, comparisons.polarity, comparisons.sentence_end, comparisons.sentence)
                  IS DISTINCT FROM (EXCLUDED.direction, EXCLUDED.ratio, EXCLUDED.trigger, EXCLUDED.polarity, EXCLUDED.sentence_end, EXCLUDED.sentence)
            """, rows)
        return removed
    }
}

private struct ComparisonRow: Encodable {
    var a: String, b: String, propertyKey: String?, direction: String, ratio: Double?, trigger: String, polarity: String
    var chunkId: Int64, sentenceStart: Int, sentenceEnd: Int, sentence: String
}
