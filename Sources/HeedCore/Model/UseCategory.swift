// SPDX-License-Identifier: Apache-2.0
// Heed: the normalized use categories every signal is mapped onto.
// Basis: the AIPREF vocabulary (draft-ietf-aipref-vocab-08 §4), RSL 1.0 §3.5 usage tokens,
// Cloudflare Content Signals, and W3C TDMRep (tdm umbrella); see SignalSpecs/vocabularies/.

/// What a use of content is for. A small tree: `tdm` (all automated analysis, text and data
/// mining) is the parent of the four others.
///
/// The names are stable: they are JSON keys of `heed explain --json`.
public enum UseCategory: String, Sendable, Codable, CaseIterable, Comparable {
    /// Classic search: index, link back to the source, short excerpts, no AI summary.
    case search
    /// Storing the content (or embeddings of it) in an AI retrieval index.
    case aiIndex = "ai_index"
    /// Using the content as input to an AI model at inference time (RAG, grounding, answers).
    case aiInput = "ai_input"
    /// Training or fine-tuning AI models.
    case aiTrain = "ai_train"
    /// Any automated analysis (text and data mining): the umbrella of the others.
    case tdm

    /// The parent category, whose `deny` an unstated child inherits; `nil` for `tdm`.
    public var parent: UseCategory? { self == .tdm ? nil : .tdm }

    /// Display and JSON order: search, ai_index, ai_input, ai_train, tdm.
    public static func < (a: UseCategory, b: UseCategory) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The value of one use category after reading a statement, or after folding.
public enum PreferenceValue: String, Sendable, Codable, CaseIterable {
    /// The use is permitted.
    case allow
    /// The use is permitted if the obligations are met (credit, payment, ...).
    case conditional
    /// The use is refused (an opt-out, a reservation).
    case deny
    /// Nothing was said, or what was said could not be read.
    case unknown

    /// Folding strength across mechanisms: deny > conditional > allow > unknown (AIPREF vocab
    /// "most restrictive wins"; RSL §4.9).
    public var strength: Int {
        switch self {
        case .deny: 3
        case .conditional: 2
        case .allow: 1
        case .unknown: 0
        }
    }
}
