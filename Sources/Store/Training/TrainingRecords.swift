import Foundation

/// The state of the stored graph when something was derived from it: the newest ingest
/// time and how many papers were stored.
public struct GraphWatermark: Sendable, Codable, Equatable {
    public var ingestedAt: Date?
    public var papers: Int

    public init(ingestedAt: Date?, papers: Int) {
        self.ingestedAt = ingestedAt; self.papers = papers
    }
}

/// A paper named by its stable key and DOI, which outlive the paper's row.
public struct PaperRef: Sendable, Codable, Hashable {
    /// `papers.paper_key` ('doi:…', 'pmcid:…', 'sha256:…').
    public var key: String
    /// Lower-case DOI, nil when the paper has none.
    public var doi: String?

    public init(key: String, doi: String?) {
        self.key = key; self.doi = doi?.lowercased()
    }
}

/// A question to store, with where it came from.
public struct NewQuestion: Sendable, Codable, Equatable {
    public var question: String
    /// mechanism, effect, comparison, property_value, design_principle, structure_property, llm.
    public var kind: String
    public var topic: String?
    /// 'embedded' or 'llm:<model>'.
    public var teacher: String
    public var seed: UInt64?
    public var chunkIDs: [Int64]
    public var entityIDs: [Int64]
    public var relationIDs: [Int64]
    public var papers: [PaperRef]
    /// The facts the question rests on, as a JSON array.
    public var premisesJSON: String
    public var watermark: GraphWatermark

    public init(question: String, kind: String, topic: String?, teacher: String, seed: UInt64?, chunkIDs: [Int64],
                entityIDs: [Int64], relationIDs: [Int64], papers: [PaperRef], premisesJSON: String, watermark: GraphWatermark) {
        self.question = question; self.kind = kind; self.topic = topic; self.teacher = teacher; self.seed = seed
        self.chunkIDs = chunkIDs; self.entityIDs = entityIDs; self.relationIDs = relationIDs; self.papers = papers
        self.premisesJSON = premisesJSON; self.watermark = watermark
    }
}

/// A stored question.
public struct StoredQuestion: Sendable, Codable, Equatable {
    public var id: Int64
    public var question: String
    public var kind: String
    public var topic: String?
    public var teacher: String
    public var chunkIDs: [Int64]
    public var entityIDs: [Int64]
    public var relationIDs: [Int64]
    public var papers: [PaperRef]
    public var premisesJSON: String
    public var createdAt: Date
}

/// A preference pair to store, with provenance.
public struct NewPreferencePair: Sendable, Codable, Equatable {
    public var questionID: Int64
    public var prompt: String
    public var chosen: String
    public var rejected: String
    public var stage: Int
    public var chosenBy: String
    public var rejectedBy: String
    public var seed: UInt64?
    public var chunkIDs: [Int64]
    public var citedChunkIDs: [Int64]
    public var papers: [PaperRef]
    public var watermark: GraphWatermark

    public init(questionID: Int64, prompt: String, chosen: String, rejected: String, stage: Int = 1, chosenBy: String,
                rejectedBy: String, seed: UInt64?, chunkIDs: [Int64], citedChunkIDs: [Int64], papers: [PaperRef],
                watermark: GraphWatermark) {
        self.questionID = questionID; self.prompt = prompt; self.chosen = chosen; self.rejected = rejected
        self.stage = stage; self.chosenBy = chosenBy; self.rejectedBy = rejectedBy; self.seed = seed
        self.chunkIDs = chunkIDs; self.citedChunkIDs = citedChunkIDs; self.papers = papers; self.watermark = watermark
    }
}

/// A stored preference pair.
public struct StoredPreferencePair: Sendable, Codable, Equatable {
    public var id: Int64
    public var questionID: Int64
    public var prompt: String
    public var chosen: String
    public var rejected: String
    public var stage: Int
    public var chosenBy: String
    public var rejectedBy: String
    public var chunkIDs: [Int64]
    public var citedChunkIDs: [Int64]
    public var papers: [PaperRef]
}

/// One row of `kg.training_lineage`.
public struct LineageRow: Sendable, Codable, Equatable {
    public var paperKey: String
    public var doi: String?
    /// The paper's current id; nil once it was deleted.
    public var paperID: Int64?
    public var questionID: Int64
    public var pairID: Int64
    public var runID: Int64?
    public var runStage: String?
    public var checkpointID: Int64?
    public var checkpointPath: String?
    public var checkpointStep: Int?
}

/// A checkpoint a paper influenced.
public struct CheckpointRef: Sendable, Codable, Hashable {
    public var id: Int64
    public var runID: Int64
    public var path: String
    public var step: Int
}
