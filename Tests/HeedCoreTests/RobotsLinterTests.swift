// SPDX-License-Identifier: Apache-2.0
// Heed tests: unreachable rules (RFC 9309 §2.2.2: the most octets decide, allow wins ties;
// §2.2.3: `*` and `$`), by hand on small groups and against the matcher on the real corpus.

import Foundation
import Testing

@testable import HeedCore

/// A file and the `unreachable-rule` findings expected in it: the reported line → the line named
/// as the rule that always wins.
struct UnreachableCase: Sendable, CustomTestStringConvertible {
    var file: String
    var expected: [Int: Int]
    var testDescription: String { file.split(separator: "\n").joined(separator: " | ") }

    /// Rules of a `User-agent: *` group; line 1 is the `User-agent` line.
    init(_ rules: String, _ expected: [Int: Int]) {
        file = "User-agent: *\n" + rules
        self.expected = expected
    }

    /// A whole file.
    init(file: String, _ expected: [Int: Int]) {
        self.file = file
        self.expected = expected
    }
}

struct RobotsLinterTests {
    /// Each case worked out by hand: Q (named) wins over P (reported) when Q has more octets, or as
    /// many and Q allows (RFC 9309 §2.2.2; `CompiledRule.precedes`); Q covers P when Q's glob
    /// matches P's pattern text with P's `*` absorbed only by Q's `*`, a whole text when Q ends in `$`
    /// (then P must end in `$` too), a prefix otherwise. Octet counts in the comments.
    static let cases: [UnreachableCase] = [
        // /a* (3) covers /a (2) and is longer: the disallow never decides.
        UnreachableCase("Allow: /a*\nDisallow: /a", [3: 2]),
        // /a$ (3) matches only /a; /ab is still disallowed by /a.
        UnreachableCase("Disallow: /a\nAllow: /a$", [:]),
        // /a/b does not cover /a (it matches /a/b only).
        UnreachableCase("Allow: /a/b\nDisallow: /a", [:]),
        // The same pattern: allow wins the tie, in either order.
        UnreachableCase("Disallow: /a\nAllow: /a", [2: 3]),
        UnreachableCase("Allow: /a\nDisallow: /a", [3: 2]),
        // /a/* (4) and /a/b (4) tie; the allow wins, so the allow decides /a/b.
        UnreachableCase("Disallow: /a/*\nAllow: /a/b", [:]),
        // /a/b* (5) covers /a/b (4) and is longer: the allow never decides.
        UnreachableCase("Disallow: /a/b*\nAllow: /a/b", [3: 2]),
        // /*.php (6) is shorter than /index.php (10): the allow wins where it matches.
        UnreachableCase("Disallow: /*.php\nAllow: /index.php", [:]),
        // /*.php (6) covers /a.php (6): every path starting /a.php contains ".php"; tie, allow wins.
        UnreachableCase("Allow: /*.php\nDisallow: /a.php", [3: 2]),
        // /*.php$ does not match /a.phpx, which /a.php disallows.
        UnreachableCase("Allow: /*.php$\nDisallow: /a.php", [:]),
        // Both anchored, 7 octets each: /*.php$ matches every path /a.php$ does; tie, allow wins.
        UnreachableCase("Allow: /*.php$\nDisallow: /a.php$", [3: 2]),
        // /* (2) covers every path; /x (2) ties and loses.
        UnreachableCase("Allow: /*\nDisallow: /x", [3: 2]),
        // /xy (3) is longer than /* (2): it decides /xy.
        UnreachableCase("Allow: /*\nDisallow: /xy", [:]),
        // /a*b needs a 'b' after /a; the path /a has none.
        UnreachableCase("Allow: /a*b\nDisallow: /a", [:]),
        // /a** (4) covers /a*b (4): its '*' absorbs P's '*' and the 'b'; tie, allow wins.
        UnreachableCase("Allow: /a**\nDisallow: /a*b", [3: 2]),
        // P's '*' cannot be absorbed by Q's literal 'b': /ax matches /a* but not /ab*.
        UnreachableCase("Allow: /ab*\nDisallow: /a*", [:]),
        // /a*c* (5) covers /a*c (4): whatever P's '*' matched, the 'c' after it is Q's 'c'.
        UnreachableCase("Allow: /a*c*\nDisallow: /a*c", [3: 2]),
        // /a*xc needs "xc"; /ac matches /a*c but not /a*xc.
        UnreachableCase("Allow: /a*xc\nDisallow: /a*c", [:]),
        // Normalized first: /%61* is /a* (3), which covers /a (2).
        UnreachableCase("Allow: /%61*\nDisallow: /a", [3: 2]),
        // Both anchored and equal: allow wins the tie.
        UnreachableCase("Allow: /a$\nDisallow: /a$", [3: 2]),
        // An anchored disallow never covers an unanchored allow.
        UnreachableCase("Disallow: /a$\nAllow: /a", [:]),
        // /*$ matches what /* matches: every path; 3 octets beat /a (2).
        UnreachableCase("Allow: /*$\nDisallow: /a", [3: 2]),
        // /a*$ is read as /a* (4 octets as written) and covers /ab$ (4); tie, allow wins.
        UnreachableCase("Allow: /a*$\nDisallow: /ab$", [3: 2]),
        // Same kind: the shorter rule changes no decision, only the line named; not reported.
        UnreachableCase("Disallow: /a*\nDisallow: /a", [:]),
        // A shorter covering allow loses to the longer disallow: /a (2) vs /ab (3).
        UnreachableCase("Allow: /a\nDisallow: /ab", [:]),
        // Longer but not covering: /a?x= (5) vs /a?x (4): /a?xy is disallowed only by /a?x.
        UnreachableCase("Allow: /a?x=\nDisallow: /a?x", [:]),
        // Covered from the middle: /*/b (4) vs /x/b (4) → /x/b... matches /*/b; tie, allow wins.
        UnreachableCase("Allow: /*/b\nDisallow: /x/b", [3: 2]),
        // Many disallows, one allow covering two of them: /p (2) and /pp (3, a tie) lose to /p* (3).
        UnreachableCase("Allow: /p*\nDisallow: /q\nDisallow: /p\nDisallow: /pp", [4: 2, 5: 2]),
        // A group shared by a and b: the allow of a's second group kills the disallow for a only,
        // so b still obeys line 3: not reported.
        UnreachableCase(file: "User-agent: a\nUser-agent: b\nDisallow: /p\nUser-agent: a\nAllow: /p*\n", [:]),
        // The second group names both: dead for each crawler that reads it.
        UnreachableCase(
            file: "User-agent: a\nUser-agent: b\nDisallow: /p\n\nUser-agent: b\nUser-agent: a\nAllow: /p*\n",
            [3: 7]
        ),
        // The '*' group and a named group are separate sets: no cross-group coverage.
        UnreachableCase(file: "User-agent: *\nAllow: /p*\nUser-agent: a\nDisallow: /p\n", [:]),
    ]

    @Test("unreachable rules, worked out by hand", arguments: cases)
    func unreachable(_ c: UnreachableCase) {
        let robots = RobotsTxt(c.file)
        let found = RobotsLinter.lint(robots).filter { $0.code == "unreachable-rule" }
        // One finding per line.
        #expect(Set(found.compactMap(\.line)).count == found.count)
        var got: [Int: Int] = [:]
        for f in found {
            guard let line = f.line else { continue }
            // The message names the winner as "line N " (one winner in every case here).
            let named = c.expected[line].map { f.message.contains("line \($0) ") } ?? false
            got[line] = named ? c.expected[line] : -1
        }
        #expect(got == c.expected)
    }

    @Test("the messages say which rule wins and why")
    func messages() {
        let dead = RobotsLinter.lint(RobotsTxt("User-agent: *\nAllow: /a*\nDisallow: /a\n"))
            .filter { $0.code == "unreachable-rule" }
        #expect(
            dead.map(\.message) == [
                "this disallow never applies: line 2 allows every path it matches with a pattern at least as long, "
                    + "and allow wins ties"
            ]
        )
        let allow = RobotsLinter.lint(RobotsTxt("User-agent: *\nDisallow: /a/b*\nAllow: /a/b\n"))
            .filter { $0.code == "unreachable-rule" }
        #expect(
            allow.map(\.message) == [
                "this allow never applies: line 2 disallows every path it matches with a longer pattern"
            ]
        )
        #expect(allow.first?.fix == "delete the allow, or make it longer than the disallow so it can win")
        #expect(allow.first?.severity == .warning && allow.first?.clause == "RFC 9309 §2.2.2")
    }

    /// Paths a pattern matches: each `*` replaced by "", "x" or "/y.z", and, unless it ends with `$`,
    /// followed by "", "q" or "/r?s=1".
    static func samplePaths(_ pattern: [UInt8]) -> [[UInt8]] {
        let anchored = pattern.last == UInt8(ascii: "$")
        let body = anchored ? Array(pattern.dropLast()) : pattern
        var out: [[UInt8]] = []
        for fill in ["", "x", "/y.z"] {
            var path: [UInt8] = []
            for b in body {
                if b == UInt8(ascii: "*") { path += Array(fill.utf8) } else { path.append(b) }
            }
            for suffix in anchored ? [""] : ["", "q", "/r?s=1"] { out.append(path + Array(suffix.utf8)) }
        }
        return out
    }

    /// Every `unreachable-rule` in the real corpus, checked against the matcher: for each crawler
    /// that reads the rule's group, on paths the rule matches, the decision never names the rule.
    @Test("no false positives on the real corpus")
    func realCorpus() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus/robots")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".txt") }
        #expect(files.count > 100)
        var flagged = 0
        var checkedPaths = 0
        for file in files {
            let robots = RobotsTxt([UInt8](try Data(contentsOf: file)))
            let dead = RobotsLinter.lint(robots).filter { $0.code == "unreachable-rule" }.compactMap(\.line)
            if dead.isEmpty { continue }
            var rules: [Int: RobotsTxt.Rule] = [:]
            for g in robots.groups { for r in g.rules { rules[r.line] = r } }
            for line in dead {
                let rule = try #require(rules[line])
                flagged += 1
                let agents = robots.groups[rule.group].agents.map(\.token).filter { !$0.key.isEmpty }
                for agent in agents {
                    let m = RobotsMatcher(robots, agent: agent)
                    for path in Self.samplePaths(rule.pattern.bytes) {
                        let matches = path.withUnsafeBufferPointer { rule.pattern.matches($0) }
                        #expect(matches, "\(file.lastPathComponent):\(line)")
                        let d = path.withUnsafeBufferPointer { m.decide(normalizedPath: $0) }
                        #expect(d.rule?.line != line, "\(file.lastPathComponent):\(line) \(agent.raw)")
                        checkedPaths += 1
                    }
                }
            }
        }
        // The corpus has such rules (linkedin.com's line 4199 among them), so the check is not empty.
        #expect(flagged >= 1)
        #expect(checkedPaths >= 9 * flagged)
    }
}
