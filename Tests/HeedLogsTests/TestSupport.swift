// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: the registry, the real User-Agent fixtures, temporary files and running an analysis.

import Foundation
import HeedCore
import Testing

@testable import HeedLogs

enum Support {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Heed's agent registry, `SignalSpecs/agents.json`.
    static let registry: AgentRegistry = {
        let data = FileManager.default.contents(atPath: root.appendingPathComponent("SignalSpecs/agents.json").path)!
        return try! AgentRegistry(json: data)
    }()

    /// Real User-Agent headers by name (`Fixtures/user-agents.tsv`).
    static let userAgents: [String: String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/user-agents.tsv"
        )
        var out: [String: String] = [:]
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count >= 2 { out[String(fields[0])] = String(fields[1]) }
        }
        return out
    }()

    /// The User-Agent of fixture `name` (fails the test when missing).
    static func ua(_ name: String) -> String {
        guard let ua = userAgents[name] else {
            Issue.record("no fixture User-Agent for \(name)")
            return name
        }
        return ua
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func file(_ bytes: [UInt8], name: String = "access.log") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func file(_ text: String, name: String = "access.log") throws -> String {
        try file(Array(text.utf8), name: name)
    }

    /// `gzip -c` of a file (the system tool: the tests may not link zlib themselves).
    static func gzip(_ path: String) throws -> String {
        let out = path + ".gz"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -n '\(path)' > '\(out)'"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gzip failed")
        return out
    }

    /// One site with one robots.txt version in force at every time.
    static func site(_ host: String = "example.org", robots: String, status: Int = 200) -> SiteRobots {
        SiteRobots(
            host: host,
            versions: [
                RobotsVersion(since: nil, status: status, body: Array(robots.utf8), location: "\(host)/robots.txt")
            ]
        )
    }

    /// Analyzes `paths` with `options`.
    static func analyze(
        _ paths: [String],
        sites: [SiteRobots],
        options: LogOptions = LogOptions()
    ) throws -> LogAnalysis {
        try LogAnalyzer(registry: registry, sites: sites, options: options).run(paths.map { .path($0) })
    }

    /// The report of `name` in `analysis` (fails the test when missing).
    static func crawler(_ analysis: LogAnalysis, _ name: String) -> CrawlerReport? {
        analysis.crawlers.first { $0.crawler.name == name }
    }
}
