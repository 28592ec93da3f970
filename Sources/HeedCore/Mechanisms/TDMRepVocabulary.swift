// SPDX-License-Identifier: Apache-2.0
// Heed: the TDMRep reservation table (`SignalSpecs/vocabularies/tdmrep.json`).
// Spec: TDMRep Final Community Group Report 2024-05-10, #sec-tdm-reservation, #sec-tdm-policy.

public import Foundation

/// What a `tdm-reservation` value in force states: `1` → `tdm` deny, `0` → `tdm` allow, and the
/// obligation a `tdm-policy` becomes. Data, not code (`SignalSpecs/vocabularies/tdmrep.json`),
/// versioned with the spec; `standard` is the same table for callers that do not load SignalSpecs
/// (a test pins the two mappings equal).
public struct TDMRepVocabulary: Sendable {
    /// One reservation value and its statement.
    public struct Reservation: Sendable, Hashable, Codable {
        /// `1` or `0`.
        public var value: Int
        /// The statement's value.
        public var preference: PreferenceValue
        /// The spec clause the mapping rests on.
        public var clause: String
    }

    private struct File: Decodable {
        var version: Int
        var spec: String
        var category: UseCategory
        var reservations: [Reservation]
        var policyObligation: Obligation.Kind
    }

    /// The data version.
    public let version: Int
    /// The spec the table follows.
    public let spec: String
    /// The category every TDMRep statement is about (`tdm`, the umbrella).
    public let category: UseCategory
    /// The reservation values with a meaning.
    public let reservations: [Reservation]
    /// The obligation a `tdm-policy` in force becomes on a deny statement (`consent`).
    public let policyObligation: Obligation.Kind

    /// The table's answers as plain values, what `TDMRepSource` keeps (no reference counting: a
    /// source is built per response on the header path).
    struct Answers: Sendable {
        var category: UseCategory
        var reserved: PreferenceValue?
        var notReserved: PreferenceValue?
        var policyObligation: Obligation.Kind
    }

    /// The answers of this table.
    var answers: Answers {
        Answers(
            category: category,
            reserved: preference(for: .reserved),
            notReserved: preference(for: .notReserved),
            policyObligation: policyObligation
        )
    }

    /// The answers of `standard`, computed once.
    static let standardAnswers = TDMRepVocabulary.standard.answers

    /// The published mapping, identical to `tdmrep.json`.
    public static let standard = TDMRepVocabulary(
        version: 1,
        spec: "W3C TDMRep CG-FINAL 2024-05-10",
        category: .tdm,
        reservations: [
            Reservation(value: 1, preference: .deny, clause: "#sec-tdm-reservation: 1 = TDM rights are reserved"),
            Reservation(value: 0, preference: .allow, clause: "#sec-tdm-reservation: 0 = TDM rights are not reserved"),
        ],
        policyObligation: .consent
    )

    private init(
        version: Int,
        spec: String,
        category: UseCategory,
        reservations: [Reservation],
        policyObligation: Obligation.Kind
    ) {
        self.version = version
        self.spec = spec
        self.category = category
        self.reservations = reservations
        self.policyObligation = policyObligation
    }

    /// Decodes `tdmrep.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "tdmrep.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the TDMRep table: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        self.init(
            version: file.version,
            spec: file.spec,
            category: file.category,
            reservations: file.reservations,
            policyObligation: file.policyObligation
        )
    }

    /// The statement value of a reservation, or `nil` when the table gives it none.
    public func preference(for reservation: TDMReservation) -> PreferenceValue? {
        reservations.first { $0.value == reservation.rawValue }?.preference
    }
}
