// SPDX-License-Identifier: Apache-2.0
// HeedCore tests: invariants that must hold for every input, checked over the real robots.txt corpus
// and over generated statements (issue 7, "invariants as property tests").

import Foundation
import Testing

@testable import HeedCore

struct InvariantTests {
    static let agents = ["*", "GPTBot", "Googlebot", "Google-Extended", "CCBot", "anthropic-ai"]

    /// The corpus files the invariants run over: every 8th robots.txt (about 770 real files).
    static let files: [URL] = Fixtures.files(under: "robots").enumerated().filter { $0.offset % 8 == 0 }.map(\.element)

    /// Paths worth asking about a file: its own rule values (and a step beyond each), and a few fixed ones.
    static func paths(for robots: RobotsTxt) -> [String] {
        var out = ["/", "/index.html", "/a/b?c=d", "/%7Euser/", "/robots.txt"]
        for record in robots.records.prefix(40) where record.field == "allow" || record.field == "disallow" {
            let value = record.value.hasPrefix("/") ? record.value : "/" + record.value
            let plain = value.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "$", with: "")
            out.append(plain)
            out.append(plain + "z/1.html")
        }
        return out
    }

    /// Every (agent, path) decision of a file, as allow/deny bits in order.
    static func decisions(_ bytes: [UInt8], paths: [String]) -> [Bool] {
        let robots = RobotsTxt(bytes)
        var out: [Bool] = []
        for agent in agents {
            let matcher = RobotsMatcher(robots, agent: ProductToken(agent))
            for path in paths { out.append(matcher.decide(path).allowed) }
        }
        return out
    }

    @Test func lineEndingsNeverChangeADecision() throws {
        var checked = 0
        for file in Self.files {
            let bytes = try Array(Data(contentsOf: file))
            let paths = Self.paths(for: RobotsTxt(bytes))
            let lf = Self.decisions(bytes, paths: paths)
            // LF → CRLF, and CRLF (or lone CR) → LF, keeping the rest byte for byte.
            var crlf: [UInt8] = []
            var plainLF: [UInt8] = []
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0D {
                    crlf += [0x0D, 0x0A]
                    plainLF.append(0x0A)
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                } else if b == 0x0A {
                    crlf += [0x0D, 0x0A]
                    plainLF.append(0x0A)
                } else {
                    crlf.append(b)
                    plainLF.append(b)
                }
                i += 1
            }
            // Past the 500 KiB parse limit the cut point moves with the added bytes; only
            // compare files that stay under it either way.
            guard crlf.count <= RobotsTxt.minimumParseLimit else { continue }
            #expect(Self.decisions(crlf, paths: paths) == lf, "CRLF changed a decision in \(file.lastPathComponent)")
            #expect(Self.decisions(plainLF, paths: paths) == lf, "LF changed a decision in \(file.lastPathComponent)")
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test func commentsNeverChangeADecision() throws {
        for file in Self.files {
            let bytes = try Array(Data(contentsOf: file))
            guard bytes.count < RobotsTxt.minimumParseLimit / 2 else { continue }
            let paths = Self.paths(for: RobotsTxt(bytes))
            let before = Self.decisions(bytes, paths: paths)
            // A comment line after every line, and a trailing comment on every line.
            var commented: [UInt8] = []
            var trailing: [UInt8] = []
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                commented += line + Array("\n# a comment: Disallow: /\n".utf8)
                var body = Array(line)
                if body.last == 0x0D { body.removeLast() }
                trailing += body + Array(" # Allow: /x\n".utf8)
            }
            #expect(Self.decisions(commented, paths: paths) == before, "comment lines: \(file.lastPathComponent)")
            #expect(Self.decisions(trailing, paths: paths) == before, "trailing comments: \(file.lastPathComponent)")
        }
    }

    @Test func parsingAnyBytesNeverTraps() {
        var rng = HostileRandom(state: 7)
        let alphabet = Array("User-agent:Disallow:Allow:*$/#\r\n %41\u{0}".utf8) + [0xFF, 0xC3, 0xA9]
        for _ in 0..<2_000 {
            let n = Int.random(in: 0..<300, using: &rng)
            let bytes = (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            let robots = RobotsTxt(bytes)
            _ = RobotsMatcher(robots, agent: ProductToken("GPTBot")).decide("/a")
            _ = RobotsLinter.lint(robots)
        }
    }

    /// A random statement over a small space, so that ties and conflicts are common.
    static func statement(_ rng: inout HostileRandom) -> Statement {
        let categories: [UseCategory] = [.tdm, .aiTrain, .search, .aiInput]
        let values: [PreferenceValue] = [.allow, .deny, .conditional, .unknown]
        let mechanisms: [Mechanism] = [.robotsAccess, .tdmrepJSON, .rsl, .xRobotsTag]
        let value = values.randomElement(using: &rng)!
        let kind = Obligation.Kind.allCases.randomElement(using: &rng)!
        let detail = Bool.random(using: &rng) ? "x" : nil
        let obligations = value == .conditional ? [Obligation(kind, detail: detail)] : []
        return Statement(
            categories.randomElement(using: &rng)!,
            value,
            obligations: obligations,
            provenance: Provenance(
                mechanism: mechanisms.randomElement(using: &rng)!,
                document: "d\(Int.random(in: 0..<3, using: &rng))",
                line: Int.random(in: 1..<5, using: &rng),
                raw: "r",
                spec: "s"
            ),
            inherited: Bool.random(using: &rng)
        )
    }

    @Test func foldingIsOrderIndependent() {
        var rng = HostileRandom(state: 42)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 0..<5, using: &rng)).map { _ in Self.statement(&rng) }
            let b = (0..<Int.random(in: 0..<5, using: &rng)).map { _ in Self.statement(&rng) }
            let ab = SignalFolder.fold(a + b)
            let ba = SignalFolder.fold(b + a)
            for category in UseCategory.allCases {
                let x = ab.categories[category]
                let y = ba.categories[category]
                #expect(x?.value == y?.value)
                #expect(x?.obligations == y?.obligations)
                #expect(Set(x?.statements ?? []) == Set(y?.statements ?? []))
            }
            #expect(Set(ab.conflicts.map(\.code)) == Set(ba.conflicts.map(\.code)))
        }
    }
}
