// SPDX-License-Identifier: Apache-2.0
// HeedStore: when a stored document must be fetched again.
// Spec: RFC 9309 §2.4 (robots.txt: at most 24 hours), RFC 9111 §4.2.1 (freshness lifetime from
// Cache-Control max-age and Expires), §4.2.3 (Age), §5.3 (invalid Expires), RFC 9110 §5.6.7
// (HTTP-date), RSL 1.0 §3.1 (`max-age`, days).

public import Foundation
public import HeedCore

extension SignalStore {
    /// The default lifetime of a document without caching headers, and robots.txt's limit:
    /// 24 hours (RFC 9309 §2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours).
    public static let defaultLifetime = RobotsFetchPolicy.maxCacheSeconds

    /// The longest lifetime HTTP caching headers may give any document: 30 days. A year-long
    /// `max-age` on a page must not hide a changed signal from nightly audits for a year; 30 days
    /// is RSL's default `max-age` and RFC 9309 §2.3.1.4's example of a "reasonably long period".
    public static let maxLifetime = 30 * 24 * 3600

    /// When a document fetched at `fetchedAt` expires.
    ///
    /// Decisions (RFC 9309 and RFC 9111 leave the combination open):
    /// - **HTTP freshness** (RFC 9111 §4.2.1, as a private cache): `Cache-Control: no-store` or
    ///   `no-cache` → 0 (re-fetch on every refresh; a conditional request makes it cheap);
    ///   otherwise the first `max-age` (invalid → 0, RFC 9111 §4.2.1 "consider stale");
    ///   otherwise `Expires` minus `Date` (minus the fetch time without `Date`; an invalid
    ///   `Expires` such as `0` → 0, §5.3). `Age` is subtracted (§4.2.3). `s-maxage` is for
    ///   shared caches and ignored.
    /// - **robots.txt** (path `/robots.txt`): the HTTP freshness when shorter, never more than
    ///   24 hours (RFC 9309 §2.4 allows standard cache control, within 24 hours).
    /// - **RSL licence documents** (`rslMaxAge` given, in days as `RSLDocument.maxAgeDays`): the
    ///   document's own `max-age` is an upper bound (RSL: revalidate within `max-age` days), and
    ///   the lifetime when HTTP gives none; shorter HTTP freshness wins.
    /// - **Everything else**: the HTTP freshness, capped at `maxLifetime` (30 days); 24 hours
    ///   without caching headers.
    /// A negative lifetime counts as 0: the document is due immediately.
    public static func expiry(for url: String, headers: HTTPHeaders, fetchedAt: Date, rslMaxAge: Int?) -> Date {
        let http = httpFreshness(headers, fetchedAt: fetchedAt)
        let lifetime: Int
        if (try? Snapshot.split(url))?.path == "/robots.txt" {
            lifetime = min(http ?? defaultLifetime, defaultLifetime)
        } else if let days = rslMaxAge, days > 0 {
            let cap = min(days, 36_500) * 24 * 3600
            lifetime = min(http ?? cap, cap)
        } else {
            lifetime = min(http ?? defaultLifetime, maxLifetime)
        }
        return fetchedAt.addingTimeInterval(TimeInterval(max(0, lifetime)))
    }

    /// RFC 9111 §4.2.1 freshness lifetime minus `Age`, in seconds, or `nil` when the headers give
    /// none.
    static func httpFreshness(_ headers: HTTPHeaders, fetchedAt: Date) -> Int? {
        var lifetime: Int?
        if let cacheControl = headers.combined("cache-control") {
            for directive in cacheControl.split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1)
                let name = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                if name == "no-store" || name == "no-cache" { return 0 }
                if name == "max-age", lifetime == nil {
                    let raw = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
                    let value = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    // RFC 9111 §1.2.2: delta-seconds are digits; very large values saturate.
                    if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) {
                        lifetime = value.count > 10 ? Int(Int32.max) : min(Int(value) ?? 0, Int(Int32.max))
                    } else {
                        lifetime = 0
                    }
                }
            }
        }
        if lifetime == nil, let expires = headers.values("expires").first {
            if let expiresDate = httpDate(expires) {
                let base = headers.values("date").first.flatMap(httpDate) ?? fetchedAt
                lifetime = Int(expiresDate.timeIntervalSince(base).rounded(.down))
            } else {
                lifetime = 0
            }
        }
        guard var result = lifetime else { return nil }
        if let age = headers.values("age").first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), age > 0 {
            result -= age
        }
        return result
    }

    /// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime
    /// forms recipients must accept.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        // asctime pads the day with a space (`Nov  6`): collapse runs of spaces first.
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
