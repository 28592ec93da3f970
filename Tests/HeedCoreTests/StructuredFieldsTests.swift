// SPDX-License-Identifier: Apache-2.0
// Heed tests: the RFC 9651 Structured Fields parser (Dictionary, List, Item).
// Cases written by hand from the parsing algorithms of RFC 9651 §4.2, covering the behaviours the
// httpwg/structured-field-tests suite exercises (whitespace, commas, keys, numbers, strings,
// tokens, byte sequences, booleans, dates, display strings, parameters, duplicates).

import Foundation
import Testing

@testable import HeedCore

struct SFValidCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: [SFDictionary.Entry]
    var testDescription: String { "valid: \(input.debugDescription)" }
    init(_ input: String, _ expected: [(String, SFMember)]) {
        self.input = input
        self.expected = expected.map { SFDictionary.Entry(key: $0.0, member: $0.1) }
    }
}

struct SFInvalidCase: Sendable, CustomTestStringConvertible {
    var input: String
    var offset: Int?
    var why: String
    var testDescription: String { "invalid (\(why)): \(input.debugDescription)" }
    init(_ input: String, at offset: Int? = nil, _ why: String) {
        self.input = input
        self.offset = offset
        self.why = why
    }
}

private func item(_ b: SFBareItem, _ params: [(String, SFBareItem)] = []) -> SFMember {
    .item(SFItem(b, parameters: params.map { SFParameter(key: $0.0, value: $0.1) }))
}

private func tok(_ s: String) -> SFMember { item(.token(s)) }
private func int(_ i: Int64) -> SFMember { item(.integer(i)) }

struct StructuredFieldsTests {
    static let valid: [SFValidCase] = [
        SFValidCase("", []),
        SFValidCase("a=1", [("a", int(1))]),
        SFValidCase("a=1, b=2", [("a", int(1)), ("b", int(2))]),
        SFValidCase("a=1,b=2", [("a", int(1)), ("b", int(2))]),
        SFValidCase("a=1 ,  b=2", [("a", int(1)), ("b", int(2))]),
        SFValidCase("a=1\t,\tb=2", [("a", int(1)), ("b", int(2))]),
        SFValidCase("   a=1   ", [("a", int(1))]),
        SFValidCase("a=1\t", [("a", int(1))]),
        SFValidCase("a", [("a", item(.boolean(true)))]),
        SFValidCase(
            "a, b=?0, c=?1",
            [("a", item(.boolean(true))), ("b", item(.boolean(false))), ("c", item(.boolean(true)))]
        ),
        // Duplicate keys: first position, last value (§4.2.2).
        SFValidCase("a=1, b=2, a=3", [("a", int(3)), ("b", int(2))]),
        SFValidCase("a;x=1, a=2", [("a", int(2))]),
        SFValidCase("a=1;p", [("a", item(.integer(1), [("p", .boolean(true))]))]),
        SFValidCase("a=1; p=2", [("a", item(.integer(1), [("p", .integer(2))]))]),
        SFValidCase("a;b;c=?0", [("a", item(.boolean(true), [("b", .boolean(true)), ("c", .boolean(false))]))]),
        SFValidCase("a=1;p=1;q=2;p=3", [("a", item(.integer(1), [("p", .integer(3)), ("q", .integer(2))]))]),
        SFValidCase(
            "a=(1 2);p=3",
            [
                (
                    "a",
                    .innerList(
                        SFInnerList(
                            [SFItem(.integer(1)), SFItem(.integer(2))],
                            parameters: [SFParameter(key: "p", value: .integer(3))]
                        )
                    )
                )
            ]
        ),
        SFValidCase("a=()", [("a", .innerList(SFInnerList([])))]),
        SFValidCase(
            "a=(  1   x;q  )",
            [
                (
                    "a",
                    .innerList(
                        SFInnerList([
                            SFItem(.integer(1)),
                            SFItem(.token("x"), parameters: [SFParameter(key: "q", value: .boolean(true))]),
                        ])
                    )
                )
            ]
        ),
        SFValidCase(#"a="x\"y\\z""#, [("a", item(.string(#"x"y\z"#)))]),
        SFValidCase(#"a="""#, [("a", item(.string("")))]),
        SFValidCase("a=tok/en:x", [("a", tok("tok/en:x"))]),
        SFValidCase("a=*foo", [("a", tok("*foo"))]),
        SFValidCase("a=Y", [("a", tok("Y"))]),
        SFValidCase("a=text/html;q=0.5", [("a", item(.token("text/html"), [("q", .decimal(0.5))]))]),
        SFValidCase("a=:aGVsbG8=:", [("a", item(.byteSequence(Array("hello".utf8))))]),
        SFValidCase("a=:aGVsbG8:", [("a", item(.byteSequence(Array("hello".utf8))))]),
        SFValidCase("a=::", [("a", item(.byteSequence([])))]),
        SFValidCase("a=-1.5", [("a", item(.decimal(-1.5)))]),
        SFValidCase("a=-0", [("a", int(0))]),
        SFValidCase("a=007", [("a", int(7))]),
        SFValidCase("a=999999999999999", [("a", int(999_999_999_999_999))]),
        SFValidCase("a=-999999999999999", [("a", int(-999_999_999_999_999))]),
        SFValidCase("a=123456789012.123", [("a", item(.decimal(123_456_789_012.123)))]),
        SFValidCase("a=@1659578233", [("a", item(.date(1_659_578_233)))]),
        SFValidCase("a=@-1", [("a", item(.date(-1)))]),
        // §4.2.9 reads a Date with §4.2.4, so "-0" is the integer 0 and 15 digits are the maximum.
        SFValidCase("a=@-0", [("a", item(.date(0)))]),
        SFValidCase("a=@999999999999999", [("a", item(.date(999_999_999_999_999)))]),
        // A Date is a bare item, so it takes parameters, is a parameter value, and sits in inner lists (§3.3).
        SFValidCase("a=@5;p=@6", [("a", item(.date(5), [("p", .date(6))]))]),
        SFValidCase("a=(@1 @2)", [("a", .innerList(SFInnerList([SFItem(.date(1)), SFItem(.date(2))])))]),
        SFValidCase(#"a=%"f%c3%bc bar""#, [("a", item(.displayString("fü bar")))]),
        SFValidCase("*a=1", [("*a", int(1))]),
        SFValidCase("a.b_c-d*9=1", [("a.b_c-d*9", int(1))]),
        SFValidCase("train-ai=y, search=n", [("train-ai", tok("y")), ("search", tok("n"))]),
    ]

    static let invalid: [SFInvalidCase] = [
        SFInvalidCase("a=1,", at: 4, "trailing comma"),
        SFInvalidCase("a=1 , ", at: 6, "trailing comma and space"),
        SFInvalidCase("a=1,,b=2", at: 4, "empty member"),
        SFInvalidCase(",a=1", at: 0, "leading comma"),
        SFInvalidCase("A=1", at: 0, "upper-case key"),
        SFInvalidCase("aB=1", at: 1, "upper-case inside key: the key ends, then junk"),
        SFInvalidCase("1a=1", at: 0, "key starts with a digit"),
        SFInvalidCase("-a=1", at: 0, "key starts with '-'"),
        SFInvalidCase("\ta=1", at: 0, "leading HTAB (only SP is discarded at the start)"),
        SFInvalidCase("a=1 b=2", at: 4, "missing comma"),
        SFInvalidCase("a=1 ;p=2", at: 4, "space before ';'"),
        SFInvalidCase("a=1;", at: 4, "trailing ';' without a key"),
        SFInvalidCase("a=1;P=2", at: 4, "upper-case parameter key"),
        SFInvalidCase("a==1", at: 2, "'=' cannot start a value"),
        SFInvalidCase("a=", at: 2, "missing value"),
        SFInvalidCase(#"a="unterminated"#, "unterminated string"),
        SFInvalidCase(#"a="bad\escape""#, at: 7, "backslash escaping a letter"),
        SFInvalidCase("a=\"\u{01}\"", at: 3, "control character in a string"),
        SFInvalidCase("a=\"tab\there\"", at: 6, "HTAB in a string"),
        SFInvalidCase("a=1.", "decimal ending with '.'"),
        SFInvalidCase("a=1.2345", "four fractional digits"),
        SFInvalidCase("a=1234567890123456", "16-digit integer"),
        SFInvalidCase("a=1234567890123.1", "13 integer digits in a decimal"),
        SFInvalidCase("a=1.2.3", at: 5, "second '.'"),
        SFInvalidCase("a=-", at: 3, "lone minus"),
        SFInvalidCase("a=-a", at: 3, "minus and a letter"),
        SFInvalidCase("a=?2", at: 3, "boolean other than 0 or 1"),
        SFInvalidCase("a=?", at: 3, "boolean without a digit"),
        SFInvalidCase("a=:aGVsbG8", at: 2, "byte sequence without closing ':'"),
        SFInvalidCase("a=:a$b:", at: 4, "'$' is not base64"),
        SFInvalidCase("a=:aGVsbG8=x:", "'=' inside base64"),
        SFInvalidCase("a=:a:", "one base64 character is not a byte"),
        SFInvalidCase("a=(1 2", "inner list without ')'"),
        SFInvalidCase("a=(1,2)", at: 4, "comma inside an inner list"),
        SFInvalidCase("a=((1))", at: 3, "nested inner list"),
        SFInvalidCase("a=(1);", at: 6, "inner list with a trailing ';'"),
        SFInvalidCase("a=@1.5", "decimal date"),
        SFInvalidCase("a=@x", at: 3, "date without digits"),
        SFInvalidCase("a=@", at: 3, "'@' at the end of input"),
        SFInvalidCase("a=@ 1", at: 3, "space between '@' and the integer"),
        SFInvalidCase("a=@1234567890123456", "16-digit date (§4.2.4: at most 15 digits)"),
        SFInvalidCase(#"a=%"F%C3%BC""#, "upper-case hex in a display string"),
        SFInvalidCase(#"a=%"%c3""#, "display string that is not UTF-8"),
        SFInvalidCase(#"a=%x"#, at: 3, "'%' without '\"'"),
        SFInvalidCase("a=é", at: 2, "non-ASCII byte"),
        SFInvalidCase("a=1 é", at: 4, "non-ASCII byte after the value"),
        SFInvalidCase("Train-AI=n", at: 0, "AIPREF vocab-07 §6: upper-case key fails the dictionary"),
        SFInvalidCase(#"train-ai;has;parameters="?";"#, at: 28, "vocab draft example with a trailing ';'"),
    ]

    @Test(arguments: valid)
    func parsesValidDictionary(_ c: SFValidCase) throws {
        let dictionary = try StructuredFields.parseDictionary(c.input).get()
        #expect(dictionary.members == c.expected)
    }

    @Test(arguments: invalid)
    func rejectsInvalidDictionary(_ c: SFInvalidCase) {
        switch StructuredFields.parseDictionary(c.input) {
        case .success(let d):
            Issue.record("parsed as \(d)")
        case .failure(let error):
            if let offset = c.offset { #expect(error.offset == offset, "\(error)") }
            #expect(!error.message.isEmpty)
            #expect(error.offset >= 0 && error.offset <= c.input.utf8.count)
        }
    }

    /// Each failure names the rule that failed: a Date that does not start with a sign or digit is
    /// a date error (§4.2.9 step 2 hands the rest to §4.2.4, which fails on a non-DIGIT), a lone
    /// '-' is a number error (§4.2.4 step 4), and a Decimal after '@' fails §4.2.9 step 3.
    @Test(arguments: [
        ("a=@x", 3, "a date is '@' followed by an integer, found 'x'"),
        ("a=@", 3, "a date is '@' followed by an integer, found 'end of input'"),
        ("a=@-x", 4, "expected a digit after '-'"),
        ("a=-x", 3, "expected a digit after '-'"),
        ("a=@1.5", 3, "a date is an integer number of seconds"),
    ])
    func failureMessagesNameTheRule(_ input: String, _ offset: Int, _ message: String) {
        guard case .failure(let error) = StructuredFields.parseDictionary(input) else {
            Issue.record("\(input) parsed")
            return
        }
        #expect(error == SFParseError(offset: offset, message: message))
    }

    @Test func lookupByKeyAndParameters() throws {
        let d = try StructuredFields.parseDictionary("train-ai=n;exceptions=cc-cr, search=y").get()
        #expect(d.keys == ["train-ai", "search"])
        #expect(d["train-ai"]?.item?.parameter("exceptions") == .token("cc-cr"))
        #expect(d["search"]?.item?.bareItem == .token("y"))
        #expect(d["ai-use"] == nil)
        #expect(d["train-ai"]?.parameters.map(\.key) == ["exceptions"])
    }

    @Test func listsAndItems() throws {
        let list = try StructuredFields.parseList("1, (a b);q, \"s\"").get()
        #expect(list.count == 3)
        #expect(list[0] == int(1))
        #expect(list[2] == item(.string("s")))
        #expect(
            try StructuredFields.parseItem("  tok;a=1  ").get()
                == SFItem(.token("tok"), parameters: [SFParameter(key: "a", value: .integer(1))])
        )
        #expect((try? StructuredFields.parseList("1,").get()) == nil)
        #expect((try? StructuredFields.parseItem("1 2").get()) == nil)
    }

    @Test func invalidUTF8AndGarbageFailWithAnOffset() {
        let garbage: [UInt8] = [0x61, 0x3D, 0xFF, 0xFE, 0x00, 0xC3]
        guard case .failure(let e) = StructuredFields.parseDictionary(bytes: garbage) else {
            Issue.record("garbage parsed")
            return
        }
        #expect(e.offset == 2)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            switch StructuredFields.parseDictionary(bytes: bytes) {
            case .success: break
            case .failure(let e): #expect(e.offset >= 0 && e.offset <= bytes.count)
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func hugeInputsParseInLinearTime() throws {
        let many = (0..<100_000).map { "k\($0)=\($0 % 2 == 0 ? "y" : "n");p=\"v\"" }.joined(separator: ", ")
        let d = try StructuredFields.parseDictionary(many).get()
        #expect(d.members.count == 100_000)
        let dup = String(repeating: "a=y, ", count: 200_000) + "a=n"
        #expect(
            try StructuredFields.parseDictionary(dup).get().members == [SFDictionary.Entry(key: "a", member: tok("n"))]
        )
        let longString = "a=\"" + String(repeating: "x", count: 2_000_000) + "\""
        #expect(try StructuredFields.parseDictionary(longString).get().members.count == 1)
        let unclosed = "a=(" + String(repeating: "1 ", count: 500_000)
        #expect((try? StructuredFields.parseDictionary(unclosed).get()) == nil)
    }
}
