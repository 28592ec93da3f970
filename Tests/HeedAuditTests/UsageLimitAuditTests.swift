// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: RSL user and geo limits (RSL 1.0 §3.4.1, §3.5) decided by a whole audit over
// Corpus/snapshots/use-limits (see its README). Expected verdicts worked out by hand from the licence
// files and the rules on `UsageLimits` (actor → RSL user class, jurisdiction → ISO codes).

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedAudit

struct UsageLimitAuditTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let urls = [
        "https://nc-france.example/articles/1",
        "https://paid-commercial.example/story",
        "https://no-us.example/page",
    ]

    static let tdmURLs = [
        "https://tdm-press.example/research/a",
        "https://tdm-press.example/news/a",
        "https://tdm-press.example/archive/a",
    ]

    /// Runs `urls` through the auditor; returns one `verdict` per URL, with ` [obligations]` for a
    /// conditional one.
    static func audit(
        _ profile: String,
        urls: [String] = urls,
        actor: AuditProfile.Actor? = nil,
        jurisdiction: AuditProfile.Jurisdiction? = nil
    ) throws -> [String] {
        let specsDir = root.appendingPathComponent("SignalSpecs")
        let load: (String) -> Data? = { FileManager.default.contents(atPath: specsDir.appendingPathComponent($0).path) }
        let specs = try SignalSpecs(load: load)
        let policy = AuditPolicy(
            profile: try AuditProfile.named(profile, load: load),
            actor: actor,
            jurisdiction: jurisdiction
        )
        let index = SnapshotIndex(try Snapshot(root: root.appendingPathComponent("Corpus/snapshots/use-limits")))
        let auditor = Auditor(
            config: AuditConfiguration(policy: policy, specs: specs, workers: 1, batchSize: 16),
            source: { url in (try? index.lookup(url)) ?? .neverFetched },
            pages: index
        )
        let manifest = FileManager.default.temporaryDirectory
            .appendingPathComponent("heed-limits-\(UUID().uuidString).txt")
        try Data((urls.joined(separator: "\n") + "\n").utf8).write(to: manifest)
        defer { try? FileManager.default.removeItem(at: manifest) }
        var out: [String] = []
        let reader = try ManifestReader(path: manifest.path, options: ManifestOptions())
        _ = try auditor.run(
            reader,
            only: nil,
            emitAudited: { r in
                let v = r.verdict
                let obligations = v.obligations.map { o in
                    o.detail.map { "\(o.kind.rawValue)(\($0))" } ?? o.kind.rawValue
                }
                let shown = v.kind == .conditional && !obligations.isEmpty
                out.append(v.kind.rawValue + (shown ? " [\(obligations.joined(separator: ","))]" : ""))
            },
            problem: { _ in }
        )
        return out
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var profile: String
        var actor: AuditProfile.Actor?
        var jurisdiction: AuditProfile.Jurisdiction?
        /// nc-france, paid-commercial, no-us.
        var expected: [String]
        var testDescription: String {
            "\(profile) \(actor?.rawValue ?? "-") \(jurisdiction?.rawValue ?? "-")"
        }
    }

    static let cases: [Case] = [
        // Commercial, no jurisdiction: not a non-commercial user; the commercial licence costs 0.05 USD;
        // the US prohibition stays a condition.
        Case(
            profile: "commercial-genai-training",
            expected: [
                "opted-out", "conditional [payment(0.05 USD per training)]",
                "conditional [region(prohibits US)]",
            ]
        ),
        Case(
            profile: "commercial-genai-training",
            jurisdiction: .us,
            expected: ["opted-out", "conditional [payment(0.05 USD per training)]", "opted-out"]
        ),
        // eu-commercial-tdm: EU; France is one member state (undecided), the US prohibition does not apply.
        Case(
            profile: "eu-commercial-tdm",
            expected: ["opted-out", "conditional [payment(0.05 USD per training)]", "ok"]
        ),
        Case(
            profile: "commercial-genai-training",
            actor: .nonCommercial,
            expected: ["conditional [region(permits FR)]", "ok", "conditional [region(prohibits US)]"]
        ),
        Case(
            profile: "commercial-genai-training",
            actor: .education,
            jurisdiction: .jp,
            expected: ["opted-out", "ok", "ok"]
        ),
        Case(
            profile: "commercial-genai-training",
            actor: .government,
            jurisdiction: .sg,
            expected: ["opted-out", "opted-out", "ok"]
        ),
        // Research organisation in the EU (non-commercial user class): France undecided inside the EU.
        Case(
            profile: "eu-research-organisation",
            expected: ["conditional [region(permits FR)]", "ok", "ok"]
        ),
        // Non-commercial research in the UK: outside France → the licence refuses; s29A applies.
        Case(
            profile: "uk-non-commercial-research",
            expected: ["exception", "ok", "ok"]
        ),
    ]

    static let rights = "https://rights.example/policies/"

    /// tdm-press.example: /research/ consent policy, /news/ paid non-research policy, /archive/ a
    /// policy the snapshot lacks (404: not read, the reservation stands).
    static let tdmCases: [Case] = [
        Case(
            profile: "commercial-genai-training",
            expected: [
                "conditional [consent(obtain consent from Press Rights, mailto:tdm@rights.example; policy \(rights)1)]",
                "conditional [payment(0.02 EUR per tdm; policy \(rights)2)]",
                "opted-out",
            ]
        ),
        // Art. 3: the reservations, and the policies' terms with them, do not bind.
        Case(profile: "eu-research-organisation", expected: ["exception", "exception", "exception"]),
        Case(
            profile: "eu-research-organisation",
            jurisdiction: .us,
            expected: [
                "conditional [consent(obtain consent from Press Rights, mailto:tdm@rights.example; policy \(rights)1)]",
                "opted-out", "opted-out",
            ]
        ),
        Case(
            profile: "commercial-genai-training",
            actor: .nonCommercial,
            expected: [
                "conditional [consent(obtain consent from Press Rights, mailto:tdm@rights.example; policy \(rights)1)]",
                "conditional [payment(0.02 EUR per tdm; policy \(rights)2),purpose(permits tdm:non-research)]",
                "opted-out",
            ]
        ),
    ]

    @Test("actor and jurisdiction against TDMRep policies", arguments: tdmCases)
    func tdmPolicies(_ c: Case) throws {
        #expect(
            try Self.audit(c.profile, urls: Self.tdmURLs, actor: c.actor, jurisdiction: c.jurisdiction) == c.expected
        )
    }

    @Test("actor and jurisdiction against RSL user and geo limits", arguments: cases)
    func verdicts(_ c: Case) throws {
        #expect(try Self.audit(c.profile, actor: c.actor, jurisdiction: c.jurisdiction) == c.expected)
    }
}
