// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the reused 1 MiB buffer that hands out manifest lines and records without copying them.

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A sliding window over the (decompressed) manifest bytes: records are found in place, the partial last
/// record is carried to the front with `memmove`, and a record longer than the buffer is skipped.
final class ManifestBuffer {
    /// Buffer capacity: 1 MiB. A record longer than this is reported as a problem and skipped.
    static let capacity = 1 << 20

    let input: ManifestInput
    let base: UnsafeMutablePointer<UInt8>
    /// Unconsumed bytes are `base[start..<end]`.
    var start = 0
    var end = 0
    /// True once the input returned 0.
    private(set) var eof = false

    init(input: ManifestInput) {
        self.input = input
        base = .allocate(capacity: Self.capacity)
    }

    deinit { base.deallocate() }

    /// The unconsumed bytes.
    var available: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Reads more bytes after `end`, moving the unconsumed bytes to the front first.
    /// - Returns: false when nothing more could be read (end of input, or the buffer is full from `start`).
    func fill() throws(HeedAuditError) -> Bool {
        if eof { return false }
        if start > 0 {
            if start < end { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        if end == Self.capacity { return false }
        let n = try input.read(into: base + end, count: Self.capacity - end)
        if n == 0 {
            eof = true
            return false
        }
        end += n
        return true
    }

    /// Makes sure at least `count` unconsumed bytes are buffered, if the input has them.
    func ensure(_ count: Int) throws(HeedAuditError) -> Bool {
        while end - start < count {
            if !(try fill()) { return end - start >= count }
        }
        return true
    }

    /// Finds the next newline-terminated line (without `\n`; a final line without newline is returned too).
    ///
    /// - Parameter overlong: called with the first bytes of a line longer than the buffer, which is skipped.
    /// - Returns: nil at the end of the input.
    @inline(__always)
    func nextLine(
        overlong: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(HeedAuditError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            let count = end - start
            if count > 0, let nl = memchr(base + start, 0x0A, count) {
                let lineEnd = nl.assumingMemoryBound(to: UInt8.self) - base
                let line = UnsafeBufferPointer(start: base + start, count: lineEnd - start)
                start = lineEnd + 1
                return line
            }
            if try fill() { continue }
            if eof {
                if start == end { return nil }
                let line = UnsafeBufferPointer(start: base + start, count: end - start)
                start = end
                return line
            }
            // Full buffer without a newline: report, then discard through the next newline.
            overlong(available)
            try skipThroughNewline()
        }
    }

    /// Discards bytes through the next `\n` (or to the end of the input).
    func skipThroughNewline() throws(HeedAuditError) {
        while true {
            let count = end - start
            if count > 0, let nl = memchr(base + start, 0x0A, count) {
                start = (nl.assumingMemoryBound(to: UInt8.self) - base) + 1
                return
            }
            start = end
            if !(try fill()) { return }
        }
    }

    /// Finds the next record whose end `finder` locates in the unconsumed bytes (the finder returns the
    /// length of the record including its terminator, or nil when more bytes are needed).
    ///
    /// - Returns: the record, or nil at the end of the input; `.overlong` when it does not fit the buffer.
    func nextRecord(
        _ finder: (UnsafeBufferPointer<UInt8>, _ atEOF: Bool) -> Int?
    ) throws(HeedAuditError)
        -> RecordResult
    {
        while true {
            if start < end, let length = finder(available, eof) {
                let record = UnsafeBufferPointer(start: base + start, count: length)
                start += length
                return .record(record)
            }
            if try fill() { continue }
            if eof {
                if start == end { return .end }
                let record = available
                start = end
                return .record(record)
            }
            return .overlong(available)
        }
    }

    /// What ``nextRecord(_:)`` found.
    enum RecordResult {
        case record(UnsafeBufferPointer<UInt8>)
        /// The buffer is full and holds no complete record (nothing consumed yet).
        case overlong(UnsafeBufferPointer<UInt8>)
        case end
    }

    /// Discards `count` bytes (buffered or not). Returns how many could not be skipped (input ended early).
    func skip(_ count: Int) throws(HeedAuditError) -> Int {
        var remaining = count
        while remaining > 0 {
            let here = min(remaining, end - start)
            start += here
            remaining -= here
            if remaining == 0 { break }
            start = 0
            end = 0
            if !(try fill()) { break }
        }
        return remaining
    }
}
