// SPDX-License-Identifier: Apache-2.0
// heed-bench: the robots.txt benchmark inputs, read from the committed corpus into memory.

import Foundation

/// One fixed set of parse-and-match work: robots.txt files, each with the URLs asked of it.
///
/// Everything is read before timing starts. The same list is written as a TSV for the peer, so
/// both engines parse the same files and answer the same (file, agent, URL) questions in the
/// same order: files in list order, then agents in `RobotsWorkload.agents` order, then URLs.
struct RobotsWorkload {
    /// One robots.txt file and the URLs asked of it.
    struct Item {
        /// The robots.txt file.
        let robotsPath: String
        /// The file holding the URLs, one a line.
        let urlsPath: String
        /// The robots.txt body as stored.
        let bytes: [UInt8]
        /// The URLs, in file order.
        let urls: [String]
    }

    /// The crawlers every URL is asked for.
    static let agents = ["Googlebot", "Bingbot", "GPTBot", "ClaudeBot", "CCBot", "Google-Extended"]

    /// The paths the `all-robots` workload asks of every file.
    static let fixedPaths = [
        "/", "/index.html", "/search?q=x", "/private/a.html", "/admin/", "/wp-admin/admin-ajax.php",
        "/api/v1/items?id=1", "/cart", "/images/logo.png", "/news/2024/01/story.html",
    ]

    /// The workload's name in reports and in the peer's TSV.
    let name: String
    /// The files, in work order.
    let items: [Item]

    /// Decisions per round: every URL of every file, for each agent.
    var queries: Int { items.reduce(0) { $0 + $1.urls.count } * RobotsWorkload.agents.count }

    /// The robots.txt bytes parsed per round.
    var robotsBytes: Int { items.reduce(0) { $0 + $1.bytes.count } }

    /// The TSV rows the peer reads: `workload<TAB>robots path<TAB>URL list path`.
    var tsvRows: String { items.map { "\(name)\t\($0.robotsPath)\t\($0.urlsPath)\n" }.joined() }

    /// `robots/bench-2019/<host>` paired with `url-lists/bench-2019-links/<host>`, for every host
    /// that has both files, in host order.
    static func bench2019(corpus: URL) throws -> RobotsWorkload {
        let robotsDir = corpus.appendingPathComponent("robots/bench-2019")
        let urlsDir = corpus.appendingPathComponent("url-lists/bench-2019-links")
        let hosts = try FileManager.default.contentsOfDirectory(atPath: urlsDir.path).sorted()
        var items: [Item] = []
        for host in hosts where !host.hasPrefix(".") {
            let robots = robotsDir.appendingPathComponent(host).path
            guard FileManager.default.fileExists(atPath: robots) else { continue }
            let urlsPath = urlsDir.appendingPathComponent(host).path
            items.append(
                Item(robotsPath: robots, urlsPath: urlsPath, bytes: try read(robots), urls: try readLines(urlsPath))
            )
        }
        return RobotsWorkload(name: "bench-2019", items: items)
    }

    /// Every robots.txt under `robots/` (metadata files such as `.json` excluded), each asked
    /// the `fixedPaths`, which must already be written one a line to `pathsFile`.
    static func allRobots(corpus: URL, pathsFile: String) throws -> RobotsWorkload {
        let root = corpus.appendingPathComponent("robots")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else {
            throw BenchError("cannot list \(root.path)")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let last = (relative as NSString).lastPathComponent
            if last.hasPrefix(".") || last.hasSuffix(".json") || last.hasSuffix(".md") { continue }
            let path = root.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        let paths = try readLines(pathsFile)
        let items = try files.sorted().map {
            Item(robotsPath: $0, urlsPath: pathsFile, bytes: try read($0), urls: paths)
        }
        return RobotsWorkload(name: "all-robots", items: items)
    }

    /// The bytes of a file.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        return [UInt8](data)
    }

    /// The non-empty lines of a file, split at LF, with spaces, tabs and CR trimmed at both ends.
    /// The peer script splits the same way.
    static func readLines(_ path: String) throws -> [String] {
        let bytes = try read(path)
        return bytes.split(separator: 0x0A).compactMap { line -> String? in
            var lo = line.startIndex
            var hi = line.endIndex
            func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
            while lo < hi, blank(line[lo]) { lo += 1 }
            while hi > lo, blank(line[hi - 1]) { hi -= 1 }
            return lo == hi ? nil : String(decoding: line[lo..<hi], as: UTF8.self)
        }
    }
}
