// SPDX-License-Identifier: Apache-2.0
// heed-bench: protego (Scrapy's Python robots.txt parser) run on the same work list as Heed.

import Foundation

/// The peer engine: protego, driven by an embedded Python script that heed-bench writes to a
/// temporary file and runs with `Process`.
///
/// The script reads the same TSV work list and URL files Heed read, outside its timed region,
/// times `Protego.parse(text)` plus `can_fetch(url, agent)` for every question with
/// `time.perf_counter()` (interpreter start-up and file reading excluded), then writes every
/// decision, from one untimed extra pass, as a `0`/`1` file per workload for the disagreement
/// report. It prints one JSON object on stdout.
struct ProtegoPeer {
    /// One workload's result as the script reports it.
    struct Workload: Decodable {
        let queries: Int
        let allowed: Int
        let seconds: [Double]
        let bytes: Int
        let decisions: String
    }

    /// The script's whole report.
    struct Report: Decodable {
        /// `protego` or `robotspy`.
        let engine: String
        /// The engine's package version.
        let version: String
        let python: String
        let peakRSSKiB: Int
        let workloads: [String: Workload]

        enum CodingKeys: String, CodingKey {
            case engine, version, python, workloads
            case peakRSSKiB = "peak_rss_kib"
        }
    }

    /// The Python engines the script can drive: protego (Scrapy's parser) and robotspy.
    static let engines: [(name: String, module: String, pip: String)] = [
        ("protego", "protego", "protego"),
        ("robotspy", "robots", "robotspy"),
    ]

    /// What to tell a user whose Python cannot import protego.
    static let installHint =
        "protego is not importable by python3, so the peer is skipped.\n"
        + "  install it with: python3 -m pip install protego   (or: pip install protego)\n"
        + "  or pass --no-peer to run Heed alone"

    /// True if `python3 -c 'import MODULE'` succeeds.
    static func isAvailable(module: String = "protego") -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs the script on `workList` (TSV rows, see `RobotsWorkload.tsvRows`).
    ///
    /// - Parameters:
    ///   - workList: path of the TSV work list.
    ///   - agents: the crawler names, in the order Heed asks them.
    ///   - rounds: timed rounds per workload.
    ///   - directory: where the script and the decision files go.
    /// - Returns: the script's report.
    /// - Throws: `BenchError` if Python fails or prints something that is not the report.
    static func run(
        workList: String,
        agents: [String],
        rounds: Int,
        in directory: URL,
        engine: String = "protego"
    ) throws -> Report {
        let scriptPath = directory.appendingPathComponent("protego_peer.py").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", scriptPath, workList, agents.joined(separator: ","), String(rounds), directory.path, engine,
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the \(engine) peer exited with status \(process.terminationStatus)")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: output)
        } catch {
            throw BenchError("the \(engine) peer printed no valid report: \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// The peer driver. Arguments: work-list TSV, comma-separated agents, rounds, output directory.
    static let script = #"""
        """Python peers for `heed-bench robots` (protego or robotspy): time parse + can_fetch on heed-bench's work list."""
        import importlib.metadata
        import json
        import os
        import platform
        import resource
        import sys
        import time

        ENGINE = sys.argv[5] if len(sys.argv) > 5 else "protego"
        if ENGINE == "protego":
            from protego import Protego

            def checker(text):
                """can(url, agent) for one parsed file."""
                return Protego.parse(text).can_fetch

            VERSION = importlib.metadata.version("protego")
        else:
            from robots import RobotsParser

            def checker(text):
                """can(url, agent) for one parsed file (robotspy takes the agent first)."""
                can_fetch = RobotsParser.from_string(text).can_fetch
                return lambda url, agent: can_fetch(agent, url)

            VERSION = importlib.metadata.version("robotspy")


        def read_lines(path):
            """Non-empty lines split at LF, trimmed of space, tab and CR: as heed-bench splits them."""
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            return [s for s in (line.strip(" \t\r") for line in text.split("\n")) if s]


        def parse_and_match(items, agents):
            """The timed work: parse each file once, ask every URL for every agent."""
            allowed = 0
            for text, urls in items:
                can_fetch = checker(text)
                for agent in agents:
                    for url in urls:
                        if can_fetch(url, agent):
                            allowed += 1
            return allowed


        def main():
            work_list, agents_arg, rounds_arg, out_dir = sys.argv[1:5]
            agents = agents_arg.split(",")
            names, work, sizes, url_lists = [], {}, {}, {}
            with open(work_list, encoding="utf-8") as f:
                for row in f:
                    name, robots_path, urls_path = row.rstrip("\n").split("\t")
                    if name not in work:
                        names.append(name)
                        work[name] = []
                        sizes[name] = 0
                    with open(robots_path, "rb") as rf:
                        body = rf.read()
                    sizes[name] += len(body)
                    if urls_path not in url_lists:
                        url_lists[urls_path] = read_lines(urls_path)
                    # Decoded as Scrapy's ProtegoRobotParser does: UTF-8, invalid bytes dropped.
                    work[name].append((body.decode("utf-8", errors="ignore"), url_lists[urls_path]))
            report = {
                "engine": ENGINE,
                "version": VERSION,
                "python": platform.python_version(),
                "workloads": {},
            }
            for name in names:
                items = work[name]
                seconds, allowed = [], 0
                for _ in range(int(rounds_arg)):
                    start = time.perf_counter()
                    allowed = parse_and_match(items, agents)
                    seconds.append(time.perf_counter() - start)
                decisions = os.path.join(out_dir, name + "." + ENGINE)
                with open(decisions, "w", encoding="ascii") as out:
                    for text, urls in items:
                        can_fetch = checker(text)
                        out.write("".join("1" if can_fetch(u, a) else "0" for a in agents for u in urls))
                report["workloads"][name] = {
                    "queries": sum(len(urls) for _, urls in items) * len(agents),
                    "allowed": allowed,
                    "seconds": seconds,
                    "bytes": sizes[name],
                    "decisions": decisions,
                }
            report["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(json.dumps(report))


        main()
        """#
}
