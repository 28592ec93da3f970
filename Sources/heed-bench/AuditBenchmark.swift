// SPDX-License-Identifier: Apache-2.0
// heed-bench: the audit benchmark: a generated manifest over generated sites, beside `wc -l`.

import Foundation
import HeedAudit
import HeedCore
import HeedStore

/// `heed-bench audit [--urls N] [--hosts N] [--dir DIR] [--keep] [--verify] [--peer]`: generates (or, with `--keep`
/// from an earlier run, reuses) a snapshot of
/// `hosts` sites with mixed signals (robots.txt AI groups, Content-Usage, Content-Signal,
/// TDMRep, RSL) and a manifest of `urls` URLs over them, then times `wc -l` on the manifest and
/// the audit of it (summary only, as a cron job runs it) in the same run, and reports URLs per
/// second, the ratio, and peak memory. `--verify` checks every memoized verdict against the full
/// `explain` (slow; a mismatch stops the run). `--peer` also runs the robots-checker method (protego
/// per domain) on the same manifest and snapshot and prints the ratio.
enum AuditBenchmark {
    static func run(_ args: [String]) throws {
        var urls = 10_000_000
        var hosts = 100_000
        var dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-bench-audit").path
        var keep = false
        var verify = false
        var peer = false
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--urls" where i + 1 < args.count:
                urls = Int(args[i + 1]) ?? urls
                i += 1
            case "--hosts" where i + 1 < args.count:
                hosts = Int(args[i + 1]) ?? hosts
                i += 1
            case "--dir" where i + 1 < args.count:
                dir = args[i + 1]
                i += 1
            case "--keep": keep = true
            case "--verify": verify = true
            case "--peer": peer = true
            default:
                throw BenchError(
                    "unknown option \(args[i]) (usage: heed-bench audit [--urls N] [--hosts N] [--dir DIR] [--keep] [--verify] [--peer])"
                )
            }
            i += 1
        }
        let root = URL(fileURLWithPath: dir)
        let snapshotDir = root.appendingPathComponent("snapshot")
        let manifest = root.appendingPathComponent("manifest.txt")
        let marker = root.appendingPathComponent("generated-\(hosts)-\(urls)")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: snapshotDir, withIntermediateDirectories: true)
            let t = ContinuousClock().measure {
                try? generateSites(hosts, into: snapshotDir)
                try? generateManifest(urls, hosts: hosts, to: manifest)
            }
            _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
            print("generated \(hosts) sites and \(urls) URLs in \(format(t)) s under \(root.path)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: manifest.path)[.size] as? Int) ?? 0

        // Warm the page cache for both inputs (the manifest and every snapshot file), then wc -l.
        _ = try? Data(contentsOf: manifest, options: .alwaysMapped).count
        if let files = FileManager.default.enumerator(atPath: snapshotDir.path) {
            for case let file as String in files {
                _ = FileManager.default.contents(atPath: snapshotDir.appendingPathComponent(file).path)
            }
        }
        // Best of three: the baseline at its fastest (page cache warm), so the ratio is conservative.
        let wc = try (0..<3).map { _ in try timeProcess("/usr/bin/wc", ["-l", manifest.path]) }.min()!

        let specsDir = BenchCommand.defaultCorpus.deletingLastPathComponent().appendingPathComponent("SignalSpecs")
        let specs = try SignalSpecs { FileManager.default.contents(atPath: specsDir.appendingPathComponent($0).path) }
        let profile = try AuditProfile.named("commercial-genai-training") {
            FileManager.default.contents(atPath: specsDir.appendingPathComponent($0).path)
        }
        let policy = AuditPolicy(profile: profile)
        let index = SnapshotIndex(try Snapshot(root: snapshotDir))
        let source: DocumentSource = { url in (try? index.lookup(url)) ?? .neverFetched }
        var config = AuditConfiguration(policy: policy, specs: specs)
        config.verifyFastPath = verify
        let auditor = Auditor(config: config, source: source, pages: index)
        var summary = AuditSummary()
        var entries = 0
        let elapsed = try ContinuousClock().measure {
            let reader = try ManifestReader(path: manifest.path, options: ManifestOptions())
            let (s, stats) = try auditor.run(reader, only: [.conditional], emitAudited: { _ in }, problem: { _ in })
            summary = s
            entries = stats.entries
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let mb = Double(size) / 1e6
        print("machine: \(BenchSupport.machine())")
        print("manifest: \(entries) URLs, \(hosts) hosts, \(String(format: "%.0f", mb)) MB")
        print(String(format: "wc -l:      %.3f s  %8.1f MB/s  %12.0f lines/s", wc, mb / wc, Double(entries) / wc))
        print(
            String(
                format: "heed audit: %.3f s  %8.1f MB/s  %12.0f URLs/s",
                seconds,
                mb / seconds,
                Double(entries) / seconds
            )
        )
        print(String(format: "ratio heed/wc: %.3f  (target >= 0.25)", wc / seconds))
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let floor = (0..<3).map { _ in SnapshotReadFloor.measure(root: snapshotDir.path, threads: workers) }
            .min { $0.seconds < $1.seconds }!
        print(
            String(
                format: "snapshot read floor (list and read every host's files, %d threads, no parsing; best of 3):"
                    + " %.3f s, %.1f MB; that alone is %.1fx wc -l's time; ratio heed/floor: %.3f",
                workers,
                floor.seconds,
                Double(floor.bytes) / 1e6,
                floor.seconds / wc,
                floor.seconds / seconds
            )
        )
        print(
            "peak RSS: \(BenchSupport.peakRSSKiB() / 1024) MiB; workers: \(ProcessInfo.processInfo.activeProcessorCount)"
        )
        print("verdicts: " + VerdictKind.allCases.map { "\($0.rawValue) \(summary.count($0))" }.joined(separator: ", "))
        if peer {
            if let (peerSeconds, allowed) = try RobotsCheckerPeer.run(
                manifest: manifest,
                snapshot: snapshotDir,
                agent: "GPTBot",
                in: root
            ) {
                print(
                    String(
                        format: "robots-checker method (protego per domain, GPTBot access only): %.3f s  %12.0f URLs/s"
                            + "  (%d allowed)",
                        peerSeconds,
                        Double(entries) / peerSeconds,
                        allowed
                    )
                )
                print(String(format: "ratio heed/robots-checker: %.1fx", peerSeconds / seconds))
            } else {
                print("robots-checker method skipped: protego is not importable (pip install protego)")
            }
        }
        if keep {
            print("(generated data kept in \(root.path) for the next run)")
        } else {
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Sites with a realistic mix of signals, deterministic from the host number.
    static func generateSites(_ n: Int, into dir: URL) throws {
        for h in 0..<n {
            let host = "site\(h).test"
            let hostDir = dir.appendingPathComponent(host)
            try FileManager.default.createDirectory(at: hostDir, withIntermediateDirectories: true)
            var robots = ""
            switch h % 10 {
            case 0, 1:
                robots = "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n"
            case 2:
                robots = "User-agent: *\nAllow: /\nContent-Usage: train-ai=n\nContent-Usage: /open/ train-ai=y\n"
            case 3:
                robots = "User-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n"
            case 4:
                robots = "User-agent: *\nDisallow: /admin/\n"
                let wellKnown = hostDir.appendingPathComponent(".well-known")
                try FileManager.default.createDirectory(at: wellKnown, withIntermediateDirectories: true)
                try Data(#"[{"location": "/blog/*", "tdm-reservation": 1}]"#.utf8)
                    .write(to: wellKnown.appendingPathComponent("tdmrep.json"))
            case 5:
                robots = "License: https://\(host)/license.xml\nUser-agent: *\nAllow: /\n"
                let xml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <rsl xmlns="https://rslstandard.org/rsl"><content url="/"><license>
                    <permits type="usage">search ai-input</permits>
                    <payment type="crawl"><amount currency="USD">0.01</amount></payment>
                    </license></content></rsl>
                    """
                try Data(xml.utf8).write(to: hostDir.appendingPathComponent("license.xml"))
            case 6:
                robots = "User-agent: *\nDisallow: /search\nDisallow: /*?sessionid=\n"
            default:
                robots = ""
            }
            if !robots.isEmpty { try Data(robots.utf8).write(to: hostDir.appendingPathComponent("robots.txt")) }
        }
    }

    static func generateManifest(_ n: Int, hosts: Int, to file: URL) throws {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let sections = ["blog", "open", "private", "news", "search", "articles", "img"]
        for _ in 0..<n {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let host = Int((state >> 33) % UInt64(hosts))
            let section = sections[Int((state >> 20) % UInt64(sections.count))]
            let page = (state >> 8) & 0xFFFFF
            buffer.append(contentsOf: "https://site\(host).test/\(section)/\(page).html\n".utf8)
            if buffer.count >= 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
    }

    static func timeProcess(_ path: String, _ arguments: [String]) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        let t = ContinuousClock().measure {
            try? p.run()
            p.waitUntilExit()
        }
        return Double(t.components.seconds) + Double(t.components.attoseconds) / 1e18
    }

    static func format(_ d: Duration) -> String {
        String(format: "%.1f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}
