// SPDX-License-Identifier: Apache-2.0
// Heed: the crawler-purpose table behind `robots.implied` (`SignalSpecs/vocabularies/robots-implied.json`).
// Spec: RFC 9309 §2.2.1 (a crawler obeys the group naming it) with the purposes of agents.json (SIGNALS.md §9).

public import Foundation

/// Which use category a crawler's documented purpose implies when robots.txt gives the crawler
/// a group of its own: search → `search`, user-fetch → `ai_input`, training → `ai_train` in the
/// published table. Data, not code (`SignalSpecs/vocabularies/robots-implied.json`); `standard` is
/// the same table for callers that do not load SignalSpecs (a test pins the two mappings equal).
public struct ImpliedPurposeVocabulary: Sendable {
    /// One purpose and its category.
    public struct Entry: Sendable, Hashable, Codable {
        /// The registry purpose.
        public var purpose: AgentPurpose
        /// The category it implies.
        public var category: UseCategory
        /// Where the mapping comes from.
        public var clause: String
    }

    private struct File: Decodable {
        var version: Int
        var purposes: [Entry]
    }

    /// The data version.
    public let version: Int
    /// The purposes that imply a category, in statement order.
    public let purposes: [Entry]

    /// The published mapping, identical to `robots-implied.json`.
    public static let standard = ImpliedPurposeVocabulary(
        version: 1,
        purposes: [
            Entry(purpose: .search, category: .search, clause: "SIGNALS.md §9, §11.3"),
            Entry(purpose: .userFetch, category: .aiInput, clause: "SIGNALS.md §9, §11.3"),
            Entry(purpose: .training, category: .aiTrain, clause: "SIGNALS.md §9, §11.3"),
        ]
    )

    private init(version: Int, purposes: [Entry]) {
        self.version = version
        self.purposes = purposes
    }

    /// Decodes `robots-implied.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "robots-implied.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the implied-purpose table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        self.init(version: file.version, purposes: file.purposes)
    }
}
