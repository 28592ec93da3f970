// SPDX-License-Identifier: Apache-2.0
// Heed tests: Creative Commons CC signals 0.1, the `exceptions` parameter on an AIPREF disallow.
// Examples from the creativecommons/cc-signals README; SIGNALS.md §3 and §12 row 12, cross vector 7.

import Foundation
import Testing

@testable import HeedCore

struct CCCase: Sendable, CustomTestStringConvertible {
    var value: SFBareItem
    var expected: [Obligation.Kind]?
    var finding: String?
    var testDescription: String {
        "\(value) → \(expected.map { $0.map(\.rawValue).joined(separator: "+") } ?? "ignored")"
    }
    init(_ value: SFBareItem, _ expected: [Obligation.Kind]?, finding: String? = nil) {
        self.value = value
        self.expected = expected
        self.finding = finding
    }
}

struct CCSignalsTests {
    static let cases: [CCCase] = [
        CCCase(.token("cc-cr"), [.attribution]),
        CCCase(.token("cc-cr-dc"), [.attribution, .contribution]),
        CCCase(.token("cc-cr-ec"), [.attribution, .contributionToEcosystem]),
        CCCase(.token("cc-cr-op"), [.attribution, .openModel]),
        // Non-canonical, meaning clear: read with a warning.
        CCCase(.token("CC-CR"), [.attribution], finding: "cc-signal-non-canonical"),
        CCCase(.token("Cc-Cr-Ec"), [.attribution, .contributionToEcosystem], finding: "cc-signal-non-canonical"),
        CCCase(.string("cc-cr"), [.attribution], finding: "cc-signal-non-canonical"),
        CCCase(.string(" cc-cr-op "), [.attribution, .openModel], finding: "cc-signal-non-canonical"),
        CCCase(.string("cc-cr - dc"), [.attribution, .contribution], finding: "cc-signal-non-canonical"),
        CCCase(.token("cc_cr_op"), [.attribution, .openModel], finding: "cc-signal-non-canonical"),
        CCCase(.token("cc-dc"), [.contribution], finding: "cc-signal-non-canonical"),
        CCCase(.token("cc-op-cr"), [.openModel, .attribution], finding: "cc-signal-non-canonical"),
        // Meaning unclear: ignored (the value stays a plain deny).
        CCCase(.token("cc-cr-xx"), nil, finding: "cc-signal-unknown"),
        CCCase(.token("cc-cr-cr"), nil, finding: "cc-signal-unknown"),
        CCCase(.token("cc-"), nil, finding: "cc-signal-unknown"),
        CCCase(.token("cr"), nil, finding: "cc-signal-unknown"),
        CCCase(.token("by-sa"), nil, finding: "cc-signal-unknown"),
        CCCase(.string("cc-cr cc-ec"), nil, finding: "cc-signal-unknown"),
        CCCase(.integer(1), nil, finding: "cc-signal-unknown"),
        CCCase(.boolean(true), nil, finding: "cc-signal-unknown"),
    ]

    @Test(arguments: cases)
    func readsExceptionCodes(_ c: CCCase) {
        let (reading, findings) = PrefSpecs.cc.read(exceptions: c.value, label: "train-ai", line: 3)
        #expect(reading?.obligations.map(\.kind) == c.expected)
        #expect(findings.map(\.code) == (c.finding.map { [$0] } ?? []))
        #expect(findings.allSatisfy { $0.line == 3 && $0.severity == .warning })
        if let reading {
            #expect(reading.canonical == (c.finding == nil))
            #expect(reading.obligations.allSatisfy { $0.detail == reading.code })
        }
    }

    @Test func vocabularyData() {
        let v = PrefSpecs.cc
        #expect(v.spec == "CC signals 0.1")
        #expect(v.parameter == "exceptions")
        #expect(v.signals.map(\.code) == ["cc-cr", "cc-cr-dc", "cc-cr-ec", "cc-cr-op"])
        #expect(v.signals.allSatisfy { $0.elements.first == "cr" })
        // A signal naming an element the table does not define.
        let bad =
            #"{"version":1,"spec":"x","parameter":"p","prefix":"cc-","elements":[],"#
            + #""signals":[{"code":"cc-cr","name":"n","elements":["cr"]}]}"#
        #expect(throws: HeedCoreError.self) { try CCSignalsVocabulary(json: Data(bad.utf8)) }
    }

    /// README robots.txt example (v0.1 used the -02 label `ai-use`, current in -08).
    @Test func readmeRobotsExample() {
        let robots = RobotsTxt("User-Agent: *\nContent-Usage: ai-use=n;exceptions=cc-cr\nAllow: /\n")
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.isEmpty)
        let s = signals.statements(for: PrefSpecs.query(robots, "somebot", "https://example.com/any/page"))
        #expect(s.count == 1)
        #expect(s.first?.category == .aiInput)
        #expect(s.first?.value == .conditional)
        #expect(s.first?.obligations == [Obligation(.attribution, detail: "cc-cr")])
        #expect(s.first?.provenance.line == 2)
        #expect(s.first?.provenance.spec.contains("CC signals 0.1") == true)
    }

    /// README header example: `train-genai` is a -02 label (legacy), so it is read as ai_train with an
    /// info finding; the CC signal makes it conditional on credit and an ecosystem contribution.
    @Test func readmeHeaderExample() {
        let doc = Document(
            url: "https://example.com/x",
            headers: HTTPHeaders([("Content-Usage", "train-genai=n;exceptions=cc-cr-ec")]),
            body: []
        )
        let header = ContentUsageHeader(document: doc, vocabulary: PrefSpecs.aipref, ccSignals: PrefSpecs.cc)
        let s = header.statements(
            for: SignalQuery(url: "https://example.com/x", agent: .star, matcher: nil, crawlable: true)
        )
        #expect(s.count == 1)
        #expect(s.first?.category == .aiTrain)
        #expect(s.first?.value == .conditional)
        #expect(s.first?.obligations.map(\.kind) == [.attribution, .contributionToEcosystem])
        #expect(s.first?.provenance.spec.contains("draft-ietf-aipref-vocab-02 + CC signals 0.1") == true)
        #expect(header.findings.map(\.code) == ["content-usage-legacy-label"])
    }

    /// Cross vector 7: `train-ai=n;exceptions=cc-cr` → AIPREF-only reading deny; CC-aware conditional.
    @Test func crossVector7() {
        let value = "train-ai=n;exceptions=cc-cr"
        let plain = ContentUsagePreference(parsing: value, vocabulary: PrefSpecs.aipref)
        #expect(plain.value(of: .aiTrain) == .deny)
        #expect(plain.entry(.aiTrain)?.obligations == [])
        #expect(plain.findings.isEmpty)
        let aware = ContentUsagePreference(parsing: value, vocabulary: PrefSpecs.aipref, ccSignals: PrefSpecs.cc)
        #expect(aware.value(of: .aiTrain) == .conditional)
        #expect(aware.entry(.aiTrain)?.obligations == [Obligation(.attribution, detail: "cc-cr")])
        #expect(aware.findings.isEmpty)
    }

    @Test func earlierReadmeFormWithVocab01Label() {
        let p = ContentUsagePreference(
            parsing: "ai=n;exceptions=cc-cr",
            vocabulary: PrefSpecs.aipref,
            ccSignals: PrefSpecs.cc
        )
        #expect(p.value(of: .aiTrain) == .conditional)
        #expect(p.findings.map(\.code) == ["content-usage-legacy-label"])
    }

    @Test func exceptionsOnAllowStayAllowWithAWarning() {
        let p = ContentUsagePreference(
            parsing: "train-ai=y;exceptions=cc-cr",
            vocabulary: PrefSpecs.aipref,
            ccSignals: PrefSpecs.cc,
            line: 4
        )
        #expect(p.value(of: .aiTrain) == .allow)
        #expect(p.findings.map(\.code) == ["cc-signal-on-allow"])
        #expect(p.findings.first?.line == 4)
    }

    @Test func unknownCodeLeavesAPlainDeny() {
        let p = ContentUsagePreference(
            parsing: "train-ai=n;exceptions=cc-nope, search=y",
            vocabulary: PrefSpecs.aipref,
            ccSignals: PrefSpecs.cc
        )
        #expect(p.value(of: .aiTrain) == .deny)
        #expect(p.value(of: .search) == .allow)
        #expect(p.findings.map(\.code) == ["cc-signal-unknown"])
    }

    @Test func nonCanonicalCodeIsReadWithAWarning() {
        let p = ContentUsagePreference(
            parsing: #"ai-use=n;exceptions="CC-CR-DC""#,
            vocabulary: PrefSpecs.aipref,
            ccSignals: PrefSpecs.cc
        )
        #expect(p.value(of: .aiInput) == .conditional)
        #expect(p.entry(.aiInput)?.obligations.map(\.kind) == [.attribution, .contribution])
        #expect(p.findings.map(\.code) == ["cc-signal-non-canonical"])
    }

    /// Identical robots.txt paths: `n;exceptions=cc-cr` and `n;exceptions=cc-cr-op` combine as
    /// conditional with the union of obligations; a plain `n` on the same path beats both.
    @Test func conditionalsOnIdenticalPathsUnion() {
        let text = """
            User-agent: *
            Content-Usage: /a/ train-ai=n;exceptions=cc-cr
            Content-Usage: /a/ train-ai=n;exceptions=cc-cr-op
            Content-Usage: /b/ train-ai=n;exceptions=cc-cr
            Content-Usage: /b/ train-ai=n
            """
        let robots = RobotsTxt(text)
        let signals = PrefSpecs.robots(robots)
        let a = signals.statements(for: PrefSpecs.query(robots, "x", "/a/1"))
        #expect(a.map(\.value) == [.conditional])
        #expect(
            Set(a[0].obligations) == [
                Obligation(.attribution, detail: "cc-cr"), Obligation(.attribution, detail: "cc-cr-op"),
                Obligation(.openModel, detail: "cc-cr-op"),
            ]
        )
        let b = signals.statements(for: PrefSpecs.query(robots, "x", "/b/1"))
        #expect(b.map(\.value) == [.deny])
        #expect(b.first?.provenance.line == 5)
        #expect(b.first?.obligations == [])
    }
}
