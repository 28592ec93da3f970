// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the run record (versions, profile, flags, dates, counts) and its JSON.

import Foundation
import HeedCore
import Testing

@testable import HeedAudit

/// A run record over three URLs, for the record and HTML tests.
func sampleRunRecord(profile: String = "commercial-genai-training") -> (AuditSummary, RunRecord) {
    var s = AuditSummary()
    s.add(ReportSamples.record("https://a.example/1", "a.example", .ok))
    s.add(ReportSamples.record("https://a.example/2", "a.example", .optedOut, deciding: [ReportSamples.rslDeny]))
    s.add(
        ReportSamples.record(
            "https://b.example/1",
            "b.example",
            .blocked,
            access: AccessResult(value: .disallow, reason: "matched-rule", document: "b.example/robots.txt", line: 2)
        )
    )
    s.noteSignalDate("2026-11-20T08:00:00Z")
    s.noteSignalDate("2026-11-01T12:30:00Z")
    s.noteManifest(entries: 4, problems: 1, firstProblems: ["urls.txt:3: not a URL"])
    let record = RunRecord(
        summary: s,
        profile: profile,
        flags: ["use": "ai_train", "agent": "GPTBot", "unknown": "opted-out"],
        agentsCommit: "738c80d",
        agentsCurated: "2026-11-25",
        specsHash: "sha256:abc",
        manifestPath: "urls.txt",
        manifestFormat: "urls",
        started: Date(timeIntervalSince1970: 1_764_064_800),
        finished: Date(timeIntervalSince1970: 1_764_064_861)
    )
    return (s, record)
}

struct RunRecordTests {
    @Test("JSON with a stable key order, every verdict listed")
    func json() {
        let (_, record) = sampleRunRecord()
        let expected = """
            {
              "heed": {
                "version": "0.1.0"
              },
              "signalSpecs": {
                "agentsCommit": "738c80d",
                "agentsCurated": "2026-11-25",
                "hash": "sha256:abc"
              },
              "profile": "commercial-genai-training",
              "flags": {
                "agent": "GPTBot",
                "unknown": "opted-out",
                "use": "ai_train"
              },
              "signals": {
                "oldest": "2026-11-01T12:30:00Z",
                "newest": "2026-11-20T08:00:00Z"
              },
              "urls": 3,
              "hosts": 2,
              "verdicts": {
                "ok": 1,
                "conditional": 0,
                "opted-out": 1,
                "exception": 0,
                "blocked": 1,
                "unknown": 0
              },
              "mechanisms": {
                "robots.access": 1,
                "rsl": 1
              },
              "manifest": {
                "path": "urls.txt",
                "format": "urls",
                "entries": 4,
                "problems": 1
              },
              "started": "2025-11-25T10:00:00Z",
              "finished": "2025-11-25T10:01:01Z"
            }
            """
        #expect(record.json() == expected)
    }

    @Test("Absent versions and dates are null; empty maps are {}")
    func nulls() {
        let r = RunRecord(
            agentsCommit: nil,
            agentsCurated: nil,
            specsHash: nil,
            profile: "p\"q",
            flags: [:],
            oldestSignal: nil,
            newestSignal: nil,
            urls: 0,
            hosts: 0,
            verdicts: [:],
            mechanisms: [:],
            manifestPath: "-",
            manifestFormat: "urls",
            manifestEntries: 0,
            manifestProblems: 0,
            started: "s",
            finished: "f"
        )
        let json = r.json()
        #expect(
            json.contains(
                "\"signalSpecs\": {\n    \"agentsCommit\": null,\n    \"agentsCurated\": null,\n    \"hash\": null\n  }"
            )
        )
        #expect(json.contains("\"profile\": \"p\\\"q\""))
        #expect(json.contains("\"flags\": {},"))
        #expect(json.contains("\"mechanisms\": {},"))
        #expect(json.contains("\"unknown\": 0\n  },"))
    }

    @Test("Codable round trip; ISO 8601 dates in UTC")
    func codable() throws {
        let (_, record) = sampleRunRecord()
        let back = try JSONDecoder().decode(RunRecord.self, from: JSONEncoder().encode(record))
        #expect(back == record)
        #expect(RunRecord.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RunRecord.iso8601(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(RunRecord.heedVersion == "0.1.0")
    }
}
