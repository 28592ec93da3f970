// SPDX-License-Identifier: Apache-2.0
// Heed tests: robots.txt parsing and matching on hostile input (huge, binary, malformed, pathological).

import Testing

@testable import HeedCore

/// A small deterministic generator (SplitMix64), so "random" garbage is the same on every run and a
/// failure names a reproducible seed; also a `RandomNumberGenerator` for the invariant tests.
struct HostileRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` pseudo-random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { raw in
            var i = 0
            while i < count {
                var word = next()
                let n = min(8, count - i)
                withUnsafeBytes(of: &word) { w in
                    for k in 0..<n { raw[i + k] = w[k] }
                }
                i += n
            }
        }
        return out
    }
}

/// Independent facts about a byte region, computed here from RFC 9309 §2.2 (EOL is CR, LF or CRLF)
/// without the parser, as the oracle for garbage input.
struct HostileRegionFacts {
    var lines = 0
    /// Lines whose bytes are not valid UTF-8, comment-only and blank ones included (RFC 9309 §2.1:
    /// the whole file is UTF-8, so the parser reports every such line).
    var invalidUTF8Lines = 0
    var containsNUL = false

    init(_ region: ArraySlice<UInt8>) {
        containsNUL = region.contains(0)
        var i = region.startIndex
        while i < region.endIndex {
            var end = i
            while end < region.endIndex, region[end] != 0x0A, region[end] != 0x0D { end += 1 }
            lines += 1
            let line = region[i..<end]
            if String(validating: line, as: UTF8.self) == nil { invalidUTF8Lines += 1 }
            i = end
            if i < region.endIndex {
                i += (region[i] == 0x0D && i + 1 < region.endIndex && region[i + 1] == 0x0A) ? 2 : 1
            }
        }
    }
}

struct HostileInputTests {
    /// The codes of the findings, with the number listed (line-level or document-level) and
    /// whether a cap summary is present.
    func tally(_ robots: RobotsTxt) -> [String: (listed: Int, summary: String?)] {
        var out: [String: (listed: Int, summary: String?)] = [:]
        for f in robots.findings {
            var entry = out[f.code] ?? (0, nil)
            if f.message.contains(" findings not listed (") { entry.summary = f.message } else { entry.listed += 1 }
            out[f.code] = entry
        }
        return out
    }

    // MARK: - Size

    /// 33 header bytes, 327680 comment lines of 64 bytes (20 MiB), then `Disallow: /\n`.
    static func twentyMegabytes() -> [UInt8] {
        var bytes = Array("User-agent: *\nDisallow: /private\n".utf8)
        let comment = Array(("#" + String(repeating: "p", count: 62) + "\n").utf8)
        bytes.reserveCapacity(33 + 327680 * 64 + 12)
        for _ in 0..<327680 { bytes += comment }
        bytes += Array("Disallow: /\n".utf8)
        return bytes
    }

    @Test("a 20 MB file: the first 500 KiB, cut at a line end", .timeLimit(.minutes(1)))
    func twentyMegabyteFile() throws {
        let bytes = Self.twentyMegabytes()
        #expect(bytes.count == 20_971_565)
        let robots = RobotsTxt(bytes)
        // (512000 - 33) / 64 = 7999 whole comment lines: 33 + 7999 * 64 = 511969.
        #expect(robots.stats.bytesParsed == 511_969)
        #expect(robots.stats.bytesIgnored == 20_971_565 - 511_969)
        #expect(robots.stats.lines == 8001)
        #expect(robotsFindingKeys(robots) == ["size-limit-exceeded@8001"])
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.decide("/private").rule?.line == 2)
        #expect(m.decide("/x") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))

        let whole = RobotsTxt(bytes, parseLimit: 32 << 20)
        #expect(whole.stats.lines == 327_683)
        #expect(whole.findings.isEmpty)
        #expect(RobotsMatcher(whole, agent: ProductToken("x")).decide("/x").rule?.line == 327_683)
    }

    /// `User-agent: *`, then `Disallow: /` and 10,000,000 `a` on one line, then `Allow: /b`.
    static func tenMegabyteLine() -> [UInt8] {
        Array("User-agent: *\nDisallow: /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
            + Array("\nAllow: /b\n".utf8)
    }

    @Test("one 10 MB line is never cut in half", .timeLimit(.minutes(1)))
    func tenMegabyteLine() {
        let bytes = Self.tenMegabyteLine()
        let robots = RobotsTxt(bytes)
        #expect(robots.stats.bytesParsed == 14)
        #expect(robots.stats.lines == 1)
        #expect(robotsFindingKeys(robots) == ["size-limit-exceeded@1"])
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.selection == .star && m.ruleCount == 0)
        #expect(m.decide("/aaa") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))

        let whole = RobotsTxt(bytes, parseLimit: 11_000_000)
        #expect(whole.findings.isEmpty)
        #expect(whole.stats.lines == 3)
        #expect(whole.text(ofLine: 2)?.utf8.count == 10_000_011)
        let w = RobotsMatcher(whole, agent: ProductToken("x"))
        let longPath = "/" + String(repeating: "a", count: 10_000_000)
        let d = w.decide(longPath)
        #expect(!d.allowed && d.rule?.line == 2 && d.rule?.pattern.priority == 10_000_001)
        #expect(w.decide(longPath + "zzz").rule?.line == 2)
        #expect(w.decide("/aaa") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))
        #expect(w.decide("/b").rule?.line == 3)
    }

    @Test("a 10 MB file without a line end yields nothing, and says so", .timeLimit(.minutes(1)))
    func tenMegabytesWithoutLineEnd() throws {
        let bytes = Array("Disallow: /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        let robots = RobotsTxt(bytes)
        #expect(robots.stats.bytesParsed == 0)
        #expect(robots.stats.lines == 0)
        #expect(robots.groups.isEmpty)
        let finding = try #require(robots.findings.first)
        #expect(robots.findings.count == 1)
        #expect(finding.code == "size-limit-exceeded")
        // No line was read: the finding is about the whole document (Finding.line is 1-based or nil).
        #expect(finding.line == nil)
    }

    // MARK: - Binary garbage

    static let garbageSize = 10 * 1024 * 1024

    @Test("10 MB of seeded random bytes: bounded, exact findings, no group", .timeLimit(.minutes(1)))
    func randomGarbage() throws {
        var rng = HostileRandom(state: 0x5EED_0F_4EED)
        let bytes = rng.bytes(Self.garbageSize)
        #expect(bytes.count == Self.garbageSize)
        var start = 0
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        while start < 3, bytes[start] == bom[start] { start += 1 }
        // The oracle: the cut is the last CR or LF at or before start + 512000.
        var cut = start + RobotsTxt.minimumParseLimit
        while cut > start, bytes[cut - 1] != 0x0A, bytes[cut - 1] != 0x0D { cut -= 1 }
        let region = bytes[start..<cut]
        let facts = HostileRegionFacts(region)
        // Precondition for "no group": no field name can be a user-agent spelling.
        let lowered = region.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let hasUser = lowered.indices.dropLast(3).contains { i in
            lowered[i] == 0x75 && lowered[i + 1] == 0x73 && lowered[i + 2] == 0x65 && lowered[i + 3] == 0x72
        }
        try #require(!hasUser, "this seed's garbage spells 'user'; pick another seed")

        let robots = RobotsTxt(bytes)
        #expect(robots.stats.bytesParsed == cut - start)
        #expect(robots.stats.bytesIgnored == Self.garbageSize - cut)
        #expect(robots.stats.lines == facts.lines)
        #expect(robots.groups.isEmpty)
        let t = tally(robots)
        let known: Set = [
            "size-limit-exceeded", "nul-byte", "invalid-utf8", "malformed-line", "missing-colon", "typo",
            "html-document", "utf16", "rule-outside-group",
        ]
        #expect(Set(t.keys).isSubset(of: known))
        #expect(t["size-limit-exceeded"]?.listed == 1)
        #expect((t["nul-byte"]?.listed ?? 0) == (facts.containsNUL ? 1 : 0))
        #expect(facts.invalidUTF8Lines > FindingSink.capPerCode)
        #expect(t["invalid-utf8"]?.listed == FindingSink.capPerCode)
        let n = facts.invalidUTF8Lines
        #expect(t["invalid-utf8"]?.summary == "\(n - 200) more 'invalid-utf8' findings not listed (\(n) in all)")
        for (code, entry) in t { #expect(entry.listed <= FindingSink.capPerCode, "\(code)") }
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.decide("/") == RobotsDecision(allowed: true, reason: .noGroup, rule: nil))

        // The same bytes give the same report.
        let again = RobotsTxt(bytes)
        #expect(again.findings == robots.findings && again.stats == robots.stats)

        // All 10 MB, parsed with the limit raised: still bounded.
        let whole = RobotsTxt(bytes, parseLimit: 16 << 20)
        #expect(whole.stats.bytesParsed == Self.garbageSize - start)
        #expect(whole.stats.lines == HostileRegionFacts(bytes[start...]).lines)
        for (code, entry) in tally(whole) { #expect(entry.listed <= FindingSink.capPerCode, "\(code)") }
        #expect(whole.findings.count <= 9 * (FindingSink.capPerCode + 1))
    }

    // MARK: - Invalid UTF-8 and NUL

    /// (name, rule value bytes, invalid UTF-8, normalized pattern, which is also a URL that matches it)
    static let utf8Cases: [(String, [UInt8], Bool, String)] = [
        ("Latin-1 é", Array("/caf".utf8) + [0xE9], true, "/caf%E9"),
        ("overlong /", [0x2F, 0xC0, 0xAF], true, "/%C0%AF"),
        ("surrogate", [0x2F, 0xED, 0xA0, 0x80], true, "/%ED%A0%80"),
        ("above U+10FFFF", [0x2F, 0xF4, 0x90, 0x80, 0x80], true, "/%F4%90%80%80"),
        ("truncated sequence", [0x2F, 0xE3, 0x83], true, "/%E3%83"),
        ("lone continuation", [0x2F, 0x80], true, "/%80"),
        ("in a comment", Array("/a # ".utf8) + [0xE9], true, "/a"),
        ("valid 3 bytes", [0x2F, 0xE3, 0x83, 0x84], false, "/%E3%83%84"),
        ("valid 4 bytes", [0x2F, 0xF0, 0x9F, 0x98, 0x80], false, "/%F0%9F%98%80"),
    ]

    @Test("invalid UTF-8 is reported per line and still matched by its octets", arguments: utf8Cases)
    func invalidUTF8(name: String, value: [UInt8], invalid: Bool, pattern: String) {
        let robots = RobotsTxt(Array("User-agent: *\nDisallow: ".utf8) + value + [0x0A])
        #expect(robotsFindingKeys(robots) == (invalid ? ["invalid-utf8@2"] : []))
        #expect(robotsGroupShape(robots) == ["[*@1] disallow \(pattern)@2"])
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.decide(pattern).rule?.line == 2)
        #expect(m.decide("/").allowed)
    }

    /// Lines that hold no record (a comment, a blank line with stray octets) are checked too, and
    /// reported at their own line: a file saved in Latin-1 often shows it first in a comment.
    /// (name, file bytes, the lines expected to be reported)
    static let commentUTF8Cases: [(String, [UInt8], [Int])] = [
        (
            "Latin-1 é in a comment line", Array("User-agent: *\n# caf".utf8) + [0xE9] + Array("\nDisallow: /x\n".utf8),
            [2]
        ),
        (
            "indented comment, surrogate", Array("  # ".utf8) + [0xED, 0xA0, 0x80] + Array("\nUser-agent: *\n".utf8),
            [1]
        ),
        ("comment after a rule", Array("User-agent: *\nDisallow: /x # ".utf8) + [0xC0, 0xAF] + [0x0A], [2]),
        (
            "two comment lines, CRLF", Array("#".utf8) + [0xFF] + Array("\r\n#ok\r\n#".utf8) + [0x80] + [0x0D, 0x0A],
            [1, 3]
        ),
        ("truncated sequence, last line without end", Array("User-agent: *\n#".utf8) + [0xE3, 0x83], [2]),
        ("valid UTF-8 comment", Array("User-agent: *\n# café ツ\nDisallow: /x\n".utf8), []),
    ]

    @Test("invalid UTF-8 is reported on comment-only lines too", arguments: commentUTF8Cases)
    func invalidUTF8InComments(name: String, bytes: [UInt8], lines: [Int]) {
        let robots = RobotsTxt(bytes)
        let reported = robots.findings.filter { $0.code == "invalid-utf8" }.compactMap(\.line)
        #expect(reported == lines)
    }

    @Test("an invalid UTF-8 user-agent matches no valid name")
    func invalidUTF8Agent() {
        let robots = RobotsTxt(Array("User-agent: Bot".utf8) + [0xFF] + Array("\nDisallow: /\n".utf8))
        #expect(robotsFindingKeys(robots) == ["invalid-utf8@1", "invalid-token@1"])
        let m = RobotsMatcher(robots, agent: ProductToken("Bot"))
        #expect(m.selection == .none && m.decide("/").allowed)
    }

    /// (name, body, findings, path, allowed)
    static let nulCases: [(String, [UInt8], Set<String>, String, Bool)] = [
        (
            "NUL in a rule", Array("User-agent: *\nDisallow: /a".utf8) + [0] + Array("b\n".utf8),
            ["nul-byte@-"], "/a%00b", false
        ),
        (
            "NUL in a rule, other path", Array("User-agent: *\nDisallow: /a".utf8) + [0] + Array("b\n".utf8),
            ["nul-byte@-"], "/a", true
        ),
        (
            "a line of NULs", Array("User-agent: *\n".utf8) + [0, 0, 0] + Array("\nDisallow: /x\n".utf8),
            ["nul-byte@-", "malformed-line@2"], "/x", false
        ),
        (
            "NUL in a field name", Array("User-agent: *\nDis".utf8) + [0] + Array("allow: /x\n".utf8),
            ["nul-byte@-"], "/x", true
        ),
        ("1000 NULs", [UInt8](repeating: 0, count: 1000), ["nul-byte@-", "malformed-line@1"], "/", true),
    ]

    @Test("NUL bytes are reported once and matched as %00", arguments: nulCases)
    func nulBytes(name: String, body: [UInt8], findings: Set<String>, path: String, allowed: Bool) {
        let robots = RobotsTxt(body)
        #expect(robotsFindingKeys(robots) == findings)
        #expect(RobotsMatcher(robots, agent: ProductToken("x")).decide(path).allowed == allowed)
    }

    // MARK: - Pathological patterns

    @Test("a million wildcard rules against a long path finish in bounded time", .timeLimit(.minutes(1)))
    func millionWildcardRules() {
        var bytes = Array("User-agent: *\n".utf8)
        let line = Array("Disallow: /a*a*a*a*a*b\n".utf8)
        bytes.reserveCapacity(14 + 1_000_000 * line.count)
        for _ in 0..<1_000_000 { bytes += line }
        let robots = RobotsTxt(bytes, parseLimit: 24_000_000)
        #expect(robots.stats.bytesParsed == 23_000_014)
        #expect(robots.findings.isEmpty)
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.ruleCount == 1_000_000)
        let path = "/" + String(repeating: "a", count: 8192)
        // No 'b': every rule is tried and none matches.
        #expect(m.decide(path) == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))
        // With the 'b': all rules tie; the first line wins.
        #expect(m.decide(path + "b").rule?.line == 2)
        #expect(!m.decide(path + "b").allowed)
    }

    // MARK: - Finding cap

    /// (number of typo lines, typo findings listed, expected summary)
    static let capCases: [(Int, Int, String?)] = [
        (199, 199, nil),
        (200, 200, nil),
        (201, 200, "1 more 'typo' findings not listed (201 in all)"),
        (1000, 200, "800 more 'typo' findings not listed (1000 in all)"),
    ]

    @Test("findings are capped per code with one summary", arguments: capCases)
    func findingCap(count: Int, listed: Int, summary: String?) throws {
        let body = "User-agent: *\n" + String(repeating: "disalow: /x\n", count: count)
        let robots = RobotsTxt(body)
        #expect(FindingSink.capPerCode == 200)
        #expect(robots.groups.first?.rules.count == count)
        let typos = robots.findings.filter { $0.code == "typo" }
        #expect(typos.count == listed + (summary == nil ? 0 : 1))
        #expect(typos.compactMap(\.line) == Array(2..<(2 + listed)))
        let summaries = typos.filter { $0.line == nil }
        #expect(summaries.map(\.message) == (summary.map { [$0] } ?? []))
        #expect(summaries.allSatisfy { $0.severity == .warning })
    }

    @Test("each code has its own cap")
    func capPerCode() {
        let body = String(repeating: "x\n", count: 300) + String(repeating: "User-agent: a1\n", count: 250)
        let t = tally(RobotsTxt(body))
        #expect(t["malformed-line"]?.listed == 200)
        #expect(t["malformed-line"]?.summary == "100 more 'malformed-line' findings not listed (300 in all)")
        #expect(t["invalid-token"]?.listed == 200)
        #expect(t["invalid-token"]?.summary == "50 more 'invalid-token' findings not listed (250 in all)")
        #expect(t.count == 2)
    }
}
