// SPDX-License-Identifier: Apache-2.0
// Heed: a parsed robots.txt file.
// Spec: RFC 9309 (Robots Exclusion Protocol), section 2.1 (file location and encoding),
// section 2.2 (groups, records, product tokens), section 2.5 (parse limit of at least 500 KiB).

/// A robots.txt file, parsed once and kept with every line's provenance.
///
/// Parsing never fails: every line RFC 9309 defines is read, every line it does not is kept as a
/// `Record` for extensions (`Content-Usage`, `Content-Signal`, `License`, `Crawl-delay`, ...), and
/// anything a steward should fix becomes a `Finding` with its line number.
/// To answer "may this crawler fetch this URL?", build a `RobotsMatcher` once per crawler.
public struct RobotsTxt: Sendable {
    /// RFC 9309 §2.5: "the parsing limit MUST be at least 500 kibibytes".
    public static let minimumParseLimit = 500 * 1024

    /// An `allow` or `disallow` rule (RFC 9309 §2.2.2).
    public enum RuleKind: String, Sendable, Codable {
        case allow
        case disallow
    }

    /// One `User-agent:` line of a group.
    public struct AgentLine: Sendable, Hashable {
        /// The product token, normalized for matching.
        public var token: ProductToken
        /// The 1-based line number.
        public var line: Int
    }

    /// One `allow`/`disallow` line inside a group.
    public struct Rule: Sendable, Hashable {
        /// Allow or disallow.
        public var kind: RuleKind
        /// The compiled, normalized pattern.
        public var pattern: RobotsPattern
        /// The 1-based line number.
        public var line: Int
        /// The index of the group the rule belongs to, in `RobotsTxt.groups`.
        public var group: Int
    }

    /// A line with a field name that is not `user-agent`, `allow` or `disallow`: `sitemap`,
    /// `crawl-delay`, `content-usage`, `content-signal`, `license`, or anything else.
    ///
    /// Kept so that the parsers of extensions can read them without re-reading the file.
    public struct Record: Sendable, Hashable {
        /// The field name, lower-cased, as written (`content-signal`).
        public var field: String
        /// The value after the colon, trimmed, comment removed.
        public var value: String
        /// The 1-based line number.
        public var line: Int
        /// The group the line sits in; `nil` before the first `User-agent:` line, and always for
        /// `Sitemap`, which is group-independent (sitemaps.org; RFC 9309 §2.2.4).
        public var group: Int?
    }

    /// A group: consecutive `User-agent:` lines and the rules after them (RFC 9309 §2.2).
    ///
    /// A parsed file's groups make their `rules` on first read, from the parser's compact rule
    /// list: matching never needs them, so parsing does not build them.
    public struct Group: Sendable, Hashable {
        /// The `User-agent:` lines that open the group.
        public var agents: [AgentLine]
        /// The rules of the group, in file order.
        public var rules: [Rule] {
            get { explicitRules ?? parsedRules?.rules ?? [] }
            set {
                explicitRules = newValue
                parsedRules = nil
            }
        }
        /// The line of the first `User-agent:`.
        public var firstLine: Int
        /// Rules set by hand.
        private var explicitRules: [Rule]?
        /// The parser's rules of this group, made into `Rule`s on demand.
        var parsedRules: RobotsRuleStore.Slice?

        init(agents: [AgentLine], rules: [Rule], firstLine: Int) {
            self.agents = agents
            self.firstLine = firstLine
            explicitRules = rules.isEmpty ? nil : rules
        }

        /// Groups are equal when their agents, rules and first lines are.
        public static func == (lhs: Group, rhs: Group) -> Bool {
            lhs.firstLine == rhs.firstLine && lhs.agents == rhs.agents && lhs.rules == rhs.rules
        }

        /// Hashes what `==` compares.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(firstLine)
            hasher.combine(agents)
            hasher.combine(rules)
        }
    }

    /// Counts a parser run reports; compatible with the counters of Google's reference parser.
    public struct Stats: Sendable, Hashable, Codable {
        /// Lines read (the last line number seen).
        public var lines = 0
        /// `user-agent`, `allow`, `disallow` and `sitemap` lines (typos included).
        public var validDirectives = 0
        /// Lines with a field name Heed does not interpret for access (extensions included).
        public var unknownDirectives = 0
        /// Lines that are neither blank, a comment, nor `field: value`.
        public var malformedLines = 0
        /// Bytes read (after the limit cut).
        public var bytesParsed = 0
        /// Bytes ignored past the parse limit.
        public var bytesIgnored = 0
    }

    /// The groups, in file order. Groups for the same token are merged at match time.
    public internal(set) var groups: [Group] = []
    /// Every non-access record (`sitemap`, extensions, unknown fields), in file order.
    public internal(set) var records: [Record] = []
    /// Everything a steward should fix, in line order.
    ///
    /// Made on each read from the parser's compact records (most lines' findings are built only
    /// here), so keep the array if you read it more than once.
    public var findings: [Finding] {
        findingSink.finish { RobotsTxtParser.finding($0, source: source) }
    }
    /// The parser's findings, some kept compact until `findings` is read.
    var findingSink = FindingSink()
    /// Counters.
    public internal(set) var stats = Stats()
    /// The bytes that were parsed (BOM removed, cut at the limit), for line text on demand.
    let source: [UInt8]
    /// Offsets into `source` where each line starts (index 0 is line 1).
    var lineStarts: [Int] = []
    /// The normalized octets of every rule pattern, back to back; each `Rule.pattern` is a slice.
    var patternBytes: [UInt8] = []
    /// The non-empty rules compiled for matching, group after group, each group's sorted by
    /// priority: group `g`'s are `compiledRules[groupRuleRanges[g]]`.
    var compiledRules: [CompiledRule] = []
    /// For each group, its range in `compiledRules`.
    var groupRuleRanges: [Range<Int>] = []
    /// Which groups each token selects, built once so a matcher is a lookup.
    var agentIndex = RobotsAgentIndex()

    /// Whether a group names `agent` itself (not through `*`): exactly when `RobotsMatcher`'s
    /// selection for it is `.specific` (RFC 9309 §2.2.1). A lookup, so callers can skip building
    /// matchers for the many registry tokens a file never names.
    public func names(_ agent: ProductToken) -> Bool {
        !agent.isStar && agentIndex.entry(for: agent.key) != nil
    }

    /// The normalized token keys (`ProductToken.key`) the file's `User-agent:` lines name, other
    /// than `*`, each once, in file order.
    public var namedKeys: [String] { agentIndex.keys }

    /// Group `group`'s rules compiled for matching.
    func ruleSet(ofGroup group: Int) -> RobotsRuleSet {
        RobotsRuleSet(bytes: patternBytes, rules: compiledRules, range: groupRuleRanges[group])
    }

    /// The `Sitemap:` URLs, from anywhere in the file.
    public var sitemaps: [String] {
        records.compactMap { $0.field == "sitemap" || $0.field == "site-map" ? $0.value : nil }
    }

    /// The text of a 1-based line, without its line ending, or `nil` if there is no such line.
    public func text(ofLine line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : source.count
        while end > start, source[end - 1] == 0x0A || source[end - 1] == 0x0D { end -= 1 }
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    /// Parses robots.txt bytes.
    ///
    /// - Parameters:
    ///   - bytes: the response body as received.
    ///   - parseLimit: bytes to read; raised to `minimumParseLimit` if lower (RFC 9309 §2.5).
    ///     Past it the file is cut at the last complete line, so a half line can never turn
    ///     `Disallow: /private` into `Disallow: /`.
    ///   - totalSize: the size of the whole body when `bytes` is only its start (a caller that
    ///     reads a large file bounded, to just past the limit); `nil` when `bytes` is the whole
    ///     body. The `size-limit-exceeded` finding and `stats.bytesIgnored` then count from it.
    public init(_ bytes: [UInt8], parseLimit: Int = RobotsTxt.minimumParseLimit, totalSize: Int? = nil) {
        var parser = RobotsTxtParser(
            bytes,
            parseLimit: max(parseLimit, RobotsTxt.minimumParseLimit),
            totalSize: totalSize
        )
        self = parser.run()
    }

    /// Parses robots.txt text.
    public init(_ text: String, parseLimit: Int = RobotsTxt.minimumParseLimit) {
        self.init(Array(text.utf8), parseLimit: parseLimit)
    }

    init(source: [UInt8]) {
        self.source = source
    }

    /// The records of one field (lower-case name), in file order.
    public func records(named field: String) -> [Record] {
        records.filter { $0.field == field }
    }
}
