// SPDX-License-Identifier: Apache-2.0
// heed-bench: response-header checks (X-Robots-Tag noai/noimageai, TDMRep tdm-reservation) against
// datadiligence (Spawning's Python package) on the same responses, in the same run.

import Foundation
import HeedCore

/// `heed-bench headers [--responses N] [--rounds N] [--no-peer]`.
///
/// Generates N responses whose headers mix the values real sites send (`noai`, `noimageai`,
/// agent-prefixed `GPTBot: noai`, `noindex`, `max-snippet: 20`, `tdm-reservation: 1` or `0`, none),
/// then times, per response, reading the headers and answering "may GPTBot train on this page?":
/// Heed with its `X-Robots-Tag` and TDMRep header sources (statements with provenance), and
/// datadiligence with `XRobotsTagHeader(user_agent="GPTBot")` and `TDMRepHeader()`. Decisions are
/// compared; they differ by design where Heed scopes `noimageai` to images (a page stays allowed) and
/// datadiligence reads it as a deny for everything.
enum HeadersBenchmark {
    static let xRobotsValues = [
        "noai", "noimageai", "noai, noimageai", "GPTBot: noai", "googlebot: noindex", "noindex, nofollow", "none",
        "max-snippet: 20, noai", "all", "otherbot: noai", "GPTBot: noimageai", "NOAI",
    ]
    static let tdmValues = ["1", "0", " 1 ", "2"]

    static func run(_ args: [String]) throws {
        var count = 200_000
        var rounds = 3
        var peer = true
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--responses":
                i += 1
                count = max(1, Int(args[safe: i] ?? "") ?? count)
            case "--rounds":
                i += 1
                rounds = max(1, Int(args[safe: i] ?? "") ?? rounds)
            case "--no-peer": peer = false
            default:
                throw BenchError(
                    "unknown option \(args[i]) (usage: heed-bench headers [--responses N] [--rounds N] [--no-peer])"
                )
            }
            i += 1
        }
        let responses = generate(count)
        let specs = try SignalSpecs {
            FileManager.default.contents(
                atPath: BenchCommand.defaultCorpus.deletingLastPathComponent()
                    .appendingPathComponent("SignalSpecs/\($0)").path
            )
        }
        var times = RoundTimes(seconds: [])
        var decisions: [UInt8] = []
        for _ in 0..<rounds {
            let (d, seconds) = BenchSupport.time { decide(responses, specs: specs) }
            times.seconds.append(seconds)
            decisions = d
        }
        print("machine: \(BenchSupport.machine())")
        print("responses: \(BenchSupport.count(count)) (headers mixed from real values); rounds: \(rounds); best round")
        let q = Double(count)
        print("heed            \(BenchSupport.rate(q / times.best)) responses/s")
        guard peer else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-bench-headers-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("responses.jsonl")
        let lines = responses.map { fields in
            "[" + fields.map { "[\"\($0.0)\",\"\($0.1)\"]" }.joined(separator: ",") + "]"
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        let script = dir.appendingPathComponent("peer.py")
        try Data(peerScript.utf8).write(to: script)
        let result = try ChildProcess.run(
            "/usr/bin/env",
            ["python3", script.path, input.path, String(rounds), dir.appendingPathComponent("peer.out").path],
            stdout: dir.appendingPathComponent("stdout").path,
            stderr: dir.appendingPathComponent("stderr").path
        )
        let report = String(
            decoding: FileManager.default.contents(atPath: dir.appendingPathComponent("stdout").path) ?? Data(),
            as: UTF8.self
        )
        guard result.status == 0, let seconds = Double(report.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            let err = String(
                decoding: FileManager.default.contents(atPath: dir.appendingPathComponent("stderr").path) ?? Data(),
                as: UTF8.self
            )
            BenchSupport.printError("datadiligence peer skipped (pip install datadiligence): \(err.suffix(300))")
            return
        }
        let theirs = Array(FileManager.default.contents(atPath: dir.appendingPathComponent("peer.out").path) ?? Data())
        let differ = zip(decisions, theirs).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
        print("datadiligence   \(BenchSupport.rate(q / seconds)) responses/s")
        print(String(format: "ratio heed/datadiligence: %.1fx", seconds / times.best))
        print(
            "decisions differ: \(BenchSupport.count(differ)) of \(BenchSupport.count(count))"
                + " (by design: Heed scopes noimageai to images, datadiligence denies everything with it;"
                + " Heed reads tokens case-insensitively)"
        )
    }

    /// Deterministic responses: 0–2 X-Robots-Tag fields and an optional tdm-reservation.
    static func generate(_ n: Int) -> [[(String, String)]] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<n).map { _ in
            var fields: [(String, String)] = [("Content-Type", "text/html")]
            for _ in 0..<next(3) { fields.append(("X-Robots-Tag", xRobotsValues[next(xRobotsValues.count)])) }
            if next(4) == 0 { fields.append(("tdm-reservation", tdmValues[next(tdmValues.count)])) }
            return fields
        }
    }

    /// Heed's decision per response: `1` when GPTBot may train on the page, `0` when a header denies it.
    static func decide(_ responses: [[(String, String)]], specs: SignalSpecs) -> [UInt8] {
        let agent = ProductToken("GPTBot")
        let url = "https://example.org/page.html"
        let query = SignalQuery(url: url, agent: agent, matcher: nil, crawlable: true)
        return responses.map { fields in
            let page = Document(url: url, headers: HTTPHeaders(fields), body: [])
            let meta = RobotsMetaSource(page: page, head: nil, vocabulary: specs.robotsMeta).statements(for: query)
            let tdm = TDMRepSource(wellKnown: nil, page: page, head: nil).statements(for: query)
            let denied = (meta + tdm).contains { ($0.category == .aiTrain || $0.category == .tdm) && $0.value == .deny }
            return denied ? UInt8(ascii: "0") : UInt8(ascii: "1")
        }
    }

    /// The datadiligence side: argv = responses JSONL, rounds, decisions file; prints the best seconds.
    static let peerScript = #"""
        import json, os, sys, time
        os.environ.setdefault("SPAWNING_OPTS_KEY", "unused")  # the header rules never call the API
        from datadiligence.rules import TDMRepHeader, XRobotsTagHeader

        def decide(responses):
            xr = XRobotsTagHeader(user_agent="GPTBot")
            td = TDMRepHeader()
            out = []
            for fields in responses:
                headers = {}
                for name, value in fields:
                    headers[name] = headers[name] + ", " + value if name in headers else value
                ok = xr.is_allowed(headers=headers) and td.is_allowed(headers=headers)
                out.append("1" if ok else "0")
            return out

        path, rounds, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        with open(path, encoding="utf-8") as f:
            responses = [json.loads(line) for line in f if line.strip()]
        best, decisions = None, None
        for _ in range(rounds):
            start = time.perf_counter()
            decisions = decide(responses)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        with open(out_path, "w", encoding="ascii") as f:
            f.write("".join(decisions))
        print(best)
        """#
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
