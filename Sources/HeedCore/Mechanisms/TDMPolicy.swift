// SPDX-License-Identifier: Apache-2.0
// Heed: a W3C TDMRep TDM Policy (an ODRL 2.2 profile in JSON-LD) and the obligations its permissions set.
// Spec: TDMRep Final Community Group Report 2024-05-10 #sec-policy "Expressing a TDM Policy" (@context, uid,
// @type Offer, profile http://www.w3.org/ns/tdmrep, one assigner with vCard properties, one permission
// property without obligation/prohibition, permission target, action tdm:mine, duties obtainConsent and
// compensate, the experimental purpose constraint tdm:research / tdm:non-research, the full examples),
// #sec-tdm-policy (an unreachable or unparseable policy is not an error: the agent cannot know the
// conditions). ODRL 2.2 Information Model §2.5 (Constraint: leftOperand, operator, rightOperand, unit),
// §2.6 (Duty, refinement), ODRL 2.2 Vocabulary (compensate, payAmount, operators eq, neq, isAnyOf, isNoneOf).

/// A referenced TDM policy: read, or why it was not.
public enum TDMPolicyRead: Sendable, Hashable {
    /// The document was found and read (it may still offer no usable permission).
    case read(TDMPolicy)
    /// Not read, and why (never fetched, an error status, not an absolute URL, over the limit).
    case notRead(String)
}

/// A TDM Policy read for the obligations it offers.
///
/// Each usable permission is one way to get the right to mine (they are alternatives, as ODRL
/// permissions are): its duties and constraints become obligations.
/// - duty `obtainConsent` → `consent`, with the assigner's contact (name, e-mail, URL, telephone),
///   the permission's `target` and the policy `uid`, so the actor knows whom to ask and what to name;
/// - duty `compensate` → `payment`, with `payAmount` and `unit` when the duty refines them
///   (`AMOUNT CUR per tdm` when the unit is a three-letter currency code, so the ledger sums it);
/// - duty `attribute` (ODRL) → `attribution`; any other duty → `consent` naming it (conservative);
/// - constraint `purpose` `eq`/`isAnyOf` → a `purpose` limit permitting the values, `neq`/`isNoneOf`
///   → one prohibiting them (`tdm:research`, `tdm:non-research`, full IRIs shortened). The audit
///   decides it (`UsageLimits`). A constraint on anything else cannot be checked by Heed: that
///   permission is not used (reported), since using it could expand the rights granted.
/// - A permission whose action is not `tdm:mine` (or the broader ODRL `use`, which includes it) does
///   not grant mining and is not used.
///
/// Bounded: documents over `sizeLimit` are not read, nesting is limited by the JSON reader, at most
/// `permissionLimit` permissions and `itemLimit` duties and constraints per permission are read (the
/// rest reported). The spec's own second full example has a trailing comma, which is not JSON: it is
/// read leniently and reported. Reading never fails: a document that cannot be used has no
/// permissions, and the findings say why.
public struct TDMPolicy: Sendable, Hashable {
    /// Larger documents are not read (a policy is well under a kilobyte).
    public static let sizeLimit = 256 << 10
    /// The most permissions read.
    public static let permissionLimit = 64
    /// The most duties, and the most constraints, read per permission.
    public static let itemLimit = 16
    /// The TDMRep profile identifier (#sec-odrl-profile-identification).
    public static let profile = "http://www.w3.org/ns/tdmrep"
    /// The TDMRep namespace, for full IRIs (`http://www.w3.org/ns/tdmrep#mine`).
    static let namespace = "http://www.w3.org/ns/tdmrep#"
    /// The ODRL namespace, for full IRIs of actions and operands.
    static let odrl = "http://www.w3.org/ns/odrl/2/"

    /// One usable permission.
    public struct Permission: Sendable, Hashable {
        /// The 1-based position in the `permission` array.
        public var index: Int
        /// The 1-based line it starts on.
        public var line: Int
        /// `target`, if given: the collection the permission covers.
        public var target: String?
        /// What mining under this permission requires (empty: nothing).
        public var obligations: [Obligation]
    }

    /// Where the document came from.
    public let location: String
    /// The policy `uid`, if given.
    public let uid: String?
    /// The assigner's contact in a few words (`Provider, mailto:contact@provider.com`), if given.
    public let contact: String?
    /// The usable permissions, in document order.
    public let permissions: [Permission]
    /// What the rights holder should fix.
    public let findings: [Finding]

    /// True when at least one permission can be used.
    public var isUsable: Bool { !permissions.isEmpty }

    /// Reads a policy document. `contentType` (the response's, if known) `text/html` marks a
    /// human-readable policy, which is not read (#sec-tdm-policy).
    public init(_ bytes: [UInt8], location: String, contentType: String? = nil) {
        var reader = TDMPolicyReader(location: location)
        reader.read(bytes, contentType: contentType?.lowercased())
        self.location = location
        uid = reader.uid
        contact = reader.contact
        permissions = reader.permissions
        findings = reader.findings
    }

    /// The short name of a purpose value (`http://www.w3.org/ns/tdmrep#research` → `tdm:research`).
    static func shortPurpose(_ value: String) -> String {
        if value.hasPrefix(namespace) { return "tdm:" + value.dropFirst(namespace.count) }
        return value
    }

    /// An action or operand name without its ODRL prefix (`odrl:compensate`, full IRI) → `compensate`.
    static func odrlName(_ value: String) -> String {
        if value.hasPrefix(odrl) { return String(value.dropFirst(odrl.count)) }
        if value.hasPrefix("odrl:") { return String(value.dropFirst(5)) }
        return value
    }
}

/// The reading of one policy document (see `TDMPolicy`).
struct TDMPolicyReader {
    typealias JSONValue = TDMRepJSON.Value

    let location: String
    var uid: String?
    var contact: String?
    var permissions: [TDMPolicy.Permission] = []
    var findings: [Finding] = []

    init(location: String) { self.location = location }

    mutating func add(_ code: String, _ severity: Severity, _ line: Int?, _ message: String) {
        findings.append(
            Finding(
                code: code,
                severity: severity,
                line: line,
                message: message,
                clause: "\(tdmrepSpec) #sec-policy",
                document: location
            )
        )
    }

    mutating func read(_ bytes: [UInt8], contentType: String?) {
        if let contentType, contentType.contains("text/html") {
            add(
                "policy-human-readable",
                .info,
                nil,
                "the TDM policy is an HTML page (human-readable): Heed cannot read its terms"
            )
            return
        }
        guard bytes.count <= TDMPolicy.sizeLimit else {
            add(
                "policy-too-large",
                .error,
                nil,
                "the TDM policy has \(bytes.count) bytes, over Heed's \(TDMPolicy.sizeLimit)-byte limit: not read"
            )
            return
        }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        let root: JSONValue
        do {
            let parsed = try TDMRepJSON.parse(body, trailingCommas: true)
            root = parsed.value
            for line in parsed.trailingCommaLines {
                add(
                    "policy-trailing-comma",
                    .warning,
                    line,
                    "a comma before '}' or ']' is not JSON (RFC 8259); Heed reads past it, strict readers fail"
                )
            }
        } catch {
            add("policy-invalid-json", .error, error.line, "the TDM policy is not JSON: \(error.message)")
            return
        }
        guard case .object(let members) = root.kind else {
            add("policy-not-object", .error, root.line, "a TDM policy is a JSON object (an ODRL Offer)")
            return
        }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        checkHeader(member, line: root.line)
        if case .string(let u)? = member("uid")?.kind, !u.isEmpty { uid = u }
        contact = member("assigner").flatMap { Self.contact(of: $0) }
        if member("assigner") == nil {
            add("policy-no-assigner", .warning, root.line, "the policy has no assigner: agents cannot tell whom to ask")
        }
        for key in ["obligation", "prohibition"] where member(key) != nil {
            add(
                "policy-rules",
                .warning,
                member(key)?.line,
                "a TDM policy SHOULD NOT contain '\(key)'; Heed ignores it and reads the permissions"
            )
        }
        guard let permission = member("permission") else {
            add("policy-no-permission", .error, root.line, "the policy has no 'permission': it offers nothing to read")
            return
        }
        let items = Self.list(permission)
        if items.count > TDMPolicy.permissionLimit {
            add(
                "policy-size-limit",
                .warning,
                permission.line,
                "\(items.count) permissions: Heed reads the first \(TDMPolicy.permissionLimit)"
            )
        }
        for (i, item) in items.prefix(TDMPolicy.permissionLimit).enumerated() {
            if let p = readPermission(item, index: i + 1) { permissions.append(p) }
        }
        if permissions.isEmpty && !items.isEmpty {
            add("policy-no-permission", .error, permission.line, "no permission Heed can use (see the other findings)")
        }
    }

    mutating func checkHeader(_ member: (String) -> JSONValue?, line: Int) {
        let type = member("@type").flatMap(Self.string)
        if type != "Offer" {
            add(
                "policy-not-offer",
                .warning,
                member("@type")?.line ?? line,
                "@type must be \"Offer\", not \(type.map { "\"\($0)\"" } ?? "absent"); read as an Offer"
            )
        }
        if member("profile").flatMap(Self.string) != TDMPolicy.profile {
            add(
                "policy-profile",
                .warning,
                member("profile")?.line ?? line,
                "profile must be \"\(TDMPolicy.profile)\"; read as a TDM policy"
            )
        }
        let context = member("@context").map { Self.list($0).compactMap(Self.string) } ?? []
        if !context.contains("http://www.w3.org/ns/odrl.jsonld") {
            add(
                "policy-context",
                .info,
                member("@context")?.line ?? line,
                "@context should include \"http://www.w3.org/ns/odrl.jsonld\""
            )
        }
        if member("uid") == nil {
            add("policy-no-uid", .info, line, "the policy has no uid: agents cannot name it when they ask")
        }
    }

    mutating func readPermission(_ item: JSONValue, index: Int) -> TDMPolicy.Permission? {
        guard case .object(let members) = item.kind else {
            add("policy-permission", .warning, item.line, "permission \(index) is not an object: not used")
            return nil
        }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        let action = member("action").flatMap(Self.string) ?? ""
        let mines = ["tdm:mine", TDMPolicy.namespace + "mine"].contains(action)
        if !mines {
            if TDMPolicy.odrlName(action) == "use" {
                add(
                    "policy-action",
                    .info,
                    item.line,
                    "permission \(index): action 'use' is broader than tdm:mine (which it includes); read as tdm:mine"
                )
            } else {
                add(
                    "policy-action",
                    .warning,
                    item.line,
                    "permission \(index): action must be tdm:mine, not '\(action.prefix(80))': it grants no mining"
                )
                return nil
            }
        }
        let target = member("target").flatMap(Self.string)
        var obligations: [Obligation] = []
        let duties = member("duty").map(Self.list) ?? []
        let constraints = member("constraint").map(Self.list) ?? []
        if duties.count > TDMPolicy.itemLimit || constraints.count > TDMPolicy.itemLimit {
            add(
                "policy-size-limit",
                .warning,
                item.line,
                "permission \(index): Heed reads at most \(TDMPolicy.itemLimit) duties and constraints each"
            )
        }
        for duty in duties.prefix(TDMPolicy.itemLimit) {
            obligations.append(readDuty(duty, permission: index, target: target))
        }
        for constraint in constraints.prefix(TDMPolicy.itemLimit) {
            guard let limit = readConstraint(constraint, permission: index) else { return nil }
            obligations.append(limit)
        }
        return TDMPolicy.Permission(index: index, line: item.line, target: target, obligations: obligations.sorted())
    }

    mutating func readDuty(_ duty: JSONValue, permission: Int, target: String?) -> Obligation {
        var action = ""
        var refinements: [JSONValue] = []
        if case .object(let members) = duty.kind {
            action = members.first { $0.key == "action" }?.value.kind.stringValue ?? ""
            for key in ["refinement", "constraint"] {
                if let v = members.first(where: { $0.key == key })?.value { refinements += Self.list(v) }
            }
        } else if let s = Self.string(duty) {
            action = s
        }
        let policyNote = uid.map { "; policy \($0)" } ?? ""
        let targetNote = target.map { "; target \($0)" } ?? ""
        let whom = contact ?? "the rights holder"
        switch TDMPolicy.odrlName(action) {
        case "obtainConsent":
            return Obligation(.consent, detail: "obtain consent from \(whom)\(targetNote)\(policyNote)")
        case "compensate":
            if let price = Self.price(refinements.prefix(TDMPolicy.itemLimit)) {
                return Obligation(.payment, detail: "\(price)\(policyNote)")
            }
            return Obligation(.payment, detail: "compensate \(whom)\(targetNote)\(policyNote)")
        case "attribute":
            return Obligation(.attribution, detail: "attribute \(whom)\(policyNote)")
        default:
            add(
                "policy-duty",
                .warning,
                duty.line,
                "permission \(permission): duty '\(action.prefix(80))' is not obtainConsent or compensate; "
                    + "read as a duty to ask the rights holder"
            )
            return Obligation(.consent, detail: "duty '\(action.prefix(80))': ask \(whom)\(targetNote)\(policyNote)")
        }
    }

    /// A `purpose` limit, or `nil` (reported) for a constraint Heed cannot check.
    mutating func readConstraint(_ constraint: JSONValue, permission: Int) -> Obligation? {
        guard case .object(let members) = constraint.kind else {
            add(
                "policy-constraint",
                .warning,
                constraint.line,
                "permission \(permission): a constraint is not an object"
            )
            return nil
        }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        let left = TDMPolicy.odrlName(member("leftOperand").flatMap(Self.string) ?? "")
        let op = TDMPolicy.odrlName(member("operator").flatMap(Self.string) ?? "")
        let values = (member("rightOperand").map(Self.list) ?? []).compactMap(Self.string).map(TDMPolicy.shortPurpose)
        guard left == "purpose", !values.isEmpty, ["eq", "neq", "isAnyOf", "isNoneOf"].contains(op) else {
            add(
                "policy-constraint",
                .warning,
                constraint.line,
                "permission \(permission): Heed checks only purpose constraints (eq, neq, isAnyOf, isNoneOf "
                    + "tdm:research or tdm:non-research), not '\(left) \(op)': the permission is not used"
            )
            return nil
        }
        let permits = op == "eq" || op == "isAnyOf"
        return .limit(.purpose, permits: permits ? values : [], prohibits: permits ? [] : values)
    }

    /// `AMOUNT CUR per tdm` (or `AMOUNT UNIT`) from `payAmount` refinements, if any.
    static func price(_ refinements: ArraySlice<JSONValue>) -> String? {
        for r in refinements {
            guard case .object(let members) = r.kind else { continue }
            func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
            guard TDMPolicy.odrlName(member("leftOperand").flatMap(string) ?? "") == "payAmount" else { continue }
            var amount: String?
            switch member("rightOperand")?.kind {
            case .number(let n)?: amount = n
            case .string(let s)?: amount = s
            case .object(let inner)?:
                switch inner.first(where: { $0.key == "@value" })?.value.kind {
                case .number(let n)?: amount = n
                case .string(let s)?: amount = s
                default: break
                }
            default: break
            }
            guard let amount, !amount.isEmpty else { continue }
            let unit = member("unit").flatMap(string) ?? ""
            let isCode = unit.utf8.count == 3 && unit.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
            if isCode { return "\(amount) \(unit) per tdm" }
            return unit.isEmpty ? "\(amount) (no unit)" : "\(amount) \(unit)"
        }
        return nil
    }

    /// The assigner in a few words: `vcard:fn`, e-mail, URL, telephone (prefixed or not), or its uid.
    static func contact(of assigner: JSONValue) -> String? {
        if let s = string(assigner) { return s.isEmpty ? nil : String(s.prefix(200)) }
        guard case .object(let members) = assigner.kind else { return nil }
        func value(_ key: String) -> String? {
            let v = members.first { $0.key == "vcard:\(key)" || $0.key == key }?.value
            return v.flatMap(string).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let parts = ["fn", "hasEmail", "hasURL", "hasTelephone"].compactMap(value)
        if !parts.isEmpty { return parts.joined(separator: ", ") }
        return value("uid")
    }

    /// A value as a list: an array's items, or the value alone (JSON-LD allows a single value).
    static func list(_ v: JSONValue) -> [JSONValue] {
        if case .array(let items) = v.kind { return items }
        return [v]
    }

    /// A string value, or an object's `@id`/`@value` string.
    static func string(_ v: JSONValue) -> String? {
        switch v.kind {
        case .string(let s): return s
        case .object(let members):
            return members.first { $0.key == "@id" || $0.key == "@value" }?.value.kind.stringValue
        default: return nil
        }
    }
}

extension TDMRepJSON.Value.Kind {
    /// The string, for a string value.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
