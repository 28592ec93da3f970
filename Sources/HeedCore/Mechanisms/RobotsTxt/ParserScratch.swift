// SPDX-License-Identifier: Apache-2.0
// Heed: a growable buffer of plain values that the robots.txt parser owns only while it runs.

/// A growable run of plain values whose owner frees it explicitly (`deallocate()`).
///
/// The parser keeps its rule lines and normalized patterns in two of these while it reads a file,
/// then copies each into an exactly sized array once: appending checks no uniqueness or reference
/// count (unlike `Array.append`, which cost a tenth of a parse in growth and checks), and the
/// arrays a `RobotsTxt` keeps carry no spare capacity.
struct ParserScratch<Element: BitwiseCopyable> {
    /// The first element; nil before the first reservation and after `deallocate()`.
    private(set) var base: UnsafeMutablePointer<Element>?
    /// The number of elements written.
    private(set) var count = 0
    /// The number of elements allocated.
    private var capacity = 0

    /// The elements written, valid until the next reservation or `deallocate()`.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more elements and returns where the next one goes; the caller
    /// writes up to `extra` there and then calls `commit(_:)` with how many it wrote.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<Element> {
        if capacity - count < extra { grow(to: count + extra) }
        return base! + count
    }

    /// Counts `written` elements written at the pointer `reserve(_:)` returned.
    @inline(__always)
    mutating func commit(_ written: Int) {
        count += written
    }

    /// Appends one element.
    @inline(__always)
    mutating func append(_ element: Element) {
        reserve(1).initialize(to: element)
        count += 1
    }

    /// Frees the memory; the buffer is then empty.
    mutating func deallocate() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }

    /// Reallocates to hold at least `needed` elements, at least doubling the capacity.
    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity, 16)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = grown
        capacity = newCapacity
    }
}
