// SPDX-License-Identifier: Apache-2.0
// Heed: an RSL licence document, read safely with libxml2 (no DTD, no entities, bounded size and depth).
// Spec: RSL 1.0 (RSL-SPEC-1.0) §3 document structure (rsl, content, license, permits/prohibits, payment,
// legal, reporting), §3.4.1 vocabularies; RSL 0.9 draft for the legacy comma-separated forms.

internal import CXML

/// An RSL document: the `<content>` scopes and their alternative `<license>` term sets.
///
/// Read with libxml2's DOM parser and `NONET | NOERROR | NOWARNING` only: no entity substitution,
/// no DTD loading, a deny-all external entity loader, and any `<!DOCTYPE` rejected before its
/// declarations are read (a licence file needs no DTD, and DTDs carry XXE and entity-expansion
/// attacks). libxml2's own limits bound nesting (256) and entity amplification. Reading never
/// fails: problems are `findings`, and a document that cannot be used is `isValid == false`
/// (RSL 1.0 §3.1.1: without a valid document the content is unlicensed, which Heed reports as
/// `unknown`).
public struct RSLDocument: Sendable, Hashable {
    /// The RSL namespace URI (RSL 1.0 §3.1).
    public static let namespace = "https://rslstandard.org/rsl"
    /// Documents larger than this (4 MiB) are not read: licence files are a few kilobytes.
    public static let defaultLimit = 4 << 20

    /// Which edition of RSL the document's syntax follows.
    public enum Version: String, Sendable, Hashable, Codable {
        /// RSL 1.0: space-separated lists, payment type `use`.
        case v1 = "RSL 1.0"
        /// The RSL 0.9 draft: comma-separated lists or payment type `inference`.
        case v09 = "RSL 0.9"
    }

    /// A `<permits>` or `<prohibits>` list (RSL 1.0 §3.4).
    public struct TermList: Sendable, Hashable {
        /// `usage`, `user` or `geo`.
        public var type: String
        /// The tokens, split on whitespace (and on commas, the 0.9 separator), as written.
        public var tokens: [String]
        /// The 1-based line of the element.
        public var line: Int?
        /// The element as text, for provenance (`<prohibits type="usage">ai-train</prohibits>`).
        public var raw: String
    }

    /// A price (`<amount currency="USD">0.015</amount>`).
    public struct Amount: Sendable, Hashable {
        /// The decimal value as written.
        public var value: String
        /// The ISO 4217 code as written.
        public var currency: String
    }

    /// The `<payment>` of a licence (RSL 1.0 §3.6).
    public struct Payment: Sendable, Hashable {
        /// `payment@type` as written, `nil` when absent (free).
        public var type: String?
        /// The price, if any.
        public var amount: Amount?
        /// `<standard>`: the URI of a shared licence framework.
        public var standard: String?
        /// `<custom>`: the publisher's own licensing process.
        public var custom: String?
        /// `<accepts type>`: the media type of an accepted payment protocol.
        public var accepts: String?
        /// The 1-based line of the element.
        public var line: Int?
    }

    /// A `<legal>` term (RSL 1.0 §3.7).
    public struct Legal: Sendable, Hashable {
        /// `warranty`, `disclaimer`, `attestation`, `contact` or `proof`.
        public var type: String
        /// The text.
        public var value: String
        /// The 1-based line.
        public var line: Int?
    }

    /// A `<reporting>` requirement (RSL 1.0 errata 2026-06-12).
    public struct Reporting: Sendable, Hashable {
        /// `telemetry`, `provenance` or `audit`.
        public var type: String
        /// The profile URI.
        public var profile: String
        /// The endpoint, if any.
        public var endpoint: String?
        /// The 1-based line.
        public var line: Int?
    }

    /// One `<license>`: an alternative set of terms for its content (RSL 1.0 §3.3).
    public struct License: Sendable, Hashable {
        /// The `<permits>` lists.
        public var permits: [TermList] = []
        /// The `<prohibits>` lists.
        public var prohibits: [TermList] = []
        /// The payment, if any (absent = free).
        public var payment: Payment?
        /// Legal terms.
        public var legal: [Legal] = []
        /// Reporting requirements.
        public var reporting: [Reporting] = []
        /// A `<server url>` element inside the licence: not RSL 1.0 (the RSL for WordPress plugin writes
        /// it); read, conservatively, as the content's `server` (a licence token is required).
        public var server: String?
        /// The 1-based line of the element.
        public var line: Int?
        /// The 1-based position among its content's licences.
        public var index: Int = 1
    }

    /// One `<content>` scope (RSL 1.0 §3.2).
    public struct Content: Sendable, Hashable {
        /// `url`: a full URL or a server path pattern (RFC 9309 `*` and `$`); empty = the association's scope.
        public var url: String
        /// `server`: the licence server; a licence token is required even for free licences.
        public var server: String?
        /// `encrypted`, when given.
        public var encrypted: Bool?
        /// `lastmod` (RFC 3339), as written.
        public var lastmod: String?
        /// `<terms>`: the human-readable terms.
        public var terms: String?
        /// `<alternate>` URLs.
        public var alternates: [String] = []
        /// The alternative licences.
        public var licenses: [License] = []
        /// The 1-based line of the element.
        public var line: Int?
    }

    /// Where the document came from (URL or file path).
    public var location: String
    /// The syntax edition (0.9 when commas or `inference` are met).
    public var version: Version = .v1
    /// `rsl@max-age` in days (default 30).
    public var maxAgeDays: Int = 30
    /// The content scopes, in document order.
    public var contents: [Content] = []
    /// What a steward should fix.
    public var findings: [Finding] = []
    /// True when the bytes were well-formed XML with RSL content in the RSL namespace.
    public var isValid = false

    /// Reads an RSL document (a standalone `<rsl>` file, or a feed with prefixed `rsl:content` items).
    ///
    /// - Parameters:
    ///   - bytes: the document.
    ///   - location: its URL or path, for findings and provenance.
    ///   - vocabulary: the RSL vocabulary, to report unknown tokens and invalid currencies.
    ///   - limit: documents larger than this are not read (`size-limit-exceeded`).
    public init(_ bytes: [UInt8], location: String, vocabulary: RSLVocabulary, limit: Int = RSLDocument.defaultLimit) {
        self.location = location
        var reader = RSLReader(vocabulary: vocabulary)
        reader.read(bytes, location: location, limit: limit, into: &self)
        findings = reader.sink.finish()
    }

    /// Reads RSL text (an inline `<script type="application/rsl+xml">` body).
    public init(_ text: String, location: String, vocabulary: RSLVocabulary) {
        self.init(Array(text.utf8), location: location, vocabulary: vocabulary)
    }
}

/// What the libxml2 callbacks of one parse record (reached through the context's `_private`).
private final class ParseState {
    /// The line of a `<!DOCTYPE`, when one was met (0 when unknown).
    var doctypeLine: Int?
    /// The first error: line and libxml2's message.
    var firstError: (Int, String)?
}

/// The libxml2 walk behind `RSLDocument.init`.
private struct RSLReader {
    let vocabulary: RSLVocabulary
    var sink = FindingSink()
    var version09 = false

    init(vocabulary: RSLVocabulary) { self.vocabulary = vocabulary }

    static let options = Int32(
        bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
    )

    mutating func add(
        _ code: String,
        _ severity: Severity,
        _ line: Int?,
        _ message: String,
        clause: String,
        fix: String? = nil
    ) {
        sink.add(Finding(code: code, severity: severity, line: line, message: message, clause: clause, fix: fix))
    }

    mutating func read(_ bytes: [UInt8], location: String, limit: Int, into doc: inout RSLDocument) {
        _ = LibXML.ready
        if bytes.count > limit {
            add(
                "size-limit-exceeded",
                .error,
                nil,
                "the document is \(bytes.count) bytes, over Heed's limit of \(limit); it was not read. "
                    + "Licence files are small: split or simplify it",
                clause: "RSL 1.0 §3.1",
                fix: "keep the licence under \(limit >> 10) KiB: one <content> per content set, each term once"
            )
            return
        }
        guard !bytes.isEmpty else {
            add("invalid-xml", .error, nil, "the document is empty", clause: "RSL 1.0 §3.1")
            return
        }
        guard let ctxt = xmlNewParserCtxt() else { return }
        defer { xmlFreeParserCtxt(ctxt) }
        // Reject any DOCTYPE as soon as it starts, before its declarations are read, and keep the
        // first well-formedness error (libxml2 goes on and reports later ones last).
        let state = ParseState()
        ctxt.pointee._private = Unmanaged.passUnretained(state).toOpaque()
        ctxt.pointee.sax.pointee.internalSubset = { user, _, _, _ in
            guard let user else { return }
            let c = user.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = c.pointee._private else { return }
            let st = Unmanaged<ParseState>.fromOpaque(box).takeUnretainedValue()
            st.doctypeLine = c.pointee.input.map { Int($0.pointee.line) } ?? 0
            xmlStopParser(c)
        }
        ctxt.pointee.sax.pointee.serror = { user, error in
            guard let user, let error else { return }
            let c = user.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = c.pointee._private else { return }
            let st = Unmanaged<ParseState>.fromOpaque(box).takeUnretainedValue()
            guard st.firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
            st.firstError = (Int(error.pointee.line), message)
        }
        let parsed: xmlDocPtr? = withExtendedLifetime(state) {
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                    xmlCtxtReadMemory(ctxt, p, Int32(buf.count), location, nil, RSLReader.options)
                }
            }
        }
        ctxt.pointee._private = nil
        defer { if let parsed { xmlFreeDoc(parsed) } }
        if let line = state.doctypeLine {
            add(
                "doctype-rejected",
                .error,
                line > 0 ? line : nil,
                "the document has a <!DOCTYPE>; Heed does not read licence documents with a DTD (they can load "
                    + "files or expand entities). Remove the DOCTYPE",
                clause: "RSL 1.0 §3.1"
            )
            return
        }
        guard let parsed, ctxt.pointee.wellFormed != 0 else {
            var line: Int?
            var message = "not well-formed XML"
            if let (n, m) = state.firstError {
                line = n > 0 ? n : nil
                message = m.rslTrimmed().replacingNewlines()
            } else if let err = xmlCtxtGetLastError(ctxt) {
                if err.pointee.line > 0 { line = Int(err.pointee.line) }
                if let m = err.pointee.message {
                    message = String(cString: m).rslTrimmed().replacingNewlines()
                }
            }
            add(
                "invalid-xml",
                .error,
                line,
                "the document is not well-formed XML (\(message)); crawlers cannot read any of its terms. "
                    + "Fix the XML",
                clause: "RSL 1.0 §3.1"
            )
            return
        }
        guard let root = xmlDocGetRootElement(parsed) else {
            add("invalid-xml", .error, nil, "the document has no root element", clause: "RSL 1.0 §3.1")
            return
        }
        let rootName = Self.name(root)
        let rootNS = Self.namespace(root)
        if rootName == "rsl" && Self.isRSLNamespace(rootNS) {
            if rootNS != RSLDocument.namespace {
                add(
                    "namespace-version",
                    .info,
                    Self.line(root),
                    "the namespace is '\(rootNS ?? "")', not '\(RSLDocument.namespace)'; read as RSL 1.0",
                    clause: "RSL 1.0 §3.1"
                )
            }
            readRoot(root, into: &doc)
        } else if rootName == "rsl" {
            add(
                "namespace-missing",
                .error,
                Self.line(root),
                rootNS == nil
                    ? "the <rsl> element has no namespace; add xmlns=\"\(RSLDocument.namespace)\" "
                        + "(without it the document is not RSL)"
                    : "the <rsl> element is in namespace '\(rootNS!)', not '\(RSLDocument.namespace)'",
                clause: "RSL 1.0 §3.1"
            )
            return
        } else {
            // A feed (RSS with rsl:content in items) or another wrapper: read every RSL content.
            var found: [xmlNodePtr] = []
            Self.collectContents(root, into: &found)
            if found.isEmpty {
                add(
                    "not-rsl",
                    .error,
                    Self.line(root),
                    "the root element is <\(rootName)> and no <content> in the RSL namespace was found: "
                        + "this is not an RSL document",
                    clause: "RSL 1.0 §3.1"
                )
                return
            }
            for node in found {
                if let c = readContent(node) { doc.contents.append(c) }
            }
        }
        doc.isValid = true
        if version09 { doc.version = .v09 }
        if doc.contents.isEmpty {
            add(
                "no-content",
                .error,
                Self.line(root),
                "the document has no valid <content> element, so it licenses nothing",
                clause: "RSL 1.0 §3.2"
            )
        }
    }

    mutating func readRoot(_ root: xmlNodePtr, into doc: inout RSLDocument) {
        if let maxAge = Self.attribute(root, "max-age") {
            if let days = Int(maxAge.rslTrimmed()), days > 0 {
                doc.maxAgeDays = days
            } else {
                add(
                    "invalid-max-age",
                    .warning,
                    Self.line(root),
                    "max-age '\(maxAge)' is not a positive number of days; the default of "
                        + "\(vocabulary.defaultMaxAgeDays) days applies",
                    clause: "RSL 1.0 §3.1"
                )
            }
        }
        doc.maxAgeDays = doc.maxAgeDays > 0 ? doc.maxAgeDays : vocabulary.defaultMaxAgeDays
        for child in Self.elements(root) {
            guard Self.isRSLNamespace(Self.namespace(child)) else { continue }
            if Self.name(child) == "content" {
                if let c = readContent(child) { doc.contents.append(c) }
            } else {
                unknownElement(child, parent: "rsl")
            }
        }
    }

    mutating func unknownElement(_ node: xmlNodePtr, parent: String) {
        add(
            "unknown-element",
            .warning,
            Self.line(node),
            "<\(Self.name(node))> is not an RSL element inside <\(parent)>; crawlers ignore it (an unknown "
                + "element in the RSL namespace makes the document non-conformant)",
            clause: "RSL 1.0 §3.2"
        )
    }

    mutating func readContent(_ node: xmlNodePtr) -> RSLDocument.Content? {
        guard let url = Self.attribute(node, "url") else {
            add(
                "missing-url",
                .error,
                Self.line(node),
                "<content> has no url attribute; it applies to nothing. Add url=\"/\" for the whole site",
                clause: "RSL 1.0 §3.2"
            )
            return nil
        }
        var content = RSLDocument.Content(url: url.rslTrimmed(), line: Self.line(node))
        content.server = Self.attribute(node, "server")?.rslTrimmed()
        content.lastmod = Self.attribute(node, "lastmod")
        if let enc = Self.attribute(node, "encrypted") {
            switch enc {
            case "true": content.encrypted = true
            case "false": content.encrypted = false
            default:
                add(
                    "invalid-attribute",
                    .warning,
                    Self.line(node),
                    "encrypted='\(enc)' must be 'true' or 'false' (lower case)",
                    clause: "RSL 1.0 §3.2"
                )
            }
        }
        for child in Self.elements(node) where Self.isRSLNamespace(Self.namespace(child)) {
            switch Self.name(child) {
            case "license":
                var license = readLicense(child)
                license.index = content.licenses.count + 1
                content.licenses.append(license)
            case "terms": content.terms = Self.text(child).rslTrimmed()
            case "alternate":
                if let u = Self.attribute(child, "url") ?? Optional(Self.text(child).rslTrimmed()),
                    !u.isEmpty
                {
                    content.alternates.append(u)
                }
            case "schema": break
            case "copyright":
                if let t = Self.attribute(child, "type"), t != "person" && t != "organization" {
                    add(
                        "invalid-attribute",
                        .info,
                        Self.line(child),
                        "copyright type='\(t)' should be 'person' or 'organization'",
                        clause: "RSL 1.0 §3.2"
                    )
                }
            default: unknownElement(child, parent: "content")
            }
        }
        if content.licenses.isEmpty {
            add(
                "missing-license",
                .error,
                Self.line(node),
                "<content url=\"\(content.url)\"> has no <license>; it grants nothing",
                clause: "RSL 1.0 §3.2"
            )
        }
        return content
    }

    mutating func readLicense(_ node: xmlNodePtr) -> RSLDocument.License {
        var license = RSLDocument.License(line: Self.line(node))
        for child in Self.elements(node) where Self.isRSLNamespace(Self.namespace(child)) {
            let name = Self.name(child)
            switch name {
            case "permits", "prohibits":
                let list = readTermList(child, name: name)
                let existing = name == "permits" ? license.permits : license.prohibits
                if existing.contains(where: { $0.type == list.type }) {
                    add(
                        "duplicate-terms",
                        .warning,
                        list.line,
                        "a second <\(name) type=\"\(list.type)\"> in one licence; RSL allows one per type. Heed "
                            + "joins the lists; merge them into one element",
                        clause: "RSL 1.0 §3.4"
                    )
                }
                if name == "permits" { license.permits.append(list) } else { license.prohibits.append(list) }
            case "payment":
                if license.payment != nil {
                    add(
                        "duplicate-payment",
                        .warning,
                        Self.line(child),
                        "a second <payment> in one licence; only the first is read. Use one licence per payment",
                        clause: "RSL 1.0 §3.6"
                    )
                } else {
                    license.payment = readPayment(child)
                }
            case "legal":
                license.legal.append(
                    RSLDocument.Legal(
                        type: Self.attribute(child, "type") ?? "",
                        value: Self.text(child).rslTrimmed(),
                        line: Self.line(child)
                    )
                )
            case "reporting":
                let profile = Self.attribute(child, "profile") ?? ""
                if profile.isEmpty {
                    add(
                        "missing-attribute",
                        .warning,
                        Self.line(child),
                        "<reporting> needs a profile URI",
                        clause: "RSL 1.0 §3.8"
                    )
                }
                license.reporting.append(
                    RSLDocument.Reporting(
                        type: Self.attribute(child, "type") ?? "",
                        profile: profile,
                        endpoint: Self.attribute(child, "endpoint"),
                        line: Self.line(child)
                    )
                )
            case "server":
                let url = Self.attribute(child, "url") ?? Self.text(child).rslTrimmed()
                license.server = url
                add(
                    "server-element",
                    .warning,
                    Self.line(child),
                    "<server> is not an RSL element; the licence server is the server attribute of <content>. "
                        + "Heed reads it as content@server (a licence token is required); move it there",
                    clause: "RSL 1.0 §3.2"
                )
            default:
                unknownElement(child, parent: "license")
            }
        }
        return license
    }

    mutating func readTermList(_ node: xmlNodePtr, name: String) -> RSLDocument.TermList {
        let text = Self.text(node)
        var type = Self.attribute(node, "type") ?? ""
        if type.isEmpty {
            add(
                "missing-type",
                .warning,
                Self.line(node),
                "<\(name)> has no type; read as type=\"usage\". Add type=\"usage\", \"user\" or \"geo\"",
                clause: "RSL 1.0 §3.4"
            )
            type = "usage"
        }
        if text.contains(",") {
            version09 = true
            add(
                "rsl-0.9-syntax",
                .warning,
                Self.line(node),
                "comma-separated list (RSL 0.9 draft); RSL 1.0 separates tokens with spaces. Read as a list",
                clause: "RSL 1.0 §3.4"
            )
        }
        let tokens = text.split { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," }.map(String.init)
        let line = Self.line(node)
        switch type {
        case "usage":
            for t in tokens where vocabulary.usage[t] == nil {
                if let alias = vocabulary.usageAliases[t] {
                    add(
                        "non-rsl-token",
                        .warning,
                        line,
                        "'\(t)' is not an RSL usage token (it is AIPREF's); read as '\(alias)'. Write '\(alias)'",
                        clause: "RSL 1.0 §3.4.1"
                    )
                } else if !t.contains(":") {
                    add(
                        "unknown-usage-token",
                        .warning,
                        line,
                        "'\(t)' is not an RSL usage token (all, ai-all, ai-train, ai-input, ai-index, search); "
                            + "crawlers ignore it",
                        clause: "RSL 1.0 §3.4.1"
                    )
                }
            }
        case "user":
            for t in tokens where !vocabulary.userClasses.contains(t) && !t.contains(":") {
                add(
                    "unknown-user-token",
                    .warning,
                    line,
                    "'\(t)' is not an RSL user class (\(vocabulary.userClasses.joined(separator: ", ")))",
                    clause: "RSL 1.0 §3.4.1"
                )
            }
        case "geo":
            for t in tokens where !Self.isGeoCode(t) {
                add(
                    "invalid-geo",
                    .warning,
                    line,
                    "'\(t)' is not an upper-case ISO 3166-1 alpha-2 code or 'EU'",
                    clause: "RSL 1.0 §3.4.1"
                )
            }
        default:
            add(
                "unknown-type",
                .warning,
                line,
                "type='\(type)' is not usage, user or geo; the list is ignored",
                clause: "RSL 1.0 §3.4"
            )
        }
        let raw = "<\(name) type=\"\(type)\">\(text.rslTrimmed().replacingNewlines())</\(name)>"
        return RSLDocument.TermList(type: type, tokens: tokens, line: line, raw: raw)
    }

    mutating func readPayment(_ node: xmlNodePtr) -> RSLDocument.Payment {
        var payment = RSLDocument.Payment(type: Self.attribute(node, "type"), line: Self.line(node))
        if let type = payment.type {
            if let modern = vocabulary.legacyPayment[type] {
                version09 = true
                add(
                    "rsl-0.9-syntax",
                    .warning,
                    payment.line,
                    "payment type '\(type)' is RSL 0.9; RSL 1.0 calls it '\(modern)'. Read as '\(modern)'",
                    clause: "RSL 1.0 §3.6"
                )
            } else if vocabulary.payment[type] == nil {
                add(
                    "unknown-payment-type",
                    .warning,
                    payment.line,
                    "payment type '\(type)' is not an RSL payment type; Heed reads it as a payment obligation",
                    clause: "RSL 1.0 §3.6"
                )
            }
        }
        for child in Self.elements(node) where Self.isRSLNamespace(Self.namespace(child)) {
            switch Self.name(child) {
            case "standard": payment.standard = Self.text(child).rslTrimmed()
            case "custom": payment.custom = Self.text(child).rslTrimmed()
            case "accepts": payment.accepts = Self.attribute(child, "type") ?? ""
            case "amount":
                let value = Self.text(child).rslTrimmed()
                let currency = Self.attribute(child, "currency") ?? ""
                payment.amount = RSLDocument.Amount(value: value, currency: currency)
                if !vocabulary.currencies.contains(currency) {
                    add(
                        "invalid-currency",
                        .error,
                        Self.line(child),
                        currency.isEmpty
                            ? "<amount> has no currency; add an ISO 4217 code such as currency=\"USD\""
                            : "'\(currency)' is not an ISO 4217 currency code (upper-case, e.g. USD, EUR)",
                        clause: "RSL 1.0 §3.6"
                    )
                    if currency == "XBT" { version09 = true }
                }
                if Double(value) == nil || value.contains("e") || value.contains("E") {
                    add(
                        "invalid-amount",
                        .warning,
                        Self.line(child),
                        "amount '\(value)' is not a decimal number",
                        clause: "RSL 1.0 §3.6"
                    )
                }
            default: unknownElement(child, parent: "payment")
            }
        }
        return payment
    }

    // MARK: libxml2 tree helpers

    static func isRSLNamespace(_ ns: String?) -> Bool {
        guard let ns else { return false }
        return ns == RSLDocument.namespace || ns.hasPrefix(RSLDocument.namespace + "/")
    }

    static func isGeoCode(_ t: String) -> Bool {
        let u = Array(t.utf8)
        return u.count == 2 && u.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    static func line(_ node: xmlNodePtr) -> Int? {
        let n = Int(xmlGetLineNo(node))
        return n > 0 ? n : nil
    }

    static func elements(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(c) }
            child = c.pointee.next
        }
        return out
    }

    /// The value of an unprefixed attribute (RSL attributes are in no namespace).
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if a.pointee.ns == nil, let n = a.pointee.name, String(cString: n) == name {
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if c.pointee.type == XML_TEXT_NODE, let t = c.pointee.content { value += String(cString: t) }
                    child = c.pointee.next
                }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// The text and CDATA children of an element. Never `xmlNodeGetContent`, which would expand
    /// entity references (SWIFT-NOTES §3.3).
    static func text(_ node: xmlNodePtr) -> String {
        var out = ""
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE,
                let t = c.pointee.content
            {
                out += String(cString: t)
            }
            child = c.pointee.next
        }
        return out
    }

    /// Every element named `content` in the RSL namespace below `node` (feeds), depth-bounded by
    /// libxml2's own nesting limit.
    static func collectContents(_ node: xmlNodePtr, into out: inout [xmlNodePtr]) {
        for child in elements(node) {
            if name(child) == "content" && isRSLNamespace(namespace(child)) {
                out.append(child)
            } else {
                collectContents(child, into: &out)
            }
        }
    }
}

extension String {
    /// The string with CR and LF runs replaced by single spaces (for one-line messages).
    func replacingNewlines() -> String {
        var out = ""
        var lastSpace = false
        for ch in self {
            if ch == "\n" || ch == "\r" || ch == "\r\n" {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(ch)
                lastSpace = false
            }
        }
        return out
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    func rslTrimmed() -> String {
        let u = Array(utf8)
        var lo = 0
        var hi = u.count
        func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while lo < hi, ws(u[lo]) { lo += 1 }
        while hi > lo, ws(u[hi - 1]) { hi -= 1 }
        return lo == 0 && hi == u.count ? self : String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
