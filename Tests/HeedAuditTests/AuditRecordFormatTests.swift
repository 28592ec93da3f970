// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: per-URL output formats (JSON Lines, CSV) and the sample records report tests share.

import HeedCore
import Testing

@testable import HeedAudit

/// Hand-built records for the report tests.
enum ReportSamples {
    static let allowed = AccessResult(value: .allow, reason: "matched-rule", document: "a.example/robots.txt", line: 2)

    static func statement(
        _ mechanism: Mechanism,
        _ document: String,
        line: Int? = nil,
        element: String? = nil,
        value: PreferenceValue = .deny,
        obligations: [Obligation] = [],
        raw: String = "raw"
    ) -> Statement {
        Statement(
            .aiTrain,
            value,
            obligations: obligations,
            provenance: Provenance(
                mechanism: mechanism,
                document: document,
                line: line,
                element: element,
                raw: raw,
                spec: "spec"
            )
        )
    }

    static func record(
        _ url: String,
        _ host: String,
        _ kind: VerdictKind,
        deciding: [Statement] = [],
        obligations: [Obligation] = [],
        exception: AppliedException? = nil,
        access: AccessResult = allowed,
        note: String? = nil
    ) -> AuditRecord {
        AuditRecord(
            url: url,
            host: host,
            verdict: Verdict(
                kind: kind,
                use: .aiTrain,
                deciding: deciding,
                obligations: obligations,
                exception: exception,
                access: access,
                note: note
            )
        )
    }

    static let rslDeny = statement(
        .rsl,
        "a.example/license.xml",
        line: 5,
        raw: "<prohibits type=\"usage\">ai-train</prohibits>"
    )
    static let tdmDeny = statement(.tdmrepJSON, "a.example/.well-known/tdmrep.json", element: "tdmrep.json[0]")
}

struct AuditRecordFormatTests {
    @Test("JSON Lines: keys in the fixed order, nulls written, statements as reasons")
    func jsonlOptedOut() {
        let r = ReportSamples.record(
            "https://a.example/p",
            "a.example",
            .optedOut,
            deciding: [ReportSamples.rslDeny, ReportSamples.tdmDeny]
        )
        let expected =
            #"{"url":"https://a.example/p","host":"a.example","verdict":"opted-out","use":"ai_train","reasons":["#
            + #"{"mechanism":"rsl","document":"a.example/license.xml","line":5,"element":null,"#
            + #""raw":"<prohibits type=\"usage\">ai-train</prohibits>","value":"deny"},"#
            + #"{"mechanism":"tdmrep.json","document":"a.example/.well-known/tdmrep.json","line":null,"#
            + #""element":"tdmrep.json[0]","raw":"raw","value":"deny"}],"obligations":[],"exception":null,"#
            + #""access":{"value":"allow","document":"a.example/robots.txt","line":2},"note":null}"#
        #expect(AuditRecordFormat.jsonl(r) == expected)
    }

    @Test("JSON Lines: exception, obligations and note")
    func jsonlException() {
        let r = ReportSamples.record(
            "https://a.example/",
            "a.example",
            .exception,
            obligations: [Obligation(.attribution, detail: "cc-cr"), Obligation(.payment)],
            exception: AppliedException(id: "eu-dsm-art3", clause: "DSM Art. 3", summary: "research"),
            access: AccessResult(value: .unknown, reason: "never fetched"),
            note: "n"
        )
        let expected =
            #"{"url":"https://a.example/","host":"a.example","verdict":"exception","use":"ai_train","reasons":[],"#
            + #""obligations":[{"kind":"attribution","detail":"cc-cr"},{"kind":"payment","detail":null}],"#
            + #""exception":{"id":"eu-dsm-art3","clause":"DSM Art. 3","summary":"research"},"#
            + #""access":{"value":"unknown","document":null,"line":null},"note":"n"}"#
        #expect(AuditRecordFormat.jsonl(r) == expected)
    }

    @Test(
        "JSON string escaping (RFC 8259 §7)",
        arguments: [
            ("plain", #""plain""#),
            ("a\"b", #""a\"b""#),
            ("back\\slash", #""back\\slash""#),
            ("line\nfeed\r\t", #""line\nfeed\r\t""#),
            ("\u{01}\u{1F}\u{08}\u{0C}", #""\u0001\u001f\b\f""#),
            ("café </script>", "\"café </script>\""),
            ("\u{7F}", "\"\u{7F}\""),
        ]
    )
    func escaping(input: String, expected: String) {
        #expect(ReportJSON.quoted(input) == expected)
        let r = ReportSamples.record(input, "h", .ok)
        #expect(AuditRecordFormat.jsonl(r).hasPrefix("{\"url\":\(expected),"))
    }

    @Test("CSV header and records (RFC 4180 quoting)")
    func csv() {
        #expect(AuditRecordFormat.csvHeader == "url,host,verdict,use,mechanisms,reason,obligations,exception")
        let optedOut = ReportSamples.record(
            "https://a.example/a,b?q=\"x\"",
            "a.example",
            .optedOut,
            deciding: [ReportSamples.rslDeny, ReportSamples.tdmDeny, ReportSamples.rslDeny]
        )
        #expect(
            AuditRecordFormat.csv(optedOut)
                == #""https://a.example/a,b?q=""x""",a.example,opted-out,ai_train,rsl;tdmrep.json,"#
                + "a.example/license.xml:5,,"
        )
        let conditional = ReportSamples.record(
            "https://a.example/c",
            "a.example",
            .conditional,
            deciding: [ReportSamples.tdmDeny],
            obligations: [Obligation(.attribution, detail: "cc-cr"), Obligation(.openModel)]
        )
        #expect(
            AuditRecordFormat.csv(conditional)
                == "https://a.example/c,a.example,conditional,ai_train,tdmrep.json,"
                + "a.example/.well-known/tdmrep.json (tdmrep.json[0]),attribution=cc-cr;open_model,"
        )
        let blocked = ReportSamples.record(
            "https://a.example/x",
            "a.example",
            .blocked,
            access: AccessResult(value: .disallow, reason: "matched-rule", document: "a.example/robots.txt", line: 7)
        )
        #expect(
            AuditRecordFormat.csv(blocked)
                == "https://a.example/x,a.example,blocked,ai_train,robots.access,a.example/robots.txt:7,,"
        )
        let exception = ReportSamples.record(
            "https://a.example/line\nbreak",
            "a.example",
            .exception,
            deciding: [ReportSamples.rslDeny],
            exception: AppliedException(id: "uk-cdpa-s29a", clause: "CDPA s29A", summary: "s")
        )
        #expect(
            AuditRecordFormat.csv(exception)
                == "\"https://a.example/line\nbreak\",a.example,exception,ai_train,rsl,"
                + "a.example/license.xml:5,,uk-cdpa-s29a"
        )
    }
}
