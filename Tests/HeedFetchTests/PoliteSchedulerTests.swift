// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: the scheduler's limits under contention and cancellation (no transfer, no network).

import Foundation
import Testing

@testable import HeedFetch

struct PoliteSchedulerTests {
    /// Counts admissions in flight, overall and per host, and remembers the highest counts seen.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var perHost: [String: Int] = [:]
        private var global = 0
        private(set) var maxPerHost = 0
        private(set) var maxGlobal = 0
        private(set) var completed = 0

        func enter(_ host: String) {
            lock.withLock {
                perHost[host, default: 0] += 1
                global += 1
                maxPerHost = max(maxPerHost, perHost[host]!)
                maxGlobal = max(maxGlobal, global)
            }
        }

        func leave(_ host: String) {
            lock.withLock {
                perHost[host, default: 0] -= 1
                global -= 1
                completed += 1
            }
        }

        var snapshot: (maxPerHost: Int, maxGlobal: Int, completed: Int) {
            lock.withLock { (maxPerHost, maxGlobal, completed) }
        }
    }

    @Test(arguments: [(1, 4), (2, 8), (3, 3)])
    func limitsHoldUnderContention(perHost: Int, concurrency: Int) async {
        let scheduler = PoliteScheduler(concurrency: concurrency, perHost: perHost)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<2_000 {
                let host = "h\(index % 13).test"
                group.addTask {
                    guard let ticket = await scheduler.acquire(host: host) else { return }
                    gauge.enter(host)
                    if index % 7 == 0 { await Task.yield() }
                    gauge.leave(host)
                    scheduler.release(ticket)
                }
            }
        }
        let seen = gauge.snapshot
        #expect(seen.completed == 2_000)
        #expect(seen.maxPerHost <= perHost)
        #expect(seen.maxGlobal <= concurrency)
        #expect(seen.maxGlobal >= 1)
        // Every slot came back: one more admission per host is granted at once.
        for index in 0..<13 {
            let ticket = await scheduler.acquire(host: "h\(index).test")
            #expect(ticket != nil)
            if let ticket { scheduler.release(ticket) }
        }
    }

    @Test func cancelledWaitersGiveUpWithoutLeakingSlots() async throws {
        let scheduler = PoliteScheduler(concurrency: 2, perHost: 1)
        let held = try #require(await scheduler.acquire(host: "busy.test"))
        // Waiters queue behind the held host slot, then are cancelled.
        let waiters = (0..<50).map { _ in
            Task { await scheduler.acquire(host: "busy.test") }
        }
        try await Task.sleep(for: .milliseconds(50))
        for waiter in waiters { waiter.cancel() }
        for waiter in waiters {
            #expect(await waiter.value == nil)
        }
        scheduler.release(held)
        // The host and global slots are free again: two hosts at once.
        let first = try #require(await scheduler.acquire(host: "busy.test"))
        let second = try #require(await scheduler.acquire(host: "other.test"))
        scheduler.release(first)
        scheduler.release(second)
    }

    @Test func crawlDelaySpacesStartsAndHoldDefersThem() async throws {
        let scheduler = PoliteScheduler(concurrency: 4, perHost: 1)
        scheduler.setCrawlDelay(.milliseconds(200), host: "slow.test")
        #expect(scheduler.crawlDelay(host: "slow.test") == .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<3 {
            let ticket = try #require(await scheduler.acquire(host: "slow.test"))
            scheduler.release(ticket)
        }
        // Starts at 0, 200 and 400 ms.
        #expect(clock.now - start >= .milliseconds(400))
        scheduler.hold(host: "held.test", until: clock.now + .milliseconds(300))
        let before = clock.now
        let ticket = try #require(await scheduler.acquire(host: "held.test"))
        scheduler.release(ticket)
        #expect(clock.now - before >= .milliseconds(290))
    }
}
