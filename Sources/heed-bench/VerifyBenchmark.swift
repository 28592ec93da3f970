// SPDX-License-Identifier: Apache-2.0
// heed-bench: the verify benchmark: a million-URL manifest of one site against its signal history.

import Foundation
import HeedAudit
import HeedCore
import HeedStore

/// `heed-bench verify [--urls N] [--dir DIR] [--keep] [--verify]`: imports the three fortune.com
/// versions of `Corpus/verify` into a store at their dates, generates a CDXJ manifest of N URLs
/// (default 1,000,000; 90% fortune.com articles, search pages and the home page, captured between
/// 2023-05 and 2024-06, 10% other hosts), and times `wc -l` and `heed verify` on it in the same
/// run: the text output (one line per violation, built and discarded) and the JSON output (one
/// line per URL of the site). `--verify` checks every memoized verdict against a full `explain`.
enum VerifyBenchmark {
    static func run(_ args: [String]) throws {
        var urls = 1_000_000
        var dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-bench-verify").path
        var keep = false
        var check = false
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--urls" where i + 1 < args.count:
                urls = Int(args[i + 1]) ?? urls
                i += 1
            case "--dir" where i + 1 < args.count:
                dir = args[i + 1]
                i += 1
            case "--keep": keep = true
            case "--verify": check = true
            default:
                throw BenchError("unknown option \(args[i]) (usage: heed-bench verify [--urls N] [--dir DIR] [--keep])")
            }
            i += 1
        }
        let root = URL(fileURLWithPath: dir)
        let manifest = root.appendingPathComponent("manifest.cdxj")
        let storePath = root.appendingPathComponent("store.sqlite").path
        let marker = root.appendingPathComponent("generated-\(urls)")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let store = try SignalStore(path: storePath)
            let corpus = BenchCommand.defaultCorpus.appendingPathComponent("verify/snapshots")
            for (name, seconds) in [
                ("2023-06-01", 1_685_577_600), ("2023-08-31", 1_693_440_000), ("2024-02-29", 1_709_164_800),
            ] {
                let snapshot = try Snapshot(root: corpus.appendingPathComponent(name))
                try store.importSnapshot(snapshot, fetchedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
            }
            try generateManifest(urls, to: manifest)
            _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: manifest.path)[.size] as? Int) ?? 0
        _ = try? Data(contentsOf: manifest, options: .alwaysMapped).count
        let wc = try (0..<3).map { _ in
            try ChildProcess.run("/usr/bin/wc", ["-l", manifest.path], stdout: "/dev/null", stderr: "/dev/null").seconds
        }.min()!

        let specsDir = BenchCommand.defaultCorpus.deletingLastPathComponent().appendingPathComponent("SignalSpecs")
        let load = { (file: String) in
            FileManager.default.contents(atPath: specsDir.appendingPathComponent(file).path)
        }
        let specs = try SignalSpecs(load: load)
        let policy = AuditPolicy(profile: try AuditProfile.named("commercial-genai-training", load: load))
        let history = StoreHistory(store: try SignalStore(path: storePath))
        print("machine: \(BenchSupport.machine())")
        print("manifest: \(BenchSupport.count(urls)) URLs, \(String(format: "%.0f", Double(size) / 1e6)) MB")
        print(String(format: "wc -l:                     %.3f s  %12.0f lines/s", wc, Double(urls) / wc))
        for emitAll in [false, true] {
            var config = VerifyConfiguration(site: "fortune.com", policy: policy, specs: specs)
            config.verifyFastPath = check
            let verifier = Verifier(config: config, history: history)
            var bytes = 0
            var summary = VerifySummary(site: "fortune.com", includeSubdomains: false)
            let (_, seconds) = try BenchSupport.time {
                let reader = try ManifestReader(path: manifest.path, options: ManifestOptions())
                summary = try verifier.run(
                    reader,
                    emitAll: emitAll,
                    emit: {
                        let line = emitAll ? VerifyOutput.jsonLine($0) : VerifyOutput.textLine($0)
                        bytes += line.utf8.count + 1
                    },
                    problem: { _ in }
                )
            }
            let label = emitAll ? "heed verify --json:       " : "heed verify (text):       "
            print(String(format: "\(label)%.3f s  %12.0f URLs/s", seconds, Double(urls) / seconds))
            if !emitAll {
                print(
                    "  \(bytes / 1_000_000) MB of text lines built (one per violation); "
                        + "\(summary.urls) URLs of the site, \(summary.violations) violations, "
                        + VerdictKind.allCases.map { "\($0.rawValue) \(summary.count($0))" }.joined(separator: ", ")
                )
            } else {
                print("  \(bytes / 1_000_000) MB of JSON lines built (one per URL of the site)")
            }
        }
        print("peak RSS: \(BenchSupport.peakRSSKiB() / 1024) MiB")
        if keep {
            print("(generated data kept in \(root.path) for the next run)")
        } else {
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// `n` CDXJ lines, deterministic: 90% fortune.com (articles, search pages, the home page),
    /// 10% other hosts, captured between 2023-05-01 and 2024-06-30.
    static func generateManifest(_ n: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var rng = SplitMix(seed: 42)
        var text = ""
        let start = 1_682_899_200  // 2023-05-01
        let span = 1_719_792_000 - start  // to 2024-07-01
        for k in 0..<n {
            let t = start + Int(rng.next() % UInt64(span))
            let stamp = BenchTimestamp.cdx(t)
            let kind = rng.next() % 100
            let url: String
            switch kind {
            case 0..<10: url = "https://example\(k % 97).org/page/\(k)"
            case 10..<15: url = "https://fortune.com/search/q\(k)"
            case 15..<17: url = "https://fortune.com/"
            default: url = "https://fortune.com/\(stamp.prefix(4))/\(stamp.dropFirst(4).prefix(2))/article-\(k)/"
            }
            text += "com,fortune)/x \(stamp) {\"url\": \"\(url)\"}\n"
            if text.utf8.count > 1 << 20 {
                handle.write(Data(text.utf8))
                text = ""
            }
        }
        handle.write(Data(text.utf8))
    }
}

/// A deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// CDX timestamps of Unix seconds.
enum BenchTimestamp {
    static func cdx(_ seconds: Int) -> String {
        var days = seconds / 86_400
        let rest = seconds % 86_400
        var year = 1970
        while true {
            let length = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 366 : 365
            if days < length { break }
            days -= length
            year += 1
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let months = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month = 0
        while days >= months[month] {
            days -= months[month]
            month += 1
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)\(two(month + 1))\(two(days + 1))\(two(rest / 3600))\(two(rest / 60 % 60))\(two(rest % 60))"
    }
}
