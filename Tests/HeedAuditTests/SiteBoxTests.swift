// SPDX-License-Identifier: Apache-2.0
// Heed tests: a site's verdict boxes (one per distinct verdict, shared by every URL that gets it),
// across the switch from a linear search to a dictionary at 17 boxes.

import HeedCore
import Testing

@testable import HeedAudit

struct SiteBoxTests {
    static func site() -> Site {
        let lookup = { (url: String) -> DocumentLookup in .neverFetched }
        let specs = try! SignalSpecs(load: VerifyFixture.load)
        return Site(
            host: "x.example",
            hostBytes: Array("x.example".utf8),
            key: 1,
            signals: SiteSignals(origin: "https://x.example", specs: specs, lookup: lookup, lint: false),
            impliedTrainingOptOut: nil,
            probes: nil,
            basenames: BasenameSet()
        )
    }

    /// Verdict `i`: distinct for distinct `i` (the access reason differs), equal for equal `i`.
    static func verdict(_ i: Int) -> Verdict {
        Verdict(kind: .ok, use: .aiTrain, access: AccessResult(value: .allow, reason: "rule \(i)"))
    }

    /// 40 distinct verdicts, each asked for three times in different orders: exactly 40 boxes,
    /// and every ask of verdict `i` returns the same box, before and after the 17th box.
    @Test func equalVerdictsShareOneBoxPastTheSwitch() {
        let site = Self.site()
        var first: [Int: ObjectIdentifier] = [:]
        for round in 0..<3 {
            let order = round == 1 ? Array((0..<40).reversed()) : Array(0..<40)
            for i in order {
                let box = ObjectIdentifier(site.box(for: Self.verdict(i)).takeUnretainedValue())
                if let known = first[i] {
                    #expect(known == box, "verdict \(i), round \(round)")
                } else {
                    first[i] = box
                }
            }
        }
        #expect(site.boxes.count == 40)
        #expect(Set(first.values).count == 40)
    }
}
