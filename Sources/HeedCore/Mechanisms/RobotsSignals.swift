// SPDX-License-Identifier: Apache-2.0
// Heed: the use preferences a robots.txt states: Content-Usage, Content-Signal, control tokens,
// and the preferences implied by a crawler's own group.
// Spec: draft-ietf-aipref-attach-05 §3 (Content-Usage rule: groups, longest path, crawlable paths
// only); Content Signals Policy (group-scoped line); RFC 9309 §2.2.1-§2.2.2 (groups, matching);
// control tokens and implied preferences per SIGNALS.md §11.3.

public import Foundation

/// The control-token table (`SignalSpecs/vocabularies/control-tokens.json`): robots.txt tokens
/// that are not crawlers but state an AI-use preference for their operator's crawlers.
public struct ControlTokenVocabulary: Sendable {
    /// One control token.
    public struct Entry: Sendable, Hashable, Codable {
        /// The token (`Google-Extended`).
        public var token: String
        /// Its operator (`Google`).
        public var operatorName: String
        /// The categories its rules state.
        public var categories: [UseCategory]
        /// The document that defines it, for provenance.
        public var spec: String
        /// The operator's crawler tokens whose fetched content it governs.
        public var crawlers: [String]

        enum CodingKeys: String, CodingKey {
            case token, categories, spec, crawlers
            case operatorName = "operator"
        }

        /// Creates an entry.
        public init(token: String, operatorName: String, categories: [UseCategory], spec: String, crawlers: [String]) {
            self.token = token
            self.operatorName = operatorName
            self.categories = categories
            self.spec = spec
            self.crawlers = crawlers
        }
    }

    private struct File: Decodable {
        var version: Int
        var tokens: [Entry]
    }

    /// The data version.
    public let version: Int
    /// The control tokens.
    public let tokens: [Entry]

    /// Decodes `control-tokens.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "control-tokens.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the control-token table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        version = file.version
        tokens = file.tokens
    }

    /// A table built from the agent registry alone: each control token governs the registry's
    /// agents of the same operator, for `ai_train`.
    public init(registry: AgentRegistry) {
        version = 1
        var seen = Set<String>()
        var out: [Entry] = []
        for agent in registry.agents where agent.control && seen.insert(agent.token.key).inserted {
            let op = agent.operator_ ?? agent.name
            let crawlers = registry.agents.filter { !$0.control && $0.operator_ == op }.map(\.robotsToken)
            out.append(
                Entry(
                    token: agent.robotsToken,
                    operatorName: op,
                    categories: [.aiTrain],
                    spec: "\(agent.robotsToken) (agents.json control token)",
                    crawlers: crawlers
                )
            )
        }
        tokens = out
    }
}

/// The use preferences one robots.txt states for a query (URL + crawler).
///
/// - **Content-Usage** (attach-05 §3): the rules of the crawler's selected groups; the rule with
///   the longest matching path applies (a path-less rule matches every path as the shortest);
///   rules of equal length that match combine per category, most restrictive first. Preferences
///   apply only to crawlable URLs. Paths are RFC 9309 patterns (`*`, `$`), normalized like
///   Allow/Disallow. Decision: rules of equal length but different paths (`/a*`, `/ab`) are
///   combined like identical paths.
/// - **Content-Signal**: the lines of the selected groups, combined most restrictively per key;
///   no path; crawlable URLs only (SIGNALS.md §4.3: a signal covers the crawlable paths of its
///   group). A crawler with its own group does not see the `*` group's line.
/// - **Control tokens** (`Google-Extended`, `Applebot-Extended`, `Webzio-Extended`): when a group
///   names the token, its rules are matched on the URL; allowed → allow, disallowed → deny, for
///   the token's categories. They apply when the queried crawler is the token or one of its
///   operator's crawlers, whether or not that crawler may fetch the URL (the access axis says
///   that).
/// - **Implied** (`inherited`): a crawler with its own group whose registry purpose (main or
///   further) is training, search or user-fetch gets an `ai_train`, `search` or `ai_input`
///   statement: allow when the URL is crawlable, deny when not, citing the deciding line.
public struct RobotsSignals: SignalSource {
    /// One Content-Usage rule, parsed once.
    struct UsageRule: Sendable {
        var group: Int
        var line: Int
        /// `nil` for a path-less rule.
        var pattern: RobotsPattern?
        var preference: ContentUsagePreference
        var length: Int { pattern?.priority ?? 0 }
    }

    /// One control token found in the file, with its own rules compiled.
    struct Control: Sendable {
        var entry: ControlTokenVocabulary.Entry
        var matcher: RobotsMatcher
        var keys: Set<String>
    }

    /// The robots.txt.
    public let robots: RobotsTxt
    /// Where it came from (URL or snapshot path), for provenance.
    public let document: String
    /// What a steward should fix in the file's preference lines, in line order.
    public let findings: [Finding]

    private let aipref: AIPrefVocabulary
    private let contentSignal: ContentSignalVocabulary
    let usageByGroup: [Int: [UsageRule]]
    private let signalsByGroup: [Int: [ContentSignalLine]]
    let controls: [Control]
    private let agentsByKey: [String: KnownAgent]
    private let impliedPurposes: ImpliedPurposeVocabulary

    /// Reads the preference lines of `robots`.
    ///
    /// - Parameters:
    ///   - robots: the parsed file.
    ///   - document: its location, for provenance.
    ///   - aipref: the AIPREF label table.
    ///   - ccSignals: the CC signals table (CC-aware reading of `exceptions=`).
    ///   - contentSignal: the Content Signals table.
    ///   - registry: the agent registry (control tokens, purposes).
    ///   - controlTokens: the control-token table; `nil` derives one from `registry` (same
    ///     operator, `ai_train` only).
    ///   - impliedPurposes: the purpose → category table of `robots.implied`
    ///     (`SignalSpecs/vocabularies/robots-implied.json`); `standard` by default.
    public init(
        robots: RobotsTxt,
        document: String,
        aipref: AIPrefVocabulary,
        ccSignals: CCSignalsVocabulary,
        contentSignal: ContentSignalVocabulary,
        registry: AgentRegistry,
        controlTokens: ControlTokenVocabulary? = nil,
        impliedPurposes: ImpliedPurposeVocabulary = .standard
    ) {
        self.robots = robots
        self.impliedPurposes = impliedPurposes
        self.document = document
        self.aipref = aipref
        self.contentSignal = contentSignal
        var sink = FindingSink()
        var usage: [Int: [UsageRule]] = [:]
        var signals: [Int: [ContentSignalLine]] = [:]
        for record in robots.records {
            switch record.field {
            case "content-usage":
                let rule = RobotsSignals.usageRule(record, robots: robots, aipref: aipref, cc: ccSignals, into: &sink)
                if let group = record.group {
                    usage[group, default: []].append(rule)
                } else {
                    sink.add(
                        Finding(
                            code: "content-usage-outside-group",
                            severity: .error,
                            line: record.line,
                            message:
                                "Content-Usage before any User-agent line belongs to no group; crawlers ignore it. "
                                + "Put it under 'User-agent: *' (or the crawler's group)",
                            text: robots.text(ofLine: record.line),
                            clause: "\(aipref.attach) §3; RFC 9309 §2.2"
                        )
                    )
                }
            case "content-signal":
                let line = ContentSignalLine(
                    parsing: record.value,
                    vocabulary: contentSignal,
                    line: record.line,
                    into: &sink
                )
                if let group = record.group {
                    signals[group, default: []].append(line)
                } else {
                    sink.add(
                        Finding(
                            code: "content-signal-outside-group",
                            severity: .warning,
                            line: record.line,
                            message:
                                "Content-Signal before any User-agent line belongs to no group, so no crawler's group "
                                + "carries it. Put it under 'User-agent: *' (and in each named group)",
                            text: robots.text(ofLine: record.line),
                            clause: "\(contentSignal.spec); RFC 9309 §2.2.1"
                        )
                    )
                }
            default:
                continue
            }
        }
        usageByGroup = usage
        signalsByGroup = signals
        findings = sink.finish()

        agentsByKey = registry.byKey
        let table = controlTokens ?? ControlTokenVocabulary(registry: registry)
        var controls: [Control] = []
        for entry in table.tokens {
            let token = ProductToken(entry.token)
            // Only a token the file names can select a group of its own; skip the rest cheaply.
            guard robots.names(token), registry.byKey[token.key]?.control ?? false else { continue }
            let matcher = RobotsMatcher(robots, agent: token)
            guard matcher.selection == .specific else { continue }
            let keys = Set([token.key] + entry.crawlers.map { ProductToken($0).key })
            controls.append(Control(entry: entry, matcher: matcher, keys: keys))
        }
        self.controls = controls
    }

    private static func usageRule(
        _ record: RobotsTxt.Record,
        robots: RobotsTxt,
        aipref: AIPrefVocabulary,
        cc: CCSignalsVocabulary,
        into sink: inout FindingSink
    ) -> UsageRule {
        // attach-05 §3.2: a value starting with '/' opens with a path ending at the first SP/HTAB.
        var pattern: RobotsPattern?
        var preference = Substring(record.value)
        if record.value.hasPrefix("/") {
            let bytes = Array(record.value.utf8)
            let end = bytes.firstIndex { $0 == 0x20 || $0 == 0x09 } ?? bytes.count
            pattern = bytes[0..<end].withUnsafeBufferPointer {
                RobotsPattern(normalized: RobotsPath.normalizedPattern($0))
            }
            let rest = String(decoding: bytes[end...], as: UTF8.self)
            preference = rest.drop { $0 == " " || $0 == "\t" }
        }
        if preference.isEmpty {
            sink.add(
                Finding(
                    code: "content-usage-empty",
                    severity: .warning,
                    line: record.line,
                    message:
                        "Content-Usage without a preference: it states nothing"
                        + (pattern != nil ? ", yet as the longest match it hides shorter rules for its path" : "")
                        + ". Write e.g. 'Content-Usage: train-ai=n'",
                    text: robots.text(ofLine: record.line),
                    clause: "\(aipref.attach) §3"
                )
            )
        }
        let reading = ContentUsagePreference(
            parsing: String(preference),
            vocabulary: aipref,
            ccSignals: cc,
            line: record.line,
            into: &sink
        )
        return UsageRule(group: record.group ?? -1, line: record.line, pattern: pattern, preference: reading)
    }

    /// The statements for `query`: Content-Usage, Content-Signal, control tokens, implied; in
    /// that order.
    public func statements(for query: SignalQuery) -> [Statement] {
        let matcher = query.matcher ?? RobotsMatcher(robots, agent: query.agent)
        var out: [Statement] = []
        if query.crawlable {
            out += contentUsage(groups: matcher.groups, path: query.path)
            let lines = matcher.groups.flatMap { signalsByGroup[$0] ?? [] }
            if !lines.isEmpty {
                out += ContentSignalLine.statements(
                    lines,
                    vocabulary: contentSignal,
                    document: document,
                    text: { line in line.flatMap { robots.text(ofLine: $0) } ?? "" }
                )
            }
        }
        let groupStatements = out.count
        out += controlTokenStatements(query)
        out += implied(query, matcher)
        // The group-scoped statements (not the control tokens, whose group is the token's own)
        // carry what is odd about how the crawler's group was selected.
        let selection = RobotsSignals.selectionWarnings(robots, matcher)
        if !selection.isEmpty {
            for i in out.indices where i < groupStatements || out[i].provenance.mechanism == .robotsImplied {
                out[i].provenance.warnings += selection
            }
        }
        return out
    }

    /// What is odd about the crawler's group selection: a group selected by a `User-agent:` value
    /// outside RFC 9309's grammar (`AI2Bot`: Google's parser reads `AI`), and the matcher's notes on
    /// groups Google's parser would apply but Heed does not. Empty (no allocation) for the usual file.
    static func selectionWarnings(_ robots: RobotsTxt, _ matcher: RobotsMatcher) -> [String] {
        var out = matcher.notes
        guard matcher.selection == .specific else { return out }
        for irregular in robots.agentIndex.irregular
        where irregular.key == matcher.agent.key && matcher.agentLines.contains(irregular.line) {
            let google =
                irregular.googleKey.map { "Google's parser reads it as '\($0)'" } ?? "Google's parser ignores it"
            out.append(
                "group selected by 'User-agent: \(irregular.raw)' (line \(irregular.line)), not an RFC 9309 "
                    + "product token: \(google)"
            )
        }
        return out
    }

    /// attach-05 §3.1: the longest matching rule(s) of the selected groups, combined per category
    /// most restrictively (deny over conditional over allow over unknown; conditional
    /// obligations unioned; the earliest line cited on ties).
    func contentUsage(groups: [Int], path: [UInt8]) -> [Statement] {
        var bestLength = -1
        var winners: [UsageRule] = []
        path.withUnsafeBufferPointer { p in
            for g in groups {
                for rule in usageByGroup[g] ?? [] {
                    if let pattern = rule.pattern, !pattern.matches(p) { continue }
                    if rule.length > bestLength {
                        bestLength = rule.length
                        winners = [rule]
                    } else if rule.length == bestLength {
                        winners.append(rule)
                    }
                }
            }
        }
        guard !winners.isEmpty else { return [] }
        winners.sort { $0.line < $1.line }
        var out: [Statement] = []
        for category in UseCategory.allCases {
            var chosen: (entry: ContentUsagePreference.Entry, rule: UsageRule)?
            var obligations = Set<Obligation>()
            for rule in winners {
                guard let entry = rule.preference.entry(category) else { continue }
                if entry.value == .conditional { obligations.formUnion(entry.obligations) }
                if let c = chosen, c.entry.value.strength >= entry.value.strength { continue }
                chosen = (entry, rule)
            }
            guard let (entry, rule) = chosen else { continue }
            out.append(
                Statement(
                    category,
                    entry.value,
                    obligations: entry.value == .conditional ? obligations.sorted() : [],
                    provenance: Provenance(
                        mechanism: .robotsContentUsage,
                        document: document,
                        line: rule.line,
                        raw: robots.text(ofLine: rule.line) ?? "",
                        spec: "\(aipref.attach) §3; \(entry.spec)",
                        warnings: entry.warnings
                    ),
                    scopeNote: entry.scopeNote,
                    inherited: entry.inherited
                )
            )
        }
        return out
    }

    /// Statements of the control tokens that govern the queried crawler.
    func controlTokenStatements(_ query: SignalQuery) -> [Statement] {
        var out: [Statement] = []
        for control in controls where control.keys.contains(query.agent.key) {
            let decision = query.path.withUnsafeBufferPointer { control.matcher.decide(normalizedPath: $0) }
            let line = decision.rule?.line ?? control.matcher.agentLines.first
            let how = decision.rule.map { "\($0.kind.rawValue) rule" } ?? "no matching rule"
            for category in control.entry.categories {
                out.append(
                    Statement(
                        category,
                        decision.allowed ? .allow : .deny,
                        provenance: Provenance(
                            mechanism: .robotsControlToken,
                            document: document,
                            line: line,
                            raw: line.flatMap { robots.text(ofLine: $0) } ?? "",
                            spec: control.entry.spec
                        ),
                        scopeNote:
                            "control token \(control.entry.token) (\(how)): \(control.entry.operatorName)'s crawlers"
                    )
                )
            }
        }
        return out
    }

    /// The preference implied by a crawler's own group and its documented purpose.
    func implied(_ query: SignalQuery, _ matcher: RobotsMatcher) -> [Statement] {
        guard matcher.selection == .specific, let agent = agentsByKey[query.agent.key], !agent.control else {
            return []
        }
        let served = impliedPurposes.purposes.filter { agent.serves($0.purpose) }
        guard !served.isEmpty else { return [] }
        let decision = query.path.withUnsafeBufferPointer { matcher.decide(normalizedPath: $0) }
        let line = decision.rule?.line ?? matcher.agentLines.first
        var out: [Statement] = []
        for entry in served {
            let (purpose, category) = (entry.purpose, entry.category)
            out.append(
                Statement(
                    category,
                    query.crawlable ? .allow : .deny,
                    provenance: Provenance(
                        mechanism: .robotsImplied,
                        document: document,
                        line: line,
                        raw: line.flatMap { robots.text(ofLine: $0) } ?? "",
                        spec: "RFC 9309 §2.2.1; agents.json purpose"
                    ),
                    scopeNote:
                        "implied: \(agent.name) has its own group and its documented purpose is \(purpose.rawValue)",
                    inherited: true
                )
            )
        }
        return out
    }
}
