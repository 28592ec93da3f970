// SPDX-License-Identifier: Apache-2.0
// Heed: audit profiles (SignalSpecs/profiles/*.json) and the policy a run applies (issue "heed audit").
// Basis: SIGNALS.md §10 (Directive (EU) 2019/790 Art. 3 and 4, CDPA s29A, §10.5 exceptions in the
// signal specs) and §11.2 rules 5-6 (defaults are policy; exceptions are a layer after folding).

public import Foundation

/// A named audit profile: the declared use, who the actor is, where, which evidence counts, and
/// the public-interest exceptions the actor may invoke, each with the clause it rests on.
///
/// Profiles are data (`SignalSpecs/profiles/<name>.json`), documented inside the file
/// (`description`, `notes`, `notLegalAdvice`, per exception `clause`, `summary`, `limits`).
/// Heed never gives legal advice: an exception is reported as *applicable under the profile*.
public struct AuditProfile: Sendable, Codable, Hashable {
    /// Who carries out the use (issue 5's actor list; RSL user classes; DSM Art. 2(1), 2(3)).
    public enum Actor: String, Sendable, Codable, CaseIterable {
        /// A business, or anyone using the result commercially.
        case commercial
        /// A non-commercial actor (non-commercial purpose).
        case nonCommercial = "non-commercial"
        /// A research organisation (Directive (EU) 2019/790 Art. 2(1)).
        case researchOrganisation = "research-organisation"
        /// A cultural heritage institution: library, museum, archive (Art. 2(3)).
        case culturalHeritage = "cultural-heritage"
        /// An educational establishment.
        case education
        /// A public authority.
        case government
        /// A private person.
        case personal
    }

    /// The jurisdiction whose law the profile assumes; `unspecified` (JSON `null` or `"none"`) when
    /// none is assumed.
    public enum Jurisdiction: String, Sendable, CaseIterable, Codable {
        /// The European Union (Directive (EU) 2019/790, AI Act).
        case eu = "EU"
        /// The United Kingdom (CDPA 1988).
        case uk = "UK"
        /// The United States (17 U.S.C. §107).
        case us = "US"
        /// Japan (Copyright Act Art. 30-4).
        case jp = "JP"
        /// Singapore (Copyright Act 2021 ss. 243-244).
        case sg = "SG"
        /// No jurisdiction assumed.
        case unspecified = "none"

        /// Reads `"EU"`, ..., `"none"` or `null`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .unspecified
                return
            }
            let raw = try c.decode(String.self)
            guard let j = Jurisdiction(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(
                    in: c,
                    debugDescription: "unknown jurisdiction '\(raw)' (EU, UK, US, JP, SG or null)"
                )
            }
            self = j
        }

        /// Writes `null` for `unspecified`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if self == .unspecified { try c.encodeNil() } else { try c.encode(rawValue) }
        }
    }

    /// Which classes of evidence count (SIGNALS.md §10.3 evidence classes).
    public struct Evidence: Sendable, Codable, Hashable {
        /// Explicit use preferences: AIPREF, CC signals, Content-Signal, RSL, TDMRep, noai,
        /// ai-license, ai.txt, and robots.txt control tokens (`Google-Extended`).
        public var explicit: Bool
        /// robots.txt access rules for the agents (a disallow makes the URL `blocked`).
        public var access: Bool
        /// Implied opt-outs: a site that blocks known training crawlers is taken to object to
        /// training by anyone (`robots.implied` statements).
        public var implied: Bool

        /// Creates an evidence selection.
        public init(explicit: Bool = true, access: Bool = true, implied: Bool = false) {
            self.explicit = explicit
            self.access = access
            self.implied = implied
        }
    }

    /// The conditions an exception needs; an empty list means "any".
    public struct Requirements: Sendable, Codable, Hashable {
        /// The actors the exception benefits.
        public var actor: [Actor]
        /// The jurisdictions whose law provides it.
        public var jurisdiction: [Jurisdiction]

        /// Creates requirements.
        public init(actor: [Actor] = [], jurisdiction: [Jurisdiction] = []) {
            self.actor = actor
            self.jurisdiction = jurisdiction
        }

        /// True when `actor` and `jurisdiction` satisfy both lists.
        public func hold(actor a: Actor, jurisdiction j: Jurisdiction) -> Bool {
            (actor.isEmpty || actor.contains(a)) && (jurisdiction.isEmpty || jurisdiction.contains(j))
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            actor = try c.decodeIfPresent([Actor].self, forKey: .actor) ?? []
            jurisdiction = try c.decodeIfPresent([Jurisdiction].self, forKey: .jurisdiction) ?? []
        }
    }

    /// A public-interest exception (SIGNALS.md §11.2 rule 6): when it applies, the opt-outs of the
    /// mechanisms it overrides do not bind; they stay recorded in the verdict.
    public struct Exception: Sendable, Codable, Hashable {
        /// `all-use-preferences` in `overrides`: every mechanism except robots.txt access.
        public static let allUsePreferences = "all-use-preferences"

        /// Stable id (`eu-dsm-art3`).
        public var id: String
        /// The clause it rests on.
        public var clause: String
        /// One sentence for a human.
        public var summary: String
        /// Mechanism raw values (`tdmrep.json`, `robots.content-usage`) or `all-use-preferences`.
        public var overrides: [String]
        /// Always true: no modelled exception lets a crawler ignore robots.txt access rules
        /// (lawful access is a condition of DSM Art. 3 and CDPA s29A; Art. 3(3) keeps security
        /// measures).
        public var keepsAccessRules: Bool
        /// Who and where.
        public var requires: Requirements
        /// What the beneficiary owes (s29A: sufficient acknowledgement).
        public var obligations: [Obligation]
        /// Documented limits, for a human.
        public var limits: [String]

        /// Creates an exception.
        public init(
            id: String,
            clause: String,
            summary: String,
            overrides: [String],
            keepsAccessRules: Bool = true,
            requires: Requirements = Requirements(),
            obligations: [Obligation] = [],
            limits: [String] = []
        ) {
            self.id = id
            self.clause = clause
            self.summary = summary
            self.overrides = overrides
            self.keepsAccessRules = keepsAccessRules
            self.requires = requires
            self.obligations = obligations
            self.limits = limits
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            clause = try c.decode(String.self, forKey: .clause)
            summary = try c.decode(String.self, forKey: .summary)
            overrides = try c.decode([String].self, forKey: .overrides)
            keepsAccessRules = try c.decodeIfPresent(Bool.self, forKey: .keepsAccessRules) ?? true
            requires = try c.decodeIfPresent(Requirements.self, forKey: .requires) ?? Requirements()
            obligations = try c.decodeIfPresent([Obligation].self, forKey: .obligations) ?? []
            limits = try c.decodeIfPresent([String].self, forKey: .limits) ?? []
        }

        /// True when the exception overrides statements of `mechanism`. robots.txt access is never
        /// overridden.
        public func overrides(_ mechanism: Mechanism) -> Bool {
            if mechanism == .robotsAccess { return false }
            return overrides.contains(Exception.allUsePreferences) || overrides.contains(mechanism.rawValue)
        }

        /// The form a verdict carries.
        public var applied: AppliedException { AppliedException(id: id, clause: clause, summary: summary) }
    }

    /// The profile's name (the file name without `.json`).
    public var name: String
    /// What the profile is for, for a human.
    public var description: String
    /// The declared use: `search`, `ai_index`, `ai_input` or `ai_train`.
    public var use: UseCategory
    /// For `ai_train`: the model is generative (AIPREF vocab-07/-08 `train-ai` covers only those).
    public var generative: Bool
    /// The crawlers' product tokens, for access.
    public var agents: [String]
    /// Who carries out the use.
    public var actor: Actor
    /// The law assumed.
    public var jurisdiction: Jurisdiction
    /// Which evidence counts.
    public var evidence: Evidence
    /// The exceptions the actor may invoke.
    public var exceptions: [Exception]
    /// How the totals count `unknown` verdicts: `ok` or `opted-out` (default, conservative).
    /// The verdict itself stays `unknown` (SIGNALS.md §11.2 rule 5: defaults are policy).
    public var unknown: VerdictKind
    /// Documentation notes.
    public var notes: [String]
    /// The not-legal-advice statement.
    public var notLegalAdvice: String

    enum CodingKeys: String, CodingKey {
        case version, name, description, use, generative, agents, actor, jurisdiction, evidence, exceptions, unknown,
            notes, notLegalAdvice
    }

    /// Creates a profile.
    public init(
        name: String,
        description: String,
        use: UseCategory,
        generative: Bool = true,
        agents: [String],
        actor: Actor,
        jurisdiction: Jurisdiction = .unspecified,
        evidence: Evidence = Evidence(),
        exceptions: [Exception] = [],
        unknown: VerdictKind = .optedOut,
        notes: [String] = [],
        notLegalAdvice: String = "Not legal advice."
    ) {
        self.name = name
        self.description = description
        self.use = use
        self.generative = generative
        self.agents = agents
        self.actor = actor
        self.jurisdiction = jurisdiction
        self.evidence = evidence
        self.exceptions = exceptions
        self.unknown = unknown
        self.notes = notes
        self.notLegalAdvice = notLegalAdvice
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .version,
                in: c,
                debugDescription: "unsupported profile version \(version)"
            )
        }
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        use = try c.decode(UseCategory.self, forKey: .use)
        generative = try c.decodeIfPresent(Bool.self, forKey: .generative) ?? true
        agents = try c.decode([String].self, forKey: .agents)
        actor = try c.decode(Actor.self, forKey: .actor)
        jurisdiction = try c.decodeIfPresent(Jurisdiction.self, forKey: .jurisdiction) ?? .unspecified
        evidence = try c.decodeIfPresent(Evidence.self, forKey: .evidence) ?? Evidence()
        exceptions = try c.decodeIfPresent([Exception].self, forKey: .exceptions) ?? []
        unknown = try c.decodeIfPresent(VerdictKind.self, forKey: .unknown) ?? .optedOut
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        notLegalAdvice = try c.decode(String.self, forKey: .notLegalAdvice)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(1, forKey: .version)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(use, forKey: .use)
        try c.encode(generative, forKey: .generative)
        try c.encode(agents, forKey: .agents)
        try c.encode(actor, forKey: .actor)
        try c.encode(jurisdiction, forKey: .jurisdiction)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(exceptions, forKey: .exceptions)
        try c.encode(unknown, forKey: .unknown)
        try c.encode(notes, forKey: .notes)
        try c.encode(notLegalAdvice, forKey: .notLegalAdvice)
    }

    /// Decodes a profile file and checks it.
    ///
    /// Checks beyond the JSON shape: `use` is not `tdm` (declare the concrete use); at least one
    /// agent; `unknown` is `ok` or `opted-out`; exception ids are unique; every `overrides` entry
    /// is a `Mechanism` raw value other than `robots.access`, or `all-use-preferences`; and
    /// `keepsAccessRules` is true (no modelled exception overrides robots.txt access).
    ///
    /// - Throws: `HeedCoreError` `.invalidSpecData` naming `location`.
    public init(json: Data, location: String) throws(HeedCoreError) {
        let p: AuditProfile
        do {
            p = try JSONDecoder().decode(AuditProfile.self, from: json)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the audit profile: \(error)")
        }
        func fail(_ message: String) -> HeedCoreError { HeedCoreError(.invalidSpecData, location: location, message) }
        if p.use == .tdm {
            throw fail("'use' must be search, ai_index, ai_input or ai_train, not the tdm umbrella")
        }
        if p.agents.isEmpty || p.agents.contains(where: { ProductToken($0).key.isEmpty }) {
            throw fail("'agents' must name at least one non-empty product token")
        }
        if p.unknown != .ok && p.unknown != .optedOut {
            throw fail("'unknown' must be \"ok\" or \"opted-out\", not \"\(p.unknown.rawValue)\"")
        }
        var ids = Set<String>()
        for e in p.exceptions {
            if !ids.insert(e.id).inserted { throw fail("exception id '\(e.id)' is used twice") }
            if e.overrides.isEmpty { throw fail("exception '\(e.id)' overrides nothing") }
            for o in e.overrides where o != Exception.allUsePreferences {
                guard let m = Mechanism(rawValue: o) else {
                    throw fail(
                        "exception '\(e.id)': '\(o)' in overrides is not a mechanism (Mechanism raw value) "
                            + "nor \(Exception.allUsePreferences)"
                    )
                }
                if m == .robotsAccess {
                    throw fail("exception '\(e.id)': robots.access cannot be overridden; access rules always bind")
                }
            }
            if !e.keepsAccessRules {
                throw fail(
                    "exception '\(e.id)': keepsAccessRules must be true; Heed models no exception that lets a "
                        + "crawler ignore robots.txt access rules"
                )
            }
        }
        self = p
    }

    /// Loads `profiles/<name>.json` through `load` (a path relative to the SignalSpecs folder).
    ///
    /// - Throws: `HeedCoreError` `.invalidArgument` for an unusable or unknown name,
    ///   `.invalidSpecData` for a file that cannot be decoded or whose `name` differs.
    public static func named(_ name: String, load: (String) -> Data?) throws(HeedCoreError) -> AuditProfile {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        guard !name.isEmpty, allowed else {
            throw HeedCoreError(
                .invalidArgument,
                location: "--profile",
                "'\(name)' is not a profile name (lower-case letters, digits and '-')"
            )
        }
        let path = "profiles/\(name).json"
        guard let data = load(path) else {
            throw HeedCoreError(.invalidArgument, location: "--profile", "no profile named '\(name)' (\(path))")
        }
        let profile = try AuditProfile(json: data, location: path)
        guard profile.name == name else {
            throw HeedCoreError(.invalidSpecData, location: path, "the file's name is '\(profile.name)', not '\(name)'")
        }
        return profile
    }
}

/// A profile with the run's flag overrides applied: what the verdict engine evaluates.
///
/// Overrides replace the profile's parts. An exception whose `requires` no longer holds after the
/// overrides (e.g. `--actor commercial` on `eu-research-organisation`) is dropped, and `notes` says
/// so, for the run record.
public struct AuditPolicy: Sendable {
    /// The profile the policy starts from (unchanged).
    public var profile: AuditProfile
    /// The declared use.
    public var use: UseCategory
    /// For `ai_train`: the model is generative.
    public var generative: Bool
    /// The crawlers' product tokens, for access.
    public var agents: [String]
    /// Who carries out the use.
    public var actor: AuditProfile.Actor
    /// The law assumed.
    public var jurisdiction: AuditProfile.Jurisdiction
    /// Which evidence counts.
    public var evidence: AuditProfile.Evidence
    /// The exceptions that still apply after the overrides.
    public var exceptions: [AuditProfile.Exception]
    /// How the totals count `unknown`: `ok` or `optedOut`.
    public var unknownAs: VerdictKind
    /// What the overrides changed, and the exceptions they removed.
    public var notes: [String]

    /// Applies overrides to `profile`; `nil` keeps the profile's value.
    ///
    /// `unknownAs` other than `.ok` or `.optedOut` is not meaningful for totals: it is replaced by
    /// `.optedOut` (conservative) and noted.
    public init(
        profile: AuditProfile,
        use: UseCategory? = nil,
        generative: Bool? = nil,
        agents: [String]? = nil,
        actor: AuditProfile.Actor? = nil,
        jurisdiction: AuditProfile.Jurisdiction? = nil,
        explicit: Bool? = nil,
        access: Bool? = nil,
        implied: Bool? = nil,
        unknownAs: VerdictKind? = nil
    ) {
        self.profile = profile
        var notes: [String] = []
        func note<T: Equatable>(_ flag: String, _ old: T, _ new: T?, _ show: (T) -> String) -> T {
            guard let new else { return old }
            if new != old { notes.append("\(flag) \(show(new)) replaces the profile's \(show(old))") }
            return new
        }
        self.use = note("--use", profile.use, use) { $0.rawValue }
        self.generative = note("--generative", profile.generative, generative) { "\($0)" }
        self.agents = note("--agent", profile.agents, agents) { $0.joined(separator: ",") }
        self.actor = note("--actor", profile.actor, actor) { $0.rawValue }
        self.jurisdiction = note("--jurisdiction", profile.jurisdiction, jurisdiction) { $0.rawValue }
        var evidence = profile.evidence
        evidence.explicit = note("--explicit", evidence.explicit, explicit) { "\($0)" }
        evidence.access = note("--access", evidence.access, access) { "\($0)" }
        evidence.implied = note("--implied", evidence.implied, implied) { "\($0)" }
        self.evidence = evidence
        var unknown = note("--unknown", profile.unknown, unknownAs) { $0.rawValue }
        if unknown != .ok && unknown != .optedOut {
            notes.append("--unknown \(unknown.rawValue) is not ok or opted-out: unknown verdicts count as opted-out")
            unknown = .optedOut
        }
        self.unknownAs = unknown
        var kept: [AuditProfile.Exception] = []
        for e in profile.exceptions {
            if e.requires.hold(actor: self.actor, jurisdiction: self.jurisdiction) {
                kept.append(e)
                continue
            }
            var why: [String] = []
            if !e.requires.actor.isEmpty && !e.requires.actor.contains(self.actor) {
                why.append(
                    "actor \(self.actor.rawValue) is not "
                        + e.requires.actor.map(\.rawValue).joined(separator: " or ")
                )
            }
            if !e.requires.jurisdiction.isEmpty && !e.requires.jurisdiction.contains(self.jurisdiction) {
                why.append(
                    "jurisdiction \(self.jurisdiction.rawValue) is not "
                        + e.requires.jurisdiction.map(\.rawValue).joined(separator: " or ")
                )
            }
            notes.append("exception \(e.id) (\(e.clause)) dropped: \(why.joined(separator: "; "))")
        }
        self.exceptions = kept
        self.notes = notes
    }
}
