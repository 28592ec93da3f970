// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: the timeline of www.vox.com (Corpus/history/vox), every change worked out by hand.

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedHistory

/// `agent aspect before→after mechanism:line`, one string per signal change, for exact comparisons.
func describe(_ changes: [SignalChange]) -> [String] {
    changes.map { c in
        let s = c.statement
        return "\(c.agent.name) \(c.aspect.name) \(c.before.value.rawValue)→\(c.after.value.rawValue) "
            + "\(s?.mechanism ?? "-"):\(s?.line.map(String.init) ?? "-")"
    }
}

/// The 18 registry agents that have a group of their own in www.vox.com's robots.txt from
/// 2024-06-30 on (lines 5–57), by their registry names.
let voxOwnGroups: Set<String> = [
    "GPTBot", "Google-Extended", "Amazonbot", "Applebot-Extended", "Applebot", "anthropic-ai", "Bytespider", "CCBot",
    "ChatGPT-User", "ClaudeBot", "Claude-Web", "Diffbot", "FacebookBot", "ImagesiftBot", "omgilibot", "omgili",
    "PerplexityBot", "YouBot",
]

/// Registry agents whose ai_train and ai_input the Google-Extended control token governs
/// (control-tokens.json lists Google's crawlers; these are the ones in agents.json).
let googleControlled = [
    "Google-CloudVertexBot", "Google-Extended", "GoogleOther", "GoogleOther-Image", "GoogleOther-Video",
]

struct HostHistoryTests {
    let history: HostHistory

    init() throws {
        history = try HostHistory.build(
            store: try Fixtures.store("vox"),
            host: "WWW.VOX.COM",
            specs: try Fixtures.specs()
        )
    }

    func step(_ day: String) throws -> HistoryStep {
        try #require(history.steps.first { HistoryDate.day($0.at) == day })
    }

    @Test func oneStepPerDatedSnapshotWithTheFirstAsBaseline() throws {
        #expect(history.host == "www.vox.com")
        #expect(history.origin == "https://www.vox.com")
        let dates = try Fixtures.dates("vox")
        #expect(history.steps.map { HistoryDate.day($0.at) } == dates)
        #expect(history.steps.map(\.baseline) == [true, false, false, false, false, false])
        // robots.txt in 6 versions (one per date), license.xml in 1.
        #expect(history.versions == 7)
        #expect(history.documentCount == 2)
        #expect(history.pages == ["https://www.vox.com/"])
        let baseline = try step("2023-06-01")
        #expect(baseline.documents.map(\.url) == ["https://www.vox.com/robots.txt"])
        #expect(baseline.signals.isEmpty && baseline.changeCount == 0)
    }

    /// Each step happened between the previous import and its own.
    @Test func stepsCarryTheirSpan() throws {
        let s = try step("2023-12-01")
        #expect(s.between == TimeSpan(from: try Fixtures.date("2023-06-01"), to: try Fixtures.date("2023-12-01")))
        #expect(s.documents[0].between == s.between)
        let licence = try step("2025-11-01")
        #expect(licence.between.from == (try Fixtures.date("2025-09-15")))
    }

    /// The charted figures: training crawlers (38 in the registry, control tokens excluded)
    /// disallowed from `/`, and denied agent × use cells of the home page (162 agents × 5).
    @Test func figuresPerStep() {
        #expect(history.steps.map(\.figures.trainingCrawlersDisallowed) == [0, 1, 1, 6, 6, 6])
        #expect(history.steps.map(\.figures.trainingCrawlers) == [38, 38, 38, 38, 38, 38])
        // 2023-12-01: GPTBot's implied ai_train deny, and Google-Extended's ai_train and ai_input
        // deny for 5 agents: 11. 2024-06-30: GPTBot allowed again (-1), 6 implied training denies,
        // Applebot and Applebot-Extended (control token), 3 implied search denies, ChatGPT-User's
        // ai_input: 22. 2025-09-15: ai_train deny for 140 star-group agents: 162. 2025-11-01: RSL
        // prohibits ai-train for the 9 agents that were not yet denied it: 171.
        #expect(history.steps.map(\.figures.deniedCells) == [0, 11, 11, 22, 162, 171])
        #expect(history.steps[0].figures.cells == 810)
    }

    /// 2023-12-01: GPTBot and Google-Extended get `Disallow: /` (lines 15–20 added).
    @Test func gptBotAndGoogleExtendedBlocked() throws {
        let s = try step("2023-12-01")
        #expect(s.documents.count == 1)
        let d = s.documents[0]
        #expect(d.kind == .changed && d.before?.body.count == 677 && d.after?.body.count == 750)
        #expect(d.lines?.removed == [])
        #expect(
            d.lines?.added.map(\.number) == [15, 16, 17, 18, 19, 20]
                && d.lines?.added.map(\.text) == [
                    "User-agent: GPTBot", "Disallow: /", "", "User-agent: Google-Extended", "Disallow: /", "",
                ]
        )
        let control = googleControlled.map { "\($0) ai_input unknown→deny robots.control-token:19" }
        let train = googleControlled.map { "\($0) ai_train unknown→deny robots.control-token:19" }
        #expect(
            describe(s.signals)
                == [
                    "Google-Extended access allow→disallow robots.access:19",
                    "GPTBot access allow→disallow robots.access:16",
                ] + control + train + ["GPTBot ai_train unknown→deny robots.implied:16"]
        )
    }

    /// 2024-01-31: one blank line added (line 32): a document change, no signal change.
    @Test func aBlankLineChangesNoSignal() throws {
        let s = try step("2024-01-31")
        #expect(s.documents.map(\.kind) == [.changed])
        #expect(s.documents[0].lines == LineDiff(added: [LineDiff.Line(32, "")], removed: []))
        #expect(s.signals.isEmpty)
        #expect(s.changeCount == 1)
    }

    /// 2024-06-30: the site's AI policy rewrite. GPTBot is allowed again (`Allow: /`, line 6) and
    /// 15 other agents get `Disallow: /`; implied preferences follow each crawler's purpose.
    @Test func policyRewrite() throws {
        let s = try step("2024-06-30")
        let disallowed = [
            ("Amazonbot", 12), ("anthropic-ai", 21), ("Applebot-Extended", 15), ("Bytespider", 24), ("CCBot", 27),
            ("ChatGPT-User", 30), ("Claude-Web", 36), ("ClaudeBot", 33), ("Diffbot", 39), ("FacebookBot", 42),
            ("ImagesiftBot", 45), ("omgili", 51), ("omgilibot", 48), ("PerplexityBot", 54), ("YouBot", 57),
        ]
        var expected = disallowed.map { "\($0.0) access allow→disallow robots.access:\($0.1)" }
        expected.append("GPTBot access disallow→allow robots.access:6")
        expected.sort()
        let search = [
            "Amazonbot search unknown→deny robots.implied:12", "Applebot search unknown→allow robots.implied:18",
            "PerplexityBot search unknown→deny robots.implied:54", "YouBot search unknown→deny robots.implied:57",
        ]
        let input = ["ChatGPT-User ai_input unknown→deny robots.implied:30"]
        let train = [
            "Amazonbot ai_train unknown→deny robots.implied:12", "anthropic-ai ai_train unknown→deny robots.implied:21",
            "Applebot ai_train unknown→deny robots.control-token:15",
            "Applebot-Extended ai_train unknown→deny robots.control-token:15",
            "Bytespider ai_train unknown→deny robots.implied:24", "CCBot ai_train unknown→deny robots.implied:27",
            "ClaudeBot ai_train unknown→deny robots.implied:33", "FacebookBot ai_train unknown→deny robots.implied:42",
            "GPTBot ai_train deny→allow robots.implied:6",
        ]
        let got = describe(s.signals)
        #expect(got.filter { $0.contains(" access ") }.sorted() == expected)
        #expect(got.filter { $0.contains(" search ") } == search)
        #expect(got.filter { $0.contains(" ai_input ") } == input)
        #expect(got.filter { $0.contains(" ai_train ") } == train)
        #expect(got.count == 16 + 4 + 1 + 9)
        // Grouped for reading: the 15 new blocks are one line.
        let lines = ChangeText.lines(documents: [], signals: s.signals, host: "www.vox.com", indent: "")
        #expect(
            lines.contains(
                "  access for 15 agents (7 training, 4 data-provider, 2 search, 1 unknown-purpose, 1 user-fetch): "
                    + "allow → disallow (robots.access robots.txt lines 12, 15, 21, 24, 27, 30, 33, 36, …)"
            )
        )
        #expect(lines.contains("  GPTBot access: disallow → allow (robots.access robots.txt:6 \"Allow: /\")"))
        #expect(
            lines.contains(
                "  ai_train for 6 training crawlers: unknown → deny (robots.implied robots.txt lines 12, 21, 24, 27, 33, 42)"
            )
        )
    }

    /// 2025-09-15 (synthetic): `Content-Signal: search=yes, ai-train=no` in the first `*` group
    /// (line 4) speaks for every agent without a group of its own: `*` and 143 registry agents.
    @Test func contentSignalForTheStarGroup() throws {
        let s = try step("2025-09-15")
        #expect(s.documents[0].lines?.added == [LineDiff.Line(4, "Content-Signal: search=yes, ai-train=no")])
        let starAgents = HistoryAgent.all(try Fixtures.specs().registry).map(\.name).filter {
            !voxOwnGroups.contains($0)
        }
        #expect(starAgents.count == 144 && starAgents.first == "*")
        let search = s.signals.filter { $0.aspect == .use(.search) }
        #expect(search.map(\.agent.name) == starAgents)
        #expect(search.allSatisfy { $0.before.value == .unknown && $0.after.value == .allow })
        #expect(
            search.allSatisfy {
                $0.statement
                    == DecidingStatement(
                        mechanism: "robots.content-signal",
                        document: "https://www.vox.com/robots.txt",
                        line: 4,
                        raw: "Content-Signal: search=yes, ai-train=no"
                    )
            }
        )
        // ai_train: the same agents except the four Google-Extended already denied.
        let train = s.signals.filter { $0.aspect == .use(.aiTrain) }
        #expect(train.map(\.agent.name) == starAgents.filter { !googleControlled.contains($0) })
        #expect(train.allSatisfy { $0.before.value == .unknown && $0.after.value == .deny })
        #expect(s.signals.count == 144 + 140)
    }

    /// 2025-11-01 (synthetic): `License:` names an RSL licence prohibiting ai-train (9takes.com's
    /// real licence). GPTBot, allowed to train by its own group, is now denied; so are the eight
    /// own-group agents whose purpose implied nothing about training.
    @Test func rslLicenceDeniesTraining() throws {
        let s = try step("2025-11-01")
        #expect(s.documents.map(\.url) == ["https://www.vox.com/license.xml", "https://www.vox.com/robots.txt"])
        #expect(s.documents.map(\.kind) == [.added, .changed])
        #expect(s.documents[0].lines?.added.count == 8)
        #expect(s.documents[1].lines?.added == [LineDiff.Line(84, "License: https://www.vox.com/license.xml")])
        let train = s.signals.filter { $0.aspect == .use(.aiTrain) }
        #expect(
            describe(train) == [
                "ChatGPT-User ai_train unknown→deny rsl:5", "Claude-Web ai_train unknown→deny rsl:5",
                "Diffbot ai_train unknown→deny rsl:5", "GPTBot ai_train allow→deny rsl:5",
                "ImagesiftBot ai_train unknown→deny rsl:5", "omgili ai_train unknown→deny rsl:5",
                "omgilibot ai_train unknown→deny rsl:5", "PerplexityBot ai_train unknown→deny rsl:5",
                "YouBot ai_train unknown→deny rsl:5",
            ]
        )
        // The licence permits what it does not prohibit: ai_index and tdm become allowed for all
        // 162 agents; ai_input for all but the six already denied it; search for the 14 own-group
        // agents whose purpose said nothing of search.
        let count = { (c: UseCategory) in s.signals.filter { $0.aspect == .use(c) }.count }
        #expect(count(.aiIndex) == 162 && count(.tdm) == 162 && count(.aiInput) == 156 && count(.search) == 14)
        #expect(s.signals.filter { $0.aspect == .access }.isEmpty)
    }

    /// `--since`: steps at or after the date; the last earlier state is the comparison baseline.
    @Test func sinceWindow() throws {
        let store = try Fixtures.store("vox")
        let specs = try Fixtures.specs()
        let window = try HostHistory.build(
            store: store,
            host: "www.vox.com",
            specs: specs,
            since: try Fixtures.date("2024-06-30")
        )
        #expect(window.steps.map { HistoryDate.day($0.at) } == ["2024-06-30", "2025-09-15", "2025-11-01"])
        #expect(window.steps.allSatisfy { !$0.baseline })
        #expect(window.start?.at == (try Fixtures.date("2024-01-31")))
        #expect(window.start?.figures.deniedCells == 11)
        #expect(window.changes == (1 + 30) + (1 + 284) + (2 + 503))
        // A time inside a day: 2024-06-30T00:00:01Z is after that step.
        let later = try HostHistory.build(
            store: store,
            host: "www.vox.com",
            specs: specs,
            since: try HistoryDate.parse("2024-06-30T00:00:01Z")
        )
        #expect(later.steps.count == 2)
        let none = try HostHistory.build(
            store: store,
            host: "www.vox.com",
            specs: specs,
            since: try Fixtures.date("2026-01-01")
        )
        #expect(none.steps.isEmpty && none.changes == 0)
        #expect(none.start?.figures.deniedCells == 171)
        // Before the first sighting: the whole history, baseline included.
        let all = try HostHistory.build(
            store: store,
            host: "www.vox.com",
            specs: specs,
            since: try Fixtures.date("2020-01-01")
        )
        #expect(all.steps.count == 6 && all.steps[0].baseline && all.start == nil)
    }

    @Test func anUnknownHostIsAnError() throws {
        #expect(throws: HeedHistoryError.self) {
            try HostHistory.build(store: try Fixtures.store("vox"), host: "example.org", specs: try Fixtures.specs())
        }
    }
}
