// SPDX-License-Identifier: Apache-2.0
// Heed: W3C TDMRep origin file `/.well-known/tdmrep.json`: reading and matching.
// Spec: TDMRep Final Community Group Report 2024-05-10, #sec-tdm-file (origin file, location
// patterns, first match), #sec-properties.

import Foundation

/// A parsed `/.well-known/tdmrep.json` (TDMRep #sec-tdm-file).
///
/// The file is a JSON array of rules `{location, tdm-reservation, tdm-policy}`. `location` is matched
/// against the URL path with robots.txt semantics (`*`, a final `$`, percent-encoding normalized as
/// RFC 9309 §2.2.2, which the spec adopts from draft-koster-rep-00 §2.2.3), case-sensitively; the
/// **first** matching rule in array order wins ("the most specific match is the first in sequence").
///
/// Parsing never throws. Real files that do not conform are read **leniently**, each departure
/// reported as an error finding (a strict TDM agent reads no reservation from them), and the rules
/// so read are marked `lenient`:
/// - a top-level object instead of an array (`not-an-array`): read as a one-rule array;
/// - a rule without `location` (`missing-location`): read as `/`, the whole site, because every real
///   file seen with this mistake meant the whole site;
/// - `tdm_reservation`, `TDM-Reservation`, ... (`misspelled-key`): read as the property;
/// - `"1"` / `"0"` as strings (`string-reservation`): read as the numbers.
/// Any other `tdm-reservation` value is a protocol error: the rule still wins the match, but its
/// reservation is unset (#sec-tdm-reservation: "the TDM Agents MUST consider that tdm-reservation is
/// unset"). An object with none of the TDMRep properties (a free-form notice, an invented schema)
/// gives no rules and a `not-tdmrep` finding.
public struct TDMRepFile: Sendable {
    /// Files larger than this are not read (`size-limit-exceeded`): real files are a few hundred bytes.
    public static let sizeLimit = 1 << 20

    /// One rule of the file.
    public struct Rule: Sendable, Hashable {
        /// The 0-based position in the array (the rule's priority: lower wins).
        public var index: Int
        /// The 1-based line where the rule's object starts.
        public var line: Int
        /// The `location` pattern as written (`/` when it was missing and read leniently).
        public var location: String
        /// The compiled, normalized pattern.
        public var pattern: RobotsPattern
        /// The reservation, or `nil` when the value is missing or a protocol error (unset).
        public var reservation: TDMReservation?
        /// The `tdm-policy` URL, if any.
        public var policy: String?
        /// The rule's JSON text, whitespace collapsed, cut at 200 characters.
        public var raw: String
        /// True when the rule was read only by departing from the spec (see the type's documentation).
        public var lenient: Bool
        /// How the lenient reading departed from the spec, one short phrase each (empty when conforming);
        /// carried into the statement's provenance.
        public var warnings: [String] = []
    }

    /// Where the file came from (URL or snapshot path).
    public let location: String
    /// The rules, in array order.
    public let rules: [Rule]
    /// What a steward should fix.
    public let findings: [Finding]

    /// Parses the bytes of a `tdmrep.json` response body.
    public init(_ bytes: [UInt8], location: String) {
        var reader = TDMRepFileReader(location: location)
        self.location = location
        self.rules = reader.read(bytes)
        self.findings = reader.sink.finish()
    }

    /// Parses `tdmrep.json` text.
    public init(_ text: String, location: String) {
        self.init(Array(text.utf8), location: location)
    }

    /// The first rule whose `location` matches `path` (normalized path and query, as
    /// `RobotsPath.normalizedURLPath` gives it), or `nil`: reservation unset for that URL.
    public func rule(matching path: [UInt8]) -> Rule? {
        path.withUnsafeBufferPointer { p in
            rules.first { $0.pattern.matches(p) }
        }
    }
}

/// The rules and findings of one read of a tdmrep.json body.
private struct TDMRepFileReader {
    let location: String
    var sink = FindingSink()

    init(location: String) { self.location = location }

    mutating func report(
        _ code: String,
        _ severity: Severity,
        line: Int?,
        _ message: String,
        text: String? = nil,
        clause: String = "#sec-tdm-file",
        fix: String? = nil
    ) {
        sink.add(
            Finding(
                code: code,
                severity: severity,
                line: line,
                message: message,
                text: text,
                clause: "\(tdmrepSpec) \(clause)",
                document: location,
                fix: fix
            )
        )
    }

    mutating func read(_ input: [UInt8]) -> [TDMRepFile.Rule] {
        if input.count > TDMRepFile.sizeLimit {
            report(
                "size-limit-exceeded",
                .error,
                line: nil,
                "the file has \(input.count) bytes, more than Heed reads (\(TDMRepFile.sizeLimit)); "
                    + "a tdmrep.json holds a few rules: publish only the rules array",
                fix: "publish only the rules array (a few hundred bytes): one rule per location pattern"
            )
            return []
        }
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            report(
                "bom",
                .info,
                line: 1,
                "the file starts with a UTF-8 byte order mark; JSON (RFC 8259 §8.1) omits it"
            )
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            report("empty-file", .error, line: nil, "the file is empty: TDM agents read no reservation")
            return []
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            report("invalid-utf8", .warning, line: nil, "the file is not valid UTF-8 (RFC 8259 §8.1 requires UTF-8)")
        }
        if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
            first == UInt8(ascii: "<")
        {
            report(
                "html-document",
                .error,
                line: nil,
                "the file is HTML or XML, not JSON (often a site's page served for every path): "
                    + "TDM agents read no reservation"
            )
            return []
        }
        let root: TDMRepJSON.Value
        do {
            root = try TDMRepJSON.parse(bytes)
        } catch {
            report(
                "invalid-json",
                .error,
                line: error.line,
                "the file is not valid JSON (\(error.message)): TDM agents read no reservation"
            )
            return []
        }
        switch root.kind {
        case .array(let entries):
            if entries.isEmpty {
                report("no-rules", .info, line: root.line, "the array holds no rules: no reservation is declared")
            }
            return readRules(entries, bytes: bytes, lenient: false)
        case .object(let members):
            let keys = members.map { TDMRepFileReader.canonicalKey($0.key) ?? "" }
            if keys.contains(where: { !$0.isEmpty }) {
                report(
                    "not-an-array",
                    .error,
                    line: root.line,
                    "the file is a JSON object, not an array of rules: strict TDM agents read nothing; "
                        + "wrap the rule in [ ] (Heed reads it as one rule)"
                )
                return readRules([root], bytes: bytes, lenient: true)
            }
            let names = members.prefix(6).map(\.key).joined(separator: ", ")
            report(
                "not-tdmrep",
                .error,
                line: root.line,
                "the file is a JSON object without TDMRep properties (keys: \(names)): TDM agents read no "
                    + "reservation; publish [{\"location\": \"/\", \"tdm-reservation\": 1}]"
            )
            return []
        default:
            report(
                "not-tdmrep",
                .error,
                line: root.line,
                "the file is a JSON scalar, not an array of rules: TDM agents read no reservation"
            )
            return []
        }
    }

    /// The TDMRep property a key names, allowing case and `_` for `-` (`tdm_reservation`); `nil` if none.
    static func canonicalKey(_ key: String) -> String? {
        let folded = String(key.lowercased().map { $0 == "_" ? "-" : $0 })
        switch folded {
        case "location", "tdm-reservation", "tdm-policy": return folded
        default: return nil
        }
    }

    mutating func readRules(
        _ entries: [TDMRepJSON.Value],
        bytes: [UInt8],
        lenient fileLenient: Bool
    )
        -> [TDMRepFile.Rule]
    {
        var rules: [TDMRepFile.Rule] = []
        var catchAllLine: Int?
        for (index, entry) in entries.enumerated() {
            guard case .object(let members) = entry.kind else {
                report(
                    "invalid-entry",
                    .error,
                    line: entry.line,
                    "rule \(index) is not a JSON object: it is ignored"
                )
                continue
            }
            let raw = TDMRepFileReader.excerpt(bytes[entry.range])
            var lenient = fileLenient
            var warnings: [String] = []
            if fileLenient { warnings.append("tdmrep.json is an object, not an array: read as a one-rule array") }
            var exact: [String: TDMRepJSON.Value] = [:]
            var variant: [String: (String, TDMRepJSON.Value)] = [:]
            for member in members {
                guard let canonical = TDMRepFileReader.canonicalKey(member.key) else {
                    report(
                        "unknown-key",
                        .info,
                        line: member.value.line,
                        "'\(member.key)' is not a TDMRep property: TDM agents ignore it",
                        text: raw
                    )
                    continue
                }
                if member.key == canonical {
                    if exact[canonical] != nil {
                        report(
                            "duplicate-key",
                            .warning,
                            line: member.value.line,
                            "'\(canonical)' appears twice in rule \(index): JSON parsers differ; Heed reads the last",
                            text: raw
                        )
                    }
                    exact[canonical] = member.value
                } else {
                    variant[canonical] = (member.key, member.value)
                }
            }
            var values: [String: TDMRepJSON.Value] = exact
            for (canonical, (written, value)) in variant.sorted(by: { $0.key < $1.key }) {
                if exact[canonical] != nil {
                    report(
                        "misspelled-key",
                        .warning,
                        line: value.line,
                        "'\(written)' is not a TDMRep property and '\(canonical)' is also present: remove it",
                        text: raw
                    )
                    continue
                }
                report(
                    "misspelled-key",
                    .error,
                    line: value.line,
                    "'\(written)' is not a TDMRep property: strict TDM agents ignore it; write '\(canonical)' "
                        + "(Heed reads it as such)",
                    text: raw
                )
                values[canonical] = value
                lenient = true
                warnings.append("key '\(written)' read as '\(canonical)'")
            }

            // location
            var location = "/"
            if let value = values["location"] {
                guard case .string(let s) = value.kind else {
                    report(
                        "invalid-location",
                        .error,
                        line: value.line,
                        "rule \(index): 'location' must be a string path pattern: the rule is ignored",
                        text: raw
                    )
                    continue
                }
                location = s
                if s.isEmpty {
                    report(
                        "invalid-location",
                        .error,
                        line: value.line,
                        "rule \(index): 'location' is empty and matches nothing; write \"/\" for the whole site",
                        text: raw
                    )
                } else if !s.hasPrefix("/") && !s.hasPrefix("*") {
                    report(
                        "pattern-not-absolute",
                        .error,
                        line: value.line,
                        "rule \(index): location '\(s)' does not start with '/' or '*', so it never matches "
                            + "a URL path; write the path only (e.g. \"/\")",
                        text: raw
                    )
                }
            } else {
                report(
                    "missing-location",
                    .error,
                    line: entry.line,
                    "rule \(index) has no 'location' (it is mandatory): strict TDM agents ignore the rule; "
                        + "Heed reads it as \"/\" (the whole site)",
                    text: raw
                )
                lenient = true
                warnings.append("no 'location': read as \"/\"")
            }

            // tdm-reservation
            var reservation: TDMReservation?
            if let value = values["tdm-reservation"] {
                switch value.kind {
                case .number("1"): reservation = .reserved
                case .number("0"): reservation = .notReserved
                case .string(let s) where s == "1" || s == "0":
                    reservation = s == "1" ? .reserved : .notReserved
                    lenient = true
                    warnings.append("tdm-reservation is the string \"\(s)\": read as the number \(s)")
                    report(
                        "string-reservation",
                        .error,
                        line: value.line,
                        "rule \(index): 'tdm-reservation' is the string \"\(s)\", not the number \(s): strict TDM "
                            + "agents read a protocol error (unset); Heed reads \(s)",
                        text: raw,
                        clause: "#sec-tdm-reservation"
                    )
                default:
                    report(
                        "invalid-reservation",
                        .error,
                        line: value.line,
                        "rule \(index): 'tdm-reservation' must be 1 or 0; \(TDMRepFileReader.describe(value)) is a "
                            + "protocol error, so the reservation is unset for the paths this rule matches",
                        text: raw,
                        clause: "#sec-tdm-reservation"
                    )
                }
            } else {
                report(
                    "missing-reservation",
                    .error,
                    line: entry.line,
                    "rule \(index) has no 'tdm-reservation' (it is mandatory): the reservation is unset for the "
                        + "paths this rule matches",
                    text: raw
                )
            }

            // tdm-policy
            var policy: String?
            if let value = values["tdm-policy"] {
                if case .string(let s) = value.kind, !s.isEmpty {
                    policy = s
                    if !(s.lowercased().hasPrefix("https://") || s.lowercased().hasPrefix("http://")) {
                        report(
                            "policy-not-url",
                            .warning,
                            line: value.line,
                            "rule \(index): 'tdm-policy' should be an absolute http(s) URL, not '\(s)'",
                            text: raw,
                            clause: "#sec-tdm-policy"
                        )
                    }
                    if reservation == .notReserved {
                        report(
                            "policy-ignored",
                            .info,
                            line: value.line,
                            "rule \(index): a 'tdm-policy' with tdm-reservation 0 is not an error, but TDM agents "
                                + "should not process it",
                            text: raw,
                            clause: "#sec-tdm-policy"
                        )
                    }
                } else {
                    report(
                        "invalid-policy",
                        .warning,
                        line: value.line,
                        "rule \(index): 'tdm-policy' must be a URL string; it is ignored",
                        text: raw,
                        clause: "#sec-tdm-policy"
                    )
                }
            }

            if let catchAllLine {
                report(
                    "unreachable-rule",
                    .warning,
                    line: entry.line,
                    "rule \(index) can never apply: the rule on line \(catchAllLine) matches every path and the "
                        + "first match wins; order rules from specific to general",
                    text: raw
                )
            }
            if location == "/" || location == "/*" || location == "*" {
                catchAllLine = catchAllLine ?? entry.line
            }
            let normalized = Array(location.utf8).withUnsafeBufferPointer { RobotsPath.normalizedPattern($0) }
            rules.append(
                TDMRepFile.Rule(
                    index: index,
                    line: entry.line,
                    location: location,
                    pattern: RobotsPattern(normalized: normalized),
                    reservation: reservation,
                    policy: reservation == .notReserved ? nil : policy,
                    raw: raw,
                    lenient: lenient,
                    warnings: warnings
                )
            )
        }
        return rules
    }

    static func describe(_ value: TDMRepJSON.Value) -> String {
        switch value.kind {
        case .number(let n): n
        case .string(let s): "the string \"\(s.prefix(40))\""
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// JSON text with whitespace runs collapsed, cut at 200 characters, for provenance and findings.
    static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count, 220))
        var space = false
        for b in bytes {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                space = true
                continue
            }
            if space, !out.isEmpty { out.append(0x20) }
            space = false
            out.append(b)
            if out.count >= 200 { break }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
