// SPDX-License-Identifier: Apache-2.0
// heed-bench: where Heed's parse-and-match time goes, phase by phase.

import HeedCore

/// Heed's parse-and-match split into cumulative phases, each timed on its own (best of the
/// rounds): parsing only; parsing and building the matchers; normalizing every URL (per query,
/// as `parseAndMatch` does); and the whole work, whose rest is rule matching.
struct RobotsPhases {
    /// `RobotsTxt(bytes)` for every file.
    let parse: Double
    /// Parsing plus one `RobotsMatcher` per agent.
    let parseAndMatchers: Double
    /// `RobotsPath.normalizeURLPath(_:into:)` once per query into one reused buffer, as
    /// `parseAndMatch` does, nothing else.
    let normalize: Double
    /// The full parse-and-match.
    let full: Double

    /// What is left for `isAllowed(normalizedPath:)`: the whole minus the other phases.
    var match: Double { max(0, full - parseAndMatchers - normalize) }

    /// Times each phase `rounds` times on `workload` and keeps the best of each.
    static func measure(_ workload: RobotsWorkload, agents: [ProductToken], rounds: Int) -> RobotsPhases {
        func best(_ body: () -> Int) -> Double {
            var seconds = Double.infinity
            var sink = 0
            for _ in 0..<rounds {
                let (n, t) = BenchSupport.time(body)
                sink &+= n
                seconds = min(seconds, t)
            }
            return sink == Int.min ? -seconds : seconds  // keep `sink` alive
        }
        let items = workload.items
        return RobotsPhases(
            parse: best {
                items.reduce(0) { $0 + RobotsTxt($1.bytes).groups.count }
            },
            parseAndMatchers: best {
                var n = 0
                for item in items {
                    let robots = RobotsTxt(item.bytes)
                    for agent in agents { n += RobotsMatcher(robots, agent: agent).ruleCount }
                }
                return n
            },
            normalize: best {
                var n = 0
                var path: [UInt8] = []
                for item in items {
                    for _ in agents {
                        for url in item.urls {
                            RobotsPath.normalizeURLPath(url, into: &path)
                            n += path.count
                        }
                    }
                }
                return n
            },
            full: best { RobotsBenchmark.parseAndMatch(items, agents: agents) }
        )
    }

    /// One line: milliseconds per phase and its share of the whole.
    func line(_ name: String) -> String {
        func part(_ label: String, _ seconds: Double) -> String {
            "\(label) \(Int((seconds * 1000).rounded())) ms (\(Int((100 * seconds / full).rounded()))%)"
        }
        return "heed phases, \(name), best round \(Int((full * 1000).rounded())) ms: "
            + [
                part("parse", parse), part("matchers", parseAndMatchers - parse),
                part("URL normalize", normalize), part("match", match),
            ].joined(separator: ", ")
    }
}
