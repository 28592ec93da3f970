// SPDX-License-Identifier: Apache-2.0
// HeedFuzz: fuzz inputs as file descriptors (the manifest reader reads descriptors) and the
// SignalSpecs every target needs.

package import Foundation
package import HeedCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers shared by the fuzz targets and their runners.
package enum FuzzInput {
    /// A descriptor positioned at the start of an unlinked temporary file holding `bytes`, or
    /// `nil`. The caller closes it (which frees the file).
    package static func descriptor(_ bytes: [UInt8]) -> Int32? {
        var template = Array((NSTemporaryDirectory() + "/heed-fuzz-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                close(fd)
                return nil
            }
            written += n
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// The repository root, found from this source file (the fuzz tools run from a checkout).
    package static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Heed's SignalSpecs, read from `SignalSpecs/` of the checkout.
    package static func specs() throws -> SignalSpecs {
        let dir = repositoryRoot.appendingPathComponent("SignalSpecs")
        return try SignalSpecs { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) }
    }
}
