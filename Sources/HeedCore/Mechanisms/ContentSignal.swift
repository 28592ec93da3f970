// SPDX-License-Identifier: Apache-2.0
// Heed: Cloudflare Content Signals, the robots.txt `Content-Signal:` line.
// Spec: Content Signals Policy (contentsignals.org, CC0; 2026 `use` key), draft-romm-aipref-contentsignals-00;
// scoping per RFC 9309 §2.2.1 groups; SIGNALS.md §4.

public import Foundation

/// The Content Signals table (`SignalSpecs/vocabularies/content-signal.json`).
public struct ContentSignalVocabulary: Sendable {
    /// One signal key.
    public struct Key: Sendable, Hashable, Codable {
        /// The key as the policy writes it (`ai-train`).
        public var key: String
        /// The category it states.
        public var category: UseCategory
    }

    /// The `use` key (2026): how AI systems may consume the content.
    public struct Use: Sendable, Hashable, Codable {
        /// The key (`use`).
        public var key: String
        /// The known levels (`immediate`, `reference`, `full`).
        public var levels: [String]
        /// The categories a consumption level conditions.
        public var categories: [UseCategory]
    }

    private struct File: Decodable {
        var version: Int
        var spec: String
        var keys: [Key]
        var values: [String: PreferenceValue]
        var use: Use
    }

    /// The data version.
    public let version: Int
    /// The spec name (`Content Signals Policy`).
    public let spec: String
    /// The signal keys.
    public let keys: [Key]
    /// The values (`yes` → allow, `no` → deny).
    public let values: [String: PreferenceValue]
    /// The `use` key.
    public let use: Use

    /// Decodes `content-signal.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "content-signal.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the Content Signals table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        version = file.version
        spec = file.spec
        keys = file.keys
        values = file.values
        use = file.use
    }

    func category(of key: String) -> UseCategory? { keys.first { $0.key == key }?.category }
}

/// One `Content-Signal:` line, read into per-key values.
///
/// Syntax (policy text): comma-separated `key=value` pairs, optional spaces. Decisions where the
/// policy is silent: keys and values are compared case-insensitively (robots.txt field names
/// are), with a warning when not lower-case; a repeated key combines most restrictively; an
/// unknown value makes its category unknown, with a finding; an unknown `use` level is kept raw
/// (treated as a condition all the same), with a finding. The value is never given to the
/// AIPREF parser (its keys are not AIPREF labels).
public struct ContentSignalLine: Sendable, Hashable {
    /// One stated key.
    public struct Entry: Sendable, Hashable {
        /// The key as written.
        public var key: String
        /// Its category.
        public var category: UseCategory
        /// The value (`unknown` for a value other than yes/no).
        public var value: PreferenceValue
        /// Oddities of how the key was written (not lower-case, a value other than yes/no, repeated);
        /// empty for a plain `key=yes`.
        public var warnings: [String] = []
    }

    /// The stated keys, in order, one per category.
    public var entries: [Entry]
    /// The `use` values, as written (normally one).
    public var consumptionLevels: [String]
    /// The 1-based line, when read from robots.txt.
    public var line: Int?
    /// The value text.
    public var raw: String
    /// What a steward should fix.
    public var findings: [Finding]

    /// Reads a `Content-Signal` value.
    public init(parsing value: String, vocabulary: ContentSignalVocabulary, line: Int? = nil) {
        var sink = FindingSink()
        self.init(parsing: value, vocabulary: vocabulary, line: line, into: &sink)
        findings = sink.finish()
    }

    init(parsing value: String, vocabulary: ContentSignalVocabulary, line: Int?, into sink: inout FindingSink) {
        self.line = line
        raw = value
        findings = []
        entries = []
        consumptionLevels = []
        let clause = "\(vocabulary.spec) (contentsignals.org)"
        let keyList = (vocabulary.keys.map(\.key) + [vocabulary.use.key]).joined(separator: ", ")
        var repeated: [UseCategory] = []
        if value.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "," }) {
            sink.add(
                Finding(
                    code: "content-signal-empty",
                    severity: .warning,
                    line: line,
                    message:
                        "Content-Signal line without signals: it states nothing. Write e.g. 'search=yes, ai-train=no'",
                    clause: clause
                )
            )
            return
        }
        for part in value.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = part.trimmedWhitespace()
            if pair.isEmpty { continue }
            guard let eq = pair.firstIndex(of: "=") else {
                sink.add(
                    Finding(
                        code: "content-signal-malformed",
                        severity: .warning,
                        line: line,
                        message: "'\(pair)' is not key=value; it is ignored. Write e.g. 'ai-train=no'",
                        text: pair,
                        clause: clause
                    )
                )
                continue
            }
            let rawKey = pair[..<eq].trimmedWhitespace()
            let rawValue = pair[pair.index(after: eq)...].trimmedWhitespace()
            let key = rawKey.lowercased()
            let val = rawValue.lowercased()
            var warnings: [String] = []
            if key != rawKey || val != rawValue {
                warnings.append("'\(pair)' read as '\(key)=\(val)'")
                sink.add(
                    Finding(
                        code: "content-signal-case",
                        severity: .warning,
                        line: line,
                        message:
                            "'\(pair)' is not lower-case; Heed reads it as '\(key)=\(val)', other readers may not",
                        text: pair,
                        clause: clause
                    )
                )
            }
            if key == vocabulary.use.key {
                if !vocabulary.use.levels.contains(val) {
                    sink.add(
                        Finding(
                            code: "content-signal-invalid-value",
                            severity: .warning,
                            line: line,
                            message:
                                "use=\(rawValue) is not a known consumption level "
                                + "(\(vocabulary.use.levels.joined(separator: ", "))); Heed keeps it as a condition",
                            text: pair,
                            clause: clause
                        )
                    )
                }
                if !consumptionLevels.contains(val) { consumptionLevels.append(val) }
                continue
            }
            guard let category = vocabulary.category(of: key) else {
                sink.add(
                    Finding(
                        code: "content-signal-unknown-key",
                        severity: .warning,
                        line: line,
                        message:
                            "'\(rawKey)' is not a Content Signals key; it is ignored\(ContentSignalLine.hint(key)). "
                            + "The keys are \(keyList)",
                        text: pair,
                        clause: clause
                    )
                )
                continue
            }
            var stated = vocabulary.values[val] ?? .unknown
            if vocabulary.values[val] == nil {
                let hint = val == "y" || val == "n" ? " (y/n is AIPREF's spelling; Content-Signal uses yes/no)" : ""
                sink.add(
                    Finding(
                        code: "content-signal-invalid-value",
                        severity: .warning,
                        line: line,
                        message:
                            "\(rawKey)=\(rawValue): the value is not yes or no, so the signal is unknown\(hint). "
                            + "Write '\(key)=yes' or '\(key)=no'",
                        text: pair,
                        clause: clause
                    )
                )
                stated = .unknown
                warnings.append("\(rawKey)=\(rawValue) is not yes or no: unknown")
            }
            if let i = entries.firstIndex(where: { $0.category == category }) {
                if stated.strength > entries[i].value.strength { entries[i].value = stated }
                // Bounded: a hostile line repeating one key a million times keeps a few warnings.
                if !repeated.contains(category) {
                    repeated.append(category)
                    entries[i].warnings.append("\(key) given more than once: the most restrictive value read")
                }
                for w in warnings where entries[i].warnings.count < ContentSignalLine.warningLimit {
                    entries[i].warnings.append(w)
                }
            } else {
                entries.append(Entry(key: key, category: category, value: stated, warnings: warnings))
            }
        }
    }

    /// The most provenance warnings kept per key (a hostile line cannot grow them without bound).
    static let warningLimit = 4

    /// A "did you mean" for AIPREF spellings.
    private static func hint(_ key: String) -> String {
        switch key {
        case "train-ai": " (AIPREF's 'train-ai'; Content-Signal writes 'ai-train')"
        case "ai-use", "input-ai": " (Content-Signal writes 'ai-input')"
        default: ""
        }
    }

    /// The statements of several lines of one (merged) group: per category the most restrictive
    /// value (deny over allow over unknown; the first line on ties), then each `use` level as a
    /// `consumption_level` obligation on the AI categories the group allows (allow becomes
    /// conditional) or does not state (an unknown statement carrying the condition).
    static func statements(
        _ lines: [ContentSignalLine],
        vocabulary: ContentSignalVocabulary,
        document: String,
        text: (Int?) -> String
    ) -> [Statement] {
        var best: [UseCategory: (entry: Entry, line: ContentSignalLine)] = [:]
        var levels: [(level: String, line: ContentSignalLine)] = []
        for l in lines {
            for e in l.entries {
                if let old = best[e.category], old.entry.value.strength >= e.value.strength { continue }
                best[e.category] = (e, l)
            }
            for level in l.consumptionLevels where !levels.contains(where: { $0.level == level }) {
                levels.append((level, l))
            }
        }
        func provenance(_ l: ContentSignalLine, _ warnings: [String] = []) -> Provenance {
            Provenance(
                mechanism: .robotsContentSignal,
                document: document,
                line: l.line,
                raw: text(l.line),
                spec: vocabulary.spec,
                warnings: warnings
            )
        }
        let obligations = levels.map { Obligation(.consumptionLevel, detail: $0.level) }
        let levelNote = levels.map { "use=\($0.level)" }.joined(separator: ", ")
        var out: [Statement] = []
        for category in UseCategory.allCases {
            let conditioned = !levels.isEmpty && vocabulary.use.categories.contains(category)
            if let (entry, l) = best[category] {
                if conditioned, entry.value == .allow {
                    out.append(
                        Statement(
                            category,
                            .conditional,
                            obligations: obligations,
                            provenance: provenance(l, entry.warnings),
                            scopeNote: "\(entry.key)=yes with \(levelNote)"
                        )
                    )
                } else {
                    out.append(Statement(category, entry.value, provenance: provenance(l, entry.warnings)))
                }
            } else if conditioned {
                out.append(
                    Statement(
                        category,
                        .unknown,
                        obligations: obligations,
                        provenance: provenance(levels[0].line),
                        scopeNote: "\(levelNote) stated without a \(category.rawValue) signal"
                    )
                )
            }
        }
        return out
    }
}
