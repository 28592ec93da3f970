// SPDX-License-Identifier: Apache-2.0
// Heed: the ai.txt rule table (`SignalSpecs/vocabularies/ai-txt.json`).
// Spec: none formal; Spawning's ai.txt files and datadiligence (SIGNALS.md §8.1, §11.3).

public import Foundation

/// What the deciding `Allow` / `Disallow` rule of an ai.txt states: in the published table,
/// `ai_train` allow / deny (dataset inclusion). Data, not code
/// (`SignalSpecs/vocabularies/ai-txt.json`); `standard` is the same table for callers that do not
/// load SignalSpecs (a test pins the two mappings equal).
public struct AITxtVocabulary: Sendable {
    /// One rule kind and its statements.
    public struct Rule: Sendable, Hashable, Codable {
        /// `allow` or `disallow`.
        public var kind: String
        /// The categories the rule speaks about.
        public var categories: [UseCategory]
        /// The statements' value.
        public var preference: PreferenceValue
        /// Where the mapping comes from.
        public var clause: String
    }

    private struct File: Decodable {
        var version: Int
        var rules: [Rule]
    }

    /// The data version.
    public let version: Int
    /// The rule kinds with a meaning.
    public let rules: [Rule]

    /// The published mapping, identical to `ai-txt.json`.
    public static let standard = AITxtVocabulary(
        version: 1,
        rules: [
            Rule(kind: "disallow", categories: [.aiTrain], preference: .deny, clause: "SIGNALS.md §8.1 / §11.3"),
            Rule(kind: "allow", categories: [.aiTrain], preference: .allow, clause: "SIGNALS.md §8.1 / §11.3"),
        ]
    )

    private init(version: Int, rules: [Rule]) {
        self.version = version
        self.rules = rules
    }

    /// Decodes `ai-txt.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "ai-txt.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the ai.txt table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        self.init(version: file.version, rules: file.rules)
    }

    /// The entry of a rule kind, or `nil` when the table gives it no meaning.
    func rule(_ kind: RobotsTxt.RuleKind) -> Rule? {
        rules.first { $0.kind == kind.rawValue }
    }
}
