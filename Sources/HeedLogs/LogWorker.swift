// SPDX-License-Identifier: Apache-2.0
// HeedLogs: parses the lines of one chunk and tallies each crawler's requests against the robots.txt in
// force when it asked.
// Spec: RFC 9309 §2.2.2 (paths normalized and matched by the shared RobotsMatcher; /robots.txt is always
// allowed) and §2.4 (the grace period for cached copies).

internal import HeedAudit
internal import HeedCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// How the lines of a chunk are read.
enum ChunkFormat: Sendable {
    case combined
    case json(JSONFieldMapping)
}

/// What a worker found in one chunk.
struct ChunkResult: Sendable {
    var index: Int
    var file: Int
    var lines = 0
    var blank = 0
    var malformed = 0
    /// The first malformed lines (chunk-local line numbers).
    var problems: [(line: Int, message: String)] = []
    var requests = 0
    var withoutUserAgent = 0
    var crawlerRequests = 0
    var firstTime = Int64.max
    var lastTime = Int64.min
    /// Per (site slot × crawler count + crawler).
    var tallies: [Int: CrawlerTally] = [:]

    init(index: Int, file: Int) {
        self.index = index
        self.file = file
    }
}

/// The state one thread needs to parse chunks: parsers, memos and scratch buffers. Not Sendable: each
/// worker thread owns one, as a local variable (a struct, so the per-line code pays no dynamic
/// exclusivity checks).
struct LogWorker {
    let context: LogContext
    private var combined = CombinedLogParser()
    private var jsonParsers: [JSONFieldMapping: JSONLogParser] = [:]
    private var agents = ByteKeyCache()
    private var hosts = ByteKeyCache(limit: 1 << 14)
    private var deciders: [Int: Decider] = [:]
    private var versionHints: [Int]
    private var path: [UInt8] = []
    private let unescaped = ScratchBuffer()
    private let prefixed = ScratchBuffer()
    private var record = LogRecord()
    /// Dense tallies of the current chunk, and their keys.
    private var slotOfKey: [Int: Int] = [:]
    private var tallies: [CrawlerTally] = []
    private var keys: [Int] = []
    /// The decider of the last crawler line (consecutive crawler lines are often the same crawler).
    private var lastDeciderKey = -1
    private var lastDecider = Decider.all(allowed: true)
    /// The last key's slot (consecutive crawler lines are often the same crawler).
    private var lastKey = -1
    private var lastSlot = 0

    init(context: LogContext) {
        self.context = context
        versionHints = Array(repeating: 0, count: context.sites.count)
    }

    /// Parses every line of `bytes` (the chunk `index` of file `file`).
    mutating func process(
        _ bytes: UnsafeBufferPointer<UInt8>,
        format: ChunkFormat,
        index: Int,
        file: Int
    ) -> ChunkResult {
        var result = ChunkResult(index: index, file: file)
        let parser: JSONLogParser?
        if case .json(let mapping) = format {
            if let existing = jsonParsers[mapping] {
                parser = existing
            } else {
                let created = JSONLogParser(mapping: mapping)
                jsonParsers[mapping] = created
                parser = created
            }
        } else {
            parser = nil
        }
        guard let base = bytes.baseAddress else { return result }
        let n = bytes.count
        var start = 0
        while start < n {
            var end = n
            if let nl = memchr(base + start, 0x0A, n - start) {
                end = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
            }
            result.lines += 1
            var stop = end
            if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
            line(UnsafeBufferPointer(start: base + start, count: stop - start), parser, &result)
            start = end + 1
        }
        for (i, key) in keys.enumerated() { result.tallies[key] = tallies[i] }
        slotOfKey.removeAll(keepingCapacity: true)
        tallies.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        lastKey = -1
        return result
    }

    /// One overlong line: counted and reported as malformed.
    static func overlong(index: Int, file: Int, limit: Int) -> ChunkResult {
        var result = ChunkResult(index: index, file: file)
        result.lines = 1
        result.malformed = 1
        result.problems = [(1, "line longer than \(limit) bytes (skipped)")]
        return result
    }

    @inline(__always)
    private mutating func line(_ text: UnsafeBufferPointer<UInt8>, _ json: JSONLogParser?, _ result: inout ChunkResult)
    {
        var blank = true
        for b in text where b != 0x20 && b != 0x09 {
            blank = false
            break
        }
        if blank {
            result.blank += 1
            return
        }
        if text.count > context.options.maxLineLength {
            result.malformed += 1
            if result.problems.count < context.options.problemLimit {
                result.problems.append(
                    (result.lines, "line longer than \(context.options.maxLineLength) bytes (skipped)")
                )
            }
            return
        }
        record.reset()
        let error: StaticString? =
            if let json { json.parse(text, into: &record) } else { combined.parse(text, into: &record) }
        if let error {
            result.malformed += 1
            if result.problems.count < context.options.problemLimit {
                result.problems.append((result.lines, error.description))
            }
            return
        }
        result.requests += 1
        if record.time < result.firstTime { result.firstTime = record.time }
        if record.time > result.lastTime { result.lastTime = record.time }
        guard let ua = record.userAgent else {
            result.withoutUserAgent += 1
            return
        }
        let hash = ByteKeyCache.hash(ua)
        let crawler: Int
        if let known = agents.find(ua, hash: hash) {
            crawler = known
        } else {
            crawler = context.identifier.identify(ua)
            agents.insert(ua, hash: hash, value: crawler)
        }
        if crawler < 0 { return }
        result.crawlerRequests += 1
        tally(crawler: crawler, line: result.lines)
    }

    /// Counts the current record for `crawler`.
    @inline(__always)
    private mutating func tally(crawler: Int, line: Int) {
        let siteSlot = site()
        let key = siteSlot * context.identifier.crawlers.count + crawler
        let slot: Int
        if key == lastKey {
            slot = lastSlot
        } else if let existing = slotOfKey[key] {
            slot = existing
        } else {
            slot = tallies.count
            slotOfKey[key] = slot
            tallies.append(CrawlerTally())
            keys.append(key)
        }
        lastKey = key
        lastSlot = slot
        let time = record.time
        tallies[slot].request(at: time, status: record.status)
        if let request = record.requestLine, let (target, escaped) = RequestLine.target(request) {
            record.target = target
            record.targetEscaped = escaped
        }
        guard var target = record.target, RequestLine.isCheckable(target) else {
            tallies[slot].unchecked += 1
            if !tallies[slot].sawRobots { tallies[slot].beforeRobots += 1 }
            return
        }
        if record.targetEscaped {
            ByteScan.unescape(target, into: unescaped)
            target = unescaped.bytes
        }
        normalize(target)
        let isRobots = path.count == 11 && path.elementsEqual("/robots.txt".utf8)
        if isRobots {
            tallies[slot].robotsRequests += 1
            tallies[slot].sawRobots = true
            return
        }
        if !tallies[slot].sawRobots { tallies[slot].beforeRobots += 1 }
        guard siteSlot < context.sites.count else {
            tallies[slot].unchecked += 1
            return
        }
        let site = context.sites[siteSlot]
        let (v, beforeFirst) = site.version(at: time, hint: versionHints[siteSlot])
        versionHints[siteSlot] = v
        if beforeFirst {
            if context.options.beforeFirstFetch == .unchecked {
                tallies[slot].unchecked += 1
                return
            }
            tallies[slot].assumed += 1
        }
        let deciderKey = site.versions[v].globalIndex * context.identifier.crawlers.count + crawler
        if deciderKey != lastDeciderKey {
            lastDecider = decider(site, v, crawler)
            lastDeciderKey = deciderKey
        }
        let allowed = path.withUnsafeBufferPointer { lastDecider.allows($0) }
        if allowed { return }
        if context.options.graceSeconds > 0 && !beforeFirst && graceAllows(site, v, crawler, time) {
            tallies[slot].withinGrace += 1
            return
        }
        tallies[slot].violations += 1
        if tallies[slot].examples.count < context.options.examplesPerCrawler {
            tallies[slot].examples.append(example(site, v, crawler, target: target, line: line))
        }
    }

    /// The normalized path and query of `target` into `path` (RFC 9309 §2.2.2).
    @inline(__always)
    private mutating func normalize(_ target: UnsafeBufferPointer<UInt8>) {
        TargetPath.normalize(target, into: &path, scratch: prefixed)
    }

    /// The site slot of the current record: the one site, or the site its virtual host names (the
    /// number of sites when none matches).
    @inline(__always)
    private mutating func site() -> Int {
        guard context.options.sitePerLine else { return 0 }
        guard let host = record.host else { return context.sites.count }
        let hash = ByteKeyCache.hash(host)
        if let known = hosts.find(host, hash: hash) { return known }
        let site = context.siteIndex(ofHost: host)
        hosts.insert(host, hash: hash, value: site)
        return site
    }

    @inline(__always)
    private mutating func decider(_ site: CompiledSite, _ v: Int, _ crawler: Int) -> Decider {
        let version = site.versions[v]
        let key = version.globalIndex * context.identifier.crawlers.count + crawler
        if let known = deciders[key] { return known }
        let made = Decider(version.baseline, token: context.identifier.tokens[crawler])
        deciders[key] = made
        return made
    }

    /// True when a version in force during the grace period before `time` (other than `v`) allows the path.
    private mutating func graceAllows(_ site: CompiledSite, _ v: Int, _ crawler: Int, _ time: Int64) -> Bool {
        var earlier = v - 1
        let windowStart = time - context.options.graceSeconds
        while earlier >= 0 {
            // Version `earlier` was in force until the next one's first fetch.
            let until = site.versions[earlier + 1].since ?? .min
            if until <= windowStart { break }
            let rule = decider(site, earlier, crawler)
            if path.withUnsafeBufferPointer({ rule.allows($0) }) { return true }
            earlier -= 1
        }
        return false
    }

    private func example(
        _ site: CompiledSite,
        _ v: Int,
        _ crawler: Int,
        target: UnsafeBufferPointer<UInt8>,
        line: Int
    ) -> ViolationExample {
        let version = site.versions[v]
        var reason: String
        switch version.baseline {
        case .rules(let robots):
            let matcher = RobotsMatcher(robots, agent: context.identifier.tokens[crawler])
            let decision = path.withUnsafeBufferPointer { matcher.decide(normalizedPath: $0) }
            if let rule = decision.rule {
                reason = "line \(rule.line): " + (robots.text(ofLine: rule.line) ?? "\(rule.kind.rawValue)")
            } else {
                reason = "disallowed"
            }
        case .allowAll(let why), .disallowAll(let why):
            reason = why
        }
        return ViolationExample(
            file: "",
            line: line,
            time: record.time,
            target: String(decoding: UnsafeBufferPointer(rebasing: target.prefix(300)), as: UTF8.self),
            robots: version.location,
            reason: reason
        )
    }
}
