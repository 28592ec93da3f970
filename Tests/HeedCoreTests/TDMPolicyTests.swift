// SPDX-License-Identifier: Apache-2.0
// Heed tests: W3C TDMRep TDM policies (#sec-policy) — the spec's two full examples (obtainConsent with a vCard
// assigner; compensate with a tdm:non-research purpose, trailing comma included as the spec prints it), the
// profile's variants, hostile input, and the policy read through tdmrep.json. Written from the spec text
// (TDMRep CG-FINAL 2024-05-10, SIGNALS.md §6.5, §12 row 21); expected values worked out by hand from the
// rules documented on `TDMPolicy` and `TDMRepSource`.

import Foundation
import Testing

@testable import HeedCore

/// Policy texts written from the spec's examples.
enum PolicyFixtures {
    static let uid = "https://provider.com/policies/1"

    /// Full example 1: "the rightsholder requires TDM Actors to contact him for obtaining licensing rights".
    static let consent = """
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", "http://www.w3.org/ns/tdmrep.jsonld"],
          "@type": "Offer",
          "profile": "http://www.w3.org/ns/tdmrep",
          "uid": "https://provider.com/policies/1",
          "assigner": {
            "uid": "https://provider.com",
            "vcard:fn": "Provider",
            "vcard:hasEmail": "mailto:contact@provider.com",
            "vcard:hasAddress": {
              "vcard:street-address": "111 Street Address",
              "vcard:postal-code": "5555",
              "vcard:locality": "Espérance",
              "vcard:country-name": "France"
            },
            "vcard:hasTelephone": "tel:+61755555555",
            "vcard:hasURL": "https://provider.com/tdm/licensing.html"
          },
          "permission": [{ "action": "tdm:mine", "duty": [{ "action": "obtainConsent" }] }]
        }
        """

    /// Full example 2: "non-research Actors from any country can mine its content if they agree to pay a
    /// fee". The spec prints it with a comma after the last assigner member (line 9 here).
    static let compensate = """
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", "http://www.w3.org/ns/tdmrep.jsonld"],
          "@type": "Offer",
          "profile": "http://www.w3.org/ns/tdmrep",
          "uid": "https://provider.com/policies/1",
          "assigner": {
            "uid": "https://provider.com",
            "vcard:fn": "Provider",
            "vcard:hasEmail": "mailto:contact@provider.com",
          },
          "permission": [{
            "action": "tdm:mine",
            "duty": [{ "action": "compensate" }],
            "constraint": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:non-research" }]
          }]
        }
        """

    /// A policy with the given `permission` value and the spec's header members.
    static func with(_ permission: String, assigner: String = "\"https://provider.com\"") -> String {
        """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld"], "@type": "Offer",
         "profile": "http://www.w3.org/ns/tdmrep", "uid": "\(uid)", "assigner": \(assigner),
         "permission": \(permission)}
        """
    }

    static func read(_ text: String, contentType: String? = nil) -> TDMPolicy {
        TDMPolicy(Array(text.utf8), location: "https://provider.com/policies/policy.json", contentType: contentType)
    }
}

@Suite("TDM policies")
struct TDMPolicyTests {
    typealias P = PolicyFixtures

    @Test func fullExampleOneAsksForConsentWithTheContact() throws {
        let p = P.read(P.consent)
        #expect(p.findings.isEmpty)
        #expect(p.uid == P.uid)
        #expect(
            p.contact
                == "Provider, mailto:contact@provider.com, https://provider.com/tdm/licensing.html, tel:+61755555555"
        )
        #expect(p.permissions.count == 1)
        let o = try #require(p.permissions.first?.obligations)
        #expect(
            o == [
                Obligation(
                    .consent,
                    detail: "obtain consent from Provider, mailto:contact@provider.com, "
                        + "https://provider.com/tdm/licensing.html, tel:+61755555555; policy \(P.uid)"
                )
            ]
        )
    }

    @Test func fullExampleTwoIsPaidForNonResearchAndItsTrailingCommaIsReported() throws {
        let p = P.read(P.compensate)
        #expect(p.findings.map(\.code) == ["policy-trailing-comma"])
        #expect(p.findings.first?.line == 9)
        let o = try #require(p.permissions.first?.obligations)
        #expect(
            o == [
                Obligation(.payment, detail: "compensate Provider, mailto:contact@provider.com; policy \(P.uid)"),
                Obligation(.purpose, detail: "permits tdm:non-research"),
            ]
        )
        #expect(o[1].limits?.permits == ["tdm:non-research"])
    }

    struct PermissionCase: Sendable, CustomTestStringConvertible {
        var label: String
        var permission: String
        /// `kind(detail)` per obligation of each usable permission; `[]` = none usable.
        var expected: [[String]]
        var codes: [String] = []
        var testDescription: String { label }
    }

    static let permissions: [PermissionCase] = [
        PermissionCase(
            label: "payAmount with an ISO 4217 unit",
            permission: #"""
                [{"action": "tdm:mine", "duty": [{"action": "compensate", "refinement": [{"leftOperand": "payAmount",
                  "operator": "eq", "rightOperand": {"@value": "0.50", "@type": "xsd:decimal"}, "unit": "EUR"}]}]}]
                """#,
            expected: [["payment(0.50 EUR per tdm; policy \(PolicyFixtures.uid))"]]
        ),
        PermissionCase(
            label: "payAmount with an IRI unit",
            permission: #"""
                {"action": "tdm:mine", "duty": {"action": "odrl:compensate", "constraint": [{"leftOperand":
                  "odrl:payAmount", "operator": "eq", "rightOperand": 5, "unit": "http://dbpedia.org/resource/Euro"}]}}
                """#,
            expected: [["payment(5 http://dbpedia.org/resource/Euro; policy \(PolicyFixtures.uid))"]]
        ),
        PermissionCase(
            label: "research only, with a target named in the consent",
            permission: #"""
                [{"target": "https://provider.com/research-papers", "action": "http://www.w3.org/ns/tdmrep#mine",
                  "duty": [{"action": "obtainConsent"}],
                  "constraint": [{"leftOperand": "purpose", "operator": "eq",
                                  "rightOperand": "http://www.w3.org/ns/tdmrep#research"}]}]
                """#,
            expected: [
                [
                    "consent(obtain consent from https://provider.com; target https://provider.com/research-papers; "
                        + "policy \(PolicyFixtures.uid))",
                    "purpose(permits tdm:research)",
                ]
            ]
        ),
        PermissionCase(
            label: "neq research = not for research",
            permission:
                #"[{"action": "tdm:mine", "constraint": {"leftOperand": "purpose", "operator": "neq", "rightOperand": "tdm:research"}}]"#,
            expected: [["purpose(prohibits tdm:research)"]]
        ),
        PermissionCase(
            label: "two permissions: free for research, paid otherwise",
            permission: #"""
                [{"action": "tdm:mine", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:research"}]},
                 {"action": "tdm:mine", "duty": [{"action": "compensate"}],
                  "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:non-research"}]}]
                """#,
            expected: [
                ["purpose(permits tdm:research)"],
                [
                    "payment(compensate https://provider.com; policy \(PolicyFixtures.uid))",
                    "purpose(permits tdm:non-research)",
                ],
            ]
        ),
        PermissionCase(
            label: "no duty, no constraint: nothing owed",
            permission: #"[{"action": "tdm:mine"}]"#,
            expected: [[]]
        ),
        PermissionCase(
            label: "ODRL use includes tdm:mine",
            permission: #"[{"action": "use", "duty": [{"action": "obtainConsent"}]}]"#,
            expected: [["consent(obtain consent from https://provider.com; policy \(PolicyFixtures.uid))"]],
            codes: ["policy-action"]
        ),
        PermissionCase(
            label: "another action grants no mining",
            permission: #"[{"action": "distribute"}]"#,
            expected: [],
            codes: ["policy-action", "policy-no-permission"]
        ),
        PermissionCase(
            label: "a constraint Heed cannot check: the permission is not used",
            permission: #"""
                [{"action": "tdm:mine", "constraint": [{"leftOperand": "dateTime", "operator": "lt", "rightOperand": "2030-01-01"}]},
                 {"action": "tdm:mine", "duty": [{"action": "obtainConsent"}]}]
                """#,
            expected: [["consent(obtain consent from https://provider.com; policy \(PolicyFixtures.uid))"]],
            codes: ["policy-constraint"]
        ),
        PermissionCase(
            label: "an unknown duty is read as asking the rights holder",
            permission: #"[{"action": "tdm:mine", "duty": [{"action": "inform"}]}]"#,
            expected: [["consent(duty 'inform': ask https://provider.com; policy \(PolicyFixtures.uid))"]],
            codes: ["policy-duty"]
        ),
        PermissionCase(
            label: "a permission that is not an object",
            permission: #"["tdm:mine"]"#,
            expected: [],
            codes: ["policy-permission", "policy-no-permission"]
        ),
    ]

    @Test("permissions, duties and constraints", arguments: permissions)
    func permission(_ c: PermissionCase) {
        let p = P.read(P.with(c.permission))
        let got = p.permissions.map { perm in
            perm.obligations.map { o in "\(o.kind.rawValue)(\(o.detail ?? ""))" }
        }
        #expect(got == c.expected)
        #expect(p.findings.map(\.code) == c.codes)
        #expect(p.isUsable == !c.expected.isEmpty)
    }

    struct HeaderCase: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var contentType: String? = nil
        var codes: [String]
        var usable: Bool
        var testDescription: String { label }
    }

    static let headers: [HeaderCase] = [
        HeaderCase(
            label: "no @type, profile, context, uid or assigner: warned, still read",
            text: #"{"permission": [{"action": "tdm:mine"}]}"#,
            codes: ["policy-not-offer", "policy-profile", "policy-context", "policy-no-uid", "policy-no-assigner"],
            usable: true
        ),
        HeaderCase(
            label: "obligation and prohibition are ignored",
            text: PolicyFixtures.with(#"[{"action": "tdm:mine"}], "prohibition": [{"action": "tdm:mine"}]"#),
            codes: ["policy-rules"],
            usable: true
        ),
        HeaderCase(
            label: "no permission",
            text:
                #"{"@type": "Offer", "profile": "http://www.w3.org/ns/tdmrep", "uid": "u", "assigner": "a", "@context": "http://www.w3.org/ns/odrl.jsonld"}"#,
            codes: ["policy-no-permission"],
            usable: false
        ),
        HeaderCase(
            label: "an HTML policy is human-readable",
            text: "<html><body>Write to us</body></html>",
            contentType: "text/html; charset=utf-8",
            codes: ["policy-human-readable"],
            usable: false
        ),
        HeaderCase(label: "not JSON", text: "permission: mine", codes: ["policy-invalid-json"], usable: false),
        HeaderCase(label: "an array", text: "[]", codes: ["policy-not-object"], usable: false),
        HeaderCase(label: "empty", text: "", codes: ["policy-invalid-json"], usable: false),
    ]

    @Test("document checks", arguments: headers)
    func header(_ c: HeaderCase) {
        let p = P.read(c.text, contentType: c.contentType)
        #expect(p.findings.map(\.code) == c.codes)
        #expect(p.isUsable == c.usable)
        #expect(p.findings.allSatisfy { $0.document == "https://provider.com/policies/policy.json" })
    }

    // MARK: hostile input

    @Test(.timeLimit(.minutes(1)))
    func hugeDocumentIsNotRead() {
        let big = PolicyFixtures.with(#"[{"action": "tdm:mine"}]"#) + String(repeating: " ", count: TDMPolicy.sizeLimit)
        let p = P.read(big)
        #expect(p.findings.map(\.code) == ["policy-too-large"])
        #expect(!p.isUsable)
    }

    @Test(.timeLimit(.minutes(1)))
    func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let p = P.read(PolicyFixtures.with(deep))
        #expect(p.findings.map(\.code) == ["policy-invalid-json"])
        #expect(p.findings.first?.message.contains("nesting deeper than") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func manyPermissionsAreCapped() {
        let one = #"{"action": "tdm:mine", "duty": [{"action": "compensate"}]}"#
        let p = P.read(PolicyFixtures.with("[" + Array(repeating: one, count: 2_000).joined(separator: ",") + "]"))
        #expect(p.permissions.count == TDMPolicy.permissionLimit)
        #expect(p.findings.map(\.code) == ["policy-size-limit"])
    }

    @Test func invalidUTF8IsReadWithoutACrash() {
        var bytes = Array(PolicyFixtures.with(#"[{"action": "tdm:mine", "duty": [{"action": "obtainConsent"}]}]"#).utf8)
        // Replace the assigner's letters with invalid UTF-8 (lone continuation and overlong bytes).
        let target = Array("provider.com\"".utf8)
        if let i = bytes.firstRange(of: target)?.lowerBound {
            bytes.replaceSubrange(i..<(i + 4), with: [0x80, 0xC0, 0xFF, 0xFE])
        }
        let p = TDMPolicy(bytes, location: "p.json")
        #expect(p.isUsable)
        #expect(p.contact?.contains("\u{FFFD}") == true)
    }
}

/// The policy read through tdmrep.json and the page's headers (`TDMRepSource`).
@Suite("TDM policies in TDMRep")
struct TDMPolicySourceTests {
    typealias P = PolicyFixtures
    static let policyURL = "https://provider.com/policies/policy.json"

    /// The spec's three-rule tdmrep.json example.
    static let threeRules = #"""
        [
          {"location": "/directory-a/", "tdm-reservation": 1},
          {"location": "/directory-b/html/", "tdm-reservation": 1, "tdm-policy": "https://provider.com/policies/policy.json"},
          {"location": "/directory-b/images/*.jpg", "tdm-reservation": 0}
        ]
        """#

    static func source(policy: DocumentLookup, headers: [(String, String)]? = nil) -> TDMRepSource {
        TDMRepSource(
            wellKnown: Document(url: "https://provider.com/.well-known/tdmrep.json", body: Array(threeRules.utf8)),
            page: headers.map { Document(url: "https://provider.com/page", headers: HTTPHeaders($0), body: []) },
            head: nil,
            lookup: { url in url == policyURL ? policy : .neverFetched }
        )
    }

    static func found(_ text: String, status: Int = 200) -> DocumentLookup {
        .found(Document(url: policyURL, status: status, body: Array(text.utf8)))
    }

    static func query(_ path: String) -> SignalQuery {
        SignalQuery(url: "https://provider.com" + path, agent: ProductToken("GPTBot"), matcher: nil, crawlable: true)
    }

    @Test func aReadPolicyMakesTheReservationConditionalOnEveryCategory() throws {
        let s = Self.source(policy: Self.found(P.consent))
        let statements = s.statements(for: Self.query("/directory-b/html/page.html"))
        #expect(statements.map(\.category) == UseCategory.allCases)
        #expect(statements.allSatisfy { $0.value == .conditional })
        #expect(statements.allSatisfy { $0.obligations.map(\.kind) == [.consent] })
        #expect(statements.filter { !$0.inherited }.map(\.category) == [.tdm])
        #expect(statements.allSatisfy { $0.provenance.mechanism == .tdmrepJSON && $0.provenance.line == 3 })
        #expect(
            statements[4].scopeNote
                == "reserved; the TDM policy \(Self.policyURL) offers mining under 1 permission(s) (uid \(P.uid))"
        )
        // /directory-a/ has no policy: a plain reservation; the images rule is not reserved.
        let a = s.statements(for: Self.query("/directory-a/x.pdf"))
        #expect(a.map(\.value) == [.deny] && a[0].obligations.isEmpty && a[0].scopeNote == nil)
        #expect(s.statements(for: Self.query("/directory-b/images/cat.jpg")).map(\.value) == [.allow])
        #expect(s.findings.isEmpty)
    }

    @Test func purposeLimitedPermissionsAreKeptAsAlternatives() throws {
        let text = P.with(
            #"""
            [{"action": "tdm:mine", "duty": [{"action": "compensate"}],
              "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:non-research"}]},
             {"action": "tdm:mine", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:research"}]}]
            """#
        )
        let st = try #require(
            Self.source(policy: Self.found(text)).statements(for: Self.query("/directory-b/html/")).first
        )
        // The research permission has fewer obligations: it is shown; the paid one is the alternative.
        #expect(st.obligations == [Obligation(.purpose, detail: "permits tdm:research")])
        #expect(st.alternatives.map { $0.map(\.kind) } == [[.payment, .purpose]])
    }

    struct UnreadCase: Sendable, CustomTestStringConvertible {
        var label: String
        var policy: DocumentLookup
        var why: String
        var testDescription: String { label }
    }

    static let unread: [UnreadCase] = [
        UnreadCase(
            label: "never fetched",
            policy: .neverFetched,
            why: "the policy was never fetched (not in the snapshot or store)"
        ),
        UnreadCase(label: "404", policy: found("", status: 404), why: "the policy answered 404"),
        UnreadCase(label: "fetch failed", policy: found("", status: 0), why: "fetching the policy failed"),
        UnreadCase(
            label: "invalid",
            policy: found("{"),
            why: "it offers no permission Heed can use (see its findings)"
        ),
    ]

    @Test("an unread policy keeps today's reading: deny with a consent obligation naming it", arguments: unread)
    func unreadPolicy(_ c: UnreadCase) throws {
        let statements = Self.source(policy: c.policy).statements(for: Self.query("/directory-b/html/x"))
        #expect(statements.count == 1)
        let st = try #require(statements.first)
        #expect(st.category == .tdm && st.value == .deny)
        #expect(st.obligations == [Obligation(.consent, detail: "rights holder offers a licence: \(Self.policyURL)")])
        #expect(st.scopeNote == "the TDM policy was not read: \(c.why)")
    }

    @Test func aHeaderPolicyIsReadAndAKnownOneIsNotLookedUpAgain() throws {
        final class Counter: @unchecked Sendable { var n = 0 }
        let counter = Counter()
        let site = Self.source(policy: Self.found(P.consent))
        let page = TDMRepSource(
            wellKnown: Document(url: "https://provider.com/.well-known/tdmrep.json", body: Array(Self.threeRules.utf8)),
            page: Document(
                url: "https://provider.com/directory-a/p",
                headers: HTTPHeaders([("tdm-reservation", "1"), ("tdm-policy", Self.policyURL)]),
                body: []
            ),
            head: nil,
            known: site.policies,
            lookup: { _ in
                counter.n += 1
                return .neverFetched
            }
        )
        #expect(counter.n == 0)
        let st = try #require(page.statements(for: Self.query("/directory-a/p")).first)
        #expect(st.value == .conditional && st.provenance.mechanism == .tdmrepHeader)
    }

    @Test func relativeAndTooManyPoliciesAreNotRead() {
        let rules = (0..<10).map {
            #"{"location": "/d\#($0)/", "tdm-reservation": 1, "tdm-policy": "https://p.example/\#($0)"}"#
        }
        let s = TDMRepSource(
            wellKnown: Document(
                url: "https://provider.com/.well-known/tdmrep.json",
                body: Array(
                    ("[" + rules.joined(separator: ",")
                        + #", {"location": "/r/", "tdm-reservation": 1, "tdm-policy": "/policy.json"}]"#).utf8
                )
            ),
            page: nil,
            head: nil,
            lookup: { _ in .neverFetched }
        )
        #expect(s.policies.count == 11)
        #expect(
            s.policies["https://p.example/9"]
                == .notRead("more than 8 TDM policies are referenced; Heed reads the first")
        )
        #expect(
            s.policies["https://p.example/7"] == .notRead("the policy was never fetched (not in the snapshot or store)")
        )
        #expect(s.policies["/policy.json"] == .notRead("more than 8 TDM policies are referenced; Heed reads the first"))
        let one = TDMRepSource(
            wellKnown: Document(
                url: "https://provider.com/.well-known/tdmrep.json",
                body: Array(#"[{"location": "/", "tdm-reservation": 1, "tdm-policy": "/policy.json"}]"#.utf8)
            ),
            page: nil,
            head: nil
        )
        #expect(one.policies["/policy.json"] == .notRead("'/policy.json' is not an absolute http(s) URL"))
    }
}
