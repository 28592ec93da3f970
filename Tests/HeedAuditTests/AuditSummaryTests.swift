// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: audit totals, their merge (shards), and the terminal summary.

import HeedCore
import Testing

@testable import HeedAudit

/// Seven records over three hosts, one of each verdict and a second opted-out one.
private func smallSet() -> [AuditRecord] {
    let cond = ReportSamples.statement(
        .tdmrepJSON,
        "c.example/.well-known/tdmrep.json",
        element: "tdmrep.json[0]",
        value: .conditional,
        obligations: [Obligation(.payment)]
    )
    let disallow = AccessResult(value: .disallow, reason: "matched-rule", document: "b.example/robots.txt", line: 4)
    return [
        ReportSamples.record("https://a.example/1", "a.example", .ok),
        ReportSamples.record(
            "https://a.example/2",
            "a.example",
            .optedOut,
            deciding: [ReportSamples.rslDeny, ReportSamples.tdmDeny]
        ),
        ReportSamples.record("https://a.example/3", "a.example", .optedOut, deciding: [ReportSamples.rslDeny]),
        ReportSamples.record("https://b.example/1", "b.example", .blocked, access: disallow),
        ReportSamples.record("https://b.example/2", "b.example", .unknown, note: "robots.txt never fetched"),
        ReportSamples.record("https://c.example/1", "c.example", .conditional, deciding: [cond]),
        ReportSamples.record(
            "https://c.example/2",
            "c.example",
            .exception,
            deciding: [ReportSamples.rslDeny],
            exception: AppliedException(id: "eu-dsm-art3", clause: "Art. 3", summary: "s")
        ),
    ]
}

private func summary(_ records: [AuditRecord], unknownAs: VerdictKind = .optedOut) -> AuditSummary {
    var s = AuditSummary(unknownAs: unknownAs)
    for r in records { s.add(r) }
    return s
}

/// 1,000 synthetic records over 37 hosts, every verdict and several mechanisms.
private func syntheticSet() -> [AuditRecord] {
    let kinds = VerdictKind.allCases
    return (0..<1000).map { i in
        let host = "h\(i % 37).example"
        let kind = kinds[(i * 7 + i / 37) % kinds.count]
        var deciding: [Statement] = []
        if kind == .optedOut || kind == .exception || kind == .conditional {
            deciding.append(i % 2 == 0 ? ReportSamples.rslDeny : ReportSamples.tdmDeny)
            if i % 5 == 0 {
                deciding.append(ReportSamples.statement(.robotsContentUsage, "\(host)/robots.txt", line: 3))
            }
        }
        return ReportSamples.record("https://\(host)/p\(i)", host, kind, deciding: deciding)
    }
}

private func shardOf(_ host: String, _ n: Int) -> Int { host.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % n }

struct AuditSummaryTests {
    @Test("Counts per verdict, per mechanism, per host; affected shares")
    func counts() {
        let s = summary(smallSet())
        #expect(s.urls == 7)
        #expect(s.distinctHosts == 3)
        #expect(VerdictKind.allCases.map { s.count($0) } == [1, 1, 2, 1, 1, 1])
        #expect(s.count(mechanism: .rsl) == 3)
        #expect(s.count(mechanism: .tdmrepJSON) == 2)
        #expect(s.count(mechanism: .robotsAccess) == 1)
        #expect(s.count(mechanism: .aiTxt) == 0)
        #expect(s.mechanisms == ["rsl": 3, "tdmrep.json": 2, "robots.access": 1])
        #expect(s.urlsAffected == 4)
        #expect(s.hostsAffected == 3)
        #expect(s.hosts["a.example"]?.counts == [1, 0, 2, 0, 0, 0])
        #expect(s.hosts["b.example"]?.blocked == 1)
        #expect(s.effectiveCount(.optedOut) == 3)
        #expect(s.effectiveCount(.unknown) == 0)
        #expect(s.effectiveCount(.ok) == 1)
        let asOK = summary(smallSet(), unknownAs: .ok)
        #expect(asOK.effectiveCount(.ok) == 2)
        #expect(asOK.effectiveCount(.optedOut) == 2)
        let apart = summary(smallSet(), unknownAs: .unknown)
        #expect(apart.effectiveCount(.unknown) == 1)
    }

    @Test("Top hosts: most first, ties by name, zero left out")
    func topHosts() {
        var s = summary(smallSet())
        s.add(ReportSamples.record("https://d.example/", "d.example", .optedOut, deciding: [ReportSamples.rslDeny]))
        s.add(ReportSamples.record("https://d.example/2", "d.example", .optedOut, deciding: [ReportSamples.rslDeny]))
        let top = s.topHosts(by: .optedOut, limit: 10)
        #expect(top.map(\.host) == ["a.example", "d.example"])
        #expect(top.map(\.count) == [2, 2])
        #expect(top.map(\.of) == [3, 2])
        #expect(s.topHosts(by: .optedOut, limit: 1).map(\.host) == ["a.example"])
        #expect(s.topHosts(by: .blocked, limit: 10).map(\.host) == ["b.example"])
        #expect(s.topHosts(by: .ok, limit: 0).isEmpty)
    }

    @Test("Merge is commutative and associative")
    func mergeLaws() {
        let set = smallSet()
        var a = summary(Array(set[0..<3]))
        a.noteSignalDate("2026-11-02T00:00:00Z")
        a.noteManifest(entries: 3, problems: 1, firstProblems: ["m.txt:9: not a URL"])
        var b = summary(Array(set[3..<5]), unknownAs: .ok)
        b.noteSignalDate("2026-10-01T00:00:00Z")
        var c = summary(Array(set[5...]), unknownAs: .unknown)
        c.noteSignalDate("2026-12-24T08:00:00Z")
        c.noteManifest(entries: 2, problems: 1, firstProblems: ["m.txt:2: bad"])
        func plus(_ x: AuditSummary, _ y: AuditSummary) -> AuditSummary {
            var r = x
            r.merge(y)
            return r
        }
        #expect(plus(a, b) == plus(b, a))
        #expect(plus(plus(a, b), c) == plus(a, plus(b, c)))
        #expect(plus(plus(c, a), b) == plus(plus(a, b), c))
        let all = plus(plus(a, b), c)
        #expect(all.urls == 7)
        #expect(all.unknownAs == .optedOut)
        #expect(all.oldestSignal == "2026-10-01T00:00:00Z")
        #expect(all.newestSignal == "2026-12-24T08:00:00Z")
        #expect(all.manifestEntries == 5)
        #expect(all.manifestProblems == 2)
        #expect(all.firstProblems == ["m.txt:2: bad", "m.txt:9: not a URL"])
        #expect(plus(AuditSummary(), a) == a)
    }

    @Test("The union of N shards equals the unsharded run (1,000 records), through the Codable form")
    func shardedEqualsWhole() throws {
        let records = syntheticSet()
        var whole = summary(records)
        for (i, _) in records.enumerated() { whole.noteSignalDate("2026-11-\(10 + i % 20)T00:00:00Z") }
        whole.noteManifest(entries: 1000, problems: 3, firstProblems: ["m:17: x", "m:5: y", "m:900: z"])
        for n in [1, 2, 4, 7] {
            var shards = Array(repeating: AuditSummary(), count: n)
            var entries = Array(repeating: 0, count: n)
            for (i, r) in records.enumerated() {
                let k = shardOf(r.host, n)
                shards[k].add(r)
                shards[k].noteSignalDate("2026-11-\(10 + i % 20)T00:00:00Z")
                entries[k] += 1
            }
            for k in 0..<n {
                let problems = k == 0 ? ["m:17: x", "m:5: y", "m:900: z"] : []
                shards[k].noteManifest(entries: entries[k], problems: problems.count, firstProblems: problems)
            }
            // Written and read back, as `heed merge` does.
            let decoded = try shards.map { s in
                try AuditSummary(encoded: try s.encoded(), location: "shard")
            }
            #expect(decoded == shards)
            var forward = AuditSummary()
            for s in decoded { forward.merge(s) }
            var backward = AuditSummary()
            for s in decoded.reversed() { backward.merge(s) }
            #expect(forward == whole)
            #expect(backward == whole)
            #expect(try forward.encoded() == whole.encoded())
        }
        #expect(whole.urls == 1000)
        #expect(whole.distinctHosts == 37)
        #expect(whole.firstProblems == ["m:5: y", "m:17: x", "m:900: z"])
        #expect(whole.oldestSignal == "2026-11-10T00:00:00Z")
        #expect(whole.newestSignal == "2026-11-29T00:00:00Z")
        #expect(VerdictKind.allCases.map { whole.count($0) }.reduce(0, +) == 1000)
    }

    @Test("Problem texts: ordered by line number, duplicates removed, capped; count exact")
    func problems() {
        var s = AuditSummary()
        s.noteManifest(entries: 20, problems: 12, firstProblems: (1...12).reversed().map { "m.txt:\($0): bad" })
        s.noteManifest(entries: 0, problems: 1, firstProblems: ["m.txt:3: bad", "stdin: unreadable"])
        #expect(s.manifestProblems == 13)
        #expect(s.firstProblems == (1...10).map { "m.txt:\($0): bad" })
        #expect(AuditSummary.lineNumber("m.txt:17: x") == 17)
        #expect(AuditSummary.lineNumber("c:\\m.txt: 17 : x") == 17)
        #expect(AuditSummary.lineNumber("stdin: unreadable") == Int.max)
    }

    @Test("A corrupt summary file is a bad-format error")
    func corrupt() {
        #expect(throws: HeedAuditError.self) { try AuditSummary(encoded: Array("{\"urls\":1}".utf8), location: "x") }
        #expect(throws: HeedAuditError.self) { try AuditSummary(encoded: [0xFF, 0x00], location: "x") }
    }

    @Test("One summary line for --quiet")
    func quietLine() {
        #expect(
            SummaryText.line(summary(smallSet()))
                == "7 URLs, 3 hosts: ok 1, conditional 1, opted-out 2, exception 1, blocked 1, unknown 1 "
                + "(as opted-out); affected 57.1% of URLs, 100.0% of hosts; 0 unreadable manifest lines"
        )
        #expect(
            SummaryText.line(AuditSummary(unknownAs: .unknown))
                == "0 URLs, 0 hosts: ok 0, conditional 0, opted-out 0, exception 0, blocked 0, unknown 0; "
                + "affected 0.0% of URLs, 0.0% of hosts; 0 unreadable manifest lines"
        )
    }

    @Test(
        "Percentages round half up to one decimal",
        arguments: [
            (1, 7, "14.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (0, 0, "0.0%"), (5, 5, "100.0%"), (1, 2000, "0.1%"),
            (1, 2001, "0.0%"),
        ]
    )
    func percent(n: Int, total: Int, expected: String) {
        #expect(SummaryText.percent(n, of: total) == expected)
    }

    @Test("Terminal summary: tables, top hosts, affected shares, manifest problems")
    func render() {
        var s = summary(smallSet())
        s.noteManifest(entries: 8, problems: 1, firstProblems: ["m.txt:4: not a URL"])
        let text = SummaryText.render(s, profile: "commercial-genai-training", use: .aiTrain)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "heed audit: 7 URLs on 3 hosts, use ai_train, profile commercial-genai-training")
        // First column 30 wide ("unknown (counted as opted-out)"), then "URLs" (4), then "% of URLs" (9).
        #expect(lines[2] == "verdict                         URLs  % of URLs")
        #expect(lines[3] == "ok                                 1      14.3%")
        #expect(lines[5] == "opted-out                          2      28.6%")
        #expect(lines[8] == "unknown (counted as opted-out)     1      14.3%")
        #expect(lines[10] == "deciding mechanism  URLs  % of URLs")
        #expect(lines[11] == "rsl                    3      42.9%")
        #expect(lines[12] == "tdmrep.json            2      28.6%")
        #expect(lines[13] == "robots.access          1      14.3%")
        #expect(
            text.contains(
                "top hosts by opted-out URLs  opted-out  of URLs      %\n"
                    + "a.example                            2        3  66.7%\n"
            )
        )
        #expect(
            text.contains("affected (opted-out, blocked or exception): 4 of 7 URLs (57.1%), 3 of 3 hosts (100.0%)\n")
        )
        #expect(
            text.contains("unknown: 1 URLs counted as opted-out (--unknown); opted-out with them: 3 URLs (42.9%)\n")
        )
        #expect(text.hasSuffix("manifest: 8 entries, 1 unreadable\n  m.txt:4: not a URL\n"))
    }
}
