// SPDX-License-Identifier: Apache-2.0
// Heed: Creative Commons CC signals, the `exceptions` parameter on an AIPREF disallow.
// Spec: CC signals 0.1 (creativecommons/cc-signals README "Implementation", signals/*/0.1), read as
// an RFC 9651 §3.1.2 parameter of a draft-ietf-aipref-vocab dictionary member; SIGNALS.md §3.

public import Foundation

/// The CC signals table (`SignalSpecs/vocabularies/cc-signals.json`): signal codes, their
/// elements, and the obligation each element stands for.
public struct CCSignalsVocabulary: Sendable {
    /// One signal element (Credit, Direct Contribution, Ecosystem Contribution, Open).
    public struct Element: Sendable, Hashable, Codable {
        /// The code inside a signal code (`cr`, `dc`, `ec`, `op`).
        public var code: String
        /// The element's name.
        public var name: String
        /// The obligation it stands for.
        public var obligation: Obligation.Kind
    }

    /// One published signal (`cc-cr`, `cc-cr-dc`, `cc-cr-ec`, `cc-cr-op`).
    public struct Signal: Sendable, Hashable, Codable {
        /// The expression code.
        public var code: String
        /// The signal's name and version.
        public var name: String
        /// Its element codes, in order.
        public var elements: [String]
    }

    private struct File: Decodable {
        var version: Int
        var spec: String
        var parameter: String
        var prefix: String
        var elements: [Element]
        var signals: [Signal]
    }

    /// The data version.
    public let version: Int
    /// The spec and version the data describes (`CC signals 0.1`).
    public let spec: String
    /// The AIPREF parameter that carries a signal (`exceptions`).
    public let parameter: String
    /// The prefix of every code (`cc-`).
    public let prefix: String
    /// The elements.
    public let elements: [Element]
    /// The published signals.
    public let signals: [Signal]

    /// Decodes `cc-signals.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table or a signal names an unknown element.
    public init(json data: Data, location: String = "cc-signals.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the CC signals table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        let known = Set(file.elements.map(\.code))
        for signal in file.signals where !signal.elements.allSatisfy(known.contains) {
            throw HeedCoreError(.invalidSpecData, location: location, "signal \(signal.code) names an unknown element")
        }
        version = file.version
        spec = file.spec
        parameter = file.parameter
        prefix = file.prefix
        elements = file.elements
        signals = file.signals
    }

    /// Reads the value of an `exceptions` parameter.
    ///
    /// - Returns: the reading, or `nil` when the value names no CC signal Heed can read (the
    ///   AIPREF value then stays a plain deny), and what a steward should fix.
    ///
    /// Decisions (SIGNALS.md §3.2 leaves them open): the value should be a Token; a String is
    /// accepted with a warning. Case, spaces and `_` for `-` are normalized with a warning. A code
    /// of known elements that is not one of the four published combinations (`cc-dc`,
    /// `cc-cr-op-ec`) is read element by element, with a warning. Anything else is ignored.
    public func read(
        exceptions value: SFBareItem,
        label: String,
        line: Int? = nil
    ) -> (
        reading: CCSignalReading?, findings: [Finding]
    ) {
        var sink = FindingSink()
        let reading = read(exceptions: value, label: label, line: line, into: &sink)
        return (reading, sink.finish())
    }

    func read(exceptions value: SFBareItem, label: String, line: Int?, into sink: inout FindingSink) -> CCSignalReading?
    {
        let clause = "\(spec), creativecommons/cc-signals README 'Implementation'"
        let raw: String
        var problems: [String] = []
        switch value {
        case .token(let t):
            raw = t
        case .string(let s):
            raw = s
            problems.append("it is a quoted string, not a token")
        default:
            sink.add(
                Finding(
                    code: "cc-signal-unknown",
                    severity: .warning,
                    line: line,
                    message:
                        "'\(label)': the \(parameter) parameter is not a CC signal code; it is ignored and the "
                        + "preference reads as a plain 'n'. Write \(parameter)=cc-cr (or cc-cr-dc, cc-cr-ec, cc-cr-op)",
                    clause: clause
                )
            )
            return nil
        }
        var normalized = String(raw.unicodeScalars.filter { $0 != " " && $0 != "\t" }).lowercased()
        normalized = normalized.replacingOccurrences(of: "_", with: "-")
        if normalized != raw {
            problems.append("'\(raw)' is not written as the canonical lower-case code")
        }
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var parts: [String] = []
        if normalized.hasPrefix(prefix) {
            parts = normalized.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false).map(
                String.init
            )
        }
        let clear =
            !parts.isEmpty && parts.allSatisfy { byCode[$0] != nil } && Set(parts).count == parts.count
        guard clear else {
            sink.add(
                Finding(
                    code: "cc-signal-unknown",
                    severity: .warning,
                    line: line,
                    message:
                        "'\(label)': '\(raw)' is not a CC signal code; it is ignored and the preference reads as a "
                        + "plain 'n'. The codes are \(signals.map(\.code).joined(separator: ", "))",
                    text: raw,
                    clause: clause
                )
            )
            return nil
        }
        let canonicalSignal = signals.first { $0.code == normalized }
        if canonicalSignal == nil {
            problems.append(
                "'\(normalized)' is not one of the published signals (\(signals.map(\.code).joined(separator: ", ")))"
            )
        }
        let obligations = parts.map { Obligation(byCode[$0]!.obligation, detail: normalized) }
        if !problems.isEmpty {
            sink.add(
                Finding(
                    code: "cc-signal-non-canonical",
                    severity: .warning,
                    line: line,
                    message:
                        "'\(label)': \(problems.joined(separator: "; ")); Heed reads it as "
                        + "\(obligations.map(\.kind.rawValue).joined(separator: " + ")), other readers may not",
                    text: raw,
                    clause: clause
                )
            )
        }
        return CCSignalReading(code: normalized, raw: raw, obligations: obligations, canonical: problems.isEmpty)
    }
}

/// What a CC signal asks of a reuser.
public struct CCSignalReading: Sendable, Hashable {
    /// The code, normalized (`cc-cr-ec`).
    public var code: String
    /// The code as written.
    public var raw: String
    /// The obligations, one per element, each with the code as detail.
    public var obligations: [Obligation]
    /// True when the code was written exactly as one of the published signals.
    public var canonical: Bool
}
