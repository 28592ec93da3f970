// SPDX-License-Identifier: Apache-2.0
// Heed tests: locating the committed Corpus/ and SignalSpecs/ folders.

import Foundation

/// Paths of the repository's data folders, found from this source file's location so tests run
/// from any working directory.
enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // HeedCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Corpus/<relative>`.
    static func corpus(_ relative: String) -> URL {
        root.appendingPathComponent("Corpus").appendingPathComponent(relative)
    }

    /// `SignalSpecs/<relative>`.
    static func specs(_ relative: String) -> URL {
        root.appendingPathComponent("SignalSpecs").appendingPathComponent(relative)
    }

    /// The bytes of `Corpus/<relative>`.
    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus(relative)))
    }

    /// Every regular file below `Corpus/<relative>`, sorted by path.
    static func files(under relative: String) -> [URL] {
        let base = corpus(relative)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var out: [URL] = []
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        {
            out.append(url)
        }
        return out.sorted { $0.path < $1.path }
    }
}
