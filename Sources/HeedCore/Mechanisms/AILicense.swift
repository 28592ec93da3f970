// SPDX-License-Identifier: Apache-2.0
// Heed: copyright.sh `<meta name="ai-license" content="allow; distribution:private; price:0.12">`.
// Spec: copyright.sh "License Grammar v1.5" as published in its Creator Guide (copyright.sh/docs) and its
// WordPress plugin (github.com/tymrtn/ai-license-wp, README "License Grammar v1.5"); no formal grammar is
// published, so the syntax below is Heed's reading of those examples.

import Foundation

/// The spec string of every ai-license statement and finding.
let aiLicenseSpec = "copyright.sh License Grammar v1.5"

/// One `ai-license` meta content, parsed.
///
/// Syntax Heed reads (case-insensitive names and values, `;`-separated, whitespace ignored around parts):
/// ```
/// content   = action *( ";" parameter )
/// action    = "allow" / "deny"
/// parameter = name ( ":" / "=" ) value
/// ```
/// Parameters:
/// - `distribution`: `private` (outputs for individual users only) or `public` (the default);
/// - `price`: US dollars per 1,000 tokens read (`0.12`, a leading `$` tolerated); `rate` is read as
///   `price` (the form `rate=$0.05; terms=...; id=...` of copyright.sh's FAQ);
/// - `payto`: the payment account; `terms`, `id`: kept in the payment detail / ignored;
/// - `scope`: `snippet` (grammar v1.4: at most about 100 tokens reproduced);
/// - `stage`: a list (`,` `|` or space) of `infer`, `embed`, `tune`, `train`, the four stages of the
///   Creator Guide. Published tags never carry it; when present, it limits the categories.
///
/// Mapping (Heed's decision; the grammar has no normative text):
/// - the categories are the AI stages: `ai_input` (infer), `ai_index` (embed), `ai_train` (tune, train);
///   all three unless `stage` narrows them. `search` is not covered (the plugin says search engines
///   are unaffected);
/// - `deny` → deny;
/// - `allow` → allow, or **conditional** with obligations: `payment` when the price is above zero
///   (detail `"0.12 USD per 1,000 tokens; pay to X"`), `distribution` for `distribution:private`,
///   `consumption_level` for `scope:snippet`. A price of 0 or no price is free (the Creator Guide:
///   "defaults to free"). A price Heed cannot read stays a payment obligation ("price unreadable"),
///   because the author asked to be paid;
/// - no action but a price (`rate=$0.05; ...`): read as `allow` with payment, with a warning;
/// - any other action (`no-training`, `commercial`, a URL): no statement, with a warning.
public struct AILicense: Sendable, Hashable {
    /// `allow` or `deny`.
    public enum Action: String, Sendable, Hashable {
        /// AI use is licensed (possibly for a price, with conditions).
        case allow
        /// AI use is refused.
        case deny
    }

    /// The action, or `nil` when absent or unreadable.
    public var action: Action?
    /// The categories covered (all three AI stages unless `stage` narrows them).
    public var categories: [UseCategory]
    /// The obligations of an `allow`.
    public var obligations: [Obligation]
    /// Problems met.
    public var findings: [Finding]
    /// How the reading departed from the grammar to obtain the statements (a price read without an
    /// action, a price Heed cannot read); carried into their provenance. Empty for a clean content.
    public var warnings: [String] = []

    /// Longest content read.
    public static let contentLimit = 4096

    /// Parses a meta `content` value; `line` and `document` locate findings; `vocabulary` maps the
    /// stages to categories (`SignalSpecs/vocabularies/ai-license.json`, `standard` by default).
    public init(
        content full: String,
        line: Int? = nil,
        document: String,
        vocabulary: AILicenseVocabulary = .standard
    ) {
        var sink = FindingSink()
        func report(_ code: String, _ severity: Severity, _ message: String, fix: String? = nil) {
            sink.add(
                Finding(
                    code: code,
                    severity: severity,
                    line: line,
                    message: message,
                    text: "<meta name=\"ai-license\" content=\"\(full.prefix(200))\">",
                    clause: aiLicenseSpec,
                    document: document,
                    fix: fix
                )
            )
        }
        var content = full
        if content.utf8.count > AILicense.contentLimit {
            report(
                "size-limit-exceeded",
                .error,
                "the content has \(content.utf8.count) bytes; Heed reads the first \(AILicense.contentLimit)",
                fix: "keep the ai-license content to the action and a few terms, e.g. 'deny' or 'allow; price:10 USD'"
            )
            // Cut at the last ';' inside the limit, so a half parameter is never read.
            var cut = Array(content.utf8.prefix(AILicense.contentLimit))
            if let semicolon = cut.lastIndex(of: UInt8(ascii: ";")) { cut.removeSubrange(semicolon...) }
            content = String(decoding: cut, as: UTF8.self)
        }
        var parts = content.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        parts.removeAll { $0.isEmpty }
        var action: Action?
        var actionMissing = false
        if let first = parts.first, !first.contains(":"), !first.contains("=") {
            switch first.lowercased() {
            case "allow": action = .allow
            case "deny": action = .deny
            default:
                report(
                    "unknown-action",
                    .warning,
                    "'\(first.prefix(60))' is not an ai-license action: write 'allow' or 'deny' first; "
                        + "no preference is read"
                )
                // Not this grammar (another plugin's value): its parameters are not read either.
                parts.removeAll()
            }
            if !parts.isEmpty { parts.removeFirst() }
        } else {
            actionMissing = true
        }
        if parts.isEmpty && action == nil && actionMissing {
            report("empty-content", .warning, "the ai-license content is empty: no preference is read")
        }

        var warnings: [String] = []
        var distribution: String?
        var price: String?
        var priceUnreadable: String?
        var payto: String?
        var terms: String?
        var snippet = false
        var stages: [UseCategory]?
        for part in parts {
            guard let sep = part.firstIndex(where: { $0 == ":" || $0 == "=" }) else {
                report("malformed-parameter", .warning, "'\(part.prefix(60))' is not name:value: ignored")
                continue
            }
            let name = part[..<sep].trimmedWhitespace().lowercased()
            let value = part[part.index(after: sep)...].trimmedWhitespace()
            switch name {
            case "distribution", "visibility":
                switch value.lowercased() {
                case "private", "public": distribution = value.lowercased()
                default:
                    report(
                        "invalid-value",
                        .warning,
                        "distribution must be 'private' or 'public', not '\(value.prefix(40))': ignored"
                    )
                }
            case "price", "rate":
                var number = value
                if number.hasPrefix("$") { number.removeFirst() }
                if number.lowercased().hasSuffix("usd") { number = String(number.dropLast(3)) }
                number = number.trimmedWhitespace()
                if AILicense.isPrice(number) {
                    price = number
                } else {
                    priceUnreadable = value
                    report(
                        "invalid-price",
                        .error,
                        "price '\(value.prefix(40))' is not a number of US dollars per 1,000 tokens; "
                            + "Heed keeps a payment condition of unknown amount"
                    )
                }
            case "payto":
                payto = value
            case "terms":
                terms = value
            case "id":
                break
            case "scope":
                if value.lowercased() == "snippet" {
                    snippet = true
                } else {
                    report("invalid-value", .warning, "scope '\(value.prefix(40))' is not 'snippet': ignored")
                }
            case "stage", "stages":
                var list: [UseCategory] = []
                let items = value.lowercased().split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " })
                for item in items {
                    if let category = vocabulary.category(ofStage: item) {
                        list.append(category)
                    } else {
                        report(
                            "invalid-value",
                            .warning,
                            "stage '\(item.prefix(40))' is not one of \(vocabulary.words)"
                        )
                    }
                }
                if !list.isEmpty { stages = Array(Set(list)).sorted() }
            default:
                report("unknown-parameter", .info, "'\(name.prefix(40))' is not an ai-license parameter: ignored")
            }
        }

        if actionMissing && (price != nil || priceUnreadable != nil) {
            report(
                "missing-action",
                .warning,
                "the content has no 'allow' or 'deny'; Heed reads a price as 'allow' for payment; "
                    + "write 'allow; price:...'"
            )
            action = .allow
            warnings.append("no 'allow' or 'deny': a price read as allow with payment")
        } else if actionMissing && !parts.isEmpty {
            report("missing-action", .warning, "the content has no 'allow' or 'deny' first: no preference is read")
        }

        var obligations: [Obligation] = []
        if action == .allow {
            var detail: String?
            if let price, price.contains(where: { $0 >= "1" && $0 <= "9" }) {
                detail = "\(price) USD per 1,000 tokens"
            } else if let priceUnreadable {
                detail = "price unreadable: '\(priceUnreadable.prefix(40))'"
                warnings.append("price '\(priceUnreadable.prefix(40))' unreadable: kept as a payment of unknown amount")
            }
            if var d = detail {
                if let payto, !payto.isEmpty { d += "; pay to \(payto)" }
                if let terms, !terms.isEmpty { d += "; terms \(terms)" }
                obligations.append(Obligation(.payment, detail: d))
            }
            if distribution == "private" {
                obligations.append(Obligation(.distribution, detail: "outputs for individual users only (private)"))
            }
            if snippet {
                obligations.append(Obligation(.consumptionLevel, detail: "snippets of about 100 tokens at most"))
            }
        } else if action == .deny && (price != nil || distribution != nil || payto != nil) {
            report("ignored-terms", .info, "price, payto and distribution have no effect with 'deny'")
        }
        self.action = action
        self.categories = stages ?? vocabulary.defaultCategories
        self.obligations = obligations
        self.warnings = warnings
        self.findings = sink.finish()
    }

    /// True for a plain decimal amount: digits, optionally one `.` and more digits (`0.12`, `.5`, `3`).
    static func isPrice(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.last?.isEmpty == false else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0 >= "0" && $0 <= "9" } }
    }

    /// The value the license gives its categories, or `nil` without an action.
    public var value: PreferenceValue? {
        switch action {
        case .deny: .deny
        case .allow: obligations.isEmpty ? .allow : .conditional
        case nil: nil
        }
    }
}

/// copyright.sh `<meta name="ai-license">` on one page (see `AILicense` for the syntax and mapping).
///
/// The first `ai-license` meta element is read (as `document.querySelector` finds it); later ones are
/// reported (`duplicate-meta`) and ignored. The statements apply to every crawler and every query on
/// the page.
public struct AILicenseSource: SignalSource {
    /// The license read, if any.
    public let license: AILicense?
    let provenance: Provenance?
    /// What a steward should fix.
    public let findings: [Finding]

    /// Reads the `ai-license` meta elements of `head`; `document` is the page's location;
    /// `vocabulary` is the stage table (`standard` by default).
    public init(head: HTMLHead?, document: String, vocabulary: AILicenseVocabulary = .standard) {
        let metas = head?.metas(named: "ai-license") ?? []
        guard let first = metas.first else {
            license = nil
            provenance = nil
            findings = []
            return
        }
        let license = AILicense(content: first.content, line: first.line, document: document, vocabulary: vocabulary)
        var findings = license.findings
        for extra in metas.dropFirst() {
            findings.append(
                Finding(
                    code: "duplicate-meta",
                    severity: .warning,
                    line: extra.line,
                    message: "a second <meta name=\"ai-license\"> is ignored (the first one is read): keep one",
                    text: "<meta name=\"ai-license\" content=\"\(extra.content.prefix(200))\">",
                    clause: aiLicenseSpec,
                    document: document
                )
            )
        }
        self.license = license
        self.findings = findings
        provenance = Provenance(
            mechanism: .aiLicense,
            document: document,
            line: first.line,
            element: "meta[name=ai-license]",
            raw: "<meta name=\"ai-license\" content=\"\(first.content.prefix(300))\">",
            spec: aiLicenseSpec,
            warnings: license.warnings
        )
    }

    /// One statement per category the license covers, for every query.
    public func statements(for query: SignalQuery) -> [Statement] {
        guard let license, let value = license.value, let provenance else { return [] }
        return license.categories.map {
            Statement($0, value, obligations: value == .conditional ? license.obligations : [], provenance: provenance)
        }
    }
}
