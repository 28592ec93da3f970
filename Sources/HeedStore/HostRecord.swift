// SPDX-License-Identifier: Apache-2.0
// HeedStore: one row of the signal store's `hosts` table.

public import Foundation

/// What the store remembers about crawling a host.
public struct HostRecord: Sendable, Hashable {
    /// The host folder name (lower case, `:port` when not the default).
    public var host: String
    /// When it was last crawled.
    public var lastCrawl: Date?
    /// The `Crawl-delay` in seconds honoured for it, if any.
    public var crawlDelay: Double?
    /// The robots.txt outcome as the crawler recorded it.
    public var robotsOutcome: String?
}
