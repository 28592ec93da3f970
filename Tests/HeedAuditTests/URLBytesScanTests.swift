// SPDX-License-Identifier: Apache-2.0
// Heed tests: the eight-bytes-at-a-time blank/control test of manifest URLs against the
// byte-by-byte definition (≤ 0x20 or 0x7F), for every byte value at every position.

import Testing

@testable import HeedAudit

struct URLBytesScanTests {
    /// Every byte value (0–255) placed at every position of buffers of 1 to 19 bytes, the other
    /// bytes `a` (0x61), and, for the borrow case, the other bytes 0x21 (the smallest allowed).
    @Test(arguments: [UInt8(ascii: "a"), 0x21, 0x80, 0xFF])
    func agreesWithTheDefinitionEverywhere(filler: UInt8) {
        for length in 1..<20 {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: length)
                    bytes[position] = UInt8(value)
                    let expected = value <= 0x20 || value == 0x7F
                    let got = bytes.withUnsafeBufferPointer { URLBytes.hasBlankOrControl($0) }
                    if got != expected {
                        Issue.record("length \(length), byte \(value) at \(position), filler \(filler): \(got)")
                        return
                    }
                }
            }
        }
    }

    @Test func emptyAndCleanURLs() {
        #expect(![UInt8]().withUnsafeBufferPointer { URLBytes.hasBlankOrControl($0) })
        let url = Array("https://example.com/a/b?c=d&e=%20#f".utf8)
        #expect(!url.withUnsafeBufferPointer { URLBytes.hasBlankOrControl($0) })
    }
}
