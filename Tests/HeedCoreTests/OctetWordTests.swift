// SPDX-License-Identifier: Apache-2.0
// Tests: the eight-octets-at-a-time tests against their one-octet definitions, for every octet
// value at every position of a word whose other octets are a filler.

import Testing

@testable import HeedCore

struct OctetWordTests {
    /// Fillers at both ends of the range and next to the thresholds tested (0x21, 0x0A, 0x80).
    @Test(arguments: [UInt8(0x21), 0x0B, 0x61, 0x80, 0xFF])
    func agreeWithTheDefinitions(filler: UInt8) {
        for position in 0..<8 {
            for value in 0...255 {
                var octets = [UInt8](repeating: filler, count: 8)
                octets[position] = UInt8(value)
                let word = octets.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                for n in [UInt8(1), 0x21, 0x80] {
                    #expect(OctetWord.hasOctet(word, below: n) == octets.contains { $0 < n }, "below \(n): \(octets)")
                }
                for target in [UInt8(0x0A), 0x0D, 0x7F] {
                    #expect(
                        OctetWord.hasOctet(word, equalTo: target) == octets.contains(target),
                        "= \(target): \(octets)"
                    )
                }
            }
        }
    }
}
