// SPDX-License-Identifier: Apache-2.0
// heed-bench: the `robots` benchmark, parse-and-match throughput of Heed against protego.

import Foundation
import HeedCore

/// The `robots` benchmark: for each file, parse once, build one `RobotsMatcher` per agent, decide
/// each URL; timed in rounds on Heed, then on protego with the same work list.
struct RobotsBenchmark {
    /// What the command line asked for.
    struct Options {
        /// The `Corpus/` directory.
        var corpus: URL
        /// Timed rounds per workload and engine.
        var rounds = 3
        /// Skip protego.
        var noPeer = false
    }

    /// One engine's measurement of one workload.
    struct Measurement {
        /// Decisions per round.
        let queries: Int
        /// Allowed decisions in a round: the checksum.
        let allowed: Int
        /// robots.txt bytes parsed per round.
        let bytes: Int
        /// Round times.
        let times: RoundTimes
    }

    let options: Options

    /// Reads the corpus, runs both engines and prints the report.
    func run() throws {
        let robotsDir = options.corpus.appendingPathComponent("robots/bench-2019").path
        guard FileManager.default.fileExists(atPath: robotsDir) else {
            throw BenchError("no corpus at \(options.corpus.path) (missing robots/bench-2019); pass --corpus DIR")
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("heed-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let pathsFile = scratch.appendingPathComponent("fixed-paths.txt").path
        try RobotsWorkload.fixedPaths.map { $0 + "\n" }.joined().write(
            toFile: pathsFile,
            atomically: true,
            encoding: .utf8
        )
        let workloads = [
            try RobotsWorkload.bench2019(corpus: options.corpus),
            try RobotsWorkload.allRobots(corpus: options.corpus, pathsFile: pathsFile),
        ]
        let agents = RobotsWorkload.agents.map { ProductToken($0) }

        var heed: [String: Measurement] = [:]
        var heedDecisions: [String: [UInt8]] = [:]
        var phases: [String] = []
        for workload in workloads {
            BenchSupport.printError("heed: \(workload.name), \(options.rounds) rounds ...")
            heed[workload.name] = measure(workload, agents: agents)
            heedDecisions[workload.name] = RobotsBenchmark.decisions(workload.items, agents: agents)
            phases.append(RobotsPhases.measure(workload, agents: agents, rounds: options.rounds).line(workload.name))
        }
        let heedRSS = BenchSupport.peakRSSKiB()

        var peer: ProtegoPeer.Report?
        if !options.noPeer {
            if ProtegoPeer.isAvailable() {
                BenchSupport.printError("protego: all workloads, \(options.rounds) rounds ...")
                let workList = scratch.appendingPathComponent("work.tsv").path
                try workloads.map(\.tsvRows).joined().write(toFile: workList, atomically: true, encoding: .utf8)
                peer = try ProtegoPeer.run(
                    workList: workList,
                    agents: RobotsWorkload.agents,
                    rounds: options.rounds,
                    in: scratch
                )
            } else {
                BenchSupport.printError(ProtegoPeer.installHint)
            }
        }

        var second: ProtegoPeer.Report?
        if !options.noPeer {
            if ProtegoPeer.isAvailable(module: "robots") {
                BenchSupport.printError("robotspy: all workloads, \(options.rounds) rounds ...")
                let workList = scratch.appendingPathComponent("work.tsv").path
                if !FileManager.default.fileExists(atPath: workList) {
                    try workloads.map(\.tsvRows).joined().write(toFile: workList, atomically: true, encoding: .utf8)
                }
                second = try ProtegoPeer.run(
                    workList: workList,
                    agents: RobotsWorkload.agents,
                    rounds: options.rounds,
                    in: scratch,
                    engine: "robotspy"
                )
            } else {
                BenchSupport.printError("robotspy is not importable (pip install robotspy): that peer is skipped")
            }
        }

        let report = RobotsReport(
            workloads: workloads,
            rounds: options.rounds,
            heed: heed,
            heedRSSKiB: heedRSS,
            peer: peer
        )
        report.printTable()
        for line in phases { print(line) }
        if let second {
            var decisions: [String: ([UInt8], [UInt8])] = [:]
            for workload in workloads {
                if let result = second.workloads[workload.name], let mine = heedDecisions[workload.name] {
                    decisions[workload.name] = (mine, try RobotsWorkload.read(result.decisions))
                }
            }
            report.printSecondPeer(second, decisions: decisions)
        }
        if let peer {
            for workload in workloads {
                guard let result = peer.workloads[workload.name], let mine = heedDecisions[workload.name] else {
                    continue
                }
                let theirs = try RobotsWorkload.read(result.decisions)
                report.printDisagreements(
                    workload,
                    heed: mine,
                    protego: theirs,
                    examples: workload.name == "bench-2019" ? 5 : 0
                )
            }
        }
    }

    /// Times `options.rounds` rounds of Heed's parse-and-match on `workload`.
    private func measure(_ workload: RobotsWorkload, agents: [ProductToken]) -> Measurement {
        var seconds: [Double] = []
        var allowed = 0
        for _ in 0..<options.rounds {
            let (count, elapsed) = BenchSupport.time { RobotsBenchmark.parseAndMatch(workload.items, agents: agents) }
            seconds.append(elapsed)
            allowed = count
        }
        return Measurement(
            queries: workload.queries,
            allowed: allowed,
            bytes: workload.robotsBytes,
            times: RoundTimes(seconds: seconds)
        )
    }

    /// The timed work: parse each file once, build one matcher per agent, decide every URL.
    /// Returns the number of allowed decisions, so the work cannot be optimized away.
    @inline(never)
    static func parseAndMatch(_ items: [RobotsWorkload.Item], agents: [ProductToken]) -> Int {
        var allowed = 0
        var path: [UInt8] = []
        for item in items {
            let robots = RobotsTxt(item.bytes)
            for agent in agents {
                let matcher = RobotsMatcher(robots, agent: agent)
                for url in item.urls {
                    RobotsPath.normalizeURLPath(url, into: &path)
                    if path.withUnsafeBufferPointer({ matcher.isAllowed(normalizedPath: $0) }) { allowed += 1 }
                }
            }
        }
        return allowed
    }

    /// Every decision of `parseAndMatch`, in the same order, as ASCII `1` (allowed) or `0`:
    /// the format the peer writes. Untimed.
    static func decisions(_ items: [RobotsWorkload.Item], agents: [ProductToken]) -> [UInt8] {
        var out: [UInt8] = []
        for item in items {
            let robots = RobotsTxt(item.bytes)
            for agent in agents {
                let matcher = RobotsMatcher(robots, agent: agent)
                for url in item.urls {
                    out.append(matcher.decide(url).allowed ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                }
            }
        }
        return out
    }
}
