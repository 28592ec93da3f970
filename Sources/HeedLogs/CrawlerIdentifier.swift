// SPDX-License-Identifier: Apache-2.0
// HeedLogs: which registry crawler a User-Agent header names, by whole-token matching.
// Spec: RFC 9110 §10.1.5 (User-Agent: product tokens and comments) and RFC 9309 §2.2.1 (crawlers
// identify with a product token, matched case-insensitively); names from SignalSpecs/agents.json.

public import HeedCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A crawler of the registry as the log report names it.
public struct LogCrawler: Sendable, Hashable {
    /// The registry name (the first of the names that share its robots.txt token).
    public var name: String
    /// The robots.txt product token whose group applies to it.
    public var token: String
    /// Who runs it, when known.
    public var operatorName: String?
    /// Its main purpose.
    public var purpose: AgentPurpose
    /// Every registry name that identifies it in a User-Agent.
    public var names: [String]
}

/// Finds the registry crawler a User-Agent names.
///
/// The rule (decided here; documented in the README):
/// - every registry name except the control tokens (`Google-Extended`, ..., which never appear in a
///   User-Agent) is looked for in the header, ASCII case-insensitively;
/// - a name counts only as a **whole token**: the byte before it and the byte after it (when there are
///   any) must not be a letter, a digit, `-`, `_`, `.` or a non-ASCII byte. So `GPTBot` matches
///   `compatible; GPTBot/1.1;` and `+https://openai.com/gptbot)`, while `Bot` does not match inside
///   `GPTBot`, `OpenAI` does not match the host `openai.com`, and `CloudVertexBot` does not match inside
///   `Google-CloudVertexBot`. Separators such as space, `/`, `;`, `(`, `)`, `+`, `@` and `:` are
///   boundaries;
/// - when several names match, the longest wins (`Brightbot 1.0` over `Brightbot`), then the earliest;
/// - registry names that share a robots.txt token (`meta-externalagent` and `Meta-ExternalAgent`,
///   `iaskspider` and `iaskspider/2.0`) are one crawler, reported under the first name.
///
/// Generic names in the registry (`Code`, `Cursor`, `Spider`, `Operator`) can match clients that are not
/// that crawler; the report shows the full rule so a steward can judge.
package struct CrawlerIdentifier: Sendable {
    /// One name to look for: its lower-cased bytes and the crawler it identifies.
    private struct Candidate: Sendable {
        var bytes: [UInt8]
        var crawler: Int32
    }

    /// The crawlers, in registry order.
    package let crawlers: [LogCrawler]
    /// The robots.txt token of each crawler, normalized.
    package let tokens: [ProductToken]
    /// Candidates by their first lower-cased byte.
    private let buckets: [[Candidate]]

    /// The identifier for every crawler of `registry` that is not a control token.
    package init(registry: AgentRegistry) {
        var crawlers: [LogCrawler] = []
        var tokens: [ProductToken] = []
        var byKey: [String: Int] = [:]
        var buckets = [[Candidate]](repeating: [], count: 256)
        var seenNames = Set<String>()
        for agent in registry.agents where !agent.control {
            let token = agent.token
            let index: Int
            if let existing = byKey[token.key], crawlers[existing].operatorName == agent.operator_ {
                index = existing
            } else {
                index = crawlers.count
                byKey[token.key] = index
                crawlers.append(
                    LogCrawler(
                        name: agent.name,
                        token: agent.robotsToken,
                        operatorName: agent.operator_,
                        purpose: agent.purpose,
                        names: []
                    )
                )
                tokens.append(token)
            }
            let lower = agent.name.lowercased()
            guard !lower.isEmpty, seenNames.insert(lower).inserted else { continue }
            crawlers[index].names.append(agent.name)
            let bytes = Array(lower.utf8)
            buckets[Int(bytes[0])].append(Candidate(bytes: bytes, crawler: Int32(index)))
        }
        self.crawlers = crawlers
        self.tokens = tokens
        self.buckets = buckets
    }

    /// True for the bytes that continue a token (so a name next to one is not a whole token).
    @inline(__always)
    package static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
        default: b >= 0x80
        }
    }

    @inline(__always)
    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// The index (into ``crawlers``) of the crawler `userAgent` names, or -1.
    package func identify(_ userAgent: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = userAgent.baseAddress else { return -1 }
        let n = userAgent.count
        var best = -1
        var bestLength = 0
        var previousIsToken = false
        for i in 0..<n {
            let b = p[i]
            defer { previousIsToken = Self.isTokenByte(b) }
            if previousIsToken { continue }
            for candidate in buckets[Int(Self.lower(b))] where candidate.bytes.count > bestLength {
                let length = candidate.bytes.count
                guard length <= n - i else { continue }
                var equal = true
                candidate.bytes.withUnsafeBufferPointer { name in
                    for k in 1..<length where Self.lower(p[i + k]) != name[k] {
                        equal = false
                        break
                    }
                }
                guard equal, i + length == n || !Self.isTokenByte(p[i + length]) else { continue }
                best = Int(candidate.crawler)
                bestLength = length
            }
        }
        return best
    }

    /// ``identify(_:)`` for a `String` (tests and the report).
    package func identify(_ userAgent: String) -> LogCrawler? {
        var copy = userAgent
        let index = copy.withUTF8 { identify($0) }
        return index >= 0 ? crawlers[index] : nil
    }
}

/// A per-thread memo from byte strings to a small integer: User-Agent → crawler index (a log repeats a few
/// thousand distinct headers millions of times, so each distinct header is searched once) and virtual
/// host → site.
///
/// Open addressing on a 64-bit hash, the key's bytes kept in an arena to confirm a hit. When it holds
/// `limit` keys it starts over (bounded memory for logs with unbounded distinct headers). A struct of
/// arrays, kept in a worker's local state, so the hot path has no dynamic exclusivity checks.
struct ByteKeyCache {
    private var slots: [Int32]
    private var mask: Int
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var values: [Int32] = []
    private var arena: [UInt8] = []
    private let limit: Int

    /// A cache of at most `limit` keys.
    init(limit: Int = 1 << 18) {
        self.limit = limit
        mask = 4095
        slots = Array(repeating: -1, count: mask + 1)
    }

    /// The value of `key`, or nil when it is not cached (then compute it and ``insert(_:_:value:)`` it).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash && Int(lengths[entry]) == key.count && matches(entry, key) {
                return Int(values[entry])
            }
            slot = (slot + 1) & mask
        }
    }

    /// Remembers the value of `key` (not cached yet).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Int) {
        if values.count >= limit { clear() }
        insert(hash: hash, key, value: value)
    }

    @inline(__always)
    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + starts[entry], base, key.count) == 0 }
    }

    private mutating func insert(hash: UInt64, _ key: UnsafeBufferPointer<UInt8>, value: Int) {
        if (values.count + 1) * 2 > mask + 1 { grow() }
        let entry = values.count
        hashes.append(hash)
        starts.append(arena.count)
        lengths.append(Int32(key.count))
        values.append(Int32(value))
        arena.append(contentsOf: key)
        place(entry, hash: hash)
    }

    private mutating func place(_ entry: Int, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        mask = mask * 2 + 1
        slots = Array(repeating: -1, count: mask + 1)
        for entry in 0..<values.count { place(entry, hash: hashes[entry]) }
    }

    private mutating func clear() {
        for i in slots.indices { slots[i] = -1 }
        hashes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    /// A 64-bit hash of `bytes`: four independent lanes over 32-byte blocks (so the multiplications overlap),
    /// then the remaining words and bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let p = bytes.baseAddress else { return a }
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var c: UInt64 = 0x1656_67B1_9E37_79F9
        var d: UInt64 = 0x27D4_EB2F_1656_67C5
        let raw = UnsafeRawPointer(p)
        let n = bytes.count
        var i = 0
        while i + 32 <= n {
            a = (a ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            b = (b ^ raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            c = (c ^ raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            d = (d ^ raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            a ^= a >> 29
            b ^= b >> 29
            c ^= c >> 29
            d ^= d >> 29
            i += 32
        }
        while i + 8 <= n {
            a = (a ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            a ^= a >> 29
            i += 8
        }
        var tail: UInt64 = 0
        if i < n && n >= 8 {
            // The last eight bytes (overlapping the words already mixed): one load instead of a byte loop.
            tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else {
            while i < n {
                tail = tail << 8 | UInt64(p[i])
                i += 1
            }
        }
        var h = a ^ (b &* 0x9E37_79B9_7F4A_7C15) ^ (c &* 0xC2B2_AE3D_27D4_EB4F) ^ (d &* 0x1656_67B1_9E37_79F9) ^ tail
        h = (h ^ (h >> 32)) &* k
        return h ^ (h >> 29)
    }
}
