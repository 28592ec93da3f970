// SPDX-License-Identifier: Apache-2.0
// Heed: W3C TDM Reservation Protocol: `/.well-known/tdmrep.json`, `tdm-reservation` headers and HTML meta.
// Spec: TDMRep Final Community Group Report 2024-05-10, #sec-properties (tdm-reservation, tdm-policy),
// #sec-tdm-file (origin file, matching), #sec-tdm-header, #sec-tdm-html-meta, #sec-processing-priority.

import Foundation

/// The spec and version every TDMRep statement and finding cites.
let tdmrepSpec = "W3C TDMRep CG-FINAL 2024-05-10"

/// A `tdm-reservation` value (TDMRep #sec-tdm-reservation).
public enum TDMReservation: Int, Sendable, Hashable, Codable {
    /// `0`: TDM rights are not reserved; agents may mine without contacting the rights holder.
    case notReserved = 0
    /// `1`: TDM rights are reserved (the EU DSM Directive Art. 4 opt-out).
    case reserved = 1
}

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
        clause: String = "#sec-tdm-file"
    ) {
        sink.add(
            Finding(
                code: code,
                severity: severity,
                line: line,
                message: message,
                text: text,
                clause: "\(tdmrepSpec) \(clause)",
                document: location
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
                    + "a tdmrep.json holds a few rules: publish only the rules array"
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
                    lenient: lenient
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

/// A minimal JSON reader (RFC 8259) for tdmrep.json: keeps each value's line and byte range, tells
/// `1` from `"1"`, `1.0` and `true` apart, and bounds nesting depth, which Foundation's
/// `JSONSerialization` does not let a caller do.
enum TDMRepJSON {
    /// The deepest nesting read; a tdmrep.json needs 2.
    static let maxDepth = 32

    /// A JSON value with the 1-based line it starts on and its byte range.
    struct Value {
        enum Kind {
            case object([Member])
            case array([Value])
            case string(String)
            /// The number as written (`1`, `1.0`, `-0`).
            case number(String)
            case bool(Bool)
            case null
        }
        var kind: Kind
        var line: Int
        var range: Range<Int>
    }

    /// An object member.
    struct Member {
        var key: String
        var value: Value
    }

    /// Why the text is not JSON, and where.
    struct SyntaxError: Error {
        var message: String
        var line: Int
    }

    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> Value {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        if reader.pos < bytes.count { throw SyntaxError(message: "text after the JSON value", line: reader.line) }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var pos = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while pos < bytes.count {
                switch bytes[pos] {
                case 0x0A:
                    line += 1
                case 0x0D:
                    if pos + 1 >= bytes.count || bytes[pos + 1] != 0x0A { line += 1 }
                case 0x20, 0x09:
                    break
                default:
                    return
                }
                pos += 1
            }
        }

        func fail(_ message: String) -> SyntaxError { SyntaxError(message: message, line: line) }

        mutating func value(depth: Int) throws(SyntaxError) -> Value {
            guard pos < bytes.count else { throw fail("unexpected end of text") }
            let start = pos
            let startLine = line
            let kind: Value.Kind
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                guard depth < TDMRepJSON.maxDepth else { throw fail("nesting deeper than \(TDMRepJSON.maxDepth)") }
                kind = .object(try object(depth: depth + 1))
            case UInt8(ascii: "["):
                guard depth < TDMRepJSON.maxDepth else { throw fail("nesting deeper than \(TDMRepJSON.maxDepth)") }
                kind = .array(try array(depth: depth + 1))
            case UInt8(ascii: "\""):
                kind = .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                kind = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                kind = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                kind = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                kind = .number(try number())
            default:
                throw fail("unexpected character '\(Unicode.Scalar(bytes[pos]).escaped(asASCII: true))'")
            }
            return Value(kind: kind, line: startLine, range: start..<pos)
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let n = word.utf8CodeUnitCount
            let matches = word.withUTF8Buffer { w in
                pos + n <= bytes.count && (0..<n).allSatisfy { bytes[pos + $0] == w[$0] }
            }
            guard matches else { throw fail("invalid literal") }
            pos += n
        }

        mutating func object(depth: Int) throws(SyntaxError) -> [Member] {
            pos += 1
            var members: [Member] = []
            skipWhitespace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return members
            }
            while true {
                skipWhitespace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                skipWhitespace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                pos += 1
                skipWhitespace()
                members.append(Member(key: key, value: try value(depth: depth)))
                skipWhitespace()
                guard pos < bytes.count else { throw fail("unterminated object") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                if bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    return members
                }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> [Value] {
            pos += 1
            var values: [Value] = []
            skipWhitespace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return values
            }
            while true {
                skipWhitespace()
                values.append(try value(depth: depth))
                skipWhitespace()
                guard pos < bytes.count else { throw fail("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                if bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    return values
                }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func number() throws(SyntaxError) -> String {
            let start = pos
            func digits(_ r: inout Reader) -> Int {
                let s = r.pos
                while r.pos < r.bytes.count, r.bytes[r.pos] >= 0x30, r.bytes[r.pos] <= 0x39 { r.pos += 1 }
                return r.pos - s
            }
            if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            let intStart = pos
            let n = digits(&self)
            guard n > 0 else { throw fail("invalid number") }
            if n > 1, bytes[intStart] == UInt8(ascii: "0") { throw fail("number with a leading zero") }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
                pos += 1
                guard digits(&self) > 0 else { throw fail("invalid number") }
            }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
                guard digits(&self) > 0 else { throw fail("invalid number") }
            }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }

        mutating func string() throws(SyntaxError) -> String {
            pos += 1
            var out: [UInt8] = []
            while pos < bytes.count {
                let b = bytes[pos]
                pos += 1
                if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { throw fail("control character in a string") }
                guard b == UInt8(ascii: "\\") else {
                    out.append(b)
                    continue
                }
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
                        bytes[pos + 1] == UInt8(ascii: "u")
                    {
                        pos += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                default:
                    throw fail("invalid escape in a string")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard pos + 4 <= bytes.count else { throw fail("invalid \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let h = RobotsPath.hexValue(bytes[pos]) else { throw fail("invalid \\u escape") }
                v = v << 4 | UInt32(h)
                pos += 1
            }
            return v
        }
    }
}

/// The effective TDMRep value for one URL: the reservation, its policy, and where it was decided.
public struct TDMRepDecision: Sendable, Hashable {
    /// The reservation in force.
    public var reservation: TDMReservation
    /// The `tdm-policy` in force (only kept with a reservation of 1: #sec-tdm-policy says agents
    /// should not process a policy given with 0).
    public var policy: String?
    /// Where the reservation was read: the deciding mechanism (`.tdmrepJSON`, `.tdmrepHeader`,
    /// `.tdmrepMeta`).
    public var provenance: Provenance
}

/// One step's values: tdmrep.json rule, headers, or meta (#sec-processing-priority).
struct TDMRepStep: Sendable {
    var reservation: TDMReservation?
    var policy: String?
    var provenance: Provenance
}

/// TDMRep for one page: the site's `tdmrep.json`, the page's response headers and its HTML head,
/// folded by the spec's processing priority into **one** `tdm` statement.
///
/// #sec-processing-priority: tdmrep.json is read first; `tdm-reservation`/`tdm-policy` response
/// headers supersede it; HTML meta supersedes both; "at every step, the absence of tdm-reservation
/// and tdm-policy MUST not reset current values". Heed's decisions where the spec is silent:
/// - A protocol error at a later step (`tdm-reservation: yes`) counts as absence: it does not reset
///   an earlier valid value (the spec makes an invalid value "unset", and unset never resets).
/// - Several header fields or meta elements that disagree (`1` and `0`) are a protocol error at that
///   step (`conflicting-values`); identical repeats are read once.
/// - A `tdm-policy` supersedes the earlier policy on its own (absence of a later reservation keeps
///   the earlier reservation, but the newer policy is the one in force).
/// - `tdm-reservation: 1` is `tdm` **deny**. When a policy is in force it is recorded as a `consent`
///   obligation ("rights holder offers a licence: URL") on the deny statement, and the value stays
///   deny: the policy's terms are not known until the policy itself is fetched and read, and
///   #sec-tdm-policy says an agent that cannot read a policy must assume it cannot know the
///   conditions. `0` is `tdm` allow. The children (`ai_train`, ...) inherit in `SignalFolder`.
/// - Header and meta values belong to the page this source was built for; they are applied to every
///   query on it. Only tdmrep.json rules depend on the query's path.
/// A missing document, or one with a 404 (or any non-2xx) status, means no statement from it.
public struct TDMRepSource: SignalSource {
    /// The parsed origin file, when one was served.
    public let file: TDMRepFile?
    let header: TDMRepStep?
    let meta: TDMRepStep?
    /// What a steward should fix, across the file, the headers and the meta elements.
    public let findings: [Finding]

    /// Reads the origin file (`/.well-known/tdmrep.json`), the page's headers and its head.
    public init(wellKnown: Document?, page: Document?, head: HTMLHead?) {
        var findings: [Finding] = []
        if let wellKnown, (200..<300).contains(wellKnown.status) {
            let file = TDMRepFile(wellKnown.body, location: wellKnown.location)
            findings += file.findings
            self.file = file
        } else {
            if let wellKnown, wellKnown.status != 404, wellKnown.status != 410 {
                findings.append(
                    Finding(
                        code: "not-served",
                        severity: .info,
                        line: nil,
                        message: "tdmrep.json answered with status \(wellKnown.status): read as a server that "
                            + "does not implement the origin-file technique",
                        clause: "\(tdmrepSpec) #sec-tdm-file",
                        document: wellKnown.location
                    )
                )
            }
            self.file = nil
        }
        let pageLocation = page?.location ?? "(page)"
        var sink = FindingSink()
        if let page {
            header = TDMRepSource.readHeaders(page.headers, location: pageLocation, sink: &sink)
        } else {
            header = nil
        }
        if let head {
            meta = TDMRepSource.readMeta(head, location: pageLocation, sink: &sink)
        } else {
            meta = nil
        }
        self.findings = findings + sink.finish()
    }

    /// The effective reservation for `path` (normalized, as `SignalQuery.path`), or `nil` when unset.
    public func decision(for path: [UInt8]) -> TDMRepDecision? {
        var steps: [TDMRepStep] = []
        if let file, let rule = file.rule(matching: path) {
            steps.append(
                TDMRepStep(
                    reservation: rule.reservation,
                    policy: rule.policy,
                    provenance: Provenance(
                        mechanism: .tdmrepJSON,
                        document: file.location,
                        line: rule.line,
                        element: "tdmrep.json[\(rule.index)]",
                        raw: rule.raw,
                        spec: rule.lenient ? "\(tdmrepSpec) (lenient reading of a non-conforming file)" : tdmrepSpec
                    )
                )
            )
        }
        if let header { steps.append(header) }
        if let meta { steps.append(meta) }
        var current: TDMRepDecision?
        var policy: String?
        for step in steps {
            if let p = step.policy { policy = p }
            if let r = step.reservation {
                current = TDMRepDecision(reservation: r, policy: nil, provenance: step.provenance)
            }
        }
        guard var decided = current else { return nil }
        decided.policy = decided.reservation == .reserved ? policy : nil
        return decided
    }

    /// One `tdm` statement (deny for 1, allow for 0), or none when the reservation is unset.
    public func statements(for query: SignalQuery) -> [Statement] {
        guard let d = decision(for: query.path) else { return [] }
        switch d.reservation {
        case .reserved:
            let obligations = d.policy.map { [Obligation(.consent, detail: "rights holder offers a licence: \($0)")] }
            return [Statement(.tdm, .deny, obligations: obligations ?? [], provenance: d.provenance)]
        case .notReserved:
            return [Statement(.tdm, .allow, provenance: d.provenance)]
        }
    }

    /// Longest header or meta value read; longer ones are reported and ignored (a reservation is one digit).
    static let valueLimit = 8192

    /// Reads one property from several values (header fields, list items, meta elements): identical
    /// repeats are one value; different ones are a protocol error.
    static func single(
        _ values: [String],
        property: String,
        location: String,
        line: Int?,
        raw: String,
        clause: String,
        sink: inout FindingSink
    ) -> String? {
        var distinct: [String] = []
        for v in values where !distinct.contains(v) { distinct.append(v) }
        guard distinct.count > 1 else { return distinct.first }
        sink.add(
            Finding(
                code: "conflicting-values",
                severity: .error,
                line: line,
                message: "\(property) is given \(values.count) times with different values "
                    + "(\(distinct.prefix(4).joined(separator: ", "))): read as unset; give it once",
                text: String(raw.prefix(200)),
                clause: "\(tdmrepSpec) \(clause)",
                document: location
            )
        )
        return nil
    }

    static func reservation(
        _ value: String?,
        location: String,
        line: Int?,
        raw: String,
        clause: String,
        sink: inout FindingSink
    ) -> TDMReservation? {
        guard let value else { return nil }
        switch value {
        case "1": return .reserved
        case "0": return .notReserved
        default:
            sink.add(
                Finding(
                    code: "invalid-reservation",
                    severity: .error,
                    line: line,
                    message: "tdm-reservation must be 1 or 0, not '\(value.prefix(40))': a protocol error, read as "
                        + "unset (an earlier value stays in force)",
                    text: String(raw.prefix(200)),
                    clause: "\(tdmrepSpec) #sec-tdm-reservation",
                    document: location
                )
            )
            return nil
        }
    }

    static func readHeaders(_ headers: HTTPHeaders, location: String, sink: inout FindingSink) -> TDMRepStep? {
        func items(_ name: String) -> [String] {
            var out: [String] = []
            for value in headers.values(name) {
                if value.utf8.count > valueLimit {
                    sink.add(
                        Finding(
                            code: "size-limit-exceeded",
                            severity: .error,
                            line: nil,
                            message: "the \(name) header has \(value.utf8.count) bytes: ignored",
                            clause: "\(tdmrepSpec) #sec-tdm-header",
                            document: location
                        )
                    )
                    continue
                }
                // RFC 9110 §5.3: repeated fields combine as a comma-separated list.
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    out.append(item.trimmedWhitespace())
                }
            }
            return out
        }
        let reservations = items("tdm-reservation")
        let policies = items("tdm-policy").filter { !$0.isEmpty }
        if reservations.isEmpty && policies.isEmpty { return nil }
        let raw = (reservations.map { "tdm-reservation: \($0)" } + policies.map { "tdm-policy: \($0)" })
            .joined(separator: "\n")
        let value = single(
            reservations,
            property: "the tdm-reservation header",
            location: location,
            line: nil,
            raw: raw,
            clause: "#sec-tdm-header",
            sink: &sink
        )
        let reservation = TDMRepSource.reservation(
            value,
            location: location,
            line: nil,
            raw: raw,
            clause: "#sec-tdm-header",
            sink: &sink
        )
        let policy = policies.first
        if Set(policies).count > 1 {
            sink.add(
                Finding(
                    code: "conflicting-values",
                    severity: .warning,
                    line: nil,
                    message: "several different tdm-policy headers: Heed reads the first; give one",
                    text: String(raw.prefix(200)),
                    clause: "\(tdmrepSpec) #sec-tdm-header",
                    document: location
                )
            )
        }
        return TDMRepStep(
            reservation: reservation,
            policy: policy,
            provenance: Provenance(
                mechanism: .tdmrepHeader,
                document: location,
                element: "header tdm-reservation",
                raw: String(raw.prefix(300)),
                spec: tdmrepSpec
            )
        )
    }

    static func readMeta(_ head: HTMLHead, location: String, sink: inout FindingSink) -> TDMRepStep? {
        var reservationMetas: [HTMLHead.Meta] = []
        var policyMetas: [HTMLHead.Meta] = []
        for meta in head.metas {
            switch meta.name {
            case "tdm-reservation": reservationMetas.append(meta)
            case "tdm-policy": policyMetas.append(meta)
            case "tdm:reservation", "tdm:policy", "tdm_reservation", "tdm_policy":
                let right = meta.name.hasSuffix("reservation") ? "tdm-reservation" : "tdm-policy"
                sink.add(
                    Finding(
                        code: "misspelled-meta-name",
                        severity: .error,
                        line: meta.line,
                        message: "<meta name=\"\(meta.name)\"> is not read in HTML (the 'tdm:' form is for EPUB "
                            + "and PDF): TDM agents ignore it; write name=\"\(right)\" (Heed reads it as such)",
                        text: "<meta name=\"\(meta.name)\" content=\"\(meta.content.prefix(100))\">",
                        clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                        document: location
                    )
                )
                if right == "tdm-reservation" { reservationMetas.append(meta) } else { policyMetas.append(meta) }
            default:
                continue
            }
        }
        if reservationMetas.isEmpty && policyMetas.isEmpty { return nil }
        var kept: [HTMLHead.Meta] = []
        for meta in reservationMetas + policyMetas {
            if meta.content.utf8.count > valueLimit {
                sink.add(
                    Finding(
                        code: "size-limit-exceeded",
                        severity: .error,
                        line: meta.line,
                        message: "<meta name=\"\(meta.name)\"> content has \(meta.content.utf8.count) bytes: ignored",
                        clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                        document: location
                    )
                )
            } else {
                kept.append(meta)
            }
        }
        let reservations = kept.filter { $0.name.hasSuffix("reservation") }
        let policies = kept.filter { $0.name.hasSuffix("policy") }
            .map { $0.content.trimmedWhitespace(newlines: true) }
            .filter { !$0.isEmpty }
        let first = reservations.first ?? kept.first ?? reservationMetas.first ?? policyMetas[0]
        let raw = kept.map { "<meta name=\"\($0.name)\" content=\"\($0.content)\">" }.joined(separator: "\n")
        let value = single(
            reservations.map { $0.content.trimmedWhitespace(newlines: true) },
            property: "<meta name=\"tdm-reservation\">",
            location: location,
            line: first.line,
            raw: raw,
            clause: "#sec-tdm-html-meta",
            sink: &sink
        )
        let reservation = TDMRepSource.reservation(
            value,
            location: location,
            line: first.line,
            raw: raw,
            clause: "#sec-tdm-html-meta",
            sink: &sink
        )
        if Set(policies).count > 1 {
            sink.add(
                Finding(
                    code: "conflicting-values",
                    severity: .warning,
                    line: policyMetas.first?.line,
                    message: "several different <meta name=\"tdm-policy\"> elements: Heed reads the first; give one",
                    clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                    document: location
                )
            )
        }
        return TDMRepStep(
            reservation: reservation,
            policy: policies.first,
            provenance: Provenance(
                mechanism: .tdmrepMeta,
                document: location,
                line: first.line,
                element: "meta[name=\(first.name)]",
                raw: String(raw.prefix(300)),
                spec: tdmrepSpec
            )
        )
    }
}
