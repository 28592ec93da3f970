// SPDX-License-Identifier: Apache-2.0
// HeedAudit: a reused, growable byte buffer for values that must be rewritten (unescaped URLs, dates).

/// A reused heap buffer: `reset`, `append`, then read `bytes` (valid until the next `reset`). `package`:
/// the access-log parsers (HeedLogs) unescape values into it too.
package final class ScratchBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes.
    package init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer, keeping at least `minimumCapacity` bytes of room.
    @inline(__always)
    package func reset(minimumCapacity: Int = 0) {
        count = 0
        if minimumCapacity > capacity {
            base.deallocate()
            capacity = max(minimumCapacity, capacity * 2)
            base = .allocate(capacity: capacity)
        }
    }

    /// Appends one byte, growing when needed.
    @inline(__always)
    package func append(_ byte: UInt8) {
        if count == capacity { grow() }
        base[count] = byte
        count += 1
    }

    /// Appends bytes.
    package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends ASCII text (short literals only).
    package func append(ascii text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends `value` in decimal, zero-padded to `width` digits.
    func append(decimal value: Int, width: Int) {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(UInt8(truncatingIfNeeded: v % 10) + 0x30)
            v /= 10
        } while v > 0
        while digits.count < width { digits.append(0x30) }
        for d in digits.reversed() { append(d) }
    }

    /// The bytes appended since the last reset.
    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
