// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the verify fixtures (Corpus/verify): fortune.com's robots.txt at three dates imported
// into a temporary store, the manifests, and a compact form of each judged URL for exact comparisons.

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedAudit

enum VerifyFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Corpus/verify")

    /// Unix seconds of an ISO 8601 date.
    static func seconds(_ iso: String) -> Int64 {
        CaptureTime.seconds(iso)!
    }

    /// A store with the snapshot folders imported at their names' dates (midnight UTC), in order.
    static func store(_ snapshots: [String] = ["2023-06-01", "2023-08-31", "2024-02-29"]) throws -> SignalStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SignalStore(path: dir.appendingPathComponent("store.sqlite").path)
        for (name, date) in snapshots.map({ ($0, String($0.prefix(10))) }) {
            let snapshot = try Snapshot(root: corpus.appendingPathComponent("snapshots/\(name)"))
            try store.importSnapshot(
                snapshot,
                fetchedAt: Date(timeIntervalSince1970: TimeInterval(seconds(date)))
            )
        }
        return store
    }

    /// The manifest's path.
    static func manifest(_ name: String) -> String {
        corpus.appendingPathComponent("manifests/\(name)").path
    }

    static let specsDir = root.appendingPathComponent("SignalSpecs")
    static func load(_ file: String) -> Data? {
        FileManager.default.contents(atPath: specsDir.appendingPathComponent(file).path)
    }

    /// Verifies `manifest` against `history` and returns every URL of the site (in order), the
    /// summary and the problems reported.
    static func run(
        _ manifest: String,
        options: ManifestOptions = ManifestOptions(),
        history: any SignalHistory,
        site: String = "fortune.com",
        agents: [String]? = nil,
        collected: String? = nil,
        includeSubdomains: Bool = false,
        keep: Int = 1_000
    ) throws -> (records: [VerifiedURL], summary: VerifySummary, problems: [ManifestProblem]) {
        let specs = try SignalSpecs(load: load)
        let policy = AuditPolicy(
            profile: try AuditProfile.named("commercial-genai-training", load: load),
            agents: agents
        )
        var config = VerifyConfiguration(
            site: site,
            includeSubdomains: includeSubdomains,
            policy: policy,
            specs: specs,
            collected: collected.map(seconds),
            keptViolations: keep
        )
        config.verifyFastPath = true
        let verifier = Verifier(config: config, history: history)
        var records: [VerifiedURL] = []
        var problems: [ManifestProblem] = []
        let reader = try ManifestReader(path: manifest, options: options)
        let summary = try verifier.run(
            reader,
            emitAll: true,
            emit: { records.append($0) },
            problem: { problems.append($0) }
        )
        return (records, summary, problems)
    }
}

/// One judged URL in a form written by hand: `URL @ CAPTURED: VERDICT [STATEMENT since DATE(*)]`,
/// where `*` marks "already at the first fetch".
struct Judged: Hashable, CustomStringConvertible, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    init(_ r: VerifiedURL) {
        var t = "\(r.url) @ \(r.captured.map(CaptureTime.iso) ?? "undated"): \(r.verdict?.rawValue ?? "undated")"
        if let s = r.statement {
            t += " [\(s.mechanism) \(s.document):\(s.line.map(String.init) ?? "-") \(s.raw)"
            t += " since \(r.inForceSince.map(CaptureTime.day) ?? "?")\(r.sinceFirstSighting ? "*" : "")]"
        }
        text = t
    }

    var description: String { text }
}
