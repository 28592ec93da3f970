// SPDX-License-Identifier: Apache-2.0
// heed-bench: the printed report of the `robots` benchmark (throughput table, disagreements).

import Foundation

/// Formats the measurements of `RobotsBenchmark` for a terminal.
struct RobotsReport {
    let workloads: [RobotsWorkload]
    let rounds: Int
    let heed: [String: RobotsBenchmark.Measurement]
    let heedRSSKiB: Int
    let peer: ProtegoPeer.Report?

    /// Prints the machine, then one row per workload: rates as best / median of the rounds.
    func printTable() {
        print("machine: \(BenchSupport.machine())")
        print("agents: \(RobotsWorkload.agents.joined(separator: ", ")); rounds: \(rounds); q/s as best / median")
        print("parse-and-match: parse each robots.txt once, one matcher per agent, decide every URL")
        print("")
        let columns: [(String, Int)] = [
            ("workload", 11), ("files", 6), ("MB", 6), ("queries", 9), ("heed q/s", 15), ("protego q/s", 13),
            ("heed/protego", 15), ("MB/s heed", 10), ("protego", 8), ("allowed heed / protego", 0),
        ]
        print(columns.map { BenchSupport.pad($0.0, $0.1) }.joined(separator: " "))
        for workload in workloads {
            guard let h = heed[workload.name] else { continue }
            let p = peer?.workloads[workload.name]
            let pTimes = p.map { RoundTimes(seconds: $0.seconds) }
            let q = Double(h.queries)
            let mb = Double(h.bytes) / 1e6
            let cells = [
                workload.name,
                BenchSupport.count(workload.items.count),
                String(format: "%.1f", mb),
                BenchSupport.count(h.queries),
                "\(BenchSupport.rate(q / h.times.best)) / \(BenchSupport.rate(q / h.times.median))",
                pTimes.map { "\(BenchSupport.rate(q / $0.best)) / \(BenchSupport.rate(q / $0.median))" } ?? "-",
                pTimes.map {
                    String(format: "%.1fx / %.1fx", $0.best / h.times.best, $0.median / h.times.median)
                } ?? "-",
                String(format: "%.1f", mb / h.times.best),
                pTimes.map { String(format: "%.2f", mb / $0.best) } ?? "-",
                "\(BenchSupport.count(h.allowed)) / \(p.map { BenchSupport.count($0.allowed) } ?? "-")",
            ]
            print(zip(cells, columns).map { BenchSupport.pad($0.0, $0.1.1) }.joined(separator: " "))
            if let p, p.queries != h.queries || p.bytes != h.bytes {
                print(
                    "  warning: protego did \(p.queries) queries on \(p.bytes) bytes; heed \(h.queries) on \(h.bytes)"
                )
            }
        }
        var rss = "peak RSS: heed \(heedRSSKiB / 1024) MiB"
        if let peer {
            rss += ", protego \(peer.peakRSSKiB / 1024) MiB (protego \(peer.version), Python \(peer.python))"
        }
        print(rss)
    }

    /// Prints a second peer (robotspy) beside Heed: rates, the ratio and how many decisions differ.
    func printSecondPeer(_ second: ProtegoPeer.Report, decisions: [String: ([UInt8], [UInt8])]) {
        print("")
        print("\(second.engine) \(second.version) (Python \(second.python)), same work, same run:")
        let columns: [(String, Int)] = [
            ("workload", 11), ("heed q/s", 10), ("\(second.engine) q/s", 14), ("heed/\(second.engine)", 16),
            ("decisions differ", 0),
        ]
        print(columns.map { BenchSupport.pad($0.0, $0.1) }.joined(separator: " "))
        for workload in workloads {
            guard let h = heed[workload.name], let p = second.workloads[workload.name] else { continue }
            let q = Double(h.queries)
            let times = RoundTimes(seconds: p.seconds)
            var differ = "-"
            if let (mine, theirs) = decisions[workload.name], mine.count == theirs.count {
                let n = zip(mine, theirs).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
                differ = String(format: "%d (%.2f%%)", n, 100 * Double(n) / Double(max(1, mine.count)))
            }
            let cells = [
                workload.name,
                BenchSupport.rate(q / h.times.best),
                BenchSupport.rate(q / times.best),
                String(format: "%.1fx", times.best / h.times.best),
                differ,
            ]
            print(zip(cells, columns).map { BenchSupport.pad($0.0, $0.1.1) }.joined(separator: " "))
        }
        print("peak RSS: \(second.engine) \(second.peakRSSKiB / 1024) MiB")
    }

    /// Prints how many decisions differ between the engines on `workload`, split by direction
    /// and by agent, with up to `examples` examples from different files, picked to cover as many
    /// (agent, direction) pairs as possible.
    func printDisagreements(_ workload: RobotsWorkload, heed mine: [UInt8], protego theirs: [UInt8], examples: Int) {
        print("")
        guard mine.count == theirs.count else {
            print("\(workload.name): cannot compare, heed made \(mine.count) decisions and protego \(theirs.count)")
            return
        }
        let agents = RobotsWorkload.agents
        let heedAllowed = mine.reduce(0) { $0 + ($1 == UInt8(ascii: "1") ? 1 : 0) }
        if let h = heed[workload.name], h.allowed != heedAllowed {
            print("  warning: heed's decide(_:) allowed \(heedAllowed), isAllowed(normalizedPath:) \(h.allowed)")
        }
        var differ = 0
        var heedOnlyAllows = 0
        var byAgent = [Int](repeating: 0, count: agents.count)
        var files = 0
        // The first disagreement of each (file, agent, direction), with how many there are.
        var candidates: [Example] = []
        var index = 0
        for (f, item) in workload.items.enumerated() {
            var fileDiffers = false
            var slots: [String: Int] = [:]
            for (a, agent) in agents.enumerated() {
                for url in item.urls {
                    defer { index += 1 }
                    guard mine[index] != theirs[index] else { continue }
                    differ += 1
                    byAgent[a] += 1
                    let heedAllows = mine[index] == UInt8(ascii: "1")
                    if heedAllows { heedOnlyAllows += 1 }
                    let verdict = heedAllows ? "heed allow, protego disallow" : "heed disallow, protego allow"
                    if let slot = slots[agent + verdict] {
                        candidates[slot].count += 1
                    } else if examples > 0 {
                        slots[agent + verdict] = candidates.count
                        let file = (item.robotsPath as NSString).lastPathComponent
                        candidates.append(
                            Example(agent: agent, file: f, text: "  \(url)  \(agent)  \(verdict)  [\(file)]", count: 1)
                        )
                    }
                    fileDiffers = true
                }
            }
            if fileDiffers { files += 1 }
        }
        let share = String(format: "%.3f%%", 100 * Double(differ) / Double(max(1, mine.count)))
        print(
            "\(workload.name): \(BenchSupport.count(differ)) of \(BenchSupport.count(mine.count)) decisions differ "
                + "(\(share)) in \(files) of \(workload.items.count) files; heed allows where protego disallows: "
                + "\(BenchSupport.count(heedOnlyAllows)), the reverse: \(BenchSupport.count(differ - heedOnlyAllows))"
        )
        print("  by agent: " + zip(agents, byAgent).map { "\($0) \(BenchSupport.count($1))" }.joined(separator: ", "))
        let shown = RobotsReport.pick(
            candidates,
            byAgent: Dictionary(uniqueKeysWithValues: zip(agents, byAgent)),
            count: examples
        )
        if !shown.isEmpty {
            print("  examples (URL, agent, decisions, file):")
            for line in shown { print(line) }
        }
    }

    /// The first disagreement of one (file, agent, direction).
    private struct Example {
        let agent: String
        let file: Int
        let text: String
        /// Disagreements of the same (file, agent, direction).
        var count: Int
    }

    /// Up to `count` example lines: first one per agent, agents with the most disagreements first,
    /// each from the file where that agent disagrees most (among files not shown yet when there is
    /// one), then one per file not shown yet.
    private static func pick(
        _ candidates: [Example],
        byAgent: [String: Int],
        count: Int
    ) -> [String] {
        var shown: [String] = []
        var files: Set<Int> = []
        for agent in byAgent.filter({ $0.value > 0 }).sorted(by: { $0.value > $1.value }).map(\.key) {
            let mine = candidates.filter { $0.agent == agent }.sorted { $0.count > $1.count }
            guard shown.count < count, let c = mine.first(where: { !files.contains($0.file) }) ?? mine.first else {
                continue
            }
            shown.append(c.text)
            files.insert(c.file)
        }
        for c in candidates where shown.count < count && !files.contains(c.file) {
            shown.append(c.text)
            files.insert(c.file)
        }
        return shown
    }
}
