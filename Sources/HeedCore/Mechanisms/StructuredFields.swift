// SPDX-License-Identifier: Apache-2.0
// Heed: a parser for HTTP Structured Field Values (Dictionaries, Lists, Items), as AIPREF needs.
// Spec: RFC 9651 §3 (data types) and §4.2 (parsing algorithms: §4.2.1 List, §4.2.1.2 Inner List,
// §4.2.2 Dictionary, §4.2.3 Item and Parameters, §4.2.4-§4.2.10 bare items).

/// A bare item: the value of a Structured Fields Item or Parameter (RFC 9651 §3.3).
public enum SFBareItem: Sendable, Hashable {
    /// An Integer, -999,999,999,999,999 to 999,999,999,999,999 (§3.3.1).
    case integer(Int64)
    /// A Decimal: at most 12 integer digits and 3 fractional digits (§3.3.2).
    case decimal(Double)
    /// A String: printable ASCII, with `\"` and `\\` escapes removed (§3.3.3).
    case string(String)
    /// A Token such as `y`, `n`, `cc-cr` or `text/html` (§3.3.4). Case is kept: tokens are
    /// compared byte for byte.
    case token(String)
    /// A Byte Sequence, decoded from base64 (§3.3.5).
    case byteSequence([UInt8])
    /// A Boolean, `?1` or `?0` (§3.3.6).
    case boolean(Bool)
    /// A Date, seconds since the Unix epoch (§3.3.7).
    case date(Int64)
    /// A Display String, decoded from percent-encoded UTF-8 (§3.3.8).
    case displayString(String)
}

/// One parameter of an Item or Inner List (RFC 9651 §3.1.2): a key and a bare item (`true`
/// when the parameter has no `=value`).
public struct SFParameter: Sendable, Hashable {
    /// The key: lower-case letters, digits, `_`, `-`, `.`, `*`, starting with a letter or `*`.
    public var key: String
    /// The value.
    public var value: SFBareItem

    /// Creates a parameter.
    public init(key: String, value: SFBareItem) {
        self.key = key
        self.value = value
    }
}

/// An Item: a bare item and its parameters (RFC 9651 §3.3).
public struct SFItem: Sendable, Hashable {
    /// The value.
    public var bareItem: SFBareItem
    /// The parameters, in order of first appearance; a repeated key keeps its last value
    /// (RFC 9651 §4.2.3.2).
    public var parameters: [SFParameter]

    /// Creates an item.
    public init(_ bareItem: SFBareItem, parameters: [SFParameter] = []) {
        self.bareItem = bareItem
        self.parameters = parameters
    }

    /// The value of the parameter `key`, if present.
    public func parameter(_ key: String) -> SFBareItem? {
        parameters.first { $0.key == key }?.value
    }
}

/// An Inner List: items in parentheses, with parameters of its own (RFC 9651 §3.1.1).
public struct SFInnerList: Sendable, Hashable {
    /// The items.
    public var items: [SFItem]
    /// The parameters of the whole inner list.
    public var parameters: [SFParameter]

    /// Creates an inner list.
    public init(_ items: [SFItem], parameters: [SFParameter] = []) {
        self.items = items
        self.parameters = parameters
    }
}

/// A member of a List or Dictionary: an Item or an Inner List (RFC 9651 §3.1, §3.2).
public enum SFMember: Sendable, Hashable {
    /// An item.
    case item(SFItem)
    /// An inner list.
    case innerList(SFInnerList)

    /// The item, when the member is one.
    public var item: SFItem? {
        if case .item(let item) = self { return item }
        return nil
    }

    /// The parameters of the item or inner list.
    public var parameters: [SFParameter] {
        switch self {
        case .item(let item): item.parameters
        case .innerList(let list): list.parameters
        }
    }
}

/// A Dictionary: ordered key-member pairs with unique keys (RFC 9651 §3.2).
///
/// When a key is repeated in the input, the member keeps the position of the first occurrence
/// and the value (with the parameters) of the last one (§4.2.2: "overwrite its value").
public struct SFDictionary: Sendable, Hashable {
    /// One key and its member.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The member.
        public var member: SFMember
    }

    /// The members, in order.
    public var members: [Entry]

    /// Creates a dictionary.
    public init(_ members: [Entry] = []) { self.members = members }

    /// The member of `key`, if present.
    public subscript(key: String) -> SFMember? {
        members.first { $0.key == key }?.member
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }
}

/// Why a Structured Field could not be parsed, and where (RFC 9651 §4.2: any failure fails the
/// whole field, so a consumer treats it as absent).
public struct SFParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based byte offset where parsing failed.
    public var offset: Int
    /// What was expected, for a human.
    public var message: String

    /// Creates an error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `byte N: message`.
    public var description: String { "byte \(offset): \(message)" }
}

/// Entry points of the RFC 9651 parser.
///
/// Parsing works on bytes (the format is ASCII; §4.2 fails on any other byte). Inner lists do not
/// nest, so the parser never recurses more than one level and runs in time linear in the input.
/// Dates (§3.3.7) and Display Strings (§3.3.8), added by RFC 9651 over RFC 8941, are parsed too.
public enum StructuredFields {
    /// Parses a Dictionary field value (RFC 9651 §4.2 with field type "dictionary").
    public static func parseDictionary(_ text: String) -> Result<SFDictionary, SFParseError> {
        parseDictionary(bytes: Array(text.utf8))
    }

    /// Parses a Dictionary from bytes.
    public static func parseDictionary(bytes: [UInt8]) -> Result<SFDictionary, SFParseError> {
        run(bytes) { (p: inout SFParser) throws(SFParseError) in try p.dictionary() }
    }

    /// Parses a List field value (RFC 9651 §4.2 with field type "list").
    public static func parseList(_ text: String) -> Result<[SFMember], SFParseError> {
        run(Array(text.utf8)) { (p: inout SFParser) throws(SFParseError) in try p.list() }
    }

    /// Parses an Item field value (RFC 9651 §4.2 with field type "item").
    public static func parseItem(_ text: String) -> Result<SFItem, SFParseError> {
        run(Array(text.utf8)) { (p: inout SFParser) throws(SFParseError) in try p.item() }
    }

    /// §4.2 top level: ASCII check, leading and trailing SP, nothing left over.
    private static func run<T>(
        _ bytes: [UInt8],
        _ body: (inout SFParser) throws(SFParseError) -> T
    ) -> Result<T, SFParseError> {
        if let bad = bytes.firstIndex(where: { $0 >= 0x80 }) {
            return .failure(SFParseError(offset: bad, message: "non-ASCII byte 0x\(hex(bytes[bad]))"))
        }
        var parser = SFParser(bytes)
        do {
            parser.skipSP()
            let value = try body(&parser)
            parser.skipSP()
            if !parser.atEnd {
                return .failure(parser.error("unexpected '\(parser.printable)' after the value"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 0x0F)]])
    }
}

/// The parsing algorithms of RFC 9651 §4.2, over a byte cursor.
struct SFParser {
    let input: [UInt8]
    var pos = 0

    init(_ input: [UInt8]) { self.input = input }

    var atEnd: Bool { pos >= input.count }
    var peek: UInt8? { pos < input.count ? input[pos] : nil }

    /// The current byte, for an error message.
    var printable: String {
        guard let b = peek else { return "end of input" }
        return b >= 0x21 && b < 0x7F ? String(UnicodeScalar(b)) : "0x\(StructuredFields.hex(b))"
    }

    func error(_ message: String) -> SFParseError { SFParseError(offset: pos, message: message) }

    mutating func skipSP() {
        while pos < input.count, input[pos] == 0x20 { pos += 1 }
    }

    /// OWS: SP and HTAB (RFC 9110 §5.6.3), allowed around the commas of lists and dictionaries.
    mutating func skipOWS() {
        while pos < input.count, input[pos] == 0x20 || input[pos] == 0x09 { pos += 1 }
    }

    // MARK: Lists and dictionaries

    /// §4.2.1 Parsing a List.
    mutating func list() throws(SFParseError) -> [SFMember] {
        var members: [SFMember] = []
        while !atEnd {
            members.append(try itemOrInnerList())
            try afterMember()
            if atEnd { break }
        }
        return members
    }

    /// §4.2.2 Parsing a Dictionary.
    mutating func dictionary() throws(SFParseError) -> SFDictionary {
        var entries: [SFDictionary.Entry] = []
        var index: [String: Int] = [:]
        while !atEnd {
            let key = try self.key()
            let member: SFMember
            if peek == UInt8(ascii: "=") {
                pos += 1
                member = try itemOrInnerList()
            } else {
                member = .item(SFItem(.boolean(true), parameters: try parameters()))
            }
            if let i = index[key] {
                entries[i].member = member
            } else {
                index[key] = entries.count
                entries.append(SFDictionary.Entry(key: key, member: member))
            }
            try afterMember()
        }
        return SFDictionary(entries)
    }

    /// The separator after a list or dictionary member: OWS, then the end, or a comma followed by
    /// OWS and another member (a trailing comma fails).
    mutating func afterMember() throws(SFParseError) {
        skipOWS()
        if atEnd { return }
        guard peek == UInt8(ascii: ",") else {
            throw error("expected ',' between members, found '\(printable)'")
        }
        pos += 1
        skipOWS()
        if atEnd { throw error("trailing ',' with no member after it") }
    }

    /// §4.2.1.1 Parsing an Item or Inner List.
    mutating func itemOrInnerList() throws(SFParseError) -> SFMember {
        if peek == UInt8(ascii: "(") { return .innerList(try innerList()) }
        return .item(try item())
    }

    /// §4.2.1.2 Parsing an Inner List.
    mutating func innerList() throws(SFParseError) -> SFInnerList {
        pos += 1  // "("
        var items: [SFItem] = []
        while !atEnd {
            skipSP()
            if peek == UInt8(ascii: ")") {
                pos += 1
                return SFInnerList(items, parameters: try parameters())
            }
            items.append(try item())
            guard let b = peek, b == 0x20 || b == UInt8(ascii: ")") else {
                throw error("expected SP or ')' after an inner-list item, found '\(printable)'")
            }
        }
        throw error("inner list not closed with ')'")
    }

    // MARK: Items

    /// §4.2.3 Parsing an Item.
    mutating func item() throws(SFParseError) -> SFItem {
        let bare = try bareItem()
        return SFItem(bare, parameters: try parameters())
    }

    /// §4.2.3.1 Parsing a Bare Item.
    mutating func bareItem() throws(SFParseError) -> SFBareItem {
        guard let b = peek else { throw error("expected a value, found end of input") }
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "*"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return .token(token())
        case UInt8(ascii: ":"): return .byteSequence(try byteSequence())
        case UInt8(ascii: "?"): return .boolean(try boolean())
        case UInt8(ascii: "@"): return try date()
        case UInt8(ascii: "%"): return .displayString(try displayString())
        default: throw error("'\(printable)' cannot start a value")
        }
    }

    /// §4.2.3.2 Parsing Parameters. A repeated key keeps its first position and its last value.
    mutating func parameters() throws(SFParseError) -> [SFParameter] {
        var params: [SFParameter] = []
        while peek == UInt8(ascii: ";") {
            pos += 1
            skipSP()
            let key = try self.key()
            var value = SFBareItem.boolean(true)
            if peek == UInt8(ascii: "=") {
                pos += 1
                value = try bareItem()
            }
            if let i = params.firstIndex(where: { $0.key == key }) {
                params[i].value = value
            } else {
                params.append(SFParameter(key: key, value: value))
            }
        }
        return params
    }

    /// §4.2.3.3 Parsing a Key: starts with a lower-case letter or `*`.
    mutating func key() throws(SFParseError) -> String {
        guard let b = peek, SFParser.isLCAlpha(b) || b == UInt8(ascii: "*") else {
            if let b = peek, b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z") {
                throw error("key starts with an upper-case letter; keys are lower-case")
            }
            throw error("expected a key (a lower-case letter or '*'), found '\(printable)'")
        }
        let start = pos
        while let c = peek, SFParser.isKeyChar(c) { pos += 1 }
        return String(decoding: input[start..<pos], as: UTF8.self)
    }

    // MARK: Bare items

    /// §4.2.4 Parsing an Integer or Decimal.
    mutating func number() throws(SFParseError) -> SFBareItem {
        let start = pos
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard let first = peek, SFParser.isDigit(first) else {
            throw error("expected a digit after '-'")
        }
        var digits: [UInt8] = []
        var isDecimal = false
        var dotIndex = 0
        while let c = peek {
            if SFParser.isDigit(c) {
                digits.append(c)
                pos += 1
            } else if !isDecimal, c == UInt8(ascii: ".") {
                if digits.count > 12 {
                    throw SFParseError(offset: start, message: "decimal has more than 12 integer digits")
                }
                isDecimal = true
                dotIndex = digits.count
                digits.append(c)
                pos += 1
            } else {
                break
            }
            if !isDecimal, digits.count > 15 {
                throw SFParseError(offset: start, message: "integer has more than 15 digits")
            }
            if isDecimal, digits.count > 16 {
                throw SFParseError(offset: start, message: "decimal has more than 16 characters")
            }
        }
        if !isDecimal {
            var value: Int64 = 0
            for d in digits { value = value * 10 + Int64(d - UInt8(ascii: "0")) }
            return .integer(negative ? -value : value)
        }
        if digits.last == UInt8(ascii: ".") {
            throw error("decimal ends with '.'")
        }
        if digits.count - dotIndex - 1 > 3 {
            throw SFParseError(offset: start, message: "decimal has more than 3 fractional digits")
        }
        let text = String(decoding: digits, as: UTF8.self)
        let value = Double(text) ?? 0
        return .decimal(negative ? -value : value)
    }

    /// §4.2.5 Parsing a String.
    mutating func string() throws(SFParseError) -> String {
        pos += 1  // DQUOTE
        var out: [UInt8] = []
        while let c = peek {
            pos += 1
            if c == UInt8(ascii: "\\") {
                guard let next = peek else { throw error("string ends after '\\'") }
                guard next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") else {
                    throw error("'\\' may only escape '\"' or '\\' in a string")
                }
                out.append(next)
                pos += 1
            } else if c == UInt8(ascii: "\"") {
                return String(decoding: out, as: UTF8.self)
            } else if c < 0x20 || c >= 0x7F {
                pos -= 1
                throw error("control or non-ASCII byte 0x\(StructuredFields.hex(c)) in a string")
            } else {
                out.append(c)
            }
        }
        throw error("string not closed with '\"'")
    }

    /// §4.2.6 Parsing a Token: tchar, `:` and `/` after the first letter or `*`.
    mutating func token() -> String {
        let start = pos
        pos += 1
        while let c = peek, SFParser.isTChar(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "/") { pos += 1 }
        return String(decoding: input[start..<pos], as: UTF8.self)
    }

    /// §4.2.7 Parsing a Byte Sequence. Missing `=` padding and non-zero pad bits are accepted, as
    /// the RFC recommends ("parsers SHOULD NOT fail").
    mutating func byteSequence() throws(SFParseError) -> [UInt8] {
        let open = pos
        pos += 1
        let start = pos
        while let c = peek, c != UInt8(ascii: ":") {
            guard SFParser.isBase64(c) else { throw error("'\(printable)' is not a base64 character") }
            pos += 1
        }
        guard peek == UInt8(ascii: ":") else {
            throw SFParseError(offset: open, message: "byte sequence not closed with ':'")
        }
        let content = input[start..<pos]
        pos += 1
        guard let decoded = SFParser.base64Decode(content) else {
            throw SFParseError(offset: start, message: "invalid base64 in a byte sequence")
        }
        return decoded
    }

    /// §4.2.8 Parsing a Boolean.
    mutating func boolean() throws(SFParseError) -> Bool {
        pos += 1  // "?"
        switch peek {
        case UInt8(ascii: "1"):
            pos += 1
            return true
        case UInt8(ascii: "0"):
            pos += 1
            return false
        default:
            throw error("a boolean is '?1' or '?0'")
        }
    }

    /// §4.2.9 Parsing a Date: `@` and an Integer. The sign or first digit is checked here so that
    /// `@` followed by anything else is reported as a date error, not as a number error.
    mutating func date() throws(SFParseError) -> SFBareItem {
        pos += 1  // "@"
        let start = pos
        guard let b = peek, b == UInt8(ascii: "-") || SFParser.isDigit(b) else {
            throw error("a date is '@' followed by an integer, found '\(printable)'")
        }
        guard case .integer(let seconds) = try number() else {
            throw SFParseError(offset: start, message: "a date is an integer number of seconds")
        }
        return .date(seconds)
    }

    /// §4.2.10 Parsing a Display String: `%"`, printable ASCII and lower-case `%xx` escapes of UTF-8.
    mutating func displayString() throws(SFParseError) -> String {
        pos += 1  // "%"
        guard peek == UInt8(ascii: "\"") else { throw error("a display string starts with '%\"'") }
        pos += 1
        var bytes: [UInt8] = []
        while let c = peek {
            if c < 0x20 || c >= 0x7F { throw error("control byte in a display string") }
            pos += 1
            if c == UInt8(ascii: "%") {
                guard pos + 1 < input.count, let hi = SFParser.lcHex(input[pos]),
                    let lo = SFParser.lcHex(input[pos + 1])
                else {
                    throw error("'%' must be followed by two lower-case hex digits")
                }
                bytes.append(hi << 4 | lo)
                pos += 2
            } else if c == UInt8(ascii: "\"") {
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw error("display string is not valid UTF-8")
                }
                return s
            } else {
                bytes.append(c)
            }
        }
        throw error("display string not closed with '\"'")
    }

    // MARK: Character classes

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLCAlpha(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    static func isAlpha(_ b: UInt8) -> Bool { isLCAlpha(b | 0x20) }

    static func isKeyChar(_ b: UInt8) -> Bool {
        isLCAlpha(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "*")
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTChar(_ b: UInt8) -> Bool {
        if isAlpha(b) || isDigit(b) { return true }
        switch b {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func isBase64(_ b: UInt8) -> Bool {
        isAlpha(b) || isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
    }

    static func lcHex(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 0x30 }
        if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f") { return b - UInt8(ascii: "a") + 10 }
        return nil
    }

    static func base64Value(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): b - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): b - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Decodes base64 (RFC 4648 §4): `=` only as trailing padding (optional), a final group of
    /// one character is invalid, pad bits are ignored.
    static func base64Decode(_ content: ArraySlice<UInt8>) -> [UInt8]? {
        var body = content
        var pad = 0
        while body.last == UInt8(ascii: "=") {
            body.removeLast()
            pad += 1
        }
        if pad > 2 || body.contains(UInt8(ascii: "=")) { return nil }
        if pad > 0, (body.count + pad) % 4 != 0 { return nil }
        if body.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(body.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in body {
            guard let v = base64Value(c) else { return nil }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }
}
