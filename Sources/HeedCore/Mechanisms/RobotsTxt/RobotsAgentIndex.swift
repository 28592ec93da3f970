// SPDX-License-Identifier: Apache-2.0
// Heed: the groups of a robots.txt indexed by product token, built once per file.
// Spec: RFC 9309 section 2.2.1 (case-insensitive token match, merged groups, `*` fallback).

/// For each normalized token, the groups naming it; the `*` groups with their rules merged once;
/// the `User-agent:` values outside the grammar (for the notes on Google's truncation).
///
/// Built by the parser as it reads `User-agent:` lines. A file names a few tokens and a matcher
/// looks one up, so the index is a flat list of lines with a 64-bit hash of each key, scanned
/// linearly: cheaper to build than a dictionary, and the scan compares integers.
struct RobotsAgentIndex: Sendable {
    /// Groups and `User-agent:` lines of one token.
    struct Entry: Sendable {
        var groups: [Int] = []
        var lines: [Int] = []

        /// Records a line of group `group` (groups arrive in file order).
        mutating func add(group: Int, line: Int) {
            if groups.last != group { groups.append(group) }
            lines.append(line)
        }
    }

    /// A `User-agent:` value outside RFC 9309's grammar and how Google's parser reads it.
    struct Irregular: Sendable {
        var raw: String
        /// Heed's key for it.
        var key: String
        var line: Int
        /// Google's reading, lower-cased (`*` for `* bar`), or `nil`.
        var googleKey: String?
    }

    /// One `User-agent:` line with a non-empty key other than `*`.
    private struct Slot: Sendable {
        var hash: UInt64
        var key: String
        var group: Int
        var line: Int
    }

    private var slots: [Slot] = []
    private(set) var star = Entry()
    private(set) var starRules = RobotsRuleSet()
    private(set) var irregular: [Irregular] = []

    init() {}

    /// Adds the `User-agent:` line `line` of group `group`, in file order. For a value outside
    /// the grammar (`!token.isValidRFC9309`), `googleKey` is Google's reading lower-cased.
    mutating func add(_ token: ProductToken, group: Int, line: Int, irregular googleKey: String?? = nil) {
        if token.isStar {
            star.add(group: group, line: line)
            return
        }
        if token.key.isEmpty { return }
        slots.append(Slot(hash: RobotsAgentIndex.hash(token.key), key: token.key, group: group, line: line))
        if let googleKey {
            irregular.append(Irregular(raw: token.raw, key: token.key, line: line, googleKey: googleKey))
        }
    }

    /// Sets the merged rules of the `*` groups, once all groups are compiled.
    mutating func setStarRules(_ rules: RobotsRuleSet) {
        starRules = rules
    }

    /// Every key a `User-agent:` line names (other than `*`), each once, in file order.
    var keys: [String] {
        var seen = Set<String>()
        return slots.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }

    /// The entry for a token key, if any group names it.
    func entry(for key: String) -> Entry? {
        let h = RobotsAgentIndex.hash(key)
        var entry = Entry()
        for slot in slots where slot.hash == h && slot.key == key {
            entry.add(group: slot.group, line: slot.line)
        }
        return entry.lines.isEmpty ? nil : entry
    }

    /// FNV-1a over the key's UTF-8, read as one contiguous buffer (iterating `utf8` cost more
    /// than the hash itself).
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { octets in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in octets { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h
        }
    }
}
