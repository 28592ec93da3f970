// SPDX-License-Identifier: Apache-2.0
// heed-bench: the access-log benchmark: a generated Combined Log Format file, `wc -l` and `heed logs` on it
// in the same run.

import Foundation

/// `heed-bench logs [--gigabytes N] [--dir DIR] [--clean] [--heed PATH]`: generates (once; reused while it
/// exists) a realistic Combined Log Format log of about N GB (default 5) for one site with a robots.txt
/// naming AI crawlers, then times `wc -l` (best of three, page cache warm) and `heed logs` (release
/// build, `--json` to a file) on it, and prints lines per second for both and their ratio (target: heed
/// at least a quarter of wc's rate).
enum LogsBenchmark {
    static let site = "bench.example"

    static func run(_ args: [String]) throws {
        var gigabytes = 5.0
        var dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-bench-logs").path
        var clean = false
        var heed = FetchBenchmark.siblingBinary("heed")
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--gigabytes" where i + 1 < args.count:
                guard let g = Double(args[i + 1]), g > 0 else {
                    throw BenchError("--gigabytes needs a positive number")
                }
                gigabytes = g
                i += 1
            case "--dir" where i + 1 < args.count:
                dir = args[i + 1]
                i += 1
            case "--heed" where i + 1 < args.count:
                heed = args[i + 1]
                i += 1
            case "--clean": clean = true
            default:
                throw BenchError(
                    "unknown option \(args[i]) (usage: heed-bench logs [--gigabytes N] [--dir DIR] [--clean] [--heed PATH])"
                )
            }
            i += 1
        }
        guard FileManager.default.isExecutableFile(atPath: heed) else {
            throw BenchError("no heed binary at \(heed): build it first (swift build -c release)")
        }
        let root = URL(fileURLWithPath: dir)
        let bytes = Int(gigabytes * 1e9)
        let log = root.appendingPathComponent("access-\(bytes).log")
        let snapshot = root.appendingPathComponent("snapshot")
        if !FileManager.default.fileExists(atPath: log.path) {
            try FileManager.default.createDirectory(
                at: snapshot.appendingPathComponent(site),
                withIntermediateDirectories: true
            )
            try Data(robots.utf8).write(to: snapshot.appendingPathComponent(site).appendingPathComponent("robots.txt"))
            let partial = root.appendingPathComponent("partial.log")
            let t = try BenchSupport.time { try generate(bytes: bytes, to: partial) }
            try FileManager.default.moveItem(at: partial, to: log)
            print(
                String(
                    format: "generated %.2f GB (%@ lines) in %.1f s: %@",
                    Double(bytes) / 1e9,
                    BenchSupport.count(t.result),
                    t.seconds,
                    log.path
                )
            )
        }
        let size = (try FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? 0
        // Warm the page cache, then the baseline at its fastest (best of three), so the ratio is conservative.
        _ = try ChildProcess.run("/bin/cat", [log.path], stdout: "/dev/null", stderr: "/dev/null")
        let wcOut = root.appendingPathComponent("wc.out").path
        var wcRuns: [Double] = []
        for _ in 0..<3 {
            wcRuns.append(
                try ChildProcess.run("/usr/bin/wc", ["-l", log.path], stdout: wcOut, stderr: "/dev/null").seconds
            )
        }
        let lines = Int((try String(contentsOfFile: wcOut, encoding: .utf8)).split(separator: " ").first ?? "") ?? 0
        let output = root.appendingPathComponent("heed-logs.jsonl").path
        let errors = root.appendingPathComponent("heed-logs.stderr").path
        let heedRun = try ChildProcess.run(
            heed,
            ["logs", log.path, "--snapshot", snapshot.path, "--site", site, "--json"],
            stdout: output,
            stderr: errors
        )
        guard heedRun.status == 0 || heedRun.status == 1 else {
            throw BenchError("heed logs failed (status \(heedRun.status)); see \(errors)")
        }
        let wc = wcRuns.min()!
        let mb = Double(size) / 1e6
        print("machine: \(BenchSupport.machine())")
        print("log: \(BenchSupport.count(lines)) lines, \(String(format: "%.0f", mb)) MB (\(log.path))")
        print(String(format: "wc -l (best of 3): %.3f s  %8.1f MB/s  %12.0f lines/s", wc, mb / wc, Double(lines) / wc))
        print(
            String(
                format: "heed logs:         %.3f s  %8.1f MB/s  %12.0f lines/s  (peak RSS %d MiB)",
                heedRun.seconds,
                mb / heedRun.seconds,
                Double(lines) / heedRun.seconds,
                heedRun.peakRSSKiB / 1024
            )
        )
        print(String(format: "ratio heed/wc: %.3f  (target >= 0.25)", wc / heedRun.seconds))
        if let summary = try? String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").last {
            print("summary: \(summary.prefix(400))")
        }
        if clean {
            try? FileManager.default.removeItem(at: root)
        } else {
            print("(kept in \(root.path) for the next run)")
        }
    }

    /// The bench site's robots.txt: a few AI crawlers restricted, one blocked.
    static let robots = """
        User-agent: GPTBot
        Disallow: /private/
        Disallow: /search

        User-agent: CCBot
        User-agent: Bytespider
        Disallow: /

        User-agent: ClaudeBot
        Allow: /articles/
        Disallow: /

        User-agent: *
        Disallow: /admin/

        """

    /// User agents with weights: browsers, search engines and AI crawlers (the crawlers' strings as their
    /// operators document them; see Tests/HeedLogsTests/Fixtures/user-agents.tsv).
    static let agents: [(ua: String, weight: Int)] = [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            30
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            14
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            14
        ),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", 6),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
            10
        ),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 6),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 3),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.1; +https://openai.com/gptbot", 4),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", 3),
        ("CCBot/2.0 (https://commoncrawl.org/faq/)", 2),
        (
            "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
            3
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)",
            2
        ),
        ("meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)", 2),
        ("curl/8.5.0", 1),
    ]

    /// Writes about `bytes` bytes of log; returns the number of lines.
    static func generate(bytes: Int, to file: URL) throws -> Int {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var pool: [[UInt8]] = []
        for (ua, weight) in agents { pool += Array(repeating: Array(ua.utf8), count: weight) }
        let sections = ["/", "/blog/", "/articles/", "/private/", "/search?q=", "/static/app.", "/images/", "/admin/"]
        let referers = ["-", "https://www.google.com/", "https://\(site)/", "https://news.ycombinator.com/"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out: [UInt8] = []
        out.reserveCapacity(1 << 23)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        func number(_ v: Int, width: Int = 0) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            )
            var n = 0
            var x = v
            withUnsafeMutableBytes(of: &digits) { d in
                repeat {
                    d[n] = UInt8(x % 10) + 0x30
                    x /= 10
                    n += 1
                } while x > 0
                while n < width {
                    d[n] = 0x30
                    n += 1
                }
                for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
            }
        }
        var written = 0
        var lines = 0
        var second = Int(LogsTime.epoch2026)  // 2026-01-01T00:00:00Z
        var stamp: [UInt8] = []
        var stampSecond = -1
        while written < bytes {
            if next() % 8 == 0 { second += 1 }
            if second != stampSecond {
                stampSecond = second
                let (y, m, d) = LogsTime.civil(second / 86_400)
                let s = second % 86_400
                stamp = Array(
                    String(
                        format: "[%02d/%@/%04d:%02d:%02d:%02d +0000] \"",
                        d,
                        months[m - 1],
                        y,
                        s / 3600,
                        s / 60 % 60,
                        s % 60
                    ).utf8
                )
            }
            let r = next()
            number(Int(r % 223) + 1)
            out.append(0x2E)
            number(Int((r >> 8) % 256))
            out.append(0x2E)
            number(Int((r >> 16) % 256))
            out.append(0x2E)
            number(Int((r >> 24) % 254) + 1)
            out.append(contentsOf: " - - ".utf8)
            out.append(contentsOf: stamp)
            let r2 = next()
            out.append(contentsOf: r2 % 50 == 0 ? "HEAD ".utf8 : "GET ".utf8)
            if r2 % 97 == 0 {
                out.append(contentsOf: "/robots.txt".utf8)
            } else {
                let section = sections[Int(r2 >> 8) % sections.count]
                out.append(contentsOf: section.utf8)
                if section != "/" {
                    number(Int(r2 >> 16) % 100_000)
                    out.append(
                        contentsOf: (section == "/static/app." ? ".css" : section == "/images/" ? ".jpg" : ".html").utf8
                    )
                }
            }
            out.append(contentsOf: " HTTP/1.1\" ".utf8)
            let r3 = next()
            out.append(contentsOf: (r3 % 20 == 0 ? "404 " : r3 % 9 == 0 ? "304 " : "200 ").utf8)
            number(Int(r3 >> 8) % 90_000 + 200)
            out.append(contentsOf: " \"".utf8)
            out.append(contentsOf: referers[Int(r3 >> 24) % referers.count].utf8)
            out.append(contentsOf: "\" \"".utf8)
            out.append(contentsOf: pool[Int(r3 >> 32) % pool.count])
            out.append(contentsOf: "\"\n".utf8)
            lines += 1
            if out.count >= 1 << 23 {
                written += out.count
                handle.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { handle.write(Data(out)) }
        return lines
    }
}

/// Calendar arithmetic for the generator (proleptic Gregorian, UTC).
enum LogsTime {
    /// 2026-01-01T00:00:00Z.
    static let epoch2026: Int64 = 1_767_225_600

    /// The civil date of a day number since 1970-01-01.
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
