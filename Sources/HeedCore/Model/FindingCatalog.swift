// SPDX-License-Identifier: Apache-2.0
// Heed: every finding code with its default fix, spec clause and consequence tier.
// Specs cited per entry: RFC 9309, draft-ietf-aipref-attach/vocab, Content Signals Policy, CC signals,
// RSL 1.0, W3C TDMRep (Final Community Group Report), copyright.sh ai-license, Spawning ai.txt.

/// How far a finding reaches: the first sort key of a steward's lint report ("rank by
/// consequence, not only severity").
///
/// The tiers, strongest first, and the rule behind each:
/// - `site`: it changes what major AI crawlers may do or are told on the **whole site**, or a
///   whole signal document is unreadable (nothing it says reaches any crawler);
/// - `major`: it changes or contradicts what at least one **major** crawler (registry
///   `major: true`) may do or is told, for part of the site or one use;
/// - `some`: it changes what other crawlers do, or what one reader reads on some paths;
/// - `latent`: no crawler's outcome changes today, but readers disagree or a later edit would
///   expose it (a signal in a group only blocked crawlers read, a legacy label);
/// - `cosmetic`: it changes nothing (a duplicate rule, an allow that restates the default).
///
/// Each code has a base tier (`FindingCatalog`); `SiteLint` promotes a robots.txt finding whose
/// line is in a group a major crawler obeys (`some` → `major`, and → `site` when the line is a
/// whole-site rule `/`), and computes the tier of the cross-mechanism kinds from the crawlers they
/// name. Within a tier: severity, then the number of major crawlers named, then document and line.
public enum Consequence: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Whole site, major crawlers; or a whole document unreadable.
    case site
    /// Major crawlers, part of the site or one use.
    case major
    /// Other crawlers, or some paths or readers.
    case some
    /// No outcome changes today; readers disagree or a later edit would expose it.
    case latent
    /// Changes nothing.
    case cosmetic

    /// The stable name used in text, JSON and HTML output.
    public var name: String {
        switch self {
        case .site: "site"
        case .major: "major"
        case .some: "some"
        case .latent: "latent"
        case .cosmetic: "cosmetic"
        }
    }

    /// One line for a legend.
    public var meaning: String {
        switch self {
        case .site: "changes what major AI crawlers may do on the whole site, or a whole document is unreadable"
        case .major: "changes or contradicts what a major crawler may do or is told, on part of the site or one use"
        case .some: "changes what other crawlers do, or what one reader reads on some paths"
        case .latent: "no crawler's outcome changes today; readers disagree or a later edit would expose it"
        case .cosmetic: "changes nothing"
        }
    }

    public static func < (lhs: Consequence, rhs: Consequence) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The default fix, clause and consequence tier of every finding code Heed emits.
///
/// Why a catalog: findings are made in many parsers, most with a precise message but not all with
/// a fix; the catalog guarantees that every finding a steward sees carries a suggested fix and the
/// clause it rests on (`completed(_:)`), and gives the lint ranking its base tier. A finding that
/// knows a more specific fix (naming the line or the value to write) sets `fix` itself and keeps it.
/// `FindingCatalogTests` checks that every code in the sources has an entry.
public enum FindingCatalog {
    /// One code's defaults.
    public struct Entry: Sendable, Hashable {
        /// The base consequence tier.
        public var consequence: Consequence
        /// The spec clause, for findings made without one.
        public var clause: String
        /// The default fix.
        public var fix: String
    }

    private static func e(_ c: Consequence, _ clause: String, _ fix: String) -> Entry {
        Entry(consequence: c, clause: clause, fix: fix)
    }

    private static let tdmrep = "W3C TDMRep"
    private static let aiLicense = "copyright.sh ai-license"
    private static let aiTxt = "Spawning ai.txt"

    /// Every code, with its defaults.
    public static let entries: [String: Entry] = [
        // robots.txt (RFC 9309) and ai.txt, which shares its syntax.
        "html-document": e(
            .site,
            "RFC 9309 §2.3",
            "serve the rules as text/plain at this URL (not an HTML page), or answer 404 if there are none"
        ),
        "utf16": e(.site, "RFC 9309 §2.1", "save the file as UTF-8"),
        "robots-unreachable": e(
            .site,
            "RFC 9309 §2.3.1.3, §2.3.1.4",
            "answer /robots.txt with 200 and the rules (or 404 when there are none); a 5xx, a 429 or no answer "
                + "reads as disallow all"
        ),
        // robots.txt's fix; the size findings of the other mechanisms (licence, tdmrep.json, header
        // values, meta contents, ai.txt) set a fix of their own where they are made.
        "size-limit-exceeded": e(
            .site,
            "RFC 9309 §2.5",
            "keep the file under 500 KiB: merge groups, drop per-URL rules, and put the rules that matter first"
        ),
        "rule-outside-group": e(
            .major,
            "RFC 9309 §2.2",
            "put a 'User-agent: *' line (or the crawler's line) before the first Allow/Disallow"
        ),
        "pattern-not-absolute": e(.some, "RFC 9309 §2.2.2", "start the path with '/' (or '*')"),
        "typo": e(.some, "RFC 9309 §2.2", "spell the field as the RFC does: 'User-agent', 'Allow', 'Disallow'"),
        "missing-colon": e(.some, "RFC 9309 §2.2", "write the field, a ':' and the value"),
        "invalid-token": e(
            .some,
            "RFC 9309 §2.2.1",
            "write the crawler's product token with letters, '-' and '_' only, as its operator documents it"
        ),
        "empty-user-agent": e(.some, "RFC 9309 §2.2.1", "name a crawler after 'User-agent:' or delete the line"),
        "unknown-field": e(.some, "RFC 9309 §2.2.4", "fix the field name or delete the line"),
        "unreachable-rule": e(
            .some,
            "RFC 9309 §2.2.2",
            "delete one of the two rules, or make the disallow longer than the allow so it can win"
        ),
        "empty-group": e(
            .some,
            "RFC 9309 §2.2.1",
            "give the crawler's group its own rules (e.g. repeat the '*' disallows), or delete its User-agent line"
        ),
        "invalid-utf8": e(.some, "RFC 9309 §2.1", "save the file as UTF-8"),
        "nul-byte": e(.some, "RFC 9309 §2.1", "remove the NUL bytes"),
        "malformed-line": e(.some, "RFC 9309 §2.2", "write the line as 'field: value', or make it a '#' comment"),
        "duplicate-rule": e(.cosmetic, "RFC 9309 §2.2.2", "delete the repeated line"),
        "redundant-allow": e(.cosmetic, "RFC 9309 §2.2.2", "delete the allow, or keep it only as documentation"),
        "unsupported-field": e(
            .cosmetic,
            "RFC 9309 §2.2.4",
            "delete the line, or move the intent to a field crawlers read"
        ),
        "markdown-not-ai-txt": e(.site, aiTxt, "publish a Spawning ai.txt ('User-Agent: *' then Disallow lines) here"),
        "profile-not-ai-txt": e(.site, aiTxt, "publish a Spawning ai.txt ('User-Agent: *' then Disallow lines) here"),
        "no-rules": e(
            .cosmetic,
            "W3C TDMRep §3; Spawning ai.txt",
            "add rules, or delete the file if it states nothing"
        ),
        // Content-Usage (IETF AIPREF) and CC signals.
        "content-usage-outside-group": e(
            .major,
            "draft-ietf-aipref-attach §3",
            "move the Content-Usage line under 'User-agent: *' (and each named group)"
        ),
        "content-usage-empty": e(.some, "draft-ietf-aipref-attach §3", "write a preference, e.g. 'train-ai=n'"),
        "content-usage-parse-error": e(
            .some,
            "RFC 9651 §4.2; draft-ietf-aipref-attach §2",
            "write a structured-field dictionary, e.g. 'train-ai=n, search=y'"
        ),
        "content-usage-invalid-value": e(.some, "draft-ietf-aipref-vocab §4", "use the values 'y' or 'n'"),
        "content-usage-unknown-label": e(
            .some,
            "draft-ietf-aipref-vocab §3",
            "use a vocabulary label: train-ai, ai-use, search (or a supported older label)"
        ),
        "content-usage-legacy-label": e(
            .latent,
            "draft-ietf-aipref-vocab §3",
            "replace the older draft's label with the current one"
        ),
        "cc-signal-unknown": e(.some, "CC signals", "use a CC signal code: cc-cr, cc-dc, cc-ec, cc-op"),
        "cc-signal-non-canonical": e(.latent, "CC signals", "write the canonical CC signal code"),
        "cc-signal-on-allow": e(
            .latent,
            "CC signals; draft-ietf-aipref-vocab",
            "put the CC signal on a 'n' (no, unless) preference, where it is an exception"
        ),
        // Content-Signal (Cloudflare Content Signals Policy).
        "content-signal-outside-group": e(
            .major,
            "Content Signals Policy; RFC 9309 §2.2.1",
            "move the Content-Signal line under 'User-agent: *' (and each named group)"
        ),
        "content-signal-empty": e(.some, "Content Signals Policy", "write signals, e.g. 'search=yes, ai-train=no'"),
        "content-signal-malformed": e(.some, "Content Signals Policy", "write each signal as key=value"),
        "content-signal-invalid-value": e(.some, "Content Signals Policy", "use 'yes' or 'no'"),
        "content-signal-unknown-key": e(.some, "Content Signals Policy", "use the keys search, ai-input, ai-train"),
        "content-signal-case": e(.latent, "Content Signals Policy", "write keys and values in lower case"),
        // RSL 1.0.
        "license-unavailable": e(
            .site,
            "RSL 1.0 §3.1.1",
            "publish the licence at that URL (HTTP 200, application/rsl+xml) or fix the URL"
        ),
        "invalid-xml": e(.site, "RSL 1.0 §3.1", "make the document well-formed XML"),
        "doctype-rejected": e(.site, "RSL 1.0 §3.1", "remove the DOCTYPE declaration"),
        "not-rsl": e(.site, "RSL 1.0 §3.1", "make <rsl xmlns=\"https://rslstandard.org/rsl\"> the root element"),
        "no-content": e(.site, "RSL 1.0 §3.2", "add a <content url=\"/\"> element with a <license>"),
        "namespace-missing": e(.some, "RSL 1.0 §3.1", "add xmlns=\"https://rslstandard.org/rsl\" to <rsl>"),
        "namespace-version": e(.some, "RSL 1.0 §3.1", "use the RSL 1.0 namespace https://rslstandard.org/rsl"),
        "invalid-max-age": e(.latent, "RSL 1.0 §3.1", "give max-age as whole seconds"),
        "unknown-element": e(.latent, "RSL 1.0 §3.2", "remove the element, or use the RSL 1.0 name"),
        "missing-url": e(.some, "RSL 1.0 §3.2", "give <content> a url attribute, e.g. url=\"/\""),
        "invalid-attribute": e(.some, "RSL 1.0 §3.2", "give the attribute a value the spec allows"),
        "missing-license": e(.some, "RSL 1.0 §3.2", "add a <license> to the <content> element"),
        "duplicate-terms": e(.latent, "RSL 1.0 §3.4", "merge the repeated terms into one element"),
        "duplicate-payment": e(.latent, "RSL 1.0 §3.6", "keep one <payment> per <license>"),
        "missing-attribute": e(.some, "RSL 1.0 §3.8", "add the required attribute"),
        "server-element": e(.some, "RSL 1.0 §3.2", "move the licence server to content@server"),
        "missing-type": e(.some, "RSL 1.0 §3.4", "add type=\"usage\" (or user, geo) to the element"),
        "non-rsl-token": e(
            .some,
            "RSL 1.0 §3.4.1",
            "use an RSL usage token: all, ai-all, ai-train, ai-input, ai-index, search"
        ),
        "unknown-usage-token": e(
            .some,
            "RSL 1.0 §3.4.1",
            "use an RSL usage token: all, ai-all, ai-train, ai-input, ai-index, search"
        ),
        "unknown-user-token": e(
            .some,
            "RSL 1.0 §3.4.1",
            "use an RSL user token: commercial, non-commercial, education, government, personal"
        ),
        "invalid-geo": e(.some, "RSL 1.0 §3.4.1", "use ISO 3166-1 alpha-2 country codes"),
        "unknown-type": e(.some, "RSL 1.0 §3.4", "use type usage, user or geo"),
        "unknown-payment-type": e(
            .some,
            "RSL 1.0 §3.6",
            "use an RSL payment type (free, attribution, purchase, subscription, ...)"
        ),
        "invalid-currency": e(.some, "RSL 1.0 §3.6", "give the amount an ISO 4217 currency, e.g. currency=\"USD\""),
        "invalid-amount": e(.some, "RSL 1.0 §3.6", "write the amount as a decimal number"),
        "too-many-licenses": e(
            .some,
            "RSL 1.0 §4",
            "name one licence per scope: delete the extra License lines or licence links (Heed reads 16)"
        ),
        "rsl-robots-contradiction": e(
            .major,
            "RSL 1.0 §4.9; RFC 9309 §2.2.1",
            "make robots.txt and the licence say the same for these crawlers"
        ),
        // W3C TDMRep.
        "empty-file": e(
            .site,
            tdmrep,
            "write a JSON array of rules, e.g. [{\"location\":\"/\",\"tdm-reservation\":1}]"
        ),
        // W3C TDMRep TDM policies (#sec-policy).
        "policy-human-readable": e(
            .latent,
            tdmrep,
            "also publish the policy as JSON-LD (application/ld+json) so agents can read its terms"
        ),
        "policy-too-large": e(.some, tdmrep, "keep the policy to its permissions, duties and assigner"),
        "policy-trailing-comma": e(.some, "RFC 8259 §4-5; W3C TDMRep", "remove the comma before '}' or ']'"),
        "policy-invalid-json": e(.some, tdmrep, "fix the JSON syntax of the policy"),
        "policy-not-object": e(.some, tdmrep, "write the policy as one JSON object with @type \"Offer\""),
        "policy-no-assigner": e(.latent, tdmrep, "add an assigner with vcard:fn and vcard:hasEmail or vcard:hasURL"),
        "policy-rules": e(.latent, tdmrep, "express the terms as duties and constraints of a permission"),
        "policy-no-permission": e(
            .some,
            tdmrep,
            "add \"permission\": [{\"action\": \"tdm:mine\", \"duty\": [{\"action\": \"obtainConsent\"}]}]"
        ),
        "policy-size-limit": e(.latent, tdmrep, "merge the permissions: a policy needs a few"),
        "policy-not-offer": e(.latent, tdmrep, "write \"@type\": \"Offer\""),
        "policy-profile": e(.latent, tdmrep, "write \"profile\": \"http://www.w3.org/ns/tdmrep\""),
        "policy-context": e(
            .cosmetic,
            tdmrep,
            "write \"@context\": [\"http://www.w3.org/ns/odrl.jsonld\", \"http://www.w3.org/ns/tdmrep.jsonld\"]"
        ),
        "policy-no-uid": e(.cosmetic, tdmrep, "add a uid, e.g. https://example.org/policies/1"),
        "policy-permission": e(.some, tdmrep, "make every permission a JSON object"),
        "policy-action": e(.some, tdmrep, "write \"action\": \"tdm:mine\""),
        "policy-duty": e(.latent, tdmrep, "use the duties obtainConsent or compensate"),
        "policy-constraint": e(
            .some,
            tdmrep,
            "use a purpose constraint: {\"leftOperand\": \"purpose\", \"operator\": \"eq\", "
                + "\"rightOperand\": \"tdm:research\"}"
        ),
        "invalid-json": e(.site, tdmrep, "fix the JSON syntax"),
        "not-an-array": e(.site, tdmrep, "wrap the rule in a JSON array: [ {...} ]"),
        "not-tdmrep": e(.site, tdmrep, "write TDMRep rules: [{\"location\":\"/\",\"tdm-reservation\":1}]"),
        "not-served": e(
            .some,
            tdmrep,
            "answer /.well-known/tdmrep.json with 200 and the rules, or 404 if there are none"
        ),
        "bom": e(.latent, "RFC 8259 §8.1", "save the file without the byte order mark"),
        "invalid-entry": e(.some, tdmrep, "make every rule a JSON object"),
        "unknown-key": e(.latent, tdmrep, "remove the key, or use location, tdm-reservation, tdm-policy"),
        "duplicate-key": e(.some, tdmrep, "give each key once per rule"),
        "misspelled-key": e(.some, tdmrep, "spell the key as the spec does: location, tdm-reservation, tdm-policy"),
        "invalid-location": e(.some, tdmrep, "write location as a path pattern starting with '/'"),
        "missing-location": e(.some, tdmrep, "add \"location\": \"/\" (or the path the rule covers)"),
        "string-reservation": e(.latent, tdmrep, "write tdm-reservation as the number 1 or 0, not a string"),
        "invalid-reservation": e(.some, tdmrep, "write tdm-reservation as 1 (reserved) or 0 (not reserved)"),
        "missing-reservation": e(.some, tdmrep, "add \"tdm-reservation\": 1 or 0"),
        "policy-not-url": e(.some, tdmrep, "give tdm-policy as an absolute https URL"),
        "policy-ignored": e(.latent, tdmrep, "drop tdm-policy where tdm-reservation is 0, or set it to 1"),
        "invalid-policy": e(.some, tdmrep, "give tdm-policy as an absolute https URL"),
        "conflicting-values": e(.some, tdmrep, "give the property once, with one value"),
        "misspelled-meta-name": e(.some, tdmrep, "use <meta name=\"tdm-reservation\"> in HTML (no 'tdm:' prefix)"),
        // Robots meta, X-Robots-Tag, ai-license, HTML.
        "nonstandard-directive": e(
            .latent,
            "draft-illyes-repext",
            "pair noai/noimageai with robots.txt rules or a Content-Usage / TDMRep signal"
        ),
        "unknown-action": e(.some, aiLicense, "start the content with 'allow' or 'deny'"),
        "empty-content": e(.some, aiLicense, "write 'allow' or 'deny' (and terms) in the content"),
        "malformed-parameter": e(.latent, aiLicense, "write each parameter as name:value"),
        "invalid-value": e(.some, aiLicense, "use a value the ai-license spec lists"),
        "invalid-price": e(.some, aiLicense, "write the price as a number with a currency"),
        "unknown-parameter": e(.cosmetic, aiLicense, "remove the parameter"),
        "missing-action": e(.some, aiLicense, "start the content with 'allow' or 'deny'"),
        "ignored-terms": e(.cosmetic, aiLicense, "drop price, payto and distribution from a 'deny'"),
        "duplicate-meta": e(.latent, aiLicense, "keep one <meta name=\"ai-license\">"),
        "unknown-charset": e(.some, "WHATWG HTML §13.2.3", "declare a standard encoding label, or serve UTF-8"),
        "head-size-limit": e(.some, "WHATWG HTML §4.2", "put signal metas and links early in <head>"),
        // Across mechanisms (SignalFolder, SiteLint).
        "conflict": e(
            .some,
            "AIPREF vocab §5; RSL 1.0 §4.9",
            "make the mechanisms agree: change the allowing statement or the denying one"
        ),
        "signal-group-unread": e(
            .major,
            "RFC 9309 §2.2.1",
            "repeat the signal line in each crawler's own group"
        ),
        "signal-gap": e(
            .major,
            "RFC 9309 §2.2.1; draft-ietf-aipref-vocab §5",
            "state the preference in both places: disallow the crawlers in robots.txt, or add the use signal"
        ),
    ]

    /// The entry for `code`, if Heed knows the code.
    public static func entry(_ code: String) -> Entry? { entries[code] }

    /// `finding` with the catalog's fix and clause filled in where it has none.
    public static func completed(_ finding: Finding) -> Finding {
        guard let entry = entries[finding.code], finding.fix == nil || finding.clause == nil else { return finding }
        var f = finding
        if f.fix == nil { f.fix = entry.fix }
        if f.clause == nil { f.clause = entry.clause }
        return f
    }
}
