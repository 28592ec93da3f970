// SPDX-License-Identifier: Apache-2.0
// Heed: reads the meta, link and inline RSL script elements of an HTML page head (libxml2 SAX push parser).
// Spec: WHATWG HTML §4.2.4 (link), §4.2.5 (meta), §4.12.1.3 (data blocks), §13.2.3.2 (encoding prescan).

internal import CXML
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One-time libxml2 set-up shared by every Heed parser that uses it (SWIFT-NOTES §3.1).
///
/// `xmlInitParser()` must run once before threads use the library, and the external entity
/// loader is process-global: Heed installs a deny-all loader so that no parse, whatever its
/// options, can ever read a file or the network through an entity (defence in depth against XXE).
enum LibXML {
    /// Touch this before any libxml2 call; the initializer runs exactly once.
    static let ready: Bool = {
        xmlInitParser()
        cxml_deny_external_entities()
        return true
    }()
}

extension HTMLHead {
    /// The default number of bytes read from a page: 1 MiB, far beyond any real head.
    public static let defaultLimit = 1 << 20

    /// Reads the head of an HTML page: every `<meta>`, every `<link>`, and every
    /// `<script type="application/rsl+xml">` (RSL 1.0 §4.5 inline licences).
    ///
    /// Reading stops at an **explicit** `<body` tag only. libxml2 (an HTML 4 parser) also opens an
    /// *implied* body for text before `<html>`, a `<div>` in the head or a BOM in push mode;
    /// stopping there would lose real metas that browsers and crawlers read (SWIFT-NOTES §3.2), so
    /// elements after an implied body are still collected until an explicit `<body` or the limit.
    ///
    /// Encoding (WHATWG §13.2.3): a byte order mark wins; then `charset` (a label such as
    /// `iso-8859-1`, or a whole `Content-Type` value); then a prescan of `<meta charset>` /
    /// `<meta http-equiv="content-type">` in the first 1024 bytes; else UTF-8. Labels `latin1`,
    /// `iso-8859-1` and `us-ascii` mean windows-1252, as WHATWG's encoding table says. Non-UTF-8
    /// input is converted to UTF-8 before libxml2 sees it and libxml2's own meta switching is
    /// disabled, so the result never depends on libxml2's guesses; invalid UTF-8 becomes U+FFFD.
    ///
    /// Never fails: binary garbage yields an empty head. Line numbers are those of the end of
    /// each tag (where libxml2 reports it).
    ///
    /// - Parameters:
    ///   - bytes: the page as received.
    ///   - charset: the charset of the HTTP `Content-Type`, if any.
    ///   - limit: bytes read at most; past it a `head-size-limit` finding is recorded.
    public static func parse(_ bytes: [UInt8], charset: String? = nil, limit: Int = HTMLHead.defaultLimit) -> HTMLHead {
        _ = LibXML.ready
        var findings: [Finding] = []
        var start = 0
        var encoding: String?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = 3
            encoding = "UTF-8"
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            start = 2
            encoding = "UTF-16LE"
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            start = 2
            encoding = "UTF-16BE"
        }
        let limit = max(limit, 1024)
        let end = min(bytes.count, start + limit)
        let truncated = end < bytes.count
        let raw = bytes[start..<end]
        if encoding == nil, let charset, let label = HTMLCharset.label(fromContentType: charset) {
            encoding = HTMLCharset.canonical(label)
        }
        if encoding == nil, let label = HTMLCharset.prescan(raw.prefix(1024)) {
            encoding = HTMLCharset.canonical(label)
            // WHATWG §13.2.3.2: a meta declaring UTF-16 in an ASCII-compatible byte stream means UTF-8.
            if encoding?.hasPrefix("UTF-16") == true { encoding = "UTF-8" }
        }
        let utf8: [UInt8]
        if let enc = encoding, enc != "UTF-8" {
            if let converted = HTMLCharset.transcode(raw, from: enc) {
                utf8 = converted
            } else {
                findings.append(
                    Finding(
                        code: "unknown-charset",
                        severity: .warning,
                        line: nil,
                        message: "the character encoding '\(enc)' is not supported; the page was read as UTF-8. "
                            + "Declare a standard encoding label (WHATWG Encoding) or use UTF-8",
                        clause: "WHATWG HTML §13.2.3"
                    )
                )
                utf8 = HTMLCharset.repairedUTF8(raw)
            }
        } else {
            utf8 = HTMLCharset.repairedUTF8(raw)
        }
        let collector = HeadCollector()
        collector.run(utf8)
        if truncated && !collector.stopped {
            findings.append(
                Finding(
                    code: "head-size-limit",
                    severity: .warning,
                    line: collector.lastLine,
                    message: "no <body> tag in the first \(limit) bytes (read up to line \(collector.lastLine ?? 1)); "
                        + "meta, link and script elements after them were not read, so signals there are unknown. "
                        + "Put signal metas and links early in <head>",
                    clause: "WHATWG HTML §4.2"
                )
            )
        }
        return HTMLHead(metas: collector.metas, links: collector.links, scripts: collector.scripts, findings: findings)
    }
}

/// The SAX state of one head parse. Holds the libxml2 context so callbacks can read line numbers
/// and stop the parser; used by one thread for one parse only.
private final class HeadCollector {
    var ctxt: htmlParserCtxtPtr?
    var metas: [HTMLHead.Meta] = []
    var links: [HTMLHead.Link] = []
    var scripts: [HTMLHead.Script] = []
    var stopped = false
    /// True once libxml2 opened a body the page did not write (text before `<html>`, a `<div>` in
    /// the head): it then drops a later explicit `<body>` tag without a callback, so the bytes
    /// between callbacks are searched for it instead.
    var impliedBody = false
    /// The absolute offset (in the bytes fed) up to which the page has been searched for `<body`.
    var scannedTo = 0
    /// The bytes being fed, valid during `run`.
    var source: UnsafeBufferPointer<UInt8>?
    /// Non-nil while inside an RSL script: its type and line.
    var scriptType: String?
    var scriptLine: Int?
    var scriptText: [UInt8] = []
    /// The line the parser had reached when the last byte was fed (for the size-limit finding).
    var lastLine: Int?

    static let options = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
    )
    static let chunk = 4096

    var line: Int? {
        guard let ctxt, let input = ctxt.pointee.input else { return nil }
        let n = Int(input.pointee.line)
        return n > 0 ? n : nil
    }

    func run(_ utf8: [UInt8]) {
        var sax = htmlSAXHandler()
        sax.startElement = { user, name, atts in
            guard let user, let name else { return }
            let me = Unmanaged<HeadCollector>.fromOpaque(user).takeUnretainedValue()
            if me.explicitBodyPassed() { return }
            me.start(String(cString: name), HeadCollector.attributes(atts))
            me.scannedTo = me.offset
        }
        sax.endElement = { user, name in
            guard let user, let name else { return }
            let me = Unmanaged<HeadCollector>.fromOpaque(user).takeUnretainedValue()
            if me.scriptType != nil, strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), "script") == 0 {
                me.endScript()
            }
            if me.explicitBodyPassed() { return }
            me.scannedTo = me.offset
        }
        // Text in ordinary content cannot hide a tag, so it is searched; raw text (script, style)
        // and comments can, so they are skipped.
        sax.characters = { user, _, _ in
            guard let user else { return }
            let me = Unmanaged<HeadCollector>.fromOpaque(user).takeUnretainedValue()
            if me.explicitBodyPassed() { return }
            me.scannedTo = me.offset
        }
        sax.cdataBlock = { user, chars, len in
            guard let user else { return }
            let me = Unmanaged<HeadCollector>.fromOpaque(user).takeUnretainedValue()
            if me.scriptType != nil, let chars, len > 0 {
                me.scriptText.append(contentsOf: UnsafeBufferPointer(start: chars, count: Int(len)))
            }
            me.scannedTo = me.offset
        }
        sax.comment = { user, _ in
            guard let user else { return }
            let me = Unmanaged<HeadCollector>.fromOpaque(user).takeUnretainedValue()
            me.scannedTo = me.offset
        }
        let user = Unmanaged.passUnretained(self).toOpaque()
        guard let ctxt = htmlCreatePushParserCtxt(&sax, user, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return }
        self.ctxt = ctxt
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            ctxt.pointee.myDoc = nil
            htmlFreeParserCtxt(ctxt)
            self.ctxt = nil
        }
        htmlCtxtUseOptions(ctxt, HeadCollector.options)
        utf8.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            source = buf
            defer { source = nil }
            var offset = 0
            while offset < buf.count && !stopped {
                let n = min(HeadCollector.chunk, buf.count - offset)
                let p = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                _ = htmlParseChunk(ctxt, p, Int32(n), 0)
                offset += n
            }
        }
        if !stopped {
            lastLine = line
            _ = htmlParseChunk(ctxt, nil, 0, 1)
        }
        if scriptType != nil { endScript() }
    }

    static func attributes(_ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [(String, String)] {
        var pairs: [(String, String)] = []
        guard var p = atts else { return pairs }
        while let key = p.pointee {
            let value = p[1].map { String(cString: $0) } ?? ""
            pairs.append((String(cString: key).lowercased(), value))
            p += 2
        }
        return pairs
    }

    func start(_ name: String, _ atts: [(String, String)]) {
        func attr(_ key: String) -> String? { atts.first { $0.0 == key }?.1 }
        switch name {
        case "meta":
            metas.append(
                HTMLHead.Meta(
                    name: lowerTrimmed(attr("name")),
                    httpEquiv: lowerTrimmed(attr("http-equiv")),
                    property: lowerTrimmed(attr("property")),
                    content: attr("content") ?? "",
                    line: line
                )
            )
        case "link":
            let rel = (attr("rel") ?? "").lowercased().split {
                $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}"
            }
            links.append(
                HTMLHead.Link(
                    rel: rel.map(String.init),
                    href: trimmed(attr("href") ?? ""),
                    type: lowerTrimmed(attr("type")),
                    line: line
                )
            )
        case "script":
            let type = lowerTrimmed(attr("type"))
            let essence = type.split(separator: ";", maxSplits: 1).first.map { trimmed(String($0)) } ?? ""
            if essence == "application/rsl+xml" {
                scriptType = type
                scriptLine = line
                scriptText = []
            }
        case "body":
            if isExplicitBodyTag() {
                stop()
            } else {
                impliedBody = true
            }
        default:
            break
        }
    }

    func stop() {
        guard let ctxt, !stopped else { return }
        stopped = true
        xmlStopParser(ctxt)
    }

    /// The parser's absolute position in the bytes fed.
    var offset: Int {
        guard let ctxt, let input = ctxt.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base
        else { return scannedTo }
        return Int(input.pointee.consumed) + (cur - base)
    }

    /// After an implied body: whether the bytes since the last callback hold an explicit `<body`
    /// tag (which libxml2 dropped); if so the parser is stopped.
    func explicitBodyPassed() -> Bool {
        guard impliedBody, let source else { return false }
        let end = min(offset, source.count)
        var i = max(scannedTo, 0)
        while i + 5 < end {
            if source[i] == UInt8(ascii: "<"), source[i + 1] | 0x20 == UInt8(ascii: "b"),
                source[i + 2] | 0x20 == UInt8(ascii: "o"), source[i + 3] | 0x20 == UInt8(ascii: "d"),
                source[i + 4] | 0x20 == UInt8(ascii: "y"), HeadCollector.endsTagName(source[i + 5])
            {
                stop()
                return true
            }
            i += 1
        }
        return false
    }

    static func endsTagName(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            || b == 0x0C || b == 0
    }

    func endScript() {
        guard let type = scriptType else { return }
        scripts.append(HTMLHead.Script(type: type, text: String(decoding: scriptText, as: UTF8.self), line: scriptLine))
        scriptType = nil
        scriptLine = nil
        scriptText = []
    }

    /// True when the `body` start callback comes from a `<body` written in the page, not from a
    /// body libxml2 implied: the nearest `<` before the parser's position must open `<body`.
    func isExplicitBodyTag() -> Bool {
        guard let ctxt, let input = ctxt.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base
        else { return false }
        var p = cur
        let floor = max(base, cur - 65536)
        while p > floor {
            p -= 1
            if p.pointee == UInt8(ascii: "<") {
                let tag: [UInt8] = Array("body".utf8)
                for i in 0..<4 {
                    let b = (p + 1 + i).pointee
                    if b | 0x20 != tag[i] { return false }
                }
                return HeadCollector.endsTagName((p + 5).pointee)
            }
        }
        return false
    }

    private func trimmed(_ s: String) -> String {
        let u = Array(s.utf8)
        var lo = 0
        var hi = u.count
        func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        while lo < hi, ws(u[lo]) { lo += 1 }
        while hi > lo, ws(u[hi - 1]) { hi -= 1 }
        return lo == 0 && hi == u.count ? s : String(decoding: u[lo..<hi], as: UTF8.self)
    }

    private func lowerTrimmed(_ s: String?) -> String { trimmed(s ?? "").lowercased() }
}

/// Character-encoding helpers for HTML: label extraction, the meta prescan, conversion to UTF-8.
enum HTMLCharset {
    /// The charset label of a `Content-Type` value (`text/html; charset="iso-8859-1"`), or the value
    /// itself when it is a bare label (`iso-8859-1`).
    static func label(fromContentType value: String) -> String? {
        let lower = value.lowercased()
        if let range = lower.range(of: "charset=") {
            var rest = lower[range.upperBound...]
            rest = rest.drop { $0 == " " || $0 == "\"" || $0 == "'" }
            let label = rest.prefix { $0 != ";" && $0 != "\"" && $0 != "'" && $0 != " " }
            return label.isEmpty ? nil : String(label)
        }
        if lower.contains("/") || lower.contains(";") { return nil }
        let t = lower.trimmedWhitespace()
        return t.isEmpty ? nil : t
    }

    /// The name iconv knows for a WHATWG encoding label.
    static func canonical(_ label: String) -> String {
        let l = label.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            return "UTF-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252",
            "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "iso_8859-1:1987", "iso88591":
            return "WINDOWS-1252"
        case "utf-16", "utf-16le", "unicode", "ucs-2": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "shift_jis", "sjis", "ms_kanji", "x-sjis", "windows-31j", "ms932": return "CP932"
        case "gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb18030": return "GB18030"
        case "iso-8859-9", "latin5", "windows-1254": return "WINDOWS-1254"
        default: return l.uppercased()
        }
    }

    /// WHATWG §13.2.3.2 in short: the first `<meta charset=…>` or
    /// `<meta http-equiv="content-type" content="…charset=…">` in `bytes`, skipping comments.
    static func prescan(_ bytes: ArraySlice<UInt8>) -> String? {
        let b = Array(bytes)
        var i = 0
        let n = b.count
        func lower(_ x: UInt8) -> UInt8 { x >= 0x41 && x <= 0x5A ? x | 0x20 : x }
        func isSpace(_ x: UInt8) -> Bool { x == 0x20 || x == 0x09 || x == 0x0A || x == 0x0D || x == 0x0C || x == 0x2F }
        while i < n {
            guard b[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                var j = i + 4
                while j + 2 < n,
                    !(b[j] == UInt8(ascii: "-") && b[j + 1] == UInt8(ascii: "-") && b[j + 2] == UInt8(ascii: ">"))
                {
                    j += 1
                }
                i = j + 3
                continue
            }
            let isMeta =
                i + 5 < n && lower(b[i + 1]) == UInt8(ascii: "m") && lower(b[i + 2]) == UInt8(ascii: "e")
                && lower(b[i + 3]) == UInt8(ascii: "t") && lower(b[i + 4]) == UInt8(ascii: "a") && isSpace(b[i + 5])
            i += 1
            guard isMeta else { continue }
            i += 5
            var attrs: [String: String] = [:]
            while i < n, b[i] != UInt8(ascii: ">") {
                while i < n, isSpace(b[i]) { i += 1 }
                var name: [UInt8] = []
                while i < n, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">") {
                    name.append(lower(b[i]))
                    i += 1
                }
                while i < n, isSpace(b[i]) && b[i] != UInt8(ascii: "/") { i += 1 }
                var value: [UInt8] = []
                if i < n, b[i] == UInt8(ascii: "=") {
                    i += 1
                    while i < n, isSpace(b[i]) && b[i] != UInt8(ascii: "/") { i += 1 }
                    if i < n, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                        let q = b[i]
                        i += 1
                        while i < n, b[i] != q {
                            value.append(lower(b[i]))
                            i += 1
                        }
                        i += 1
                    } else {
                        while i < n, !isSpace(b[i]) || b[i] == UInt8(ascii: "/"), b[i] != UInt8(ascii: ">") {
                            value.append(lower(b[i]))
                            i += 1
                        }
                    }
                }
                if name.isEmpty {
                    if i < n, b[i] != UInt8(ascii: ">") { i += 1 }
                    continue
                }
                let key = String(decoding: name, as: UTF8.self)
                if attrs[key] == nil { attrs[key] = String(decoding: value, as: UTF8.self) }
            }
            if let cs = attrs["charset"], !cs.isEmpty { return cs.trimmedWhitespace() }
            if attrs["http-equiv"] == "content-type", let content = attrs["content"],
                let label = label(fromContentType: content), content.contains("charset=")
            {
                return label
            }
        }
        return nil
    }

    /// `bytes` as valid UTF-8: unchanged when valid, else every invalid sequence replaced by U+FFFD.
    static func repairedUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        if String(validating: bytes, as: UTF8.self) != nil { return Array(bytes) }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// `bytes` converted from `encoding` to UTF-8 with iconv, invalid input replaced by U+FFFD;
    /// `nil` when iconv does not know the encoding.
    static func transcode(_ bytes: ArraySlice<UInt8>, from encoding: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 2 + 16)
        var buffer = [UInt8](repeating: 0, count: 16384)
        input.withUnsafeMutableBufferPointer { inBuf in
            buffer.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    out.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
                    if r == -1 {
                        let err = errno
                        if err == E2BIG { continue }
                        // EILSEQ or EINVAL (truncated sequence): skip one byte, emit U+FFFD.
                        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inPtr = inPtr.map { $0 + 1 }
                        inLeft -= 1
                    }
                }
            }
        }
        return out
    }
}
