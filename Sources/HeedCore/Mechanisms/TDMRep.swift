// SPDX-License-Identifier: Apache-2.0
// Heed: W3C TDM Reservation Protocol: `/.well-known/tdmrep.json`, `tdm-reservation` headers and HTML meta.
// Spec: TDMRep Final Community Group Report 2024-05-10, #sec-properties (tdm-reservation, tdm-policy),
// #sec-tdm-file (origin file, matching), #sec-tdm-header, #sec-tdm-html-meta, #sec-processing-priority.

import Foundation

/// The spec and version every TDMRep statement and finding cites.
let tdmrepSpec = "W3C TDMRep CG-FINAL 2024-05-10"

/// A `tdm-reservation` value (TDMRep #sec-tdm-reservation).
public enum TDMReservation: Int, Sendable, Hashable, Codable {
    /// `0`: TDM rights are not reserved; agents may mine without contacting the rights holder.
    case notReserved = 0
    /// `1`: TDM rights are reserved (the EU DSM Directive Art. 4 opt-out).
    case reserved = 1
}

/// The effective TDMRep value for one URL: the reservation, its policy, and where it was decided.
public struct TDMRepDecision: Sendable, Hashable {
    /// The reservation in force.
    public var reservation: TDMReservation
    /// The `tdm-policy` in force (only kept with a reservation of 1: #sec-tdm-policy says agents
    /// should not process a policy given with 0).
    public var policy: String?
    /// Where the reservation was read: the deciding mechanism (`.tdmrepJSON`, `.tdmrepHeader`,
    /// `.tdmrepMeta`).
    public var provenance: Provenance
}

/// One step's values: tdmrep.json rule, headers, or meta (#sec-processing-priority).
struct TDMRepStep: Sendable {
    var reservation: TDMReservation?
    var policy: String?
    var provenance: Provenance
}

/// TDMRep for one page: the site's `tdmrep.json`, the page's response headers and its HTML head,
/// folded by the spec's processing priority into **one** `tdm` statement.
///
/// #sec-processing-priority: tdmrep.json is read first; `tdm-reservation`/`tdm-policy` response
/// headers supersede it; HTML meta supersedes both; "at every step, the absence of tdm-reservation
/// and tdm-policy MUST not reset current values". Heed's decisions where the spec is silent:
/// - A protocol error at a later step (`tdm-reservation: yes`) counts as absence: it does not reset
///   an earlier valid value (the spec makes an invalid value "unset", and unset never resets).
/// - Several header fields or meta elements that disagree (`1` and `0`) are a protocol error at that
///   step (`conflicting-values`); identical repeats are read once.
/// - A `tdm-policy` supersedes the earlier policy on its own (absence of a later reservation keeps
///   the earlier reservation, but the newer policy is the one in force).
/// - `tdm-reservation: 1` is `tdm` **deny**. `0` is `tdm` allow. The children (`ai_train`, ...)
///   inherit in `SignalFolder`.
/// - A `tdm-policy` in force with a reservation of 1 is looked up through the same document source
///   as the site's other documents (snapshot, store, fetcher; `lookup`), at most `policyLimit`
///   distinct absolute http(s) URLs per source, and read as a `TDMPolicy` (#sec-policy). When it has
///   a usable permission, the reservation is **conditional** on that permission's duties and
///   constraints (obtainConsent → `consent` with the contact, compensate → `payment`, purpose →
///   `purpose`), the other permissions kept as `alternatives` when a purpose limits them, and the
///   value is stated for `tdm` and each child (marked inherited: `tdm:mine` covers every automated
///   analysis). A permission with no duty and no constraint makes it `allow` (the rights holder's
///   own policy grants mining). When the policy cannot be read (not fetched, an error status, an
///   HTML page, invalid, no usable permission), the value stays **deny** with a `consent`
///   obligation naming the policy URL ("rights holder offers a licence: URL"), and the statement's
///   scope says why the policy was not read: #sec-tdm-policy says an agent that cannot read a policy
///   must assume it cannot know the conditions.
/// - Header and meta values belong to the page this source was built for; they are applied to every
///   query on it. Only tdmrep.json rules depend on the query's path.
/// A missing document, or one with a 404 (or any non-2xx) status, means no statement from it.
public struct TDMRepSource: SignalSource {
    /// The parsed origin file, when one was served.
    public let file: TDMRepFile?
    let header: TDMRepStep?
    let meta: TDMRepStep?
    /// What a steward should fix, across the file, the headers, the meta elements and the policies.
    public let findings: [Finding]
    /// The policies referenced (with a reservation of 1), by URL as written: read, or why not.
    public let policies: [String: TDMPolicyRead]
    /// The policy URLs referenced (tdmrep.json rules with a reservation of 1, then the headers, then
    /// the meta elements), in that order and without repeats: what a crawler should fetch.
    public let referencedPolicies: [String]
    /// The most distinct policy URLs looked up per source; further ones are not read.
    public static let policyLimit = 8
    /// The reservation table's answers, kept as plain values (no reference counting on the
    /// header benchmark's path): the category, the values of 1 and 0, the policy obligation.
    let answers: TDMRepVocabulary.Answers

    /// Reads the origin file (`/.well-known/tdmrep.json`), the page's headers and its head, and the
    /// TDM policies they reference through `lookup` (`known` ones, already read for the site, are
    /// reused). Without `lookup`, every policy counts as never fetched.
    ///
    /// - Parameter vocabulary: the reservation table (`SignalSpecs/vocabularies/tdmrep.json`);
    ///   `nil` for `TDMRepVocabulary.standard`.
    public init(
        wellKnown: Document?,
        page: Document?,
        head: HTMLHead?,
        known: [String: TDMPolicyRead] = [:],
        lookup: (String) -> DocumentLookup = { _ in .neverFetched },
        vocabulary: TDMRepVocabulary? = nil
    ) {
        answers = vocabulary?.answers ?? TDMRepVocabulary.standardAnswers
        var findings: [Finding] = []
        if let wellKnown, (200..<300).contains(wellKnown.status) {
            let file = TDMRepFile(wellKnown.body, location: wellKnown.location)
            findings += file.findings
            self.file = file
        } else {
            if let wellKnown, wellKnown.status != 404, wellKnown.status != 410 {
                findings.append(
                    Finding(
                        code: "not-served",
                        severity: .info,
                        line: nil,
                        message: "tdmrep.json answered with status \(wellKnown.status): read as a server that "
                            + "does not implement the origin-file technique",
                        clause: "\(tdmrepSpec) #sec-tdm-file",
                        document: wellKnown.location
                    )
                )
            }
            self.file = nil
        }
        let pageLocation = page?.location ?? "(page)"
        var sink = FindingSink()
        if let page {
            header = TDMRepSource.readHeaders(page.headers, location: pageLocation, sink: &sink)
        } else {
            header = nil
        }
        if let head {
            meta = TDMRepSource.readMeta(head, location: pageLocation, sink: &sink)
        } else {
            meta = nil
        }
        // No intermediate arrays: most responses reference no policy, and this runs per response.
        var referenced: [String] = []
        func note(_ url: String?) {
            if let url, !referenced.contains(url) { referenced.append(url) }
        }
        for rule in file?.rules ?? [] where rule.reservation == .reserved { note(rule.policy) }
        note(header?.policy)
        note(meta?.policy)
        var policies: [String: TDMPolicyRead] = [:]
        for (i, url) in referenced.enumerated() {
            let read: TDMPolicyRead
            if let k = known[url] {
                read = k
            } else if i >= Self.policyLimit {
                read = .notRead("more than \(Self.policyLimit) TDM policies are referenced; Heed reads the first")
            } else {
                read = Self.readPolicy(url, lookup: lookup)
                if case .read(let p) = read { findings += p.findings }
            }
            policies[url] = read
        }
        self.policies = policies
        referencedPolicies = referenced
        self.findings = findings + sink.finish()
    }

    /// Looks up and reads one policy (see the type's documentation).
    static func readPolicy(_ url: String, lookup: (String) -> DocumentLookup) -> TDMPolicyRead {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            return .notRead("'\(url.prefix(100))' is not an absolute http(s) URL")
        }
        switch lookup(RSLURL.withoutFragment(url)) {
        case .neverFetched:
            return .notRead("the policy was never fetched (not in the snapshot or store)")
        case .found(let doc):
            guard (200..<300).contains(doc.status) else {
                return .notRead(doc.status == 0 ? "fetching the policy failed" : "the policy answered \(doc.status)")
            }
            return .read(TDMPolicy(doc.body, location: doc.location, contentType: doc.headers.combined("content-type")))
        }
    }

    /// The effective reservation for `path` (normalized, as `SignalQuery.path`), or `nil` when unset.
    public func decision(for path: [UInt8]) -> TDMRepDecision? {
        var steps: [TDMRepStep] = []
        if let file, let rule = file.rule(matching: path) {
            steps.append(
                TDMRepStep(
                    reservation: rule.reservation,
                    policy: rule.policy,
                    provenance: Provenance(
                        mechanism: .tdmrepJSON,
                        document: file.location,
                        line: rule.line,
                        element: "tdmrep.json[\(rule.index)]",
                        raw: rule.raw,
                        spec: rule.lenient ? "\(tdmrepSpec) (lenient reading of a non-conforming file)" : tdmrepSpec,
                        warnings: rule.warnings
                    )
                )
            )
        }
        if let header { steps.append(header) }
        if let meta { steps.append(meta) }
        var current: TDMRepDecision?
        var policy: String?
        for step in steps {
            if let p = step.policy { policy = p }
            if let r = step.reservation {
                current = TDMRepDecision(reservation: r, policy: nil, provenance: step.provenance)
            }
        }
        guard var decided = current else { return nil }
        decided.policy = decided.reservation == .reserved ? policy : nil
        return decided
    }

    /// One statement through the vocabulary (`tdm` deny for 1, allow for 0 in the published
    /// table), or none when the reservation is unset or the table gives it no meaning. A policy
    /// that was read makes a reservation conditional (`statements(reserved:policy:url:)`); one that
    /// was not read becomes the table's policy obligation on the deny, with the reason in its scope.
    public func statements(for query: SignalQuery) -> [Statement] {
        guard let d = decision(for: query.path),
            let value = d.reservation == .reserved ? answers.reserved : answers.notReserved
        else {
            return []
        }
        guard value == .deny, let url = d.policy else {
            return [Statement(answers.category, value, provenance: d.provenance)]
        }
        let why: String
        switch policies[url] {
        case .read(let policy)?:
            if policy.isUsable { return Self.statements(reserved: d, policy: policy, url: url) }
            why = "it offers no permission Heed can use (see its findings)"
        case .notRead(let reason)?:
            why = reason
        case nil:
            why = "policies are not read from this source"
        }
        return [
            Statement(
                answers.category,
                .deny,
                obligations: [Obligation(answers.policyObligation, detail: "rights holder offers a licence: \(url)")],
                provenance: d.provenance,
                scopeNote: "the TDM policy was not read: \(why)"
            )
        ]
    }

    /// The statements of a reservation whose policy was read: `tdm` and each child, conditional on
    /// the permission with the fewest obligations (allow when it has none), the others kept as
    /// alternatives when a purpose limits one of them.
    static func statements(reserved d: TDMRepDecision, policy: TDMPolicy, url: String) -> [Statement] {
        let options = policy.permissions.map(\.obligations).enumerated()
            .sorted {
                $0.element.count != $1.element.count ? $0.element.count < $1.element.count : $0.offset < $1.offset
            }
            .map(\.element)
        let best = options[0]
        let limited = options.joined().contains { $0.limits != nil }
        let note =
            "reserved; the TDM policy \(url) offers mining under \(policy.permissions.count) permission(s)"
            + (policy.uid.map { " (uid \($0))" } ?? "")
        return UseCategory.allCases.map { category in
            Statement(
                category,
                best.isEmpty ? .allow : .conditional,
                obligations: best,
                provenance: d.provenance,
                scopeNote: category == .tdm ? note : "\(note); inherited from tdm",
                inherited: category != .tdm,
                alternatives: limited ? Array(options.dropFirst()) : []
            )
        }
    }

    /// Longest header or meta value read; longer ones are reported and ignored (a reservation is one digit).
    static let valueLimit = 8192

    /// Reads one property from several values (header fields, list items, meta elements): identical
    /// repeats are one value; different ones are a protocol error.
    static func single(
        _ values: [String],
        property: String,
        location: String,
        line: Int?,
        raw: String,
        clause: String,
        sink: inout FindingSink
    ) -> String? {
        var distinct: [String] = []
        for v in values where !distinct.contains(v) { distinct.append(v) }
        guard distinct.count > 1 else { return distinct.first }
        sink.add(
            Finding(
                code: "conflicting-values",
                severity: .error,
                line: line,
                message: "\(property) is given \(values.count) times with different values "
                    + "(\(distinct.prefix(4).joined(separator: ", "))): read as unset; give it once",
                text: String(raw.prefix(200)),
                clause: "\(tdmrepSpec) \(clause)",
                document: location
            )
        )
        return nil
    }

    static func reservation(
        _ value: String?,
        location: String,
        line: Int?,
        raw: String,
        clause: String,
        sink: inout FindingSink
    ) -> TDMReservation? {
        guard let value else { return nil }
        switch value {
        case "1": return .reserved
        case "0": return .notReserved
        default:
            sink.add(
                Finding(
                    code: "invalid-reservation",
                    severity: .error,
                    line: line,
                    message: "tdm-reservation must be 1 or 0, not '\(value.prefix(40))': a protocol error, read as "
                        + "unset (an earlier value stays in force)",
                    text: String(raw.prefix(200)),
                    clause: "\(tdmrepSpec) #sec-tdm-reservation",
                    document: location
                )
            )
            return nil
        }
    }

    static func readHeaders(_ headers: HTTPHeaders, location: String, sink: inout FindingSink) -> TDMRepStep? {
        func items(_ name: String) -> [String] {
            var out: [String] = []
            for value in headers.values(name) {
                if value.utf8.count > valueLimit {
                    sink.add(
                        Finding(
                            code: "size-limit-exceeded",
                            severity: .error,
                            line: nil,
                            message: "the \(name) header has \(value.utf8.count) bytes: ignored",
                            clause: "\(tdmrepSpec) #sec-tdm-header",
                            document: location,
                            fix: "send tdm-reservation as 1 or 0 and tdm-policy as one URL, once each"
                        )
                    )
                    continue
                }
                // RFC 9110 §5.3: repeated fields combine as a comma-separated list.
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    out.append(item.trimmedWhitespace())
                }
            }
            return out
        }
        let reservations = items("tdm-reservation")
        let policies = items("tdm-policy").filter { !$0.isEmpty }
        if reservations.isEmpty && policies.isEmpty { return nil }
        let raw = (reservations.map { "tdm-reservation: \($0)" } + policies.map { "tdm-policy: \($0)" })
            .joined(separator: "\n")
        let value = single(
            reservations,
            property: "the tdm-reservation header",
            location: location,
            line: nil,
            raw: raw,
            clause: "#sec-tdm-header",
            sink: &sink
        )
        let reservation = TDMRepSource.reservation(
            value,
            location: location,
            line: nil,
            raw: raw,
            clause: "#sec-tdm-header",
            sink: &sink
        )
        let policy = policies.first
        if Set(policies).count > 1 {
            sink.add(
                Finding(
                    code: "conflicting-values",
                    severity: .warning,
                    line: nil,
                    message: "several different tdm-policy headers: Heed reads the first; give one",
                    text: String(raw.prefix(200)),
                    clause: "\(tdmrepSpec) #sec-tdm-header",
                    document: location
                )
            )
        }
        return TDMRepStep(
            reservation: reservation,
            policy: policy,
            provenance: Provenance(
                mechanism: .tdmrepHeader,
                document: location,
                element: "header tdm-reservation",
                raw: String(raw.prefix(300)),
                spec: tdmrepSpec
            )
        )
    }

    static func readMeta(_ head: HTMLHead, location: String, sink: inout FindingSink) -> TDMRepStep? {
        var reservationMetas: [HTMLHead.Meta] = []
        var policyMetas: [HTMLHead.Meta] = []
        var warnings: [String] = []
        for meta in head.metas {
            switch meta.name {
            case "tdm-reservation": reservationMetas.append(meta)
            case "tdm-policy": policyMetas.append(meta)
            case "tdm:reservation", "tdm:policy", "tdm_reservation", "tdm_policy":
                let right = meta.name.hasSuffix("reservation") ? "tdm-reservation" : "tdm-policy"
                sink.add(
                    Finding(
                        code: "misspelled-meta-name",
                        severity: .error,
                        line: meta.line,
                        message: "<meta name=\"\(meta.name)\"> is not read in HTML (the 'tdm:' form is for EPUB "
                            + "and PDF): TDM agents ignore it; write name=\"\(right)\" (Heed reads it as such)",
                        text: "<meta name=\"\(meta.name)\" content=\"\(meta.content.prefix(100))\">",
                        clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                        document: location
                    )
                )
                if right == "tdm-reservation" { reservationMetas.append(meta) } else { policyMetas.append(meta) }
                if warnings.count < 4 { warnings.append("<meta name=\"\(meta.name)\"> read as \(right)") }
            default:
                continue
            }
        }
        if reservationMetas.isEmpty && policyMetas.isEmpty { return nil }
        var kept: [HTMLHead.Meta] = []
        for meta in reservationMetas + policyMetas {
            if meta.content.utf8.count > valueLimit {
                sink.add(
                    Finding(
                        code: "size-limit-exceeded",
                        severity: .error,
                        line: meta.line,
                        message: "<meta name=\"\(meta.name)\"> content has \(meta.content.utf8.count) bytes: ignored",
                        clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                        document: location,
                        fix: "give the meta content as 1 or 0 (tdm-reservation) or one URL (tdm-policy)"
                    )
                )
            } else {
                kept.append(meta)
            }
        }
        let reservations = kept.filter { $0.name.hasSuffix("reservation") }
        let policies = kept.filter { $0.name.hasSuffix("policy") }
            .map { $0.content.trimmedWhitespace(newlines: true) }
            .filter { !$0.isEmpty }
        let first = reservations.first ?? kept.first ?? reservationMetas.first ?? policyMetas[0]
        let raw = kept.map { "<meta name=\"\($0.name)\" content=\"\($0.content)\">" }.joined(separator: "\n")
        let value = single(
            reservations.map { $0.content.trimmedWhitespace(newlines: true) },
            property: "<meta name=\"tdm-reservation\">",
            location: location,
            line: first.line,
            raw: raw,
            clause: "#sec-tdm-html-meta",
            sink: &sink
        )
        let reservation = TDMRepSource.reservation(
            value,
            location: location,
            line: first.line,
            raw: raw,
            clause: "#sec-tdm-html-meta",
            sink: &sink
        )
        if Set(policies).count > 1 {
            sink.add(
                Finding(
                    code: "conflicting-values",
                    severity: .warning,
                    line: policyMetas.first?.line,
                    message: "several different <meta name=\"tdm-policy\"> elements: Heed reads the first; give one",
                    clause: "\(tdmrepSpec) #sec-tdm-html-meta",
                    document: location
                )
            )
        }
        return TDMRepStep(
            reservation: reservation,
            policy: policies.first,
            provenance: Provenance(
                mechanism: .tdmrepMeta,
                document: location,
                line: first.line,
                element: "meta[name=\(first.name)]",
                raw: String(raw.prefix(300)),
                spec: tdmrepSpec,
                warnings: warnings
            )
        )
    }
}
