// SPDX-License-Identifier: Apache-2.0
// Heed: conditions attached to a `conditional` use.
// Sources: CC signals (cc-cr, cc-cr-dc, cc-cr-ec, cc-cr-op), RSL 1.0 §3.6 payment and `server`,
// W3C TDMRep policy duties, copyright.sh ai-license, Content-Signal `use`, RSL 1.0 §3.4.1 user and geo
// permits/prohibits (`user_class`, `region`), TDMRep policy purpose constraints (`purpose`).

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
        /// Only some user classes may use the content (RSL 1.0 §3.4.1 `permits`/`prohibits type="user"`:
        /// `commercial`, `non-commercial`, `education`, `government`, `personal`). `detail` keeps the
        /// raw lists: see `limits`.
        case userClass = "user_class"
        /// Only users in some regions may use the content (RSL 1.0 §3.4.1 `permits`/`prohibits
        /// type="geo"`: ISO 3166-1 alpha-2 codes or `EU`). `detail` keeps the raw lists: see `limits`.
        case region
        /// Only for some purposes (W3C TDMRep policy constraint `purpose`: `tdm:research`,
        /// `tdm:non-research`). `detail` keeps the raw lists: see `limits`.
        case purpose
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

    /// A `user_class`, `region` or `purpose` limit keeping the raw values: `detail` is
    /// `permits A B; prohibits C` (either part left out when its list is empty), tokens as written.
    public static func limit(_ kind: Kind, permits: [String], prohibits: [String]) -> Obligation {
        var parts: [String] = []
        if !permits.isEmpty { parts.append("permits " + permits.joined(separator: " ")) }
        if !prohibits.isEmpty { parts.append("prohibits " + prohibits.joined(separator: " ")) }
        return Obligation(kind, detail: parts.joined(separator: "; "))
    }

    /// For a `user_class`, `region` or `purpose` obligation, the permitted and prohibited values read
    /// back from `detail` (the form `limit(_:permits:prohibits:)` writes); `nil` for other kinds.
    public var limits: (permits: [String], prohibits: [String])? {
        guard kind == .userClass || kind == .region || kind == .purpose else { return nil }
        var permits: [String] = []
        var prohibits: [String] = []
        for part in (detail ?? "").split(separator: ";") {
            let words = part.split(separator: " ").map(String.init)
            guard let head = words.first else { continue }
            if head == "permits" { permits += words.dropFirst() }
            if head == "prohibits" { prohibits += words.dropFirst() }
        }
        return (permits, prohibits)
    }

    public static func < (a: Obligation, b: Obligation) -> Bool {
        (a.kind.rawValue, a.detail ?? "") < (b.kind.rawValue, b.detail ?? "")
    }
}
