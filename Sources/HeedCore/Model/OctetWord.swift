// SPDX-License-Identifier: Apache-2.0
// Heed: tests on eight octets at once (one 64-bit word), for the byte scans of parsers and readers.

/// Eight-octets-at-a-time tests, shared by the scans that need them (the robots.txt parser's cut
/// at the size limit, the audit's manifest URL check).
///
/// `(x − 0x01…01 × n) & ~x & 0x80…80` is non-zero exactly when some octet of `x` is below `n`
/// (for `n` ≤ 0x80): a borrow only starts at such an octet, so the test can mark octets above a
/// true one but never reports one when there is none.
package enum OctetWord {
    /// 0x01 in every octet.
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// 0x80 in every octet.
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some octet of `x` is below `n` (`n` ≤ 0x80).
    @inline(__always)
    package static func hasOctet(_ x: UInt64, below n: UInt8) -> Bool {
        (x &- ones &* UInt64(n)) & ~x & highs != 0
    }

    /// Whether some octet of `x` equals `octet`.
    @inline(__always)
    package static func hasOctet(_ x: UInt64, equalTo octet: UInt8) -> Bool {
        hasOctet(x ^ (ones &* UInt64(octet)), below: 1)
    }
}
