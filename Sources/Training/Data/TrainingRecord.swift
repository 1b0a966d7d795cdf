import Foundation

/// One row of a training file: TRL's preference format `{"prompt", "chosen", "rejected"}`
/// or plain SFT text `{"text"}`. Strings are used as they are (the chat template is applied
/// when the file is written, see `TRLExport`).
public enum TrainingRecord: Sendable, Equatable {
    /// A preference pair (ORPO, DPO; SFT trains on prompt + chosen).
    case pair(PreferencePair)
    /// Plain text for SFT; every token is a label.
    case text(String)

    /// Reads a JSONL file; blank lines are skipped. Errors name the line.
    public static func readJSONL(_ url: URL) throws -> [TrainingRecord] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainingError(.io, "cannot read training data \(url.path); pass a JSONL file with {prompt, chosen, rejected} or {text} rows", underlying: error)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TrainingError(.invalidData, "\(url.path) is not UTF-8 text")
        }
        var records: [TrainingRecord] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            records.append(try parse(trimmed, line: i + 1, file: url.lastPathComponent))
        }
        guard !records.isEmpty else {
            throw TrainingError(.invalidData, "\(url.path) holds no rows; write one JSON object per line")
        }
        return records
    }

    /// Parses one JSON line.
    public static func parse(_ line: String, line number: Int = 1, file: String = "<input>") throws -> TrainingRecord {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(line.utf8)) } catch {
            throw TrainingError(.invalidData, "\(file) line \(number) is not valid JSON", underlying: error)
        }
        guard let row = object as? [String: Any] else {
            throw TrainingError(.invalidData, "\(file) line \(number) must be a JSON object")
        }
        if let prompt = row["prompt"] as? String, let chosen = row["chosen"] as? String {
            guard let rejected = row["rejected"] as? String else {
                throw TrainingError(.invalidData, "\(file) line \(number) has prompt and chosen but no string \"rejected\"; preference rows need all three")
            }
            guard !chosen.isEmpty, !rejected.isEmpty else {
                throw TrainingError(.invalidData, "\(file) line \(number) has an empty chosen or rejected answer")
            }
            return .pair(PreferencePair(prompt: prompt, chosen: chosen, rejected: rejected))
        }
        if let text = row["text"] as? String, !text.isEmpty { return .text(text) }
        throw TrainingError(.invalidData, "\(file) line \(number) needs string fields {prompt, chosen, rejected} (preference) or {text} (SFT); found keys \(row.keys.sorted())")
    }
}

/// A preference pair as TRL stores it: the prompt and two completions of it.
public struct PreferencePair: Codable, Sendable, Equatable, Hashable {
    /// The prompt, chat template applied (ends where the assistant's answer begins).
    public var prompt: String
    /// The preferred completion.
    public var chosen: String
    /// The dispreferred completion.
    public var rejected: String

    /// Creates a pair.
    public init(prompt: String, chosen: String, rejected: String) {
        self.prompt = prompt; self.chosen = chosen; self.rejected = rejected
    }
}
