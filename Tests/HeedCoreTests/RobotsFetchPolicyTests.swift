// SPDX-License-Identifier: Apache-2.0
// Heed tests: what a robots.txt fetch outcome means before any rule is read (RFC 9309 §2.3.1).

import Testing

@testable import HeedCore

@Suite("Robots fetch policy")
struct RobotsFetchPolicyTests {
    enum Expected: String, Sendable {
        case parse, allowAll, disallowAll
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let outcome: RobotsFetchOutcome
        let expected: Expected
        /// Text the reason must contain (the status code, so a report can show it).
        let reasonMentions: String?
        var testDescription: String { "\(outcome) → \(expected.rawValue)" }
    }

    static let cases: [Case] = [
        // §2.3.1.1: 2xx, follow the parseable rules.
        Case(outcome: .status(200), expected: .parse, reasonMentions: nil),
        Case(outcome: .status(204), expected: .parse, reasonMentions: nil),
        // §2.3.1.2: a 3xx that ends the chain (no usable Location) leaves no file: unavailable.
        Case(outcome: .status(301), expected: .allowAll, reasonMentions: "301"),
        // §2.3.1.3: 4xx "unavailable": crawlers MAY access any resource (401 and 403 included).
        Case(outcome: .status(400), expected: .allowAll, reasonMentions: "400"),
        Case(outcome: .status(401), expected: .allowAll, reasonMentions: "401"),
        Case(outcome: .status(403), expected: .allowAll, reasonMentions: "403"),
        Case(outcome: .status(404), expected: .allowAll, reasonMentions: "404"),
        Case(outcome: .status(410), expected: .allowAll, reasonMentions: "410"),
        // Heed's documented decision (RobotsFetchPolicy): 429 is read as a server error, as Google does.
        Case(outcome: .status(429), expected: .disallowAll, reasonMentions: "429"),
        // The RFC carves out nothing else: 451 is a 4xx like any other.
        Case(outcome: .status(451), expected: .allowAll, reasonMentions: "451"),
        // §2.3.1.4: 5xx "unreachable": complete disallow.
        Case(outcome: .status(500), expected: .disallowAll, reasonMentions: "500"),
        Case(outcome: .status(503), expected: .disallowAll, reasonMentions: "503"),
        Case(outcome: .status(599), expected: .disallowAll, reasonMentions: "599"),
        // Not HTTP status codes at all: treated as unreachable, the safe side.
        Case(outcome: .status(600), expected: .disallowAll, reasonMentions: "600"),
        Case(outcome: .status(99), expected: .disallowAll, reasonMentions: "99"),
        // §2.3.1.2: more than five redirects MAY be treated as unavailable.
        Case(outcome: .tooManyRedirects, expected: .allowAll, reasonMentions: "5"),
        // §2.3.1.4: a network error means unreachable.
        Case(
            outcome: .networkFailure("connection refused"),
            expected: .disallowAll,
            reasonMentions: "connection refused"
        ),
    ]

    @Test(arguments: cases)
    func baseline(_ c: Case) {
        let baseline = RobotsFetchPolicy.baseline(for: c.outcome)
        switch (baseline, c.expected) {
        case (.parse, .parse):
            break
        case (.allowAll(let reason), .allowAll), (.disallowAll(let reason), .disallowAll):
            #expect(!reason.isEmpty)
            if let mention = c.reasonMentions { #expect(reason.contains(mention), "\(reason)") }
        default:
            Issue.record("\(c.outcome): expected \(c.expected), got \(baseline)")
        }
    }

    @Test func constants() {
        #expect(RobotsFetchPolicy.maxRedirects == 5)  // §2.3.1.2: at least five
        #expect(RobotsFetchPolicy.maxCacheSeconds == 86_400)  // §2.4: 24 hours
    }

    /// SIGNALS.md §12 vector 9, "report both": 429 keeps Heed's (Google's) disallow-all, and the
    /// reason states RFC 9309 §2.3.1.3's reading (every 4xx is "unavailable": allow all) beside it.
    @Test func http429ReportsTheRFCReadingBesideHeeds() {
        let rfc = "RFC 9309 §2.3.1.3 reads any 4xx, 429 included, as unavailable: allow all"
        #expect(RobotsFetchPolicy.rfcReading(for: .status(429)) == rfc)
        #expect(
            RobotsFetchPolicy.baseline(for: .status(429))
                == .disallowAll(
                    reason: "HTTP 429: treated as a server error (as Google does), so nothing may be fetched; " + rfc
                )
        )
        // Everywhere else Heed and the RFC agree, so there is nothing to add.
        for outcome in [RobotsFetchOutcome.status(200), .status(404), .status(428), .status(430), .status(503)] {
            #expect(RobotsFetchPolicy.rfcReading(for: outcome) == nil, "\(outcome)")
        }
        #expect(RobotsFetchPolicy.rfcReading(for: .tooManyRedirects) == nil)
        #expect(RobotsFetchPolicy.rfcReading(for: .networkFailure("reset")) == nil)
    }

    @Test func everyStatusClassIsCovered() {
        for code in 100..<600 {
            let baseline = RobotsFetchPolicy.baseline(for: .status(code))
            switch code {
            case 200..<300:
                #expect(baseline == .parse, "\(code)")
            case 429, 500..<600:
                if case .disallowAll = baseline {} else { Issue.record("\(code): \(baseline)") }
            case 300..<500:
                if case .allowAll = baseline {} else { Issue.record("\(code): \(baseline)") }
            default:
                // 1xx is not a final status for a GET: unreachable.
                if case .disallowAll = baseline {} else { Issue.record("\(code): \(baseline)") }
            }
        }
    }
}
