// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: the bounded line diff, with expected edits worked out by hand.

import Testing

@testable import HeedHistory

struct LineDiffTests {
    typealias L = LineDiff.Line

    /// Each case: old text, new text, removed lines and added lines (1-based numbers in the old
    /// and the new version respectively), worked out by hand.
    static let cases: [(String, String, String, [L], [L])] = [
        ("identical", "a\nb\nc\n", "a\nb\nc\n", [], []),
        ("one line replaced", "a\nb\nc", "a\nx\nc", [L(2, "b")], [L(2, "x")]),
        ("from empty", "", "a\nb", [], [L(1, "a"), L(2, "b")]),
        ("to empty", "x\ny\nz\n", "", [L(1, "x"), L(2, "y"), L(3, "z")], []),
        ("line endings only", "a\r\nb\r\n", "a\nb", [], []),
        ("CR line ends", "a\rb", "a\rc", [L(2, "b")], [L(2, "c")]),
        ("removed inside, added at the end", "a\nb\nc\nd", "a\nc\nd\ne", [L(2, "b")], [L(4, "e")]),
        // The common first line "a" and last line "b" are trimmed; the middle "a" becomes "b".
        ("duplicates", "a\na\nb", "a\nb\nb", [L(2, "a")], [L(2, "b")]),
        (
            "a group inserted (robots.txt)",
            "User-agent: *\nDisallow: /admin\n",
            "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\n",
            [],
            [L(1, "User-agent: GPTBot"), L(2, "Disallow: /"), L(3, "")]
        ),
        ("blank line added", "a\n\nb\n", "a\n\n\nb\n", [], [L(3, "")]),
        ("no final newline added", "a\nb", "a\nb\n", [], []),
    ]

    @Test(arguments: cases)
    func diff(name: String, old: String, new: String, removed: [L], added: [L]) {
        let d = LineDiff(old: Array(old.utf8), new: Array(new.utf8))
        #expect(d.removed == removed, "\(name)")
        #expect(d.added == added, "\(name)")
        #expect(d.exact)
    }

    /// Myers' own example (ABCABBA → CBABAC) has 5 edits; applying the script gives the new text.
    @Test func myersExampleIsShortestAndApplies() {
        let old = "A\nB\nC\nA\nB\nB\nA"
        let new = "C\nB\nA\nB\nA\nC"
        let d = LineDiff(old: Array(old.utf8), new: Array(new.utf8))
        #expect(d.exact)
        #expect(d.added.count + d.removed.count == 5)
        #expect(
            Self.apply(d, to: old.split(separator: "\n").map(String.init))
                == new.split(separator: "\n").map(String.init)
        )
    }

    /// Random edits of a real-sized file: every script applies, and is no longer than the edits made.
    @Test func randomEditsApply() {
        var rng = SplitMix(seed: 7)
        for round in 0..<200 {
            let base = (0..<(Int(rng.next() % 40))).map { _ in "line \(rng.next() % 12)" }
            var edited = base
            var edits = 0
            for _ in 0..<(Int(rng.next() % 6)) {
                if !edited.isEmpty, rng.next() % 2 == 0 {
                    edited.remove(at: Int(rng.next() % UInt64(edited.count)))
                } else {
                    edited.insert("new \(rng.next() % 5)", at: Int(rng.next() % UInt64(edited.count + 1)))
                }
                edits += 1
            }
            let d = LineDiff(
                old: Array(base.joined(separator: "\n").utf8),
                new: Array(edited.joined(separator: "\n").utf8)
            )
            #expect(Self.apply(d, to: base) == edited, "round \(round)")
            #expect(d.added.count + d.removed.count <= edits, "round \(round)")
        }
    }

    /// Past `maxEdits` the diff is the multiset difference: the surplus (last) occurrences.
    @Test func boundFallsBackToMultisetDifference() {
        // a b a → b a b: the shortest script has 2 edits, over the bound of 1. "a" occurs once
        // more in the old version (its last occurrence, line 3, is reported removed) and "b" once
        // more in the new one (line 3 reported added).
        let d = LineDiff(old: Array("a\nb\na".utf8), new: Array("b\na\nb".utf8), maxEdits: 1)
        #expect(!d.exact)
        #expect(d.removed == [L(3, "a")])
        #expect(d.added == [L(3, "b")])
    }

    @Test func stepBoundFallsBackToo() {
        let old = (0..<300).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<300).map { "new \($0)" }.joined(separator: "\n")
        let d = LineDiff(old: Array(old.utf8), new: Array(new.utf8), maxSteps: 1_000)
        #expect(!d.exact)
        #expect(d.removed.count == 300)
        #expect(d.added.count == 300)
        #expect(d.added.first == L(1, "new 0"))
    }

    /// A 50,000-line file rewritten completely finishes quickly with the default bounds.
    @Test(.timeLimit(.minutes(1)))
    func hugeRewriteIsBounded() {
        let old = (0..<50_000).map { "Disallow: /a\($0)" }.joined(separator: "\n")
        let new = (0..<50_000).map { "Disallow: /b\($0)" }.joined(separator: "\n")
        let d = LineDiff(old: Array(old.utf8), new: Array(new.utf8))
        #expect(!d.exact)
        #expect(d.removed.count == 50_000)
        #expect(d.added.count == 50_000)
    }

    /// Applies a diff to the old lines: drop the removed line numbers, then insert the added
    /// lines at their new numbers.
    static func apply(_ d: LineDiff, to old: [String]) -> [String] {
        let removed = Set(d.removed.map(\.number))
        var lines = old.enumerated().filter { !removed.contains($0.offset + 1) }.map(\.element)
        for line in d.added { lines.insert(line.text, at: line.number - 1) }
        return lines
    }
}

/// A small deterministic generator for the random-edit test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
