// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the robots.txt versions of a site and which one was in force at a request's time.
// Spec: RFC 9309 §2.2.1 (group selection), §2.2.2 (longest match), §2.3.1 (what a fetch status means:
// 2xx parse, 4xx allow all, 5xx and unreachable disallow all; Heed reads 429 as a server error), §2.4
// (crawlers may cache robots.txt up to 24 hours: the `grace` option).

internal import HeedCore
public import HeedStore

/// One robots.txt response of a site and since when it was in force.
public struct RobotsVersion: Sendable {
    /// Unix seconds from which this version was in force (its first fetch); nil for a version in force
    /// at every time (a snapshot holds one version).
    public var since: Int64?
    /// The HTTP status of the fetch (0 when the fetch failed without a response).
    public var status: Int
    /// The body.
    public var body: [UInt8]
    /// Where a human finds it (`example.com/robots.txt`, or the store URL with its fetch date).
    public var location: String

    /// A version.
    public init(since: Int64?, status: Int, body: [UInt8], location: String) {
        self.since = since
        self.status = status
        self.body = body
        self.location = location
    }
}

/// The robots.txt history of one site: its versions, oldest first, each in force until the next one's
/// `since`.
public struct SiteRobots: Sendable {
    /// The host as the snapshot or store names it (lower case, `:port` when not the default).
    public var host: String
    /// The versions, oldest first.
    public var versions: [RobotsVersion]

    /// A site's history.
    public init(host: String, versions: [RobotsVersion]) {
        self.host = host
        self.versions = versions
    }

    /// The robots.txt of `host` in a snapshot directory: one version, in force at every time.
    ///
    /// - Throws: `.noSite` when the snapshot has no folder for the host (never fetched: nothing can be
    ///   checked); `.unreadable` when the file cannot be read.
    public static func snapshot(_ snapshot: Snapshot, host: String) throws(HeedLogsError) -> SiteRobots {
        let lookup: DocumentLookup
        do {
            lookup = try snapshot.lookup("https://\(host)/robots.txt")
        } catch {
            throw HeedLogsError(.unreadable, location: error.location, error.message)
        }
        guard case .found(let document) = lookup else {
            throw HeedLogsError(.noSite, location: host, "the snapshot has no folder for this host")
        }
        return SiteRobots(
            host: host,
            versions: [
                RobotsVersion(since: nil, status: document.status, body: document.body, location: document.location)
            ]
        )
    }
}

/// A site's versions compiled for matching: each with its fetch baseline and parsed rules.
struct CompiledSite: Sendable {
    /// What a version lets crawlers do before any rule is read.
    enum Baseline: Sendable {
        case rules(RobotsTxt)
        case allowAll(String)
        case disallowAll(String)
    }

    /// One compiled version.
    struct Version: Sendable {
        var since: Int64?
        var location: String
        var baseline: Baseline
        /// Its index among all sites' versions (the key of the workers' matcher memo).
        var globalIndex: Int
    }

    let host: String
    let versions: [Version]

    init(_ site: SiteRobots, firstGlobalIndex: Int) {
        host = site.host
        var versions: [Version] = []
        for (i, v) in site.versions.enumerated() {
            let baseline: Baseline
            switch RobotsFetchPolicy.baseline(for: .status(v.status)) {
            case .parse: baseline = .rules(RobotsTxt(v.body))
            case .allowAll(let reason): baseline = .allowAll(reason)
            case .disallowAll(let reason): baseline = .disallowAll(reason)
            }
            versions.append(
                Version(since: v.since, location: v.location, baseline: baseline, globalIndex: firstGlobalIndex + i)
            )
        }
        self.versions = versions
    }

    /// The version in force at `time` (the last one whose `since` is at or before it) and whether `time`
    /// is before the first version (then the first version is returned).
    @inline(__always)
    func version(at time: Int64, hint: Int) -> (index: Int, beforeFirst: Bool) {
        let n = versions.count
        if n == 1 { return (0, (versions[0].since ?? .min) > time) }
        if hint < n, (versions[hint].since ?? .min) <= time, hint + 1 == n || (versions[hint + 1].since ?? .min) > time
        {
            return (hint, false)
        }
        if (versions[0].since ?? .min) > time { return (0, true) }
        var lo = 0
        var hi = n - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if (versions[mid].since ?? .min) <= time { lo = mid } else { hi = mid - 1 }
        }
        return (lo, false)
    }
}

/// How one crawler is treated by one robots.txt version.
enum Decider: Sendable {
    case all(allowed: Bool)
    case rules(RobotsMatcher)

    init(_ baseline: CompiledSite.Baseline, token: ProductToken) {
        switch baseline {
        case .rules(let robots): self = .rules(RobotsMatcher(robots, agent: token))
        case .allowAll: self = .all(allowed: true)
        case .disallowAll: self = .all(allowed: false)
        }
    }

    /// Whether the crawler may fetch the normalized path.
    @inline(__always)
    func allows(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .all(let allowed): return allowed
        case .rules(let matcher): return matcher.isAllowed(normalizedPath: path)
        }
    }
}

extension SiteRobots {
    /// The robots.txt history of `host` in a signal store: every version (`SignalStore.versions(url:)`),
    /// each in force from its first fetch (`firstSeen`) to the next version's. The `https` URL is used when
    /// the store has it, else the `http` one.
    ///
    /// - Throws: `.noSite` when the store has no robots.txt for the host; `.unreadable` when the store
    ///   cannot be read.
    public static func store(_ store: SignalStore, host: String) throws(HeedLogsError) -> SiteRobots {
        var versions: [DocumentVersion] = []
        for scheme in ["https", "http"] where versions.isEmpty {
            do {
                versions = try store.versions(url: "\(scheme)://\(host)/robots.txt")
            } catch {
                throw HeedLogsError(.unreadable, location: error.location, error.message)
            }
        }
        guard !versions.isEmpty else {
            throw HeedLogsError(.noSite, location: host, "the store has no robots.txt for this host")
        }
        versions.sort { $0.firstSeen < $1.firstSeen }
        return SiteRobots(
            host: host,
            versions: versions.map { v in
                let since = Int64(v.firstSeen.timeIntervalSince1970.rounded(.down))
                return RobotsVersion(
                    since: since,
                    status: v.status,
                    body: v.document.body,
                    location: "\(v.document.url) (fetched \(LogTimestamp.iso(since)))"
                )
            }
        )
    }
}

/// Which sites a log is checked against, from the signals given to `heed logs`.
///
/// Decision: `--site HOST` makes every line that site's; without it, a snapshot or store holding one host
/// makes every line that host's; with several hosts, each line belongs to the host its virtual-host field
/// names (`%v`, a JSON host field), and lines naming none of them are counted but not checked.
public enum LogSites {
    /// The sites of a snapshot directory and whether lines are attributed by virtual host.
    public static func snapshot(
        _ snapshot: Snapshot,
        site: String?
    ) throws(HeedLogsError) -> (
        sites: [SiteRobots], perLine: Bool
    ) {
        let hosts = snapshot.hosts()
        if let site {
            let host = normalized(site)
            guard hosts.contains(host) else {
                throw HeedLogsError(.noSite, location: site, "the snapshot has no folder for this host")
            }
            return ([try SiteRobots.snapshot(snapshot, host: host)], false)
        }
        guard !hosts.isEmpty else {
            throw HeedLogsError(.noSite, location: snapshot.root.path, "the snapshot holds no host")
        }
        var sites: [SiteRobots] = []
        for host in hosts { sites.append(try SiteRobots.snapshot(snapshot, host: host)) }
        return (sites, sites.count > 1)
    }

    /// The sites of a signal store and whether lines are attributed by virtual host. With several hosts,
    /// those with no stored robots.txt are left out (their lines count as naming no site).
    public static func store(
        _ store: SignalStore,
        site: String?
    ) throws(HeedLogsError) -> (
        sites: [SiteRobots], perLine: Bool
    ) {
        if let site { return ([try SiteRobots.store(store, host: normalized(site))], false) }
        let hosts: [String]
        do {
            hosts = try store.hosts()
        } catch {
            throw HeedLogsError(.unreadable, location: error.location, error.message)
        }
        guard !hosts.isEmpty else { throw HeedLogsError(.noSite, location: store.path, "the store holds no host") }
        if hosts.count == 1 { return ([try SiteRobots.store(store, host: hosts[0])], false) }
        var sites: [SiteRobots] = []
        for host in hosts {
            do {
                sites.append(try SiteRobots.store(store, host: host))
            } catch  where error.code == .noSite {
                continue
            }
        }
        guard !sites.isEmpty else {
            throw HeedLogsError(.noSite, location: store.path, "the store holds no robots.txt")
        }
        return (sites, true)
    }

    /// `https://Example.org/` → `example.org` (a host as given on the command line).
    static func normalized(_ site: String) -> String {
        var host = site.lowercased()
        for prefix in ["https://", "http://"] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        if host.hasSuffix(":443") { host.removeLast(4) } else if host.hasSuffix(":80") { host.removeLast(3) }
        return host
    }
}
