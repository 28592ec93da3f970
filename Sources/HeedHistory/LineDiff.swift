// SPDX-License-Identifier: Apache-2.0
// HeedHistory: a bounded line diff (shortest edit script) between two versions of a text document.
// Algorithm: E. W. Myers, "An O(ND) Difference Algorithm and Its Variations", Algorithmica 1 (1986),
// §2 (greedy forward search on diagonals) with the path recovered from the kept V arrays.

/// The lines added and removed between two versions of a text document, with their line numbers.
///
/// Why a diff of its own: a steward reading "robots.txt changed" needs to see *which* lines did,
/// and Heed takes no package dependencies. Lines are split at LF, CRLF and CR (robots.txt allows
/// all three, RFC 9309 §2.2), so a file re-saved with other line endings is no change at all.
///
/// **Bound.** Myers' search costs O((N+M)·D) time and, keeping each round's diagonals to recover
/// the path, O(D²) memory, where D is the number of differing lines. The common first and last
/// lines are trimmed first (most edits of a robots.txt touch a few lines), then the search stops
/// when D would pass `maxEdits` (2,000 lines: at most ~16 MB of diagonals) or after `maxSteps`
/// comparisons (20 million: well under a second). A diff past the bound is not the shortest:
/// Heed then reports the lines whose number of occurrences changed (a multiset difference, each
/// with its line number) and sets `exact` to `false`, so a huge rewritten file can cost neither
/// unbounded time nor memory.
public struct LineDiff: Sendable, Hashable {
    /// One line of a version: its 1-based number in that version and its text (invalid UTF-8
    /// shown with U+FFFD).
    public struct Line: Sendable, Hashable {
        /// The 1-based line number (in the new version for an added line, the old one for a
        /// removed line).
        public var number: Int
        /// The line's text, without its line ending.
        public var text: String

        /// A line.
        public init(_ number: Int, _ text: String) {
            self.number = number
            self.text = text
        }
    }

    /// Lines of the new version that the old one lacks, in order.
    public var added: [Line]
    /// Lines of the old version that the new one lacks, in order.
    public var removed: [Line]
    /// `true` for a shortest edit script; `false` when the bound was reached and `added` and
    /// `removed` are the multiset difference.
    public var exact: Bool

    /// The default bound on differing lines.
    public static let maxEdits = 2_000
    /// The default bound on line comparisons.
    public static let maxSteps = 20_000_000

    /// Creates a result (tests build expected values with it).
    public init(added: [Line], removed: [Line], exact: Bool = true) {
        self.added = added
        self.removed = removed
        self.exact = exact
    }

    /// Diffs two bodies line by line.
    ///
    /// - Parameters:
    ///   - old: the earlier version's bytes.
    ///   - new: the later version's bytes.
    ///   - maxEdits: the most differing lines searched for (see the type's bound).
    ///   - maxSteps: the most line comparisons made.
    public init(old: [UInt8], new: [UInt8], maxEdits: Int = LineDiff.maxEdits, maxSteps: Int = LineDiff.maxSteps) {
        let a = LineDiff.lines(old)
        let b = LineDiff.lines(new)
        // Intern each distinct line as an integer, so the search compares integers.
        var ids: [ArraySlice<UInt8>: Int32] = [:]
        func intern(_ lines: [ArraySlice<UInt8>]) -> [Int32] {
            lines.map { line in
                if let id = ids[line] { return id }
                let id = Int32(ids.count)
                ids[line] = id
                return id
            }
        }
        let x = intern(a)
        let y = intern(b)
        var prefix = 0
        while prefix < x.count, prefix < y.count, x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < x.count - prefix, suffix < y.count - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] {
            suffix += 1
        }
        let xs = Array(x[prefix..<(x.count - suffix)])
        let ys = Array(y[prefix..<(y.count - suffix)])
        let text = { (line: ArraySlice<UInt8>) in String(decoding: line, as: UTF8.self) }
        if let script = LineDiff.myers(xs, ys, maxEdits: maxEdits, maxSteps: maxSteps) {
            added = script.inserted.map { Line(prefix + $0 + 1, text(b[prefix + $0])) }
            removed = script.deleted.map { Line(prefix + $0 + 1, text(a[prefix + $0])) }
            exact = true
        } else {
            let (deleted, inserted) = LineDiff.multisetDifference(xs, ys)
            added = inserted.map { Line(prefix + $0 + 1, text(b[prefix + $0])) }
            removed = deleted.map { Line(prefix + $0 + 1, text(a[prefix + $0])) }
            exact = false
        }
    }

    /// Splits bytes into lines at LF, CRLF or CR; a final line ending adds no empty line.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A || c == 0x0D {
                out.append(bytes[start..<i])
                if c == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { out.append(bytes[start..<bytes.count]) }
        return out
    }

    /// The shortest edit script from `a` to `b` (indices of deleted lines of `a` and inserted
    /// lines of `b`, ascending), or `nil` past the bound.
    static func myers(
        _ a: [Int32],
        _ b: [Int32],
        maxEdits: Int,
        maxSteps: Int
    ) -> (deleted: [Int], inserted: [Int])? {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return (Array(0..<n), Array(0..<m)) }
        let limit = min(n + m, maxEdits)
        // v[k + offset] = furthest x on diagonal k. `trace` keeps, for each round d >= 1, the
        // values of diagonals -(d-1)...(d-1) as they stood before the round (Myers §4b).
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [Int32] = []
        var steps = 0
        var found: Int?
        search: for d in 0...limit {
            if d > 0 {
                for k in -(d - 1)...(d - 1) { trace.append(Int32(v[k + offset])) }
            }
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) {
                    x = v[k + 1 + offset]
                } else {
                    x = v[k - 1 + offset] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                    steps += 1
                }
                steps += 1
                v[k + offset] = x
                if x >= n, y >= m {
                    found = d
                    break search
                }
                if steps > maxSteps { return nil }
            }
        }
        guard let depth = found else { return nil }
        // Walk back from (n, m): in round d the point came from diagonal k+1 (an insertion) or
        // k-1 (a deletion), after which a diagonal run of equal lines led to it.
        var deleted: [Int] = []
        var inserted: [Int] = []
        var x = n
        var y = m
        var d = depth
        while d > 0 {
            // Round d's saved diagonals start at index (d-1)² in `trace`.
            let base = (d - 1) * (d - 1)
            func saved(_ k: Int) -> Int { Int(trace[base + k + (d - 1)]) }
            let k = x - y
            let previousK = (k == -d || (k != d && saved(k - 1) < saved(k + 1))) ? k + 1 : k - 1
            let previousX = saved(previousK)
            let previousY = previousX - previousK
            if previousK == k + 1 {
                inserted.append(previousY)
            } else {
                deleted.append(previousX)
            }
            x = previousX
            y = previousY
            d -= 1
        }
        return (deleted.reversed(), inserted.reversed())
    }

    /// The lines whose count differs: for each distinct line, the surplus occurrences of `a`
    /// (the last ones) are deleted and those of `b` inserted. Linear time and memory.
    static func multisetDifference(_ a: [Int32], _ b: [Int32]) -> (deleted: [Int], inserted: [Int]) {
        var balance: [Int32: Int] = [:]
        for id in a { balance[id, default: 0] += 1 }
        for id in b { balance[id, default: 0] -= 1 }
        var deleted: [Int] = []
        var inserted: [Int] = []
        var surplus = balance
        for (i, id) in a.enumerated().reversed() where (surplus[id] ?? 0) > 0 {
            deleted.append(i)
            surplus[id]! -= 1
        }
        for (i, id) in b.enumerated().reversed() where (surplus[id] ?? 0) < 0 {
            inserted.append(i)
            surplus[id]! += 1
        }
        return (deleted.reversed(), inserted.reversed())
    }
}
