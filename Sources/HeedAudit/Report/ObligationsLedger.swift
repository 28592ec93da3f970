// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the obligations ledger of `conditional` verdicts (`--credits FILE`).
// Spec: issue 5 "Output" (credit asked for, by which statement; RSL payment terms summed per host
// and currency); RSL 1.0 §3.6 payment types (`purchase` one-time, `subscription` recurring,
// `training` per training use, `crawl` per crawl, `use` per AI output); CC signals `cc-cr`.

public import Foundation
import HeedCore

/// What the `conditional` URLs of a manifest ask of a training run, per host: the credit asked
/// for (with the statement that asks for it), the payment terms published in RSL documents summed
/// per currency, and the other conditions (contribution, open model, licence token, ...).
///
/// Memory is bounded by hosts times the distinct terms each host publishes, not by URLs. Merge is
/// an exact sum of integer counts, so the ledger of N shards equals the unsharded one.
///
/// Payment amounts are read from the obligation detail RSL writes, `AMOUNT CURRENCY per TYPE`
/// followed by `; standard …`, `; terms …`, `; accepts …` (see `RSLEvaluator.obligations`).
/// Decision: `crawl`, `training` and `use` amounts are multiplied by the URLs concerned (each
/// URL crawled, trained on or used once: for `use`, priced per AI output, this is a lower
/// bound); `purchase` and `subscription` amounts count once per host and term. Payments without
/// an amount (a `custom` process, a `standard` only) are listed as terms but not summed.
public struct ObligationsLedger: Sendable, Codable, Hashable {
    /// The ledger of one host. Keys join their parts with U+001F (unit separator).
    struct HostLedger: Sendable, Codable, Hashable {
        /// `conditional` URLs of the host.
        var urls = 0
        /// Credit asked for: `mechanism␟detail␟location` → URLs.
        var credits: [String: Int] = [:]
        /// Priced payments: `currency␟amount␟type␟rest` → URLs.
        var payments: [String: Int] = [:]
        /// URLs with at least one priced payment, per currency.
        var paymentURLs: [String: Int] = [:]
        /// Payments without an amount: `detail␟location` → URLs.
        var unpriced: [String: Int] = [:]
        /// Other conditions: `kind␟detail␟mechanism␟location` → URLs.
        var other: [String: Int] = [:]

        mutating func merge(_ o: HostLedger) {
            urls += o.urls
            credits.merge(o.credits, uniquingKeysWith: +)
            payments.merge(o.payments, uniquingKeysWith: +)
            paymentURLs.merge(o.paymentURLs, uniquingKeysWith: +)
            unpriced.merge(o.unpriced, uniquingKeysWith: +)
            other.merge(o.other, uniquingKeysWith: +)
        }
    }

    /// A payment read from an RSL obligation detail.
    struct Price: Hashable {
        var amount: String
        var currency: String
        var type: String
        var rest: String
    }

    static let sep: Character = "\u{1F}"

    /// Payment types whose amount is owed per URL (RSL 1.0 §3.6 `crawl`, `training`, `use`).
    static let perURLTypes: Set<String> = ["crawl", "training", "use"]

    /// Per host.
    var hosts: [String: HostLedger] = [:]

    /// An empty ledger.
    public init() {}

    /// Records the obligations of `record` if its verdict is `conditional` (other verdicts are
    /// ignored). Each obligation is attributed to the deciding statement that carries it; one
    /// the verdict lists but no deciding statement carries is attributed to no statement. A URL
    /// counts once per distinct term.
    public mutating func add(_ record: AuditRecord) {
        let v = record.verdict
        guard v.kind == .conditional else { return }
        var ledger = hosts[record.host] ?? HostLedger()
        ledger.urls += 1
        var seen = Set<String>()
        var currencies = Set<String>()
        var attributed = Set<Obligation>()
        func note(_ o: Obligation, mechanism: String, location: String) {
            let detail = o.detail ?? ""
            switch o.kind {
            case .attribution:
                let key = Self.key([mechanism, detail, location])
                if seen.insert("c" + key).inserted { ledger.credits[key, default: 0] += 1 }
            case .payment:
                if let p = Self.price(detail) {
                    let key = Self.key([p.currency, p.amount, p.type, p.rest])
                    if seen.insert("p" + key).inserted { ledger.payments[key, default: 0] += 1 }
                    currencies.insert(p.currency)
                } else {
                    let key = Self.key([detail, location])
                    if seen.insert("u" + key).inserted { ledger.unpriced[key, default: 0] += 1 }
                }
            default:
                let key = Self.key([o.kind.rawValue, detail, mechanism, location])
                if seen.insert("o" + key).inserted { ledger.other[key, default: 0] += 1 }
            }
        }
        for s in v.deciding {
            for o in s.obligations {
                note(o, mechanism: s.provenance.mechanism.rawValue, location: s.provenance.location)
                attributed.insert(o)
            }
        }
        for o in v.obligations where !attributed.contains(o) { note(o, mechanism: "", location: "") }
        for c in currencies { ledger.paymentURLs[c, default: 0] += 1 }
        hosts[record.host] = ledger
    }

    /// Adds `other`'s entries (another shard).
    public mutating func merge(_ other: ObligationsLedger) {
        for (host, l) in other.hosts { hosts[host, default: HostLedger()].merge(l) }
    }

    /// True when no conditional URL was recorded.
    public var isEmpty: Bool { hosts.isEmpty }

    static func key(_ parts: [String]) -> String { parts.joined(separator: String(sep)) }

    static func parts(_ key: String) -> [String] {
        key.split(separator: sep, omittingEmptySubsequences: false).map(String.init)
    }

    /// Parses `AMOUNT CURRENCY per TYPE[; more]`: AMOUNT a non-negative decimal (digits with at
    /// most one `.`), CURRENCY three upper-case letters; `nil` otherwise.
    static func price(_ detail: String) -> Price? {
        let segments = detail.split(separator: ";", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let head = segments.first else { return nil }
        let words = head.split(separator: " ").map(String.init)
        guard words.count == 4, words[2] == "per" else { return nil }
        let amount = words[0]
        let digits = amount.utf8.filter { $0 != 0x2E }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            amount.utf8.count - digits.count <= 1, amount.first != ".", amount.last != "."
        else { return nil }
        let currency = words[1]
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        return Price(amount: amount, currency: currency, type: words[3], rest: segments.count > 1 ? segments[1] : "")
    }

    /// The amount owed for `price` over `urls` URLs (see the type's documentation).
    static func total(_ p: Price, urls: Int) -> Decimal {
        let unit = Decimal(string: p.amount, locale: Locale(identifier: "en_US_POSIX")) ?? 0
        return perURLTypes.contains(p.type) ? unit * Decimal(urls) : unit
    }

    /// One line per priced term: `0.015 USD per crawl × 120 URLs` or `5 USD per purchase (once)`,
    /// with the rest of the terms (`standard …`) in parentheses.
    static func describe(_ p: Price, urls: Int) -> String {
        var s = "\(p.amount) \(p.currency) per \(p.type)"
        s += perURLTypes.contains(p.type) ? " × \(urls) URLs" : " (once)"
        if !p.rest.isEmpty { s += " (\(p.rest))" }
        return s
    }

    /// Payment totals per host and currency, sorted by host then currency: the amount owed under
    /// the published terms, the URLs with a priced payment in that currency, and the terms summed
    /// (`; `-joined, sorted).
    public func paymentTotals() -> [(host: String, currency: String, amount: Decimal, urls: Int, terms: String)] {
        var out: [(host: String, currency: String, amount: Decimal, urls: Int, terms: String)] = []
        for host in hosts.keys.sorted() {
            let l = hosts[host]!
            var byCurrency: [String: (amount: Decimal, terms: [String])] = [:]
            for (key, n) in l.payments {
                let f = Self.parts(key)
                guard f.count == 4 else { continue }
                let p = Price(amount: f[1], currency: f[0], type: f[2], rest: f[3])
                var entry = byCurrency[p.currency] ?? (0, [])
                entry.amount += Self.total(p, urls: n)
                entry.terms.append(Self.describe(p, urls: n))
                byCurrency[p.currency] = entry
            }
            for currency in byCurrency.keys.sorted() {
                let e = byCurrency[currency]!
                out.append(
                    (host, currency, e.amount, l.paymentURLs[currency] ?? 0, e.terms.sorted().joined(separator: "; "))
                )
            }
        }
        return out
    }

    /// A Markdown section a model card can include: `## title`, the credit each host asks for
    /// (what, by which statement, for how many URLs), the payment terms summed per host and
    /// currency, unpriced payment terms, and the other conditions. Cell text is escaped.
    public func creditsMarkdown(title: String) -> String {
        var md = "## \(Self.md(title))\n\n"
        let conditional = hosts.values.reduce(0) { $0 + $1.urls }
        md += "Under the signals Heed \(RunRecord.heedVersion) read, \(conditional) URLs on \(hosts.count) hosts "
        md += "may be used on conditions. Heed reports what the signals ask; it is not legal advice.\n\n"

        var creditRows: [String] = []
        for host in hosts.keys.sorted() {
            for (key, n) in hosts[host]!.credits.sorted(by: { $0.key < $1.key }) {
                let f = Self.parts(key)
                guard f.count == 3 else { continue }
                let statement = f[0].isEmpty ? "–" : "`\(Self.code(f[0]))` \(Self.md(f[2]))"
                creditRows.append(
                    "| \(Self.md(host)) | \(Self.creditText(mechanism: f[0], detail: f[1])) | \(statement) | \(n) |"
                )
            }
        }
        md += "### Credit\n\n"
        if creditRows.isEmpty {
            md += "No host asks for credit.\n\n"
        } else {
            md += "| Host | Credit asked for | Statement | URLs |\n|---|---|---|---:|\n"
            md += creditRows.joined(separator: "\n") + "\n\n"
        }

        let totals = paymentTotals()
        var unpricedRows: [String] = []
        for host in hosts.keys.sorted() {
            for (key, n) in hosts[host]!.unpriced.sorted(by: { $0.key < $1.key }) {
                let f = Self.parts(key)
                guard f.count == 2 else { continue }
                unpricedRows.append(
                    "| \(Self.md(host)) | \(Self.md(f[0].isEmpty ? "payment" : f[0])) | \(Self.md(f[1])) | \(n) |"
                )
            }
        }
        if !totals.isEmpty || !unpricedRows.isEmpty {
            md += "### Payment terms\n\n"
            if !totals.isEmpty {
                md += "Published RSL prices, summed: per-crawl, per-training and per-use amounts times the URLs "
                md += "concerned; purchase and subscription prices once.\n\n"
                md += "| Host | Currency | Amount | URLs | Terms |\n|---|---|---:|---:|---|\n"
                for t in totals {
                    let cells = [Self.md(t.host), Self.md(t.currency), "\(t.amount)", "\(t.urls)", Self.md(t.terms)]
                    md += "| " + cells.joined(separator: " | ") + " |\n"
                }
                md += "\n"
            }
            if !unpricedRows.isEmpty {
                md += "Payment terms without a published amount:\n\n"
                md += "| Host | Terms | Statement | URLs |\n|---|---|---|---:|\n"
                md += unpricedRows.joined(separator: "\n") + "\n\n"
            }
        }

        var otherRows: [String] = []
        for host in hosts.keys.sorted() {
            for (key, n) in hosts[host]!.other.sorted(by: { $0.key < $1.key }) {
                let f = Self.parts(key)
                guard f.count == 4 else { continue }
                let condition = f[1].isEmpty ? f[0] : "\(f[0]): \(f[1])"
                let statement = f[2].isEmpty ? "–" : "`\(Self.code(f[2]))` \(Self.md(f[3]))"
                otherRows.append("| \(Self.md(host)) | \(Self.md(condition)) | \(statement) | \(n) |")
            }
        }
        if !otherRows.isEmpty {
            md += "### Other conditions\n\n| Host | Condition | Statement | URLs |\n|---|---|---|---:|\n"
            md += otherRows.joined(separator: "\n") + "\n\n"
        }
        return md
    }

    /// The credit asked for, for a human: `CC signal cc-cr`, `RSL attribution (standard …)`.
    static func creditText(mechanism: String, detail: String) -> String {
        if detail.hasPrefix("cc-") { return "CC signal `\(code(detail))`" }
        if mechanism == Mechanism.rsl.rawValue {
            return detail.isEmpty ? "RSL attribution" : "RSL attribution (\(md(detail)))"
        }
        return detail.isEmpty ? "attribution" : "attribution (\(md(detail)))"
    }

    /// Text for a Markdown table cell: backslash, `|`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>` and
    /// `#` escaped with a backslash; line breaks become spaces.
    static func md(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\", "|", "`", "*", "_", "[", "]", "<", ">", "#":
                out += "\\"
                out.unicodeScalars.append(c)
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text inside a code span: backticks and `|` removed, line breaks become spaces.
    static func code(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.compactMap { c in
                    c == "`" || c == "|" ? nil : (c == "\n" || c == "\r" ? " " : c)
                }
            )
        )
    }
}
