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
            versions.append(Version(since: v.since, location: v.location, baseline: baseline, globalIndex: firstGlobalIndex + i))
        }
        self.versions = versions
    }

    /// The version in force at `time` (the last one whose `since` is at or before it) and whether `time`
    /// is before the first version (then the first version is returned).
    @inline(__always)
    func version(at time: Int64, hint: Int) -> (index: Int, beforeFirst: Bool) {
        let n = versions.count
        if n == 1 { return (0, (versions[0].since ?? .min) > time) }
        if hint < n, (versions[hint].since ?? .min) <= time, hint + 1 == n || (versions[hint + 1].since ?? .min) > time {
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
