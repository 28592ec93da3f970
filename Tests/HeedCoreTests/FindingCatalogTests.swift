// SPDX-License-Identifier: Apache-2.0
// Tests for the finding catalog: every code the sources emit has a fix, a clause and a tier.

import Foundation
import HeedCore
import Testing

@Suite struct FindingCatalogTests {
    /// The finding codes written in HeedCore's sources: `code: "x"`, and the first string argument of
    /// the parsers' `add(`, `report(` and `addDeferred(` helpers.
    static func codesInSources() throws -> Set<String> {
        let pattern = try Regex(
            #"(?:code:\s*|(?:add|report|addDeferred)\(\s*(?:\.[a-zA-Z]+,\s*)?)"([a-z0-9]+(?:-[a-z0-9]+)*)""#
        )
        var codes = Set<String>()
        let base = Fixtures.root.appendingPathComponent("Sources/HeedCore")
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let code = match.output[1].substring { codes.insert(String(code)) }
            }
        }
        return codes
    }

    @Test func everyCodeInTheSourcesHasAnEntry() throws {
        let codes = try Self.codesInSources()
        // The scan finds the codes of every mechanism (a broken pattern would find none).
        #expect(codes.count >= 90)
        #expect(codes.isSuperset(of: ["typo", "invalid-token", "not-an-array", "license-unavailable", "conflict"]))
        let missing = codes.filter { FindingCatalog.entry($0) == nil }.sorted()
        #expect(missing.isEmpty, "no catalog entry for \(missing)")
    }

    @Test func everyEntryHasAFixAndAClause() {
        for (code, entry) in FindingCatalog.entries {
            #expect(!entry.fix.isEmpty, "\(code)")
            #expect(!entry.clause.isEmpty, "\(code)")
        }
    }

    @Test func completedKeepsASpecificFixAndFillsTheRest() {
        let bare = Finding(code: "unreachable-rule", severity: .warning, line: 3, message: "m")
        let done = FindingCatalog.completed(bare)
        #expect(done.fix == "delete one of the two rules, or make the disallow longer than the allow so it can win")
        #expect(done.clause == "RFC 9309 §2.2.2")
        let own = Finding(code: "typo", severity: .warning, line: 1, message: "m", clause: "c", fix: "write 'Allow'")
        #expect(FindingCatalog.completed(own) == own)
        let unknown = Finding(code: "not-a-code", severity: .info, line: nil, message: "m")
        #expect(FindingCatalog.completed(unknown) == unknown)
    }

    @Test(arguments: [
        (Consequence.site, "site"), (.major, "major"), (.some, "some"), (.latent, "latent"), (.cosmetic, "cosmetic"),
    ])
    func tiersAreOrderedAndNamed(tier: Consequence, name: String) {
        #expect(tier.name == name)
        #expect(Consequence.allCases.firstIndex(of: tier) == tier.rawValue)
    }
}
