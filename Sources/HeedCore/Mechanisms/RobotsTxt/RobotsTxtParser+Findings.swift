// SPDX-License-Identifier: Apache-2.0
// Heed: the findings the robots.txt parser keeps compact and makes on read.
// Spec: RFC 9309 section 2.2 (records), section 2.2.1 (product tokens).

extension RobotsTxtParser {
    /// The finding for a non-empty `User-agent:` value that is not `isValidRFC9309`; `google` is
    /// its `googleReading`.
    static func tokenFinding(_ token: ProductToken, google: String?, number: Int) -> Finding {
        let raw = token.raw
        if google == "*" {
            return Finding(
                code: "invalid-token",
                severity: .warning,
                line: number,
                message:
                    "'\(raw)' is not a product token; only a lone '*' is the global group. "
                    + "Google's parser reads it as '*', Heed matches it only for crawlers named '\(raw)'",
                text: raw,
                clause: "RFC 9309 §2.2.1"
            )
        }
        // Built in one buffer: a finding's message costs one String.
        var text = MessageText(raw)
        text += "' is not a valid RFC 9309 product token (letters, '-' and '_' only). "
        if let name = ProductToken.versionedName(raw) {
            text += "Heed drops the version and matches '"
            text += name
            text += "'; write the name without '/version'"
        } else if let google, !ProductToken.equalsLowercased(google, token.key) {
            text += "Google's parser truncates it to '"
            text += google
            text += "', so its rules also reach any crawler named '"
            text += google
            text += "'; Heed matches the whole name '"
            text += raw
            text += "' only"
        } else {
            text += "Heed matches the whole name"
        }
        return Finding(
            code: "invalid-token",
            severity: .warning,
            line: number,
            message: text.string,
            text: raw,
            clause: "RFC 9309 §2.2.1"
        )
    }

    /// The findings the parser keeps as `FindingSink.Deferred` records (`start..<end`: the trimmed
    /// line, or the `User-agent:` value for `invalidToken`; `extra`: the field name's length for
    /// `missingColon`), made into `Finding`s only when `RobotsTxt.findings` is read.
    enum DeferredKind: UInt8 {
        case notRecord
        case noFieldName
        case missingColon
        case invalidToken
    }

    /// The `Finding` a deferred record of this parser stands for; `source` is the parsed bytes.
    static func finding(_ d: FindingSink.Deferred, source: [UInt8]) -> Finding {
        source.withUnsafeBufferPointer { buf in
            let bytes = UnsafeBufferPointer(rebasing: buf[d.start..<d.end])
            switch DeferredKind(rawValue: d.kind) {
            case .notRecord, .noFieldName:
                return Finding(
                    code: d.code,
                    severity: d.severity,
                    line: d.line,
                    message: d.kind == DeferredKind.notRecord.rawValue
                        ? "line is not a 'field: value' record; crawlers ignore it"
                        : "line has no field name before ':'; crawlers ignore it",
                    text: excerpt(bytes),
                    clause: "RFC 9309 §2.2"
                )
            case .missingColon:
                let (field, _) = RobotsField.classify(UnsafeBufferPointer(rebasing: bytes[0..<d.extra]))
                return Finding(
                    code: d.code,
                    severity: d.severity,
                    line: d.line,
                    message:
                        "no ':' after the field name; Google's parser accepts it, the RFC grammar does not: "
                        + "write '\(field.canonicalName): value'",
                    text: excerpt(bytes),
                    clause: "RFC 9309 §2.2"
                )
            case .invalidToken:
                let (token, _) = ProductToken.parse(trimmed: bytes)
                return tokenFinding(token, google: token.googleReading, number: d.line)
            case nil:
                return Finding(code: d.code, severity: d.severity, line: d.line, message: d.code)
            }
        }
    }

    /// The first 200 octets of `line` as text, for a finding's `text`.
    static func excerpt(_ line: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line.prefix(200)), as: UTF8.self)
    }
}

/// A finding message assembled in one byte buffer and made a `String` once: cheaper than a chain
/// of `String` appends on the paths that report thousands of findings.
struct MessageText {
    private var bytes: [UInt8] = []

    /// Starts with `'` and `quoted`.
    init(_ quoted: String) {
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "'"))
        self += quoted
    }

    static func += (text: inout MessageText, literal: StaticString) {
        literal.withUTF8Buffer { text.bytes.append(contentsOf: $0) }
    }

    static func += (text: inout MessageText, value: some StringProtocol) {
        text.bytes.append(contentsOf: value.utf8)
    }

    /// The message.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
