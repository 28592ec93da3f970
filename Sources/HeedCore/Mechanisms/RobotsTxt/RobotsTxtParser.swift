// SPDX-License-Identifier: Apache-2.0
// Heed: the robots.txt line parser.
// Spec: RFC 9309 section 2.2 (ABNF: groups, records, comments, end of line CR / LF / CRLF),
// section 2.2.4 (other records MUST NOT interfere: a Sitemap line does not end a group),
// section 2.5 (parse limit). IETF draft-ietf-aipref-attach-05 section 3 (Content-Usage is a rule).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads robots.txt bytes line by line into a `RobotsTxt`. Works on raw bytes with `memchr`;
/// makes a `String` only for the values it keeps.
///
/// Rules are collected as they are read: each pattern is normalized straight into one buffer for
/// the whole file, and each rule line is kept in one file-order list. `run()` then gives each
/// group a slice of the file's `RobotsRuleStore` (its public `rules`, made on demand) and
/// compiles every non-empty rule into one `CompiledRule` list, each group's part sorted by
/// priority, so a group's rule set is a range of that list.
struct RobotsTxtParser {
    private var result: RobotsTxt
    private var sink = FindingSink()
    /// The group rule lines attach to, once a `User-agent:` line has been seen. Always the last
    /// group: groups are only ever appended.
    private var currentGroup: Int?
    /// True after a rule in the current group: the next `User-agent:` starts a new group.
    private var sawRule = false
    private let originalCount: Int
    /// The normalized patterns of every rule, back to back, and every rule line in file order
    /// (empty patterns included): allocated and freed by `run()`, so a parser never owns memory
    /// once `run()` returns (the fuzz run under LeakSanitizer caught an earlier version leaking a
    /// placeholder allocation per parse). `finishRules()` copies each into an exact array.
    private var patterns = ParserScratch<UInt8>()
    private var ruleLines = ParserScratch<RobotsRuleStore.Line>()
    /// The number of rule lines with a non-empty pattern: the rules compiled for matching.
    private var compiledCount = 0
    /// For each group, the index in `ruleLines` of its first rule.
    private var groupLineStart: [Int] = []
    /// The first octet of the source while `run()` reads it: deferred findings keep offsets from it.
    private var base: UnsafePointer<UInt8>?

    /// Fields that RFC 9309 and its extensions define as rules: they end a run of
    /// `User-agent:` lines. Other records (Sitemap, Content-Signal, unknown ones) do not (§2.2.4).
    static let ruleFields: [String] = ["content-usage"]

    /// `bytes` is the body, or only its first octets when `totalSize` (the whole body's size) is
    /// larger: a caller that reads a file bounded passes the file's size, so the size finding
    /// tells the true size and the true number of octets ignored.
    init(_ bytes: [UInt8], parseLimit: Int, totalSize: Int? = nil) {
        originalCount = max(totalSize ?? bytes.count, bytes.count)
        var start = 0
        // Skip a UTF-8 BOM, or the start of one (Google's parser skips partial BOMs too).
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        while start < min(3, bytes.count), bytes[start] == bom[start] { start += 1 }
        var end = bytes.count
        // A prefix of a longer body ends wherever the read stopped: cut it at a line end too.
        let prefixOnly = originalCount > bytes.count
        if end - start > parseLimit || prefixOnly {
            end = min(end, start + parseLimit)
            // Cut at the last line end inside the limit, never inside a line.
            end = RobotsTxtParser.lastLineEnd(in: bytes, from: start, to: end)
        }
        let source = start == 0 && end == bytes.count ? bytes : Array(bytes[start..<end])
        result = RobotsTxt(source: source)
        result.stats.bytesParsed = source.count
        result.stats.bytesIgnored = originalCount - start - source.count
    }

    /// The offset just past the last CR or LF in `bytes[from..<to]`, or `from` when there is none.
    /// Scans back eight octets at a time: a file cut at the limit can have a long last line.
    static func lastLineEnd(in bytes: [UInt8], from: Int, to: Int) -> Int {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return from }
            var end = to
            while end - 8 >= from {
                let word = UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self)
                if OctetWord.hasOctet(word, equalTo: 0x0A) || OctetWord.hasOctet(word, equalTo: 0x0D) { break }
                end -= 8
            }
            while end > from, base[end - 1] != 0x0A, base[end - 1] != 0x0D { end -= 1 }
            return end
        }
    }

    /// Parses the file. Call once.
    mutating func run() -> RobotsTxt {
        let source = result.source
        // Values do not overlap and rarely grow when normalized (only percent-encoding adds
        // octets), so the patterns almost never outgrow the source's size. A rule line takes at
        // least 8 octets (`Allow:/`, line end): sized for one in 32, the rule list grows only
        // for files of little else.
        _ = patterns.reserve(source.count + 64)
        _ = ruleLines.reserve(source.count / 32 + 16)
        groupLineStart.reserveCapacity(16)
        defer {
            patterns.deallocate()
            ruleLines.deallocate()
        }
        source.withUnsafeBufferPointer { buf in
            base = buf.baseAddress
            defer { base = nil }
            checkDocument(buf)
            var lineStart = 0
            var lineNumber = 0
            let n = buf.count
            var lineStarts: [Int] = []
            lineStarts.reserveCapacity(n / 24 + 1)
            // One pass says whether any line can hold non-ASCII octets to validate.
            let highBytes = containsHighBytes(buf)
            // The next LF, CR and '#' at or after the line start (`n`: none), each found with one
            // `memchr` over the rest of the file and kept until the line start passes it, so a
            // file without CR or comments pays one search for them, not one per line.
            var nextLF = -1
            var nextCR = -1
            var nextHash = -1
            while lineStart < n {
                lineNumber += 1
                lineStarts.append(lineStart)
                let base = buf.baseAddress!
                @inline(__always) func find(_ octet: Int32) -> Int {
                    guard let hit = memchr(base + lineStart, octet, n - lineStart) else { return n }
                    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                }
                // The line ends at the first CR or LF (CR, LF or CRLF).
                if nextLF < lineStart { nextLF = find(0x0A) }
                if nextCR < lineStart { nextCR = find(0x0D) }
                let end = min(nextLF, nextCR)
                if nextHash < lineStart { nextHash = find(0x23) }
                parseLine(
                    UnsafeBufferPointer(rebasing: buf[lineStart..<end]),
                    number: lineNumber,
                    comment: min(nextHash, end) - lineStart,
                    highBytes: highBytes
                )
                var next = end
                if next < n {
                    next += (buf[next] == 0x0D && next + 1 < n && buf[next + 1] == 0x0A) ? 2 : 1
                }
                lineStart = next
            }
            result.lineStarts = lineStarts
            result.stats.lines = lineNumber
        }
        if looksLikeHTML(source) {
            sink.add(
                Finding(
                    code: "html-document",
                    severity: .error,
                    line: nil,
                    message:
                        "the file looks like an HTML page, not robots.txt: serve a text/plain file at /robots.txt",
                    clause: "RFC 9309 §2.3"
                )
            )
        }
        if result.stats.bytesIgnored > 0 {
            sink.add(
                Finding(
                    code: "size-limit-exceeded",
                    severity: .error,
                    // The last line read; nil (the whole document) when not one whole line fit.
                    line: result.stats.lines > 0 ? result.stats.lines : nil,
                    message:
                        "file is \(originalCount) bytes; only the first \(result.stats.bytesParsed) "
                        + "(whole lines within the parse limit) are read, \(result.stats.bytesIgnored) bytes ignored. "
                        + "Crawlers stop at 500 KiB: put the rules that matter first, or shorten the file",
                    clause: "RFC 9309 §2.5"
                )
            )
        }
        result.findingSink = sink
        finishRules()
        return result
    }

    /// Gives each group its slice of the rule store, compiles each group's non-empty rules into
    /// one exactly sized list, each group's part in priority order, and merges the `*` groups.
    private mutating func finishRules() {
        let bytes = Array(patterns.elements)
        let lines = ruleLines.elements
        let groupCount = result.groups.count
        if let store = lines.isEmpty ? nil : RobotsRuleStore(patternBytes: bytes, lines: Array(lines)) {
            for g in 0..<groupCount {
                let lo = groupLineStart[g]
                let hi = g + 1 < groupCount ? groupLineStart[g + 1] : lines.count
                if lo < hi {
                    result.groups[g].parsedRules = RobotsRuleStore.Slice(store: store, range: lo..<hi, group: g)
                }
            }
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(groupCount)
        let patternBase = patterns.base
        let compiled = [CompiledRule](unsafeUninitializedCapacity: compiledCount) { out, initialized in
            var k = 0
            for g in 0..<groupCount {
                let lo = groupLineStart[g]
                let hi = g + 1 < groupCount ? groupLineStart[g + 1] : lines.count
                let from = k
                // Each rule is compiled straight into its place in priority order: the group's
                // non-empty lines are sorted as one integer key each, never as compiled rules.
                if lo < hi {
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: hi - lo) { keys in
                        var m = 0
                        for i in lo..<hi where lines[i].length > 0 {
                            keys[m] = lines[i].priorityKey(position: i - lo)
                            m += 1
                        }
                        let order = UnsafeMutableBufferPointer(rebasing: keys[0..<m])
                        RobotsRuleStore.Line.sortPriorityKeys(order)
                        for key in order {
                            let i = lo + RobotsRuleStore.Line.position(of: key)
                            let line = lines[i]
                            (out.baseAddress! + k).initialize(
                                to: CompiledRule(
                                    bytes: patternBase!,
                                    start: line.start,
                                    length: Int(line.length),
                                    allow: line.allow,
                                    group: g,
                                    index: i - lo,
                                    line: Int(line.line)
                                )
                            )
                            k += 1
                        }
                    }
                }
                ranges.append(from..<k)
            }
            initialized = k
        }
        result.patternBytes = bytes
        result.compiledRules = compiled
        result.groupRuleRanges = ranges
        let star = result.agentIndex.star.groups
        if !star.isEmpty {
            result.agentIndex.setStarRules(RobotsRuleSet.merged(star.map { result.ruleSet(ofGroup: $0) }))
        }
    }

    /// True when the body is an HTML page: it opens with an HTML tag (`<!doctype`, `<html`,
    /// `<head>`, ...), or opens with `<` and holds no robots.txt directive at all. A file that
    /// merely starts with an HTML comment and then has groups is still robots.txt.
    private func looksLikeHTML(_ source: [UInt8]) -> Bool {
        var i = 0
        while i < source.count, source[i] == 0x20 || source[i] == 0x09 || source[i] == 0x0A || source[i] == 0x0D {
            i += 1
        }
        guard i < source.count, source[i] == UInt8(ascii: "<") else { return false }
        if result.stats.validDirectives == 0 { return true }
        let head = String(decoding: source[i..<min(source.count, i + 16)], as: UTF8.self).lowercased()
        return ["<!doctype", "<html", "<head", "<body", "<?xml", "<meta", "<title"].contains { head.hasPrefix($0) }
    }

    /// Whole-document checks: UTF-16, NUL bytes.
    private mutating func checkDocument(_ buf: UnsafeBufferPointer<UInt8>) {
        if buf.count >= 2, (buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF) {
            sink.add(
                Finding(
                    code: "utf16",
                    severity: .error,
                    line: nil,
                    message: "the file is UTF-16; robots.txt must be UTF-8, so crawlers read no rules from it",
                    clause: "RFC 9309 §2.3"
                )
            )
        }
        if buf.count > 0, memchr(buf.baseAddress!, 0, buf.count) != nil {
            sink.add(
                Finding(
                    code: "nul-byte",
                    severity: .warning,
                    line: nil,
                    message: "the file contains NUL bytes; it may be binary or in the wrong encoding"
                )
            )
        }
    }

    /// Reads one line (without its line ending); `comment` is the offset of its first `#` (or its
    /// length), `highBytes` whether the file has any octet ≥ 0x80.
    private mutating func parseLine(_ raw: UnsafeBufferPointer<UInt8>, number: Int, comment: Int, highBytes: Bool) {
        // Every line is checked, comments included: a file saved in Latin-1 often shows it first
        // in a comment. Only when the file has any octet ≥ 0x80 (one pass over it in `run()`).
        if highBytes, containsHighBytes(raw), !isValidUTF8(raw) {
            sink.add(
                Finding(
                    code: "invalid-utf8",
                    severity: .warning,
                    line: number,
                    message: "line is not valid UTF-8; robots.txt must be UTF-8, crawlers may read it differently",
                    clause: "RFC 9309 §2.3"
                )
            )
        }
        // Strip the comment, then surrounding whitespace.
        var end = comment
        var start = 0
        while start < end, isSpace(raw[start]) { start += 1 }
        while end > start, isSpace(raw[end - 1]) { end -= 1 }
        if start == end { return }  // blank line or comment only
        let line = UnsafeBufferPointer(rebasing: raw[start..<end])
        // Split into field name and value at the first ':'.
        var keyEnd: Int
        var valueStart: Int
        var missingColon = false
        if let colon = memchr(line.baseAddress!, 0x3A, line.count) {
            keyEnd = UnsafeRawPointer(colon) - UnsafeRawPointer(line.baseAddress!)
            valueStart = keyEnd + 1
        } else {
            // Google's parser accepts "field value" (two words, whitespace between) without a colon.
            guard let (k, v) = splitTwoWords(line) else {
                result.stats.malformedLines += 1
                addDeferred(.notRecord, "malformed-line", number, line)
                return
            }
            keyEnd = k
            valueStart = v
            missingColon = true
        }
        while keyEnd > 0, isSpace(line[keyEnd - 1]) { keyEnd -= 1 }
        while valueStart < line.count, isSpace(line[valueStart]) { valueStart += 1 }
        let key = UnsafeBufferPointer(rebasing: line[0..<keyEnd])
        let value = UnsafeBufferPointer(rebasing: line[valueStart...])
        if key.isEmpty {
            result.stats.malformedLines += 1
            addDeferred(.noFieldName, "malformed-line", number, line)
            return
        }
        let (field, typo) = RobotsField.classify(key)
        if typo {
            sink.add(
                Finding(
                    code: "typo",
                    severity: .warning,
                    line: number,
                    message:
                        "'\(String(decoding: key, as: UTF8.self))' is a misspelling of '\(field.canonicalName)'; "
                        + "Google's parser accepts it, other crawlers ignore the line",
                    text: RobotsTxtParser.excerpt(line),
                    clause: "RFC 9309 §2.2.4"
                )
            )
        }
        if missingColon { addDeferred(.missingColon, "missing-colon", number, line, extra: keyEnd) }
        switch field {
        case .userAgent:
            result.stats.validDirectives += 1
            userAgent(value, number: number)
        case .allow, .disallow:
            result.stats.validDirectives += 1
            rule(field == .allow ? .allow : .disallow, value, number: number, line: line)
        case .sitemap:
            result.stats.validDirectives += 1
            record("sitemap", value, number: number)
        case .other(let name):
            result.stats.unknownDirectives += 1
            if currentGroup != nil, RobotsTxtParser.ruleFields.contains(name) { sawRule = true }
            record(name, value, number: number)
        }
    }

    private mutating func userAgent(_ value: UnsafeBufferPointer<UInt8>, number: Int) {
        let (token, valid) = ProductToken.parse(trimmed: value)
        if sawRule || currentGroup == nil {
            // Room for a few groups and a few agents each from the start: most files have
            // several groups, and a group often several `User-agent:` lines.
            if result.groups.isEmpty { result.groups.reserveCapacity(8) }
            var agents: [RobotsTxt.AgentLine] = []
            agents.reserveCapacity(4)
            result.groups.append(RobotsTxt.Group(agents: agents, rules: [], firstLine: number))
            groupLineStart.append(ruleLines.count)
            currentGroup = result.groups.count - 1
            sawRule = false
        }
        let group = currentGroup!
        result.groups[group].agents.append(RobotsTxt.AgentLine(token: token, line: number))
        if valid {
            result.agentIndex.add(token, group: group, line: number)
        } else {
            let google = ProductToken.googleReading(of: value, lowercased: true)
            result.agentIndex.add(token, group: group, line: number, irregular: .some(google))
            if token.raw.isEmpty {
                checkToken(token, number: number)
            } else {
                addDeferred(.invalidToken, "invalid-token", number, value)
            }
        }
    }

    /// Reports an empty `User-agent:` value.
    private mutating func checkToken(_ token: ProductToken, number: Int) {
        sink.add(
            Finding(
                code: "empty-user-agent",
                severity: .warning,
                line: number,
                message: "empty User-agent value: no crawler matches it",
                clause: "RFC 9309 §2.2.1"
            )
        )
    }

    /// Keeps a warning on `bytes` (a part of the source) for `finding(_:source:)` to make later.
    private mutating func addDeferred(
        _ kind: DeferredKind,
        _ code: String,
        _ number: Int,
        _ bytes: UnsafeBufferPointer<UInt8>,
        extra: Int = 0
    ) {
        let start = bytes.baseAddress.map { $0 - base! } ?? 0
        sink.add(
            deferred: FindingSink.Deferred(
                code: code,
                severity: .warning,
                line: number,
                kind: kind.rawValue,
                start: start,
                end: start + bytes.count,
                extra: extra
            )
        )
    }

    private mutating func rule(
        _ kind: RobotsTxt.RuleKind,
        _ value: UnsafeBufferPointer<UInt8>,
        number: Int,
        line: UnsafeBufferPointer<UInt8>
    ) {
        guard currentGroup != nil else {
            sink.add(
                Finding(
                    code: "rule-outside-group",
                    severity: .error,
                    line: number,
                    message:
                        "'\(kind.rawValue)' before any User-agent line belongs to no group; crawlers ignore it. "
                        + "Add 'User-agent: *' above it",
                    text: RobotsTxtParser.excerpt(line),
                    clause: "RFC 9309 §2.2"
                )
            )
            return
        }
        sawRule = true
        // A pattern normalizes to at most three octets per value octet.
        let start = patterns.count
        let length = RobotsPath.normalize(value, isPattern: true, into: patterns.reserve(3 * value.count))
        patterns.commit(length)
        if length > 0 { compiledCount += 1 }
        ruleLines.append(
            RobotsRuleStore.Line(
                start: start,
                length: Int32(truncatingIfNeeded: length),
                line: Int32(truncatingIfNeeded: number),
                allow: kind == .allow
            )
        )
        if let first = value.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*") {
            sink.add(
                Finding(
                    code: "pattern-not-absolute",
                    severity: .error,
                    line: number,
                    message:
                        "the path does not start with '/' (or '*'), so it can never match a URL path: "
                        + "write '/\(String(decoding: value, as: UTF8.self))'",
                    text: RobotsTxtParser.excerpt(line),
                    clause: "RFC 9309 §2.2.2"
                )
            )
        }
    }

    private mutating func record(_ field: String, _ value: UnsafeBufferPointer<UInt8>, number: Int) {
        result.records.append(
            RobotsTxt.Record(
                field: field,
                value: String(decoding: value, as: UTF8.self),
                line: number,
                group: field == "sitemap" ? nil : currentGroup
            )
        )
    }

    /// For a line without ':', the split of exactly two whitespace-separated words.
    private func splitTwoWords(_ line: UnsafeBufferPointer<UInt8>) -> (keyEnd: Int, valueStart: Int)? {
        guard let firstSpace = line.firstIndex(where: isSpace) else { return nil }
        var v = firstSpace
        while v < line.count, isSpace(line[v]) { v += 1 }
        if v >= line.count || line[v...].contains(where: isSpace) { return nil }
        return (firstSpace, v)
    }
}

@inline(__always)
func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always)
func containsHighBytes(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = p.baseAddress else { return false }
    let n = p.count
    var i = 0
    // Eight octets at a time: any high bit set means a non-ASCII octet.
    while i + 8 <= n {
        if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
        i += 8
    }
    while i < n {
        if base[i] >= 0x80 { return true }
        i += 1
    }
    return false
}

/// Strict UTF-8 validation (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = p.count
    while i < n {
        let b = p[i]
        if b < 0x80 {
            i += 1
            continue
        }
        let len: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: len = 2
        case 0xE0:
            len = 3
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED:
            len = 3
            hi = 0x9F
        case 0xF0:
            len = 4
            lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4:
            len = 4
            hi = 0x8F
        default: return false
        }
        if i + len > n { return false }
        if p[i + 1] < lo || p[i + 1] > hi { return false }
        for k in 2..<max(2, len) where p[i + k] & 0xC0 != 0x80 { return false }
        i += len
    }
    return true
}
