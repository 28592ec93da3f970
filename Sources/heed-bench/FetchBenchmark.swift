// SPDX-License-Identifier: Apache-2.0
// heed-bench: the fetch benchmark: `heed crawl` of many virtual hosts on a loopback server, beside curl.

import Foundation
import HeedServer
import HeedStore

/// `heed-bench fetch [--hosts N] [--concurrency N] [--per-host N] [--dir DIR] [--keep] [--heed PATH]`.
///
/// Generates `hosts` sites with mixed signals (the audit benchmark's, plus home pages with meta tags and
/// licence links, and ai.txt files), serves them from the built-in loopback `SnapshotServer` (every host
/// name on one port, picked by the `Host` header), and runs, in the same run against the same server:
/// 1. `heed crawl` (a child process, release build beside this one) doing the full discovery of every host
///    with politeness on: one connection per host, `--concurrency` in all, robots.txt first; the server
///    records every URL it is asked for;
/// 2. `curl --parallel --parallel-max N` (a child process) fetching exactly those URLs, no politeness.
/// It reports hosts and requests per second for each, the ratio, and each child's peak RSS (`wait4`).
enum FetchBenchmark {
    struct Options {
        var hosts = 10_000
        var concurrency = 64
        var perHost = 1
        var dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-bench-fetch").path
        var keep = false
        var heed: String?
    }

    static let usage =
        "usage: heed-bench fetch [--hosts N] [--concurrency N] [--per-host N] [--dir DIR] [--keep] [--heed PATH]"

    static func parse(_ args: [String]) throws -> Options {
        var options = Options()
        var rest = args[...]
        while let argument = rest.popFirst() {
            func value() throws -> String {
                guard let next = rest.popFirst() else { throw BenchError("\(argument) needs a value\n\(usage)") }
                return next
            }
            func number(_ range: ClosedRange<Int>) throws -> Int {
                let text = try value()
                guard let n = Int(text), range.contains(n) else {
                    throw BenchError("\(argument) needs a whole number in \(range), not '\(text)'")
                }
                return n
            }
            switch argument {
            case "--hosts": options.hosts = try number(1...1_000_000)
            case "--concurrency": options.concurrency = try number(1...1024)
            case "--per-host": options.perHost = try number(1...64)
            case "--dir": options.dir = try value()
            case "--keep": options.keep = true
            case "--heed": options.heed = try value()
            default: throw BenchError("unknown option \(argument)\n\(usage)")
            }
        }
        return options
    }

    static func run(_ args: [String]) throws {
        let options = try parse(args)
        let heed = options.heed ?? siblingBinary("heed")
        guard FileManager.default.isExecutableFile(atPath: heed) else {
            throw BenchError("no heed binary at \(heed): build it first (swift build -c release), or pass --heed PATH")
        }
        guard let curl = ChildProcess.which("curl") else { throw BenchError("curl is not installed") }
        let root = URL(fileURLWithPath: options.dir)
        let snapshotDir = root.appendingPathComponent("snapshot")
        let hostsFile = root.appendingPathComponent("hosts.txt")
        let marker = root.appendingPathComponent("generated-\(options.hosts)")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: snapshotDir, withIntermediateDirectories: true)
            let t = try BenchSupport.time {
                try AuditBenchmark.generateSites(options.hosts, into: snapshotDir)
                try generateHomePages(options.hosts, into: snapshotDir)
                let lines = (0..<options.hosts).map { "http://site\($0).test/\n" }.joined()
                try Data(lines.utf8).write(to: hostsFile)
            }
            _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
            print(String(format: "generated %d sites in %.1f s under %@", options.hosts, t.seconds, root.path))
        }
        let server = try SnapshotServer(snapshot: try Snapshot(root: snapshotDir), record: true)
        defer { server.stop() }
        let connectTo = "::127.0.0.1:\(server.port)"

        // 1. heed crawl, politeness on.
        let store = root.appendingPathComponent("store.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        let heedRun = try ChildProcess.run(
            heed,
            [
                "crawl", hostsFile.path, "--store", store, "--allow-private", "--connect-to", connectTo,
                "--concurrency", String(options.concurrency), "--per-host", String(options.perHost),
            ],
            stdout: root.appendingPathComponent("heed-crawl.out").path,
            stderr: root.appendingPathComponent("heed-crawl.err").path
        )
        guard heedRun.status == 0 || heedRun.status == 1 else {
            throw BenchError("heed crawl exited with \(heedRun.status); see \(root.path)/heed-crawl.err")
        }
        let urls = server.takeRecordedURLs()

        // 2. curl --parallel on exactly the same URLs.
        let config = root.appendingPathComponent("curl.cfg")
        var text = ""
        text.reserveCapacity(urls.count * 64)
        for url in urls { text += "url = \"\(url)\"\noutput = \"/dev/null\"\n" }
        try Data(text.utf8).write(to: config)
        let before = server.requestCount
        let curlRun = try ChildProcess.run(
            curl,
            [
                "--silent", "--parallel", "--parallel-max", String(min(300, options.concurrency)),
                "--connect-to", connectTo, "--config", config.path,
            ],
            stdout: "/dev/null",
            stderr: root.appendingPathComponent("curl.err").path
        )
        let curlRequests = server.requestCount - before
        guard curlRequests == urls.count else {
            throw BenchError("curl made \(curlRequests) requests, not \(urls.count); see \(root.path)/curl.err")
        }

        let hostCount = Double(options.hosts)
        let requests = Double(urls.count)
        print("machine: \(BenchSupport.machine())")
        print(
            "workload: \(BenchSupport.count(options.hosts)) hosts, \(BenchSupport.count(urls.count)) requests "
                + "(full discovery: robots.txt, licences, tdmrep.json, ai.txt, home page), loopback server"
        )
        print(
            "heed crawl: --concurrency \(options.concurrency) --per-host \(options.perHost), Crawl-delay honoured, "
                + "store written; curl: --parallel-max \(min(300, options.concurrency)), no per-host limit, no store"
        )
        func line(_ name: String, _ run: ChildProcess.Result) -> String {
            String(
                format: "%@ %7.2f s  %8.0f hosts/s  %8.0f requests/s  peak RSS %4d MiB",
                BenchSupport.pad(name, 12) as NSString,
                run.seconds,
                hostCount / run.seconds,
                requests / run.seconds,
                run.peakRSSKiB / 1024
            )
        }
        print(line("heed crawl", heedRun))
        print(line("curl", curlRun))
        let ratio = curlRun.seconds / heedRun.seconds
        print(String(format: "ratio heed/curl (hosts per second): %.2f  (target >= 1.0)", ratio))
        if options.keep {
            print("(generated data kept in \(root.path) for the next run)")
        } else {
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Home pages with the head signals the crawler reads (robots meta, RSL and licence links, TDMRep meta),
    /// and ai.txt files, deterministic from the host number.
    static func generateHomePages(_ n: Int, into dir: URL) throws {
        for h in 0..<n {
            let host = "site\(h).test"
            let hostDir = dir.appendingPathComponent(host)
            var head = "<meta charset=\"utf-8\"><title>\(host)</title>"
            switch h % 5 {
            case 0: head += "<meta name=\"robots\" content=\"noai, noimageai\">"
            case 1: head += "<meta name=\"tdm-reservation\" content=\"1\">"
            case 2: head += "<link rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">"
            default: break
            }
            let html = "<!doctype html><html><head>\(head)</head><body><p>Hello from \(host).</p></body></html>\n"
            if h % 10 == 5 {
                // The loopback server speaks plain HTTP: point the robots.txt License: line there too.
                let robots = hostDir.appendingPathComponent("robots.txt")
                let text = try String(contentsOf: robots, encoding: .utf8)
                try Data(text.replacingOccurrences(of: "https://", with: "http://").utf8).write(to: robots)
            }
            try Data(html.utf8).write(to: hostDir.appendingPathComponent("index.html"))
            if h % 10 == 8 {
                try Data("User-Agent: *\nDisallow: *.jpg\nDisallow: /\n".utf8)
                    .write(to: hostDir.appendingPathComponent("ai.txt"))
            }
        }
    }

    /// A binary beside this executable (`.build/<config>/heed` next to `heed-bench`).
    static func siblingBinary(_ name: String) -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
