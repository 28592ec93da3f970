// SPDX-License-Identifier: Apache-2.0
// Heed: the ai-license stage table (`SignalSpecs/vocabularies/ai-license.json`).
// Spec: copyright.sh "License Grammar v1.5" (Creator Guide, the AI stages infer, embed, tune, train).

public import Foundation

/// The categories an `ai-license` covers: all AI stages by default, or those its `stage` words
/// name. Data, not code (`SignalSpecs/vocabularies/ai-license.json`); `standard` is the same table
/// for callers that do not load SignalSpecs (a test pins the two mappings equal).
public struct AILicenseVocabulary: Sendable {
    /// One stage word.
    public struct Stage: Sendable, Hashable, Codable {
        /// The word, lower-case (`infer`).
        public var word: String
        /// The category it names.
        public var category: UseCategory
        /// Where the mapping comes from.
        public var clause: String
    }

    private struct File: Decodable {
        var version: Int
        var defaultCategories: [UseCategory]
        var stages: [Stage]
    }

    /// The data version.
    public let version: Int
    /// The categories of a license without `stage`.
    public let defaultCategories: [UseCategory]
    /// The stage words.
    public let stages: [Stage]

    /// The published mapping, identical to `ai-license.json`.
    public static let standard = AILicenseVocabulary(
        version: 1,
        defaultCategories: [.aiIndex, .aiInput, .aiTrain],
        stages: ([
            ("infer", .aiInput), ("inference", .aiInput), ("embed", .aiIndex), ("embedding", .aiIndex),
            ("tune", .aiTrain), ("fine-tune", .aiTrain), ("train", .aiTrain), ("training", .aiTrain),
        ] as [(String, UseCategory)]).map { Stage(word: $0.0, category: $0.1, clause: "copyright.sh Creator Guide") }
    )

    private init(version: Int, defaultCategories: [UseCategory], stages: [Stage]) {
        self.version = version
        self.defaultCategories = defaultCategories
        self.stages = stages
    }

    /// Decodes `ai-license.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "ai-license.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the ai-license table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        self.init(version: file.version, defaultCategories: file.defaultCategories, stages: file.stages)
    }

    /// The category a stage word (lower-case) names, or `nil`.
    func category(ofStage word: some StringProtocol) -> UseCategory? {
        stages.first { $0.word == word }?.category
    }

    /// The stage words, for a finding's hint.
    var words: String { stages.map(\.word).joined(separator: ", ") }
}
