// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the auditor's batching, workers and emit filter change nothing but speed.
// Inputs: Corpus/snapshots/audit and Corpus/manifests/audit/urls.txt (14 URLs over 9 hosts, 2 malformed).

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedAudit

struct AuditorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The manifest repeated `copies` times (so batches split hosts and hosts recur across batches).
    static func manifest(copies: Int) throws -> String {
        let source = root.appendingPathComponent("Corpus/manifests/audit/urls.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("heed-auditor-\(UUID().uuidString).txt")
        try Data(String(repeating: text, count: copies).utf8).write(to: url)
        return url.path
    }

    /// Runs an audit with `profile`, returning the emitted (url, verdict) pairs and the summary.
    static func audit(
        _ path: String,
        profile: String = "commercial-genai-training",
        workers: Int,
        batchSize: Int,
        only: Set<VerdictKind>? = nil
    ) throws -> (emitted: [String], summary: AuditSummary) {
        let specsDir = root.appendingPathComponent("SignalSpecs")
        let load: (String) -> Data? = { FileManager.default.contents(atPath: specsDir.appendingPathComponent($0).path) }
        let specs = try SignalSpecs(load: load)
        let policy = AuditPolicy(profile: try AuditProfile.named(profile, load: load))
        let index = SnapshotIndex(try Snapshot(root: root.appendingPathComponent("Corpus/snapshots/audit")))
        let auditor = Auditor(
            config: AuditConfiguration(policy: policy, specs: specs, workers: workers, batchSize: batchSize),
            source: { url in (try? index.lookup(url)) ?? .neverFetched },
            pages: index
        )
        var emitted: [String] = []
        let reader = try ManifestReader(path: path, options: ManifestOptions())
        let (summary, _) = try auditor.run(
            reader,
            only: only,
            emitAudited: { emitted.append("\($0.url) \($0.verdict.kind.rawValue)") },
            problem: { _ in }
        )
        return (emitted, summary)
    }

    @Test(arguments: [(1, 1), (2, 1), (2, 5), (3, 7), (2, 16_384)])
    func batchingAndWorkersChangeNothing(workers: Int, batchSize: Int) throws {
        let path = try Self.manifest(copies: 5)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try Self.audit(path, workers: 1, batchSize: 16_384)
        let run = try Self.audit(path, workers: workers, batchSize: batchSize)
        #expect(reference.emitted.count == 70)  // 14 URLs × 5, in manifest order
        #expect(run.emitted == reference.emitted)
        #expect(run.summary.urls == 70)
        #expect(run.summary.verdicts == reference.summary.verdicts)
        #expect(run.summary.mechanisms == reference.summary.mechanisms)
        #expect(run.summary.hosts == reference.summary.hosts)
        #expect(run.summary.manifestProblems == 10)
    }

    @Test func onlyFiltersWhatIsEmittedNotWhatIsCounted() throws {
        let path = try Self.manifest(copies: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = try Self.audit(path, workers: 2, batchSize: 3)
        let conditional = try Self.audit(path, workers: 2, batchSize: 3, only: [.conditional])
        let none = try Self.audit(path, workers: 2, batchSize: 3, only: [])
        #expect(conditional.emitted == all.emitted.filter { $0.hasSuffix(" conditional") })
        #expect(!conditional.emitted.isEmpty)
        #expect(none.emitted.isEmpty)
        #expect(conditional.summary.verdicts == all.summary.verdicts)
        #expect(none.summary.hosts == all.summary.hosts)
        // Counts per kind equal the emitted lines per kind.
        for kind in VerdictKind.allCases {
            #expect(all.summary.count(kind) == all.emitted.filter { $0.hasSuffix(" \(kind.rawValue)") }.count)
        }
    }
}
