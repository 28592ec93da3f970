// SPDX-License-Identifier: Apache-2.0
// HeedLogs: what one chunk of a log says about one crawler on one site, and how chunks add up in order.

/// One violating request, kept as an example for the report.
public struct ViolationExample: Sendable, Hashable {
    /// The log file's name.
    public var file: String
    /// The 1-based line in that file.
    public var line: Int
    /// The request time (Unix seconds).
    public var time: Int64
    /// The request target as logged.
    public var target: String
    /// The robots.txt version that disallowed it (its location).
    public var robots: String
    /// Why: the deciding rule (`line 4: Disallow: /private/`) or the fetch rule (`HTTP 503: ...`).
    public var reason: String
}

/// Requests with one response status.
struct StatusCount: Sendable, Hashable {
    var status: Int
    var count: Int
}

/// Requests per minute, run-length encoded in log order (consecutive requests mostly share a minute).
struct MinuteRun: Sendable, Hashable {
    var minute: Int64
    var count: Int32
}

/// The counts of one crawler on one site within one chunk (or, merged, the whole log).
///
/// Order-dependent facts merge exactly because chunks are merged in log order: `beforeRobots` counts the
/// requests before the first `/robots.txt` request of the chunk (all of them when it had none), so the
/// log's count is the sum over chunks up to and including the first chunk with a robots.txt request.
struct CrawlerTally: Sendable {
    var requests = 0
    var violations = 0
    /// Requests that could not be checked: no path (a request line that is not one), or a site with no
    /// signals, or before the first version with `BeforeFirstFetch.unchecked`.
    var unchecked = 0
    /// Requests checked against a version first fetched after them.
    var assumed = 0
    /// Requests disallowed by the version in force but allowed by one in force within the grace period.
    var withinGrace = 0
    var robotsRequests = 0
    var beforeRobots = 0
    var sawRobots = false
    var firstSeen = Int64.max
    var lastSeen = Int64.min
    var minutes: [MinuteRun] = []
    /// Requests per status, in order of first appearance (a handful of distinct statuses: a linear search
    /// beats hashing here).
    var statuses: [StatusCount] = []
    /// Local line numbers in a chunk; file line numbers once merged.
    var examples: [ViolationExample] = []

    /// Counts one request at `time`.
    @inline(__always)
    mutating func request(at time: Int64, status: Int) {
        requests += 1
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        let minute = time >= 0 ? time / 60 : (time - 59) / 60
        if let last = minutes.last, last.minute == minute {
            minutes[minutes.count - 1].count += 1
        } else {
            minutes.append(MinuteRun(minute: minute, count: 1))
        }
        if let last = statuses.indices.last, statuses[last].status == status {
            statuses[last].count += 1
            return
        }
        for i in statuses.indices where statuses[i].status == status {
            statuses[i].count += 1
            statuses.swapAt(i, statuses.count - 1)
            return
        }
        statuses.append(StatusCount(status: status, count: 1))
    }

    /// Adds `later`, the same crawler and site in the next chunk (line numbers already made file lines).
    mutating func append(_ later: CrawlerTally, exampleLimit: Int) {
        requests += later.requests
        violations += later.violations
        unchecked += later.unchecked
        assumed += later.assumed
        withinGrace += later.withinGrace
        robotsRequests += later.robotsRequests
        if !sawRobots {
            beforeRobots += later.beforeRobots
            sawRobots = later.sawRobots
        }
        firstSeen = min(firstSeen, later.firstSeen)
        lastSeen = max(lastSeen, later.lastSeen)
        minutes += later.minutes
        for s in later.statuses {
            if let i = statuses.firstIndex(where: { $0.status == s.status }) {
                statuses[i].count += s.count
            } else {
                statuses.append(s)
            }
        }
        for example in later.examples where examples.count < exampleLimit { examples.append(example) }
    }
}
