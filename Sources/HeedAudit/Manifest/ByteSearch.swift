// SPDX-License-Identifier: Apache-2.0
// HeedAudit: memchr on typed byte pointers, and blank trimming, for the manifest readers.

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Byte search helpers shared by the manifest readers.
enum ByteSearch {
    /// The offset of the first `byte` in `base[0..<count]`, found with the C library's vectorized `memchr`.
    @inline(__always)
    static func index(of byte: UInt8, in base: UnsafePointer<UInt8>, count: Int) -> Int? {
        guard count > 0, let hit = memchr(base, Int32(byte), count) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// `bytes` without leading and trailing spaces, tabs and carriage returns.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 || bytes[lo] == 0x0D { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D { hi -= 1 }
        if lo == 0 && hi == bytes.count { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[lo..<hi])
    }

    /// The number of `\n` bytes in `bytes`.
    static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while let hit = index(of: 0x0A, in: base + offset, count: bytes.count - offset) {
            count += 1
            offset += hit + 1
        }
        return count
    }
}
