// SPDX-License-Identifier: Apache-2.0
// Heed: the RSL vocabulary (SignalSpecs/vocabularies/rsl.json) and the evaluation of an RSL document for one URL.
// Spec: RSL 1.0 §3.1.1 (content matching, unlicensed without a valid document), §3.3 (alternative licences,
// permit + prohibit = not licensed), §3.4.1 (usage, user, geo vocabularies), §3.5 (narrower scope wins,
// permits as a whitelist), §3.6 (payment types), §3.2 content@server (licence token).

public import Foundation

/// The RSL vocabulary: usage tokens → use categories, payment types → obligations, user classes,
/// currencies. Data, not code: `SignalSpecs/vocabularies/rsl.json`, versioned with the spec.
public struct RSLVocabulary: Sendable {
    private struct File: Decodable {
        var schema: Int
        var version: String
        var spec: String
        var namespace: String
        var defaultMaxAgeDays: Int
        var usage: [String: [String]]
        var usageAliases: [String: String]
        var payment: [String: String]
        var legacyPayment: [String: String]
        var userClasses: [String]
        var currencies: [String]
    }

    /// The vocabulary version (`1.0`).
    public let version: String
    /// The spec it follows (`RSL 1.0`).
    public let spec: String
    /// The RSL namespace URI.
    public let namespace: String
    /// `max-age` when a document gives none (30 days, RSL 1.0 §3.1).
    public let defaultMaxAgeDays: Int
    /// Usage token → the categories it covers (its own and every narrower one).
    public let usage: [String: [UseCategory]]
    /// Non-RSL tokens read as RSL ones (`train-ai` → `ai-train`), each reported.
    public let usageAliases: [String: String]
    /// Payment type → obligation kind (`none` for free).
    public let payment: [String: String]
    /// RSL 0.9 payment types → their 1.0 names (`inference` → `use`).
    public let legacyPayment: [String: String]
    /// The user classes.
    public let userClasses: [String]
    /// ISO 4217 currency codes.
    public let currencies: Set<String>

    /// Decodes `rsl.json`.
    ///
    /// - Throws: `HeedCoreError` `invalidSpecData` naming `location` when the data is not a schema-1
    ///   RSL vocabulary, or names a category Heed does not know.
    public init(json data: Data, location: String = "rsl.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the RSL vocabulary: \(error)")
        }
        guard file.schema == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported schema \(file.schema)")
        }
        var usage: [String: [UseCategory]] = [:]
        for (token, names) in file.usage {
            var cats: [UseCategory] = []
            for n in names {
                guard let c = UseCategory(rawValue: n) else {
                    throw HeedCoreError(
                        .invalidSpecData,
                        location: location,
                        "usage '\(token)': unknown category '\(n)'"
                    )
                }
                cats.append(c)
            }
            usage[token] = cats
        }
        for (alias, target) in file.usageAliases where usage[target] == nil {
            throw HeedCoreError(
                .invalidSpecData,
                location: location,
                "alias '\(alias)' names unknown token '\(target)'"
            )
        }
        for (type, kind) in file.payment where kind != "none" && Obligation.Kind(rawValue: kind) == nil {
            throw HeedCoreError(.invalidSpecData, location: location, "payment '\(type)': unknown obligation '\(kind)'")
        }
        version = file.version
        spec = file.spec
        namespace = file.namespace
        defaultMaxAgeDays = file.defaultMaxAgeDays
        self.usage = usage
        usageAliases = file.usageAliases
        payment = file.payment
        legacyPayment = file.legacyPayment
        userClasses = file.userClasses
        currencies = Set(file.currencies)
    }

    /// The categories a usage token covers, aliases resolved; empty for unknown tokens.
    public func categories(ofUsage token: String) -> [UseCategory] {
        usage[token] ?? usageAliases[token].flatMap { usage[$0] } ?? []
    }
}

/// What one RSL document says about one use category at one URL.
public struct RSLTerm: Sendable, Hashable {
    /// The category.
    public var category: UseCategory
    /// allow, conditional, deny, or unknown (no valid document, or no content for the URL).
    public var value: PreferenceValue
    /// For `conditional`: payment, attribution, contribution, licence token, reporting.
    public var obligations: [Obligation]
    /// The deciding element (`content[url=/articles/]/license/prohibits[type=usage]`), if any.
    public var element: String?
    /// The deciding element's text, or why the value is unknown.
    public var raw: String
    /// The 1-based line of the deciding element.
    public var line: Int?
    /// Limits the value cannot show: alternatives, an umbrella's exceptions.
    public var scopeNote: String?
    /// The obligations of the other licences that grant the category, best first, when the reported
    /// licence limits user classes or regions (see `Statement.alternatives`); empty otherwise.
    public var alternatives: [[Obligation]] = []
    /// How the deciding element departed from RSL 1.0 (a non-RSL token read through `usageAliases`);
    /// carried into the statement's provenance. Usually empty.
    public var warnings: [String] = []
}

extension RSLDocument {
    /// Evaluates the document for a URL (RSL 1.0 §3.1.1, §3.3, §3.5): one term per use category.
    ///
    /// - Every `<content>` whose `url` matches is collected: a full URL must name the query's host
    ///   (scheme and port ignored; compared only when the query has a host) and its path is then
    ///   matched; a path is matched as an RFC 9309 pattern (`*`, `$`, prefix match) with
    ///   `RobotsPattern`; `url=""` is the association's own scope and matches everything it covers.
    /// - **Narrower scope wins, per category** (Heed's reading of §3.5): contents are tried from the
    ///   longest pattern down, and the first that *addresses* the category decides it. A licence
    ///   addresses a category when it has a usage `permits` list (a whitelist speaks about every
    ///   usage), no usage list at all (it grants everything), or a `prohibits` token covering it.
    ///   So the spec's example (site `permits all`, `/articles/` `prohibits ai-train`) gives ai_train
    ///   deny and the rest allow under `/articles/`, and a site-wide `prohibits ai-all` is not undone
    ///   by a narrower `prohibits ai-train` (never expand rights, §3.5). When no content addresses a
    ///   category, the narrowest content's licences decide it (a prohibits-only licence grants the rest).
    /// - Within a content, licences are **alternatives**: a category is licensed if one licence grants
    ///   it (permitted, by no whitelist or a covering `permits` token, and not prohibited); the licence
    ///   with the fewest obligations is reported, the others are counted in `scopeNote`. Permitted and
    ///   prohibited in one licence = not licensed (deny).
    /// - Obligations: payment type (attribution, payment "amount currency per type", contribution;
    ///   free = none), `content@server` → licence token even when free, `<reporting>` → reporting.
    /// - `user`/`geo` lists of the granting licence (RSL 1.0 §3.4.1, §3.5: a `permits` list grants
    ///   the use only to those user classes or regions, a `prohibits` list withholds it from them)
    ///   are conditions: `user_class` and `region` obligations keeping the raw lists, so the value is
    ///   `conditional`. The audit decides them against its actor and jurisdiction (`UsageLimits`).
    ///   When the reported licence has such a limit, the other granting licences' obligations are
    ///   kept as `alternatives` (an actor outside one licence's classes may be inside another's).
    public func evaluate(url: String, vocabulary: RSLVocabulary) -> [RSLTerm] {
        let path = RobotsPath.normalizedURLPath(url)
        return evaluate(host: RSLURL.host(of: url), path: path, vocabulary: vocabulary)
    }

    /// `evaluate(url:vocabulary:)` with the query's host and normalized path.
    func evaluate(host: String?, path: [UInt8], vocabulary: RSLVocabulary) -> [RSLTerm] {
        guard isValid else {
            return UseCategory.allCases.map {
                RSLTerm(
                    category: $0,
                    value: .unknown,
                    obligations: [],
                    element: nil,
                    raw: "not a valid RSL document (see its findings): unlicensed",
                    line: nil,
                    scopeNote: nil
                )
            }
        }
        var matching: [(content: Content, priority: Int, order: Int)] = []
        for (i, content) in contents.enumerated() {
            let scope = RSLContentScope(content.url)
            if scope.matches(host: host, path: path) { matching.append((content, scope.priority, i)) }
        }
        matching.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.order < $1.order }
        guard !matching.isEmpty else {
            let p = String(decoding: path, as: UTF8.self)
            return UseCategory.allCases.map {
                RSLTerm(
                    category: $0,
                    value: .unknown,
                    obligations: [],
                    element: nil,
                    raw: "no <content> matches \(p): unlicensed",
                    line: nil,
                    scopeNote: nil
                )
            }
        }
        let evaluator = RSLEvaluator(vocabulary: vocabulary)
        var terms: [RSLTerm] = []
        for category in UseCategory.allCases {
            let decider =
                matching.first { m in m.content.licenses.contains { evaluator.addresses($0, category) } }
                ?? matching[0]
            terms.append(evaluator.term(category, in: decider.content))
        }
        // An umbrella granted while some of its children are denied: say so.
        if let i = terms.firstIndex(where: { $0.category == .tdm }),
            terms[i].value == .allow || terms[i].value == .conditional
        {
            let denied = terms.filter { $0.category != .tdm && $0.value == .deny }.map(\.category.rawValue)
            if !denied.isEmpty {
                terms[i].scopeNote = RSLEvaluator.join(
                    terms[i].scopeNote,
                    "does not cover: \(denied.joined(separator: ", "))"
                )
            }
        }
        return terms
    }
}

/// A `content@url` compiled for matching.
struct RSLContentScope: Sendable, Hashable {
    /// The host a full-URL scope names (lower-cased, port dropped), else `nil`.
    let host: String?
    /// The path pattern; `nil` for `url=""` (the association's scope: everything).
    let pattern: RobotsPattern?

    init(_ url: String) {
        if url.isEmpty {
            host = nil
            pattern = nil
            return
        }
        var path = url
        if url.contains("://") {
            host = RSLURL.host(of: url)
            path = String(decoding: Array(RobotsPath.pathAndQuery(of: url)), as: UTF8.self)
        } else {
            host = nil
        }
        if !path.hasPrefix("/") && !path.hasPrefix("*") { path = "/" + path }
        pattern = Array(path.utf8).withUnsafeBufferPointer {
            RobotsPattern(normalized: RobotsPath.normalizedPattern($0))
        }
    }

    /// Longer patterns are narrower (RFC 9309's octet count); `url=""` is the broadest.
    var priority: Int { pattern?.priority ?? 0 }

    func matches(host queryHost: String?, path: [UInt8]) -> Bool {
        if let host, let queryHost, host != queryHost { return false }
        guard let pattern else { return true }
        return path.withUnsafeBufferPointer { pattern.matches($0) }
    }
}

/// URL helpers for RSL (hosts, fragments), without Foundation's URL parsing quirks.
enum RSLURL {
    /// The lower-cased host of `scheme://host[:port]/...`, or `nil` for a path or a scheme-less string.
    static func host(of url: String) -> String? {
        guard let r = url.range(of: "://") else { return nil }
        let rest = url[r.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            if let close = authority.firstIndex(of: "]") { return String(authority[...close]).lowercased() }
        }
        let host = authority.prefix { $0 != ":" }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// `url` without its fragment.
    static func withoutFragment(_ url: String) -> String {
        guard let hash = url.firstIndex(of: "#") else { return url }
        return String(url[..<hash])
    }
}

/// The per-licence rules of RSL 1.0 §3.3–§3.6.
struct RSLEvaluator {
    let vocabulary: RSLVocabulary

    /// The provenance warning of a statement read from a document in RSL 0.9 syntax.
    static let version09Warning = [
        "RSL 0.9 syntax (comma-separated lists, payment type inference, XBT) read with its RSL 1.0 meaning"
    ]

    func usageLists(_ lists: [RSLDocument.TermList]) -> [RSLDocument.TermList] { lists.filter { $0.type == "usage" } }

    /// The provenance warnings of a deciding list: each non-RSL token (`train-ai`) that decides
    /// `category` only through the alias table.
    func aliasWarnings(_ list: RSLDocument.TermList, _ category: UseCategory) -> [String] {
        var out: [String] = []
        for t in list.tokens {
            guard let alias = vocabulary.usageAliases[t], vocabulary.categories(ofUsage: t).contains(category) else {
                continue
            }
            out.append("'\(t)' is not an RSL usage token: read as '\(alias)'")
        }
        return out
    }

    func covering(_ lists: [RSLDocument.TermList], _ category: UseCategory) -> RSLDocument.TermList? {
        lists.first { list in list.tokens.contains { vocabulary.categories(ofUsage: $0).contains(category) } }
    }

    /// Whether the licence says something about `category` (see `RSLDocument.evaluate`).
    func addresses(_ license: RSLDocument.License, _ category: UseCategory) -> Bool {
        let permits = usageLists(license.permits)
        let prohibits = usageLists(license.prohibits)
        if !permits.isEmpty { return true }
        if prohibits.isEmpty { return true }
        return covering(prohibits, category) != nil
    }

    struct Answer {
        var granted: Bool
        var permittedBy: RSLDocument.TermList?
        var prohibitedBy: RSLDocument.TermList?
        var whitelist: RSLDocument.TermList?
    }

    func answer(_ license: RSLDocument.License, _ category: UseCategory) -> Answer {
        let permits = usageLists(license.permits)
        let prohibits = usageLists(license.prohibits)
        let permittedBy = covering(permits, category)
        let prohibitedBy = covering(prohibits, category)
        let permitted = permits.isEmpty || permittedBy != nil
        return Answer(
            granted: permitted && prohibitedBy == nil,
            permittedBy: permittedBy,
            prohibitedBy: prohibitedBy,
            whitelist: permits.first
        )
    }

    /// The obligations of using `content` under `license`.
    func obligations(_ license: RSLDocument.License, in content: RSLDocument.Content) -> [Obligation] {
        var out: [Obligation] = []
        if let payment = license.payment, let raw = payment.type {
            let type = vocabulary.legacyPayment[raw] ?? raw
            let kind = vocabulary.payment[type] ?? Obligation.Kind.payment.rawValue
            var detail: [String] = []
            if let a = payment.amount { detail.append("\(a.value) \(a.currency) per \(type)") }
            if let s = payment.standard, !s.isEmpty { detail.append("standard \(s)") }
            if let c = payment.custom, !c.isEmpty { detail.append("terms \(c)") }
            if let a = payment.accepts, !a.isEmpty { detail.append("accepts \(a)") }
            switch kind {
            case "none": break
            case Obligation.Kind.payment.rawValue:
                if payment.amount == nil { detail.insert(type, at: 0) }
                out.append(Obligation(.payment, detail: detail.joined(separator: "; ")))
            default:
                let k = Obligation.Kind(rawValue: kind) ?? .payment
                out.append(Obligation(k, detail: detail.isEmpty ? nil : detail.joined(separator: "; ")))
            }
        }
        if let server = content.server ?? license.server, !server.isEmpty {
            out.append(Obligation(.licenseToken, detail: server))
        }
        for r in license.reporting {
            out.append(
                Obligation(.reporting, detail: [r.type, r.profile].filter { !$0.isEmpty }.joined(separator: " "))
            )
        }
        for (type, kind) in [("user", Obligation.Kind.userClass), ("geo", .region)] {
            let permits = license.permits.filter { $0.type == type }.flatMap(\.tokens)
            let prohibits = license.prohibits.filter { $0.type == type }.flatMap(\.tokens)
            if !permits.isEmpty || !prohibits.isEmpty {
                out.append(.limit(kind, permits: permits, prohibits: prohibits))
            }
        }
        return out.sorted()
    }

    /// The term `content` sets for `category` (its licences are alternatives).
    func term(_ category: UseCategory, in content: RSLDocument.Content) -> RSLTerm {
        let base = "content[url=\(content.url)]"
        let many = content.licenses.count > 1
        func licensePath(_ l: RSLDocument.License) -> String {
            many ? "\(base)/license[\(l.index)]" : "\(base)/license"
        }
        func listPath(_ l: RSLDocument.License, _ name: String, _ list: RSLDocument.TermList) -> String {
            "\(licensePath(l))/\(name)[type=\(list.type)]"
        }
        var granting: [(license: RSLDocument.License, answer: Answer, obligations: [Obligation])] = []
        var refusals: [(license: RSLDocument.License, answer: Answer)] = []
        for license in content.licenses {
            let a = answer(license, category)
            if a.granted {
                granting.append((license, a, obligations(license, in: content)))
            } else {
                refusals.append((license, a))
            }
        }
        if granting.isEmpty {
            guard let first = refusals.first(where: { $0.answer.prohibitedBy != nil }) ?? refusals.first else {
                return RSLTerm(
                    category: category,
                    value: .unknown,
                    obligations: [],
                    element: base,
                    raw: "<content> without <license>: unlicensed",
                    line: content.line,
                    scopeNote: nil
                )
            }
            var note: String?
            let list: RSLDocument.TermList
            let name: String
            if let p = first.answer.prohibitedBy {
                list = p
                name = "prohibits"
                if first.answer.permittedBy != nil {
                    note = "permitted and prohibited in the same licence: not licensed (RSL 1.0 §3.3)"
                }
            } else {
                list = first.answer.whitelist!
                name = "permits"
                note = "not in the licence's permits list, which is a whitelist (RSL 1.0 §3.5)"
            }
            return RSLTerm(
                category: category,
                value: .deny,
                obligations: [],
                element: listPath(first.license, name, list),
                raw: list.raw,
                line: list.line,
                scopeNote: note,
                warnings: first.answer.prohibitedBy.map { aliasWarnings($0, category) } ?? []
            )
        }
        let ranked = granting.enumerated().sorted { x, y in
            let a = x.element.obligations
            let b = y.element.obligations
            if a.count != b.count { return a.count < b.count }
            let ap = a.contains { $0.kind == .payment }
            let bp = b.contains { $0.kind == .payment }
            if ap != bp { return !ap }
            return x.offset < y.offset
        }.map(\.element)
        let best = ranked[0]
        let limited = best.obligations.contains { $0.kind == .userClass || $0.kind == .region }
        let element: String
        let raw: String
        let line: Int?
        var warnings: [String] = []
        if let p = best.answer.permittedBy {
            element = listPath(best.license, "permits", p)
            raw = p.raw
            line = p.line
            warnings = aliasWarnings(p, category)
        } else if let pay = best.license.payment {
            element = "\(licensePath(best.license))/payment" + (pay.type.map { "[type=\($0)]" } ?? "")
            raw = pay.type.map { "<payment type=\"\($0)\">" } ?? "<payment>"
            line = pay.line
        } else {
            element = licensePath(best.license)
            raw = "<license>"
            line = best.license.line
        }
        var note: String?
        if granting.count > 1 {
            note = "one of \(granting.count) alternative licences (the one with the fewest obligations shown)"
        }
        // A free (or untyped) payment that still names terms: RSL 1.0 §3.6 makes it free, but the
        // terms are kept for the reader (Heed does not invent an obligation the spec does not define).
        if best.obligations.isEmpty, let pay = best.license.payment {
            let terms = [pay.standard, pay.custom].compactMap { $0 }.filter { !$0.isEmpty }
            if !terms.isEmpty { note = Self.join(note, "free, under the terms at \(terms.joined(separator: " and "))") }
        }
        return RSLTerm(
            category: category,
            value: best.obligations.isEmpty ? .allow : .conditional,
            obligations: best.obligations,
            element: element,
            raw: raw,
            line: line,
            scopeNote: note,
            alternatives: limited ? ranked.dropFirst().map(\.obligations) : [],
            warnings: warnings
        )
    }

    static func join(_ a: String?, _ b: String?) -> String? {
        switch (a, b) {
        case (nil, nil): nil
        case (let x?, nil): x
        case (nil, let y?): y
        case (let x?, let y?): "\(x); \(y)"
        }
    }
}
