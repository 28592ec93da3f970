// SPDX-License-Identifier: Apache-2.0
// HeedFetch: politeness: a global concurrency limit, a per-host limit, Crawl-delay and Retry-After per host.
// Spec: RFC 9309 (no crawl-rate field: Crawl-delay is a de-facto extension); RFC 9110 §10.2.3 (Retry-After).

/// Admits transfers to the driver only when they may start.
///
/// A transfer first waits (FIFO) for a slot on its host (`perHost`), then for the host's next start time
/// (Crawl-delay spacing, Retry-After), then (FIFO) for a global slot (`concurrency`). Only then is it handed
/// to libcurl, so time spent here never counts against curl's connect or total timeouts (SWIFT-NOTES §1.4,
/// pitfall 1). Crawl-delay is spacing between the *starts* of successive requests to one host; the host slot is
/// held while waiting out the delay, the global slot is not.
actor PoliteScheduler {
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

    private let concurrency: Int
    private let perHost: Int
    private var globalActive = 0
    private var globalWaiters: [Waiter] = []
    private var hosts: [String: HostState] = [:]
    private var delays: [String: Duration] = [:]
    private var notBefore: [String: ContinuousClock.Instant] = [:]
    private var nextWaiterID: UInt64 = 0

    init(concurrency: Int, perHost: Int) {
        self.concurrency = concurrency
        self.perHost = perHost
    }

    /// Sets the spacing between request starts to `host` (from its robots.txt `Crawl-delay`); zero removes it.
    func setCrawlDelay(_ delay: Duration, host: String) {
        delays[host] = delay > .zero ? delay : nil
    }

    /// The spacing set for `host`.
    func crawlDelay(host: String) -> Duration { delays[host] ?? .zero }

    /// No request to `host` starts before `instant` (a 429 or 503 `Retry-After`).
    func hold(host: String, until instant: ContinuousClock.Instant) {
        if let current = notBefore[host], current >= instant { return }
        notBefore[host] = instant
    }

    /// Waits for admission; `nil` when the task was cancelled while waiting.
    func acquire(host: String) async -> Ticket? {
        // 1. A slot on the host.
        var state = hosts[host, default: HostState()]
        if state.active < perHost && state.waiters.isEmpty {
            state.active += 1
            hosts[host] = state
        } else {
            hosts[host] = state
            let granted = await wait { id, continuation in
                self.hosts[host, default: HostState()].waiters.append(Waiter(id: id, continuation: continuation))
            }
            guard granted else { return nil }
        }
        // 2. The host's next start time.
        let clock = ContinuousClock()
        var start = clock.now
        if let next = hosts[host]?.nextStart, next > start { start = next }
        if let hold = notBefore[host] {
            if hold > start { start = hold }
            if hold <= clock.now { notBefore[host] = nil }
        }
        if let delay = delays[host] { hosts[host]?.nextStart = start + delay }
        if start > clock.now {
            do {
                try await Task.sleep(until: start, clock: clock)
            } catch {
                releaseHost(host)
                return nil
            }
        }
        // 3. A global slot.
        if globalActive < concurrency && globalWaiters.isEmpty {
            globalActive += 1
        } else {
            let granted = await wait { id, continuation in
                self.globalWaiters.append(Waiter(id: id, continuation: continuation))
            }
            guard granted else {
                releaseHost(host)
                return nil
            }
        }
        return Ticket(host: host)
    }

    /// Gives back both slots of an admission.
    func release(_ ticket: Ticket) {
        if globalWaiters.isEmpty {
            globalActive -= 1
        } else {
            globalWaiters.removeFirst().continuation.resume(returning: true)  // the slot passes on
        }
        releaseHost(ticket.host)
    }

    private func releaseHost(_ host: String) {
        guard var state = hosts[host] else { return }
        if state.waiters.isEmpty {
            state.active -= 1
        } else {
            state.waiters.removeFirst().continuation.resume(returning: true)
        }
        let idle = state.active == 0 && state.waiters.isEmpty
        if idle && (state.nextStart.map { $0 <= ContinuousClock().now } ?? true) {
            hosts[host] = nil  // forget idle hosts: a crawl of millions of hosts keeps no state for finished ones
        } else {
            hosts[host] = state
        }
    }

    /// Suspends until a slot is handed over (`true`) or the task is cancelled (`false`).
    private func wait(
        enqueue: (UInt64, CheckedContinuation<Bool, Never>) -> Void
    ) async -> Bool {
        nextWaiterID += 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    enqueue(id, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        if let index = globalWaiters.firstIndex(where: { $0.id == id }) {
            globalWaiters.remove(at: index).continuation.resume(returning: false)
            return
        }
        for (host, var state) in hosts {
            if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                state.waiters.remove(at: index).continuation.resume(returning: false)
                hosts[host] = state
                return
            }
        }
    }
}
