// SPDX-License-Identifier: Apache-2.0
// heed-bench: the robots-checker method (one protego parser per domain, looked up per URL) on the
// audit benchmark's manifest and snapshot, beside `heed audit` in the same run.

import Foundation

/// What tools like robots-checker do to audit a URL list: parse each domain's robots.txt once with
/// protego into a map, then answer `can_fetch(url, agent)` per URL. It answers one question (robots.txt
/// access for one crawler); Heed's audit answers every mechanism for the declared use, so the ratio
/// flatters the peer.
enum RobotsCheckerPeer {
    /// Runs the peer on `manifest` with the robots.txt files of `snapshot`; returns the seconds of the
    /// timed part (map building and every lookup; interpreter start and file reading excluded) and
    /// how many URLs it allowed, or `nil` when protego is not importable.
    static func run(manifest: URL, snapshot: URL, agent: String, in directory: URL) throws -> (Double, Int)? {
        guard ProtegoPeer.isAvailable() else { return nil }
        let script = directory.appendingPathComponent("robots_checker_peer.py")
        try Data(source.utf8).write(to: script)
        let out = directory.appendingPathComponent("robots_checker.out").path
        let err = directory.appendingPathComponent("robots_checker.err").path
        let result = try ChildProcess.run(
            "/usr/bin/env",
            ["python3", script.path, manifest.path, snapshot.path, agent],
            stdout: out,
            stderr: err
        )
        let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        let parts = text.split(separator: " ")
        guard result.status == 0, parts.count == 2, let seconds = Double(parts[0]),
            let allowed = Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw BenchError("the robots-checker peer failed: \(text)")
        }
        return (seconds, allowed)
    }

    static let source = #"""
        import os, sys, time
        from urllib.parse import urlsplit
        from protego import Protego

        manifest, snapshot, agent = sys.argv[1], sys.argv[2], sys.argv[3]
        texts = {}
        for host in os.listdir(snapshot):
            path = os.path.join(snapshot, host, "robots.txt")
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    texts[host] = f.read().decode("utf-8", errors="ignore")
        with open(manifest, encoding="utf-8", errors="replace") as f:
            urls = [line.strip() for line in f if line.strip()]
        start = time.perf_counter()
        parsers = {host: Protego.parse(text) for host, text in texts.items()}
        allowed = 0
        for url in urls:
            parser = parsers.get(urlsplit(url).hostname or "")
            if parser is None or parser.can_fetch(url, agent):
                allowed += 1
        print(time.perf_counter() - start, allowed)
        """#
}
