// SPDX-License-Identifier: Apache-2.0
// HeedFetch: politeness: a global concurrency limit, a per-host limit, Crawl-delay and Retry-After per host.
// Spec: RFC 9309 (no crawl-rate field: Crawl-delay is a de-facto extension); RFC 9110 §10.2.3 (Retry-After).

import Foundation

/// Admits transfers to the driver only when they may start.
///
/// A transfer first waits (FIFO) for a slot on its host (`perHost`), then for the host's next start time
/// (Crawl-delay spacing, Retry-After), then (FIFO) for a global slot (`concurrency`). Only then is it handed
/// to libcurl, so time spent here never counts against curl's connect or total timeouts (SWIFT-NOTES §1.4,
/// pitfall 1). Crawl-delay is spacing between the *starts* of successive requests to one host; the host slot is
/// held while waiting out the delay, the global slot is not.
///
/// Why a lock and not an actor: a waiter must be enqueued in the same critical section that found no free slot,
/// and that enqueue happens inside `withCheckedContinuation`'s body. An actor version did this in a closure that
/// Swift 6.3 ran off the actor's executor (ThreadSanitizer reported the race; it crashed one test run in four and
/// hung CI), so the state now lives behind one `NSLock`, which makes the check-and-enqueue atomic by construction.
///
/// `@unchecked Sendable` invariant: `state` is read and written only inside `state.withLock`; continuations are
/// resumed after the lock is released (resuming only schedules the waiting task, but keeping it outside the lock
/// keeps the critical sections short and free of re-entry).
final class PoliteScheduler: @unchecked Sendable {
    /// A granted admission, returned to `release`.
    struct Ticket: Sendable {
        let host: String
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct HostState {
        var active = 0
        var waiters: [Waiter] = []
        var nextStart: ContinuousClock.Instant?
    }

    private struct State {
        var globalActive = 0
        var globalWaiters: [Waiter] = []
        var hosts: [String: HostState] = [:]
        var delays: [String: Duration] = [:]
        var notBefore: [String: ContinuousClock.Instant] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private enum Queue {
        case host(String)
        case global
    }

    private let concurrency: Int
    private let perHost: Int
    private let state = Locked(State())

    init(concurrency: Int, perHost: Int) {
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
    }

    /// Sets the spacing between request starts to `host` (from its robots.txt `Crawl-delay`); zero removes it.
    func setCrawlDelay(_ delay: Duration, host: String) {
        state.withLock { $0.delays[host] = delay > .zero ? delay : nil }
    }

    /// The spacing set for `host`.
    func crawlDelay(host: String) -> Duration { state.withLock { $0.delays[host] ?? .zero } }

    /// No request to `host` starts before `instant` (a 429 or 503 `Retry-After`).
    func hold(host: String, until instant: ContinuousClock.Instant) {
        state.withLock { box in
            if let current = box.notBefore[host], current >= instant { return }
            box.notBefore[host] = instant
        }
    }

    /// Waits for admission; `nil` when the task was cancelled while waiting.
    func acquire(host: String) async -> Ticket? {
        // 1. A slot on the host.
        guard await take(.host(host)) else { return nil }
        // 2. The host's next start time.
        let clock = ContinuousClock()
        let start = state.withLock { box -> ContinuousClock.Instant in
            let now = clock.now
            var start = now
            if let next = box.hosts[host]?.nextStart, next > start { start = next }
            if let hold = box.notBefore[host] {
                if hold > start { start = hold }
                if hold <= now { box.notBefore[host] = nil }
            }
            if let delay = box.delays[host] { box.hosts[host]?.nextStart = start + delay }
            return start
        }
        if start > clock.now {
            do {
                try await Task.sleep(until: start, clock: clock)
            } catch {
                releaseHost(host)
                return nil
            }
        }
        // 3. A global slot.
        guard await take(.global) else {
            releaseHost(host)
            return nil
        }
        return Ticket(host: host)
    }

    /// Gives back both slots of an admission.
    func release(_ ticket: Ticket) {
        let next = state.withLock { box -> Waiter? in
            if box.globalWaiters.isEmpty {
                box.globalActive -= 1
                return nil
            }
            return box.globalWaiters.removeFirst()  // the slot passes on
        }
        next?.continuation.resume(returning: true)
        releaseHost(ticket.host)
    }

    private func releaseHost(_ host: String) {
        let next = state.withLock { box -> Waiter? in
            guard var entry = box.hosts[host] else { return nil }
            var next: Waiter?
            if entry.waiters.isEmpty {
                entry.active -= 1
            } else {
                next = entry.waiters.removeFirst()  // the slot passes on
            }
            let idle = entry.active == 0 && entry.waiters.isEmpty
            if idle && (entry.nextStart.map { $0 <= ContinuousClock().now } ?? true) {
                box.hosts[host] = nil  // forget idle hosts: a crawl of millions keeps no state for finished ones
            } else {
                box.hosts[host] = entry
            }
            return next
        }
        next?.continuation.resume(returning: true)
    }

    /// Takes a slot of `queue` at once when one is free and nobody waits, else waits (FIFO) until a release hands
    /// one over (`true`) or the task is cancelled (`false`). The check and the enqueue are one critical section.
    private func take(_ queue: Queue) async -> Bool {
        let id = state.withLock { box -> UInt64 in
            box.nextWaiterID += 1
            return box.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                enum Outcome { case granted, cancelled, queued }
                let outcome = state.withLock { box -> Outcome in
                    // Under the lock: a cancellation whose handler ran before this point shows here, and one
                    // after it finds the waiter in its queue.
                    if Task.isCancelled { return .cancelled }
                    switch queue {
                    case .host(let host):
                        var entry = box.hosts[host, default: HostState()]
                        defer { box.hosts[host] = entry }
                        if entry.active < perHost && entry.waiters.isEmpty {
                            entry.active += 1
                            return .granted
                        }
                        entry.waiters.append(Waiter(id: id, continuation: continuation))
                        return .queued
                    case .global:
                        if box.globalActive < concurrency && box.globalWaiters.isEmpty {
                            box.globalActive += 1
                            return .granted
                        }
                        box.globalWaiters.append(Waiter(id: id, continuation: continuation))
                        return .queued
                    }
                }
                switch outcome {
                case .granted: continuation.resume(returning: true)
                case .cancelled: continuation.resume(returning: false)
                case .queued: break
                }
            }
        } onCancel: {
            cancelWaiter(id)
        }
    }

    /// Removes a waiter and resumes it with `false`. A waiter not queued yet sees the cancellation itself in
    /// `take`; one already handed its slot is left alone (the caller releases that slot as usual).
    private func cancelWaiter(_ id: UInt64) {
        let removed = state.withLock { box -> Waiter? in
            if let index = box.globalWaiters.firstIndex(where: { $0.id == id }) {
                return box.globalWaiters.remove(at: index)
            }
            for (host, var entry) in box.hosts {
                if let index = entry.waiters.firstIndex(where: { $0.id == id }) {
                    let waiter = entry.waiters.remove(at: index)
                    box.hosts[host] = entry
                    return waiter
                }
            }
            return nil
        }
        if let removed {
            removed.continuation.resume(returning: false)
        }
    }
}
