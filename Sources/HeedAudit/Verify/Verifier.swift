// SPDX-License-Identifier: Apache-2.0
// HeedAudit: `heed verify`: a model builder's manifest against a steward's own signals as they stood
// when each URL was collected (issue 6, item 3).

public import HeedCore

/// What a verify run is asked.
public struct VerifyConfiguration: Sendable {
    /// The steward's site: a host name, lower case, no port.
    public var site: String
    /// Also count every subdomain of `site` (`*.site`).
    public var includeSubdomains: Bool
    /// The use the steward opted out of (profile and flags), and the builder's crawlers.
    public var policy: AuditPolicy
    /// The SignalSpecs data.
    public var specs: SignalSpecs
    /// The capture date of entries that carry none (`--collected`), in Unix seconds.
    public var collected: Int64?
    /// How many violating URLs the summary keeps (for the text summary and the HTML report);
    /// the rest are counted.
    public var keptViolations: Int
    /// Checks every memoized verdict against a full `explain` (tests): a mismatch stops the
    /// process.
    package var verifyFastPath = false

    /// Creates a configuration.
    public init(
        site: String,
        includeSubdomains: Bool = false,
        policy: AuditPolicy,
        specs: SignalSpecs,
        collected: Int64? = nil,
        keptViolations: Int = 1_000
    ) {
        self.site = Verifier.siteName(site)
        self.includeSubdomains = includeSubdomains
        self.policy = policy
        self.specs = specs
        self.collected = collected
        self.keptViolations = max(0, keptViolations)
    }
}

/// Judges the site's URLs of a manifest against the signals in force at each URL's capture date.
///
/// How it decides, per URL of the site (other hosts are counted and skipped):
/// 1. **Capture date**: the entry's own (CDX/CDXJ timestamp, `WARC-Date`, the CSV/JSONL date
///    column or field; see `CaptureTime` for the forms and how a bare date is read), else
///    `--collected`, else the entry is *undated*. A date that cannot be read is reported as a
///    manifest problem and the entry is undated.
/// 2. **Signals in force then**: the host's epoch containing the date (`SignalTimeline`). Before
///    Heed's first fetch of the host the verdict is `unknown` (Heed does not know what the site
///    said then), as for a host never fetched.
/// 3. **Verdict**: the audit's verdict engine under the policy, for every crawler of the policy
///    (the most restrictive wins). `opted-out` and `blocked` mean collected despite an opt-out
///    already in force; `exception`, `conditional` and `ok` do not.
/// 4. **Since when**: from the capture's epoch back, as long as each earlier epoch gives a
///    restrictive verdict with the same statement (mechanism, document, text), the start of
///    the earliest one; reaching the first epoch means "in force since at least" Heed's first
///    fetch.
/// 5. **Undated entries** are never violations (without a date, "already in force" cannot be
///    shown): they are judged over the whole history, and counted as *restricted throughout*
///    when the same opt-out held in every epoch since the first fetch (a collection after that
///    fetch was then certainly against it; before it, Heed cannot say).
///
/// Performance: the folded `SiteSignals` is built once per distinct set of document versions in
/// force (not per URL), and verdicts are memoized per epoch, crawler and `PathSignature`, so a
/// million URLs of one site cost a signature and a table lookup each. Memory holds the hosts'
/// histories, counters, one entry per capture month and the kept violations.
public final class Verifier {
    let config: VerifyConfiguration
    private let history: any SignalHistory
    let agents: [ProductToken]
    private let site: [UInt8]
    private var hosts: [String: VerifyHost] = [:]
    private var lastHost: VerifyHost?
    /// The URL's normalized path (fast path), reused.
    var path: [UInt8] = []

    /// A verifier reading the signals from `history`.
    public init(config: VerifyConfiguration, history: any SignalHistory) {
        self.config = config
        self.history = history
        self.agents = (config.policy.agents.isEmpty ? ["*"] : config.policy.agents).map { ProductToken($0) }
        self.site = Array(config.site.utf8)
    }

    /// `raw` as a site name: lower case, without a scheme, path, port or trailing dot.
    public static func siteName(_ raw: String) -> String {
        var s = Substring(raw.lowercased())
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if let slash = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { s = s[..<slash] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        if !s.hasPrefix("["), let colon = s.lastIndex(of: ":") { s = s[..<colon] }
        while s.hasSuffix(".") { s = s.dropLast() }
        return String(s)
    }

    /// Reads `reader` and judges every URL of the site. `emit` gets, in manifest order, every
    /// URL of the site when `emitAll`, else only the violations; `problem` every unreadable line
    /// and unreadable capture date.
    ///
    /// - Throws: what `emit` throws; `HeedAuditError` from the manifest or the history.
    public func run(
        _ reader: ManifestReader,
        emitAll: Bool,
        emit: (VerifiedURL) throws -> Void,
        problem: (ManifestProblem) -> Void
    ) throws -> VerifySummary {
        var summary = VerifySummary(site: config.site, includeSubdomains: config.includeSubdomains)
        var months: [Int: (urls: Int, violations: Int)] = [:]
        var extraProblems: [ManifestProblem] = []
        func note(_ p: ManifestProblem) {
            if extraProblems.count < 10 { extraProblems.append(p) }
            problem(p)
        }
        let stats = try reader.read(
            { entry in
                summary.manifestEntries += 1
                guard let hostBytes = URLBytes.host(entry.url), URLBytes.isHTTP(entry.url) else {
                    summary.problems += 1
                    note(
                        ManifestProblem(
                            line: entry.line,
                            message: "not an http(s) URL with a host",
                            excerpt: ManifestProblem.excerpt(of: entry.url)
                        )
                    )
                    return
                }
                guard matches(hostBytes) else {
                    summary.otherHosts += 1
                    return
                }
                summary.urls += 1
                let host = try self.host(hostBytes, url: entry.url)
                host.urls += 1
                var captured: Int64?
                if let raw = entry.captureDate {
                    captured = CaptureTime.seconds(raw)
                    if captured == nil {
                        summary.badDates += 1
                        note(
                            ManifestProblem(
                                line: entry.line,
                                message: "capture date not understood (judged as undated)",
                                excerpt: ManifestProblem.excerpt(of: raw)
                            )
                        )
                    }
                } else if let collected = config.collected {
                    captured = collected
                    summary.datedByOption += 1
                }
                let j = judge(entry.url, host: host, captured: captured)
                let keep = j.violation && summary.kept.count < config.keptViolations
                let badDate = captured == nil && entry.captureDate != nil
                let record =
                    emitAll || j.violation
                    ? j.record(url: entry.url, line: entry.line, host: host.name, captured: captured, badDate: badDate)
                    : nil
                if let captured {
                    summary.dated += 1
                    let kind = j.verdict ?? .unknown
                    summary.verdicts[kind, default: 0] += 1
                    summary.firstCapture = min(summary.firstCapture ?? captured, captured)
                    summary.lastCapture = max(summary.lastCapture ?? captured, captured)
                    let (year, month, _, _) = CaptureTime.civil(captured)
                    let key = year * 12 + month - 1
                    months[key, default: (0, 0)].urls += 1
                    if j.violation {
                        summary.violations += 1
                        months[key, default: (0, 0)].violations += 1
                        if keep, let record { summary.kept.append(record) }
                    }
                    switch j.reason {
                    case .neverFetched: summary.neverFetched += 1
                    case .beforeFirstSighting: summary.beforeFirstSighting += 1
                    default: break
                    }
                } else {
                    summary.undated += 1
                    if j.statement != nil { summary.undatedRestrictedThroughout += 1 }
                }
                if let record { try emit(record) }
            },
            problem: problem
        )
        summary.problems += stats.problems
        summary.firstProblems = (stats.firstProblems.prefix(10) + extraProblems).sorted { $0.line < $1.line }
            .map { "\(reader.name):\($0.line): \($0.message): \($0.excerpt)" }
        summary.months = months.keys.sorted().map { key in
            let m = months[key]!
            let label = CaptureTime.month(
                Int64(CaptureTime.daysSinceEpoch(year: key / 12, month: key % 12 + 1, day: 1)) * 86_400
            )
            return VerifySummary.Month(month: label, urls: m.urls, violations: m.violations)
        }
        summary.hosts = hosts.values.sorted { $0.name < $1.name }.map { h in
            VerifySummary.Host(
                host: h.name,
                firstSighting: h.timeline.epochs.first?.start,
                epochStarts: h.timeline.epochs.map(\.start),
                versions: h.timeline.versions,
                urls: h.urls
            )
        }
        return summary
    }

    /// True when `host` is the site, its `www.` twin, or (with `includeSubdomains`) under it.
    func matches(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
        func equal(_ a: UnsafeBufferPointer<UInt8>.SubSequence, _ b: ArraySlice<UInt8>) -> Bool {
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { lower($0) == $1 }
        }
        let all = host[...]
        if equal(all, site[...]) { return true }
        let www = Array("www.".utf8)
        if site.starts(with: www) {
            if equal(all, site[4...]) { return true }
        } else if host.count == site.count + 4, equal(all.prefix(4), www[...]), equal(all.dropFirst(4), site[...]) {
            return true
        }
        if config.includeSubdomains, host.count > site.count + 1 {
            let base = site.starts(with: www) ? site[4...] : site[...]
            let tail = all.suffix(base.count)
            return host[host.count - base.count - 1] == UInt8(ascii: ".") && equal(tail, base)
        }
        return false
    }

    /// The state of `hostBytes` (made on first use, with the scheme of its first URL).
    private func host(
        _ hostBytes: UnsafeBufferPointer<UInt8>,
        url: UnsafeBufferPointer<UInt8>
    ) throws(HeedAuditError) -> VerifyHost {
        if let lastHost, lastHost.bytes.count == hostBytes.count,
            zip(lastHost.bytes, hostBytes).allSatisfy({ $0 == ($1 &- 0x41 < 26 ? $1 | 0x20 : $1) })
        {
            return lastHost
        }
        let name = String(decoding: hostBytes, as: UTF8.self).lowercased()
        if let known = hosts[name] {
            lastHost = known
            return known
        }
        let scheme = url.count > 5 && url[4] | 0x20 == UInt8(ascii: "s") ? "https" : "http"
        let made = VerifyHost(name: name, scheme: scheme, timeline: try history.timeline(host: name))
        hosts[name] = made
        lastHost = made
        return made
    }
}
