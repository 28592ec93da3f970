// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the obligations ledger (credits, RSL payment totals per host and currency).

import Foundation
import HeedCore
import Testing

@testable import HeedAudit

private func rslPayment(_ host: String, _ detail: String, line: Int) -> Statement {
    ReportSamples.statement(
        .rsl,
        "\(host)/license.xml",
        line: line,
        value: .conditional,
        obligations: [Obligation(.payment, detail: detail)]
    )
}

private func conditional(_ host: String, _ i: Int, _ statements: [Statement]) -> AuditRecord {
    ReportSamples.record(
        "https://\(host)/\(i)",
        host,
        .conditional,
        deciding: statements,
        obligations: statements.flatMap(\.obligations)
    )
}

private let ccCredit = ReportSamples.statement(
    .robotsContentUsage,
    "a.example/robots.txt",
    line: 3,
    value: .conditional,
    obligations: [Obligation(.attribution, detail: "cc-cr")],
    raw: "Content-Usage: train-ai=n;exceptions=cc-cr"
)
private let rslAttribution = ReportSamples.statement(
    .rsl,
    "b.example/license.xml",
    line: 8,
    value: .conditional,
    obligations: [Obligation(.attribution, detail: "standard https://creativecommons.org/licenses/by/4.0/")]
)

/// a.example: 3 URLs at 0.015 USD per crawl, 2 URLs at 2 EUR per training (one of them also under
/// the CC credit); b.example: 4 URLs under RSL attribution, 2 of them also 10 USD per purchase.
private func sampleRecords() -> [AuditRecord] {
    let crawl = rslPayment("a.example", "0.015 USD per crawl; standard https://rsl.example/crawl", line: 5)
    let training = rslPayment("a.example", "2 EUR per training", line: 9)
    let purchase = rslPayment("b.example", "10 USD per purchase; accepts application/x-pay", line: 12)
    return [
        conditional("a.example", 1, [crawl]),
        conditional("a.example", 2, [crawl]),
        conditional("a.example", 3, [crawl]),
        conditional("a.example", 4, [training]),
        conditional("a.example", 5, [training, ccCredit]),
        conditional("b.example", 1, [rslAttribution, purchase]),
        conditional("b.example", 2, [rslAttribution, purchase]),
        conditional("b.example", 3, [rslAttribution]),
        conditional("b.example", 4, [rslAttribution]),
        // Not conditional: ignored.
        ReportSamples.record("https://a.example/x", "a.example", .optedOut, deciding: [crawl]),
    ]
}

private func ledger(_ records: [AuditRecord]) -> ObligationsLedger {
    var l = ObligationsLedger()
    for r in records { l.add(r) }
    return l
}

struct ObligationsLedgerTests {
    @Test("Payment totals per host and currency: per-crawl/per-training times URLs, purchase once")
    func paymentTotals() {
        let totals = ledger(sampleRecords()).paymentTotals()
        #expect(totals.count == 3)
        #expect(totals.map(\.host) == ["a.example", "a.example", "b.example"])
        #expect(totals.map(\.currency) == ["EUR", "USD", "USD"])
        #expect(totals.map(\.amount) == [Decimal(4), Decimal(string: "0.045")!, Decimal(10)])
        #expect(totals.map(\.urls) == [2, 3, 2])
        #expect(totals[0].terms == "2 EUR per training × 2 URLs")
        #expect(totals[1].terms == "0.015 USD per crawl × 3 URLs (standard https://rsl.example/crawl)")
        #expect(totals[2].terms == "10 USD per purchase (once) (accepts application/x-pay)")
    }

    @Test("Two terms in one currency on one host are summed")
    func sameCurrency() {
        let a = rslPayment("h", "0.5 USD per crawl", line: 1)
        let b = rslPayment("h", "1.25 USD per training", line: 2)
        let totals = ledger([conditional("h", 1, [a, b]), conditional("h", 2, [a])]).paymentTotals()
        #expect(totals.count == 1)
        #expect(totals[0].amount == Decimal(string: "2.25")!)  // 0.5 × 2 + 1.25 × 1
        #expect(totals[0].urls == 2)
        #expect(totals[0].terms == "0.5 USD per crawl × 2 URLs; 1.25 USD per training × 1 URLs")
    }

    @Test(
        "Reading RSL payment details",
        arguments: [
            ("0.015 USD per crawl", "0.015", "USD", "crawl", ""),
            (
                "10 EUR per purchase; standard https://x; terms y", "10", "EUR", "purchase",
                "standard https://x; terms y"
            ),
            ("crawl; standard https://x", nil, nil, nil, nil),
            ("1.2.3 USD per crawl", nil, nil, nil, nil),
            ("5 usd per crawl", nil, nil, nil, nil),
            (".5 USD per crawl", nil, nil, nil, nil),
            ("", nil, nil, nil, nil),
        ] as [(String, String?, String?, String?, String?)]
    )
    func price(detail: String, amount: String?, currency: String?, type: String?, rest: String?) {
        let p = ObligationsLedger.price(detail)
        #expect(p?.amount == amount)
        #expect(p?.currency == currency)
        #expect(p?.type == type)
        #expect(p?.rest == rest)
    }

    @Test("Merge: shards equal the whole, in any order")
    func merge() {
        let records = sampleRecords()
        let whole = ledger(records)
        let a = ledger(records.filter { $0.host == "a.example" })
        let b = ledger(records.filter { $0.host == "b.example" })
        var ab = a
        ab.merge(b)
        var ba = b
        ba.merge(a)
        #expect(ab == whole)
        #expect(ba == whole)
        // Splitting one host across shards too.
        var odd = ledger(records.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        odd.merge(ledger(records.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
        #expect(odd == whole)
        let data = try? JSONEncoder().encode(whole)
        #expect(data.flatMap { try? JSONDecoder().decode(ObligationsLedger.self, from: $0) } == whole)
    }

    @Test("Credits as Markdown: who asks for what, by which statement; payments; other conditions")
    func markdown() {
        var records = sampleRecords()
        records.append(
            conditional(
                "c|d.example",
                1,
                [
                    ReportSamples.statement(
                        .robotsContentUsage,
                        "c|d.example/robots.txt",
                        line: 2,
                        value: .conditional,
                        obligations: [Obligation(.openModel, detail: "cc-cr-op")]
                    )
                ]
            )
        )
        records.append(conditional("e.example", 1, [rslPayment("e.example", "crawl; custom *terms*", line: 4)]))
        let md = ledger(records).creditsMarkdown(title: "Credits <owed>")
        let expected = """
            ## Credits \\<owed\\>

            Under the signals Heed 0.1.0 read, 11 URLs on 4 hosts may be used on conditions. \
            Heed reports what the signals ask; it is not legal advice.

            ### Credit

            | Host | Credit asked for | Statement | URLs |
            |---|---|---|---:|
            | a.example | CC signal `cc-cr` | `robots.content-usage` a.example/robots.txt:3 | 1 |
            | b.example | RSL attribution (standard https://creativecommons.org/licenses/by/4.0/) | \
            `rsl` b.example/license.xml:8 | 4 |

            ### Payment terms

            Published RSL prices, summed: per-crawl, per-training and per-use amounts times the URLs concerned; \
            purchase and subscription prices once.

            | Host | Currency | Amount | URLs | Terms |
            |---|---|---:|---:|---|
            | a.example | EUR | 4 | 2 | 2 EUR per training × 2 URLs |
            | a.example | USD | 0.045 | 3 | 0.015 USD per crawl × 3 URLs (standard https://rsl.example/crawl) |
            | b.example | USD | 10 | 2 | 10 USD per purchase (once) (accepts application/x-pay) |

            Payment terms without a published amount:

            | Host | Terms | Statement | URLs |
            |---|---|---|---:|
            | e.example | crawl; custom \\*terms\\* | e.example/license.xml:4 | 1 |

            ### Other conditions

            | Host | Condition | Statement | URLs |
            |---|---|---|---:|
            | c\\|d.example | open\\_model: cc-cr-op | `robots.content-usage` c\\|d.example/robots.txt:2 | 1 |


            """
        #expect(md == expected)
    }

    @Test("An empty ledger says no host asks for credit")
    func empty() {
        let l = ledger([ReportSamples.record("https://a.example/", "a.example", .ok)])
        #expect(l.isEmpty)
        #expect(l.paymentTotals().isEmpty)
        #expect(l.creditsMarkdown(title: "Credits").contains("No host asks for credit.\n"))
    }
}
