// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: atomic output files.

import Foundation
import Testing

@testable import HeedAudit

struct AtomicFileTests {
    private func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("Writes, replaces, and leaves no temporary file")
    func writeAndReplace() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/report.html"
        try AtomicFile.write(Array("first".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("first".utf8))
        try AtomicFile.write("second, longer ✓", to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("second, longer ✓".utf8))
        try AtomicFile.write([], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data())
        let big = [UInt8](repeating: 0x61, count: 3_000_000)
        try AtomicFile.write(big, to: path)
        #expect(FileManager.default.contents(atPath: path)?.count == big.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.html"])
    }

    @Test("An unwritable path is an unwritable error and leaves the old file")
    func failure() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            try AtomicFile.write([1, 2, 3], to: dir + "/missing/dir/out.json")
        } throws: { error in
            (error as? HeedAuditError)?.code == .unwritable
        }
        // Renaming over a directory fails: the directory stays, no temporary file is left.
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/out/x", withIntermediateDirectories: true)
        #expect(throws: HeedAuditError.self) { try AtomicFile.write([1], to: dir + "/out") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }

    @Test("Directory of a path", arguments: [("a/b/c", "a/b"), ("c", "."), ("/c", "/"), ("/a/c", "/a")])
    func directory(path: String, expected: String) {
        #expect(AtomicFile.directory(of: path) == expected)
    }
}
