// SPDX-License-Identifier: Apache-2.0
// HeedFuzz tests: every crashing input ever found (Corpus/crashers/<target>/) and every seed
// replayed through its fuzz target in a normal test run, so a fixed crash stays fixed.

import Foundation
import HeedCore
import Testing

@testable import HeedFuzz

struct FuzzReplayTests {
    static let corpus = FuzzInput.repositoryRoot.appendingPathComponent("Corpus")
    static let specs = Result { try FuzzInput.specs() }

    /// Regular files under `folder` (recursively), sorted, at most `limit`.
    static func files(under folder: URL, limit: Int = .max) -> [URL] {
        guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var out: [URL] = []
        for case let url as URL in e {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { out.append(url) }
        }
        return Array(out.sorted { $0.path < $1.path }.prefix(limit))
    }

    @Test(arguments: FuzzTarget.allCases)
    func crashersNoLongerCrash(target: FuzzTarget) throws {
        let specs = try Self.specs.get()
        for file in Self.files(under: Self.corpus.appendingPathComponent("crashers/\(target.rawValue)")) {
            target.run(Array(try Data(contentsOf: file)), specs: specs)
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsRunAndEveryTargetHasADictionary(target: FuzzTarget) throws {
        let specs = try Self.specs.get()
        let seeds = target.seedFolders.flatMap { Self.files(under: Self.corpus.appendingPathComponent($0), limit: 40) }
        #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
        for file in seeds { target.run(Array(try Data(contentsOf: file)), specs: specs) }
        let dictionary = Self.corpus.appendingPathComponent("fuzz/dictionaries/\(target.rawValue).dict")
        let text = try String(contentsOf: dictionary, encoding: .utf8)
        // libFuzzer's format: one quoted token per line (`name="value"` or `"value"`), # comments.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            #expect(line.hasSuffix("\""), "\(target.rawValue).dict: \(line)")
            #expect(line.contains("=\"") || line.hasPrefix("\""), "\(target.rawValue).dict: \(line)")
        }
    }

    /// Hostile shapes every target must survive (a smoke run of what the fuzzer finds first).
    @Test(arguments: FuzzTarget.allCases)
    func hostileShapes(target: FuzzTarget) throws {
        let specs = try Self.specs.get()
        let shapes: [[UInt8]] = [
            [],
            [0],
            Array(repeating: 0xFF, count: 4096),
            Array("\u{FEFF}".utf8) + Array(repeating: UInt8(ascii: "\n"), count: 10_000),
            Array(String(repeating: "<a>", count: 5_000).utf8),
            Array(String(repeating: "[{\"", count: 3_000).utf8),
            Array("\u{1F}\u{8B}\u{08}\u{00}".utf8) + Array(repeating: 0x41, count: 64),
            Array("WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n".utf8),
            Array("User-agent: *\nDisallow: /\(String(repeating: "*", count: 10_000))$\n".utf8),
        ]
        for bytes in shapes { target.run(bytes, specs: specs) }
    }
}
