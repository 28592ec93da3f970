// SPDX-License-Identifier: Apache-2.0
// Heed: conditions attached to a `conditional` use.
// Sources: CC signals (cc-cr, cc-cr-dc, cc-cr-ec, cc-cr-op), RSL 1.0 §3.6 payment and `server`,
// W3C TDMRep policy duties, copyright.sh ai-license, Content-Signal `use`.

/// A condition a use must meet: credit, payment, a contribution, an open model, a licence token,
/// consent. `detail` keeps the specifics (amount and currency, the licence server, the standard).
public struct Obligation: Sendable, Hashable, Codable, Comparable {
    /// The kind of condition.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Credit the source (CC `cc-cr`, RSL `attribution`).
        case attribution
        /// Pay under published terms (RSL payment, TDMRep `compensate`, ai-license price).
        case payment
        /// Contribute to the declaring party (CC `cc-cr-dc`, RSL `contribution`).
        case contribution
        /// Contribute to the ecosystem the content comes from (CC `cc-cr-ec`).
        case contributionToEcosystem = "contribution_to_ecosystem"
        /// Release the resulting model openly (CC `cc-cr-op`).
        case openModel = "open_model"
        /// Obtain a licence token from a licence server first (RSL `content@server`).
        case licenseToken = "license_token"
        /// Ask the rights holder for consent (TDMRep `obtainConsent`).
        case consent
        /// Report usage (RSL `reporting`).
        case reporting
        /// Limit how much is reproduced (Content-Signal `use=reference|full|immediate`).
        case consumptionLevel = "consumption_level"
        /// Limit redistribution (ai-license distribution terms).
        case distribution
    }

    /// The kind.
    public var kind: Kind
    /// Specifics in a few words (`"0.01 USD per crawl"`, `"https://rsl.example/token"`), if any.
    public var detail: String?

    /// Creates an obligation.
    public init(_ kind: Kind, detail: String? = nil) {
        self.kind = kind
        self.detail = detail
    }

    public static func < (a: Obligation, b: Obligation) -> Bool {
        (a.kind.rawValue, a.detail ?? "") < (b.kind.rawValue, b.detail ?? "")
    }
}
