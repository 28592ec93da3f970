// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the hand-over of log chunks from the reading thread to the worker threads and back.

import Foundation

/// A chunk's bytes. Invariant: owned by exactly one thread at a time — the reader while it fills it, one
/// worker while it parses it — and handed over only through ``ChunkPipeline`` (under its lock).
final class ChunkBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// A piece of a log file ending at a line break (or at the file's end): what a worker parses.
struct LogChunk: Sendable {
    /// Position among all chunks of the run (results are merged in this order).
    var index: Int
    /// The file it comes from (index into the sources).
    var file: Int
    var format: ChunkFormat
    /// The bytes; nil for an overlong line (counted as one malformed line).
    var buffer: ChunkBuffer?
}

/// A bounded queue of chunks and a pool of buffers, so memory stays at `buffers` chunks whatever the
/// log's size. Invariant: every stored property is read and written with `condition` locked.
final class ChunkPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [LogChunk] = []
    private var waitingHead = 0
    private var free: [ChunkBuffer] = []
    private var results: [ChunkResult] = []
    private var closed = false
    private var running = 0

    init(buffers: Int, capacity: Int) {
        for _ in 0..<buffers { free.append(ChunkBuffer(capacity: capacity)) }
    }

    /// A free buffer, emptied; waits until a worker returns one.
    func buffer() -> ChunkBuffer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty { condition.wait() }
        let b = free.removeLast()
        b.count = 0
        return b
    }

    /// Returns a buffer the reader did not submit.
    func recycle(_ buffer: ChunkBuffer) {
        condition.lock()
        free.append(buffer)
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a chunk for the workers.
    func submit(_ chunk: LogChunk) {
        condition.lock()
        waiting.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, or nil once the reader closed the queue and it is empty.
    func next() -> LogChunk? {
        condition.lock()
        defer { condition.unlock() }
        while waitingHead == waiting.count && !closed { condition.wait() }
        guard waitingHead < waiting.count else { return nil }
        let chunk = waiting[waitingHead]
        waitingHead += 1
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        }
        return chunk
    }

    /// Stores a worker's result and takes back its buffer.
    func done(_ result: ChunkResult, buffer: ChunkBuffer?) {
        condition.lock()
        results.append(result)
        if let buffer { free.append(buffer) }
        condition.broadcast()
        condition.unlock()
    }

    /// Registers a starting worker.
    func workerStarted() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    /// Registers a worker that found the queue closed and empty.
    func workerFinished() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the queue: workers finish what is queued, then stop.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for every worker to stop and returns all results (in completion order).
    func finish() -> [ChunkResult] {
        condition.lock()
        defer { condition.unlock() }
        while running > 0 { condition.wait() }
        return results
    }

    /// Adds a result computed on the reading thread (the single-threaded mode).
    func add(_ result: ChunkResult) {
        condition.lock()
        results.append(result)
        condition.unlock()
    }
}
