// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: the Combined/Common Log Format and JSON Lines parsers, line by line (expected values
// worked out by hand; times with python's datetime).

import Foundation
import HeedAudit
import Testing

@testable import HeedLogs

/// What a parser read from one line, as strings.
struct Parsed: Equatable, CustomStringConvertible {
    var error: String?
    var time: Int64 = 0
    var target: String?
    var status = 0
    var userAgent: String?
    var host: String?

    init(error: String) { self.error = error }

    init(time: Int64, target: String?, status: Int, userAgent: String?, host: String? = nil) {
        self.time = time
        self.target = target
        self.status = status
        self.userAgent = userAgent
        self.host = host
    }

    init(_ record: LogRecord, error: StaticString?) {
        if let error {
            self.error = error.description
            return
        }
        time = record.time
        let split = record.requestLine.flatMap { RequestLine.target($0)?.0 }
        target = (record.target ?? split).map { String(decoding: $0, as: UTF8.self) }
        status = record.status
        userAgent = record.userAgent.map { String(decoding: $0, as: UTF8.self) }
        host = record.host.map { String(decoding: $0, as: UTF8.self) }
    }

    var description: String {
        error.map { "error: \($0)" } ?? "\(time) \(target ?? "nil") \(status) \(userAgent ?? "nil") \(host ?? "nil")"
    }
}

func parseCombined(_ line: String) -> Parsed {
    var parser = CombinedLogParser()
    var record = LogRecord()
    var copy = line
    return copy.withUTF8 { bytes in
        let error = parser.parse(bytes, into: &record)
        return Parsed(record, error: error)
    }
}

func parseJSON(_ line: String, fields: LogFieldNames = LogFieldNames()) -> Parsed {
    var copy = line
    return copy.withUTF8 { bytes in
        let parser = JSONLogParser(mapping: JSONLogParser.detect([bytes], overrides: fields))
        var record = LogRecord()
        let error = parser.parse(bytes, into: &record)
        return Parsed(record, error: error)
    }
}

struct CombinedLogParserTests {
    static let apacheTime: Int64 = 971_211_336  // 10/Oct/2000:13:55:36 -0700

    @Test(arguments: [
        // The Apache documentation's examples.
        (
            #"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
            Parsed(
                time: apacheTime,
                target: "/apache_pb.gif",
                status: 200,
                userAgent: "Mozilla/4.08 [en] (Win98; I ;Nav)"
            )
        ),
        (
            #"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
            Parsed(time: apacheTime, target: "/apache_pb.gif", status: 200, userAgent: nil)
        ),
        // vhost_combined (%v:%p first), a size of "-", a query.
        (
            #"www.example.org:443 192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/2.0" 304 - "-" "curl/8.5.0""#,
            Parsed(
                time: apacheTime,
                target: "/a?b=1",
                status: 304,
                userAgent: "curl/8.5.0",
                host: "www.example.org:443"
            )
        ),
        // Escaped quotes inside the User-Agent stay escaped; the field ends at the unescaped quote.
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "Agent \"quoted\" \\ end""#,
            Parsed(time: apacheTime, target: "/", status: 200, userAgent: #"Agent \"quoted\" \\ end"#)
        ),
        // Bytes escaped as \xHH in the request line (decoded later, for matching).
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET /caf\xC3\xA9 HTTP/1.1" 200 5 "-" "x""#,
            Parsed(time: apacheTime, target: #"/caf\xC3\xA9"#, status: 200, userAgent: "x")
        ),
        // nginx's line for a request that was not HTTP: counted, no path.
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "-" 400 0 "-" "-""#,
            Parsed(time: apacheTime, target: nil, status: 400, userAgent: nil)
        ),
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "\x16\x03\x01\x00\xF5\x01" 400 166 "-" "-""#,
            Parsed(time: apacheTime, target: nil, status: 400, userAgent: nil)
        ),
        // HTTP/0.9 (no protocol), an absolute-form target, nginx fields after the User-Agent.
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET /old" 200 5 "-" "x""#,
            Parsed(time: apacheTime, target: "/old", status: 200, userAgent: "x")
        ),
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET http://example.org/x HTTP/1.1" 200 5 "-" "x" "-" rt=0.012"#,
            Parsed(time: apacheTime, target: "http://example.org/x", status: 200, userAgent: "x")
        ),
        // An IPv6 client, a user name, a referer with spaces escaped as \x20.
        (
            #"2001:db8::1 - alice [01/Mar/2026:12:00:00 +0000] "HEAD /r HTTP/1.1" 200 0 "https://a.test/\x20b" "y""#,
            Parsed(time: 1_772_366_400, target: "/r", status: 200, userAgent: "y")
        ),
    ])
    func reads(line: String, expected: Parsed) {
        #expect(parseCombined(line) == expected)
    }

    @Test(arguments: [
        ("this is not a log line", "no [time] field"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.1" 200 5"#, "unterminated [time] field"),
        (#"192.0.2.7 - - [10/Foo/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#, "unreadable time"),
        (#"192.0.2.7 - - [31/Apr/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#, "unreadable time"),
        (
            #"a b c d e [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#,
            "expected 'host ident user' (or a virtual host first) before the time"
        ),
        (#"192.0.2.7 -  - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#, "empty field before the time"),
        (#" 192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#, "empty field before the time"),
        (#"192.0.2.7 - -[10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5"#, "no space before the time"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.1 200 5"#, "no quoted request after the time"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1 200 5"#, "unterminated request field"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2x0 5"#, "unreadable status"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200"#, "no size after the status"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5k"#, "unreadable size"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-""#, "referer without a User-Agent"),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "x"#, "unterminated User-Agent"),
        (
            #"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "x"y"#,
            "unexpected bytes after the User-Agent"
        ),
        (#"192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 x"#, "unexpected bytes after the size"),
    ])
    func rejects(line: String, reason: String) {
        #expect(parseCombined(line) == Parsed(error: reason))
    }

    @Test(arguments: [
        ("GET /a HTTP/1.1", "/a", false),
        ("OPTIONS * HTTP/1.1", "*", false),
        (#"GET /a\"b HTTP/1.1"#, #"/a\"b"#, true),
        (
            "GET /a-long-path-of-more-than-eight-bytes/with/segments?and=query HTTP/1.1",
            "/a-long-path-of-more-than-eight-bytes/with/segments?and=query", false
        ),
        (
            #"GET /a-long-path-of-more-than-eight-bytes\x20with-escape HTTP/1.1"#,
            #"/a-long-path-of-more-than-eight-bytes\x20with-escape"#, true
        ),
    ])
    func requestLineTargets(request: String, target: String, escaped: Bool) {
        var copy = request
        let got = copy.withUTF8 { b in RequestLine.target(b).map { (String(decoding: $0.0, as: UTF8.self), $0.escaped) }
        }
        #expect(got?.0 == target)
        #expect(got?.1 == escaped)
    }

    @Test(arguments: ["-", "", "GET", "GET ", " /a", "\u{16}\u{03} /a"])
    func notRequestLines(request: String) {
        var copy = request
        #expect(copy.withUTF8 { RequestLine.target($0) } == nil)
    }

    @Test(arguments: [
        ("/a", true), ("//double", true), ("http://h/x", true), ("HTTPS://h", true), ("*", false),
        ("example.org:443", false),
        ("a+b.c-d://x", true), ("1http://x", false), ("", false),
    ])
    func checkableTargets(target: String, checkable: Bool) {
        var copy = target
        #expect(copy.withUTF8 { RequestLine.isCheckable($0) } == checkable)
    }

    @Test func logEscapesDecode() {
        let scratch = ScratchBuffer()
        var input = #"/caf\xC3\xA9/\"q\"/\\/\x4"#
        input.withUTF8 { ByteScan.unescape($0, into: scratch) }
        #expect(Array(scratch.bytes) == Array("/café/\"q\"/\\/\\x4".utf8))
    }
}

struct JSONLogParserTests {
    @Test(arguments: [
        // nginx `escape=json`: ISO time with an offset, string status, escaped slashes.
        (
            #"{"time_iso8601":"2026-03-01T12:00:00+01:00","request_uri":"/a?b","status":"200","http_user_agent":"GPTBot\/1.1","host":"example.org"}"#,
            Parsed(time: 1_772_362_800, target: "/a?b", status: 200, userAgent: "GPTBot/1.1", host: "example.org")
        ),
        // Caddy: epoch float, nested request, headers as arrays, numeric status.
        (
            #"{"level":"info","ts":1772366400.5241024,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"192.0.2.1","proto":"HTTP/2.0","method":"GET","host":"example.org","uri":"/x?y=1","headers":{"User-Agent":["CCBot/2.0 (https://commoncrawl.org/faq/)"],"Accept":["*/*"]}},"status":200,"size":512}"#,
            Parsed(
                time: 1_772_366_400,
                target: "/x?y=1",
                status: 200,
                userAgent: "CCBot/2.0 (https://commoncrawl.org/faq/)",
                host: "example.org"
            )
        ),
        // Traefik.
        (
            #"{"StartUTC":"2026-03-01T12:00:00.123456789Z","RequestPath":"/p","RequestHost":"example.org","DownstreamStatus":404,"request_User-Agent":"Bytespider"}"#,
            Parsed(time: 1_772_366_400, target: "/p", status: 404, userAgent: "Bytespider", host: "example.org")
        ),
        // CloudFront-style: date and time apart, stem and query apart, a percent-encoded User-Agent.
        (
            #"{"date":"2026-03-01","time":"12:00:00","cs-uri-stem":"/s","cs-uri-query":"q=1","sc-status":"200","cs(User-Agent)":"Mozilla/5.0%20(compatible;%20PerplexityBot/1.0)","x-host-header":"example.org"}"#,
            Parsed(
                time: 1_772_366_400,
                target: "/s?q=1",
                status: 200,
                userAgent: "Mozilla/5.0 (compatible; PerplexityBot/1.0)",
                host: "example.org"
            )
        ),
        (
            #"{"date":"2026-03-01","time":"12:00:00","cs-uri-stem":"/s","cs-uri-query":"-","sc-status":"200","cs(User-Agent)":"-"}"#,
            Parsed(time: 1_772_366_400, target: "/s", status: 200, userAgent: nil)
        ),
        // Elastic Common Schema: objects where other formats have strings are skipped.
        (
            #"{"@timestamp":"2026-03-01T12:00:00.000Z","url":{"original":"/e?x"},"user_agent":{"original":"ClaudeBot/1.0"},"http":{"response":{"status_code":301}},"host":{"name":"web-1"}}"#,
            Parsed(time: 1_772_366_400, target: "/e?x", status: 301, userAgent: "ClaudeBot/1.0")
        ),
        // nginx with a request line and the CLF time; "-" means no User-Agent.
        (
            #"{"time_local":"01/Mar/2026:12:00:00 +0000","request":"GET /r?z HTTP/1.1","status":200,"http_user_agent":"-"}"#,
            Parsed(time: 1_772_366_400, target: "/r?z", status: 200, userAgent: nil)
        ),
        // nginx $msec, $uri and $args.
        (
            #"{"msec":"1772366400.123","uri":"/u","args":"k=v","http_user_agent":"x"}"#,
            Parsed(time: 1_772_366_400, target: "/u?k=v", status: 0, userAgent: "x")
        ),
        // A path field holding a whole request line; \u escapes in the User-Agent.
        (
            #"{"timestamp":1772366400,"path":"GET /w HTTP/1.1","user_agent":"caf\u00e9 \ud83d\ude00"}"#,
            Parsed(time: 1_772_366_400, target: "/w", status: 0, userAgent: "café 😀")
        ),
    ])
    func reads(line: String, expected: Parsed) {
        #expect(parseJSON(line) == expected)
    }

    @Test(arguments: [
        (#"{"time":"2026-03-01T12:00:00Z","request_uri":"/a""#, "unexpected end of JSON"),
        (#"{"request_uri":"/a","http_user_agent":"x"}"#, "no time field"),
        (#"{"time":"yesterday","request_uri":"/a"}"#, "unreadable time"),
        (#"{"time":"2026-03-01T12:00:00Z","http_user_agent":"x"}"#, "no request path field"),
        ("[1,2]", "not a JSON object"),
        (#"{"time":"2026-03-01T12:00:00Z","request_uri":"/a\x22"}"#, "bad escape in a JSON string"),
        (#"{"time":"2026-03-01T12:00:00Z","request_uri":"/a"} x"#, "bytes after the JSON object"),
        (#"{"time":"2026-03-01T12:00:00Z","request_uri":"/a",}"#, "expected a JSON key"),
        (#"{"time":"2026-03-01T12:00:00Z","request_uri":"/a","n":01}"#, "expected ',' or '}' in JSON"),
    ])
    func rejects(line: String, reason: String) {
        #expect(parseJSON(line) == Parsed(error: reason))
    }

    @Test func fieldNamesCanBeGiven() {
        let line =
            #"{"when":"2026-03-01T12:00:00Z","where":"/w","who":"GPTBot","code":"451","site":"example.org","time":"x"}"#
        let fields = LogFieldNames(userAgent: "who", path: "where", time: "when", status: "code", host: "site")
        #expect(
            parseJSON(line, fields: fields)
                == Parsed(time: 1_772_366_400, target: "/w", status: 451, userAgent: "GPTBot", host: "example.org")
        )
        // Without the names, "time" is found and is not a time.
        #expect(parseJSON(line) == Parsed(error: "unreadable time"))
    }

    @Test func detectionPrefersEarlierNamesAndLooksPastTheFirstLine() {
        let lines = [
            #"{"time":"2026-03-01T12:00:00Z","uri":"/a","request_uri":"/a?full"}"#,
            #"{"time":"2026-03-01T12:00:00Z","uri":"/b","request_uri":"/b?full","http_user_agent":"GPTBot"}"#,
        ]
        var buffers = lines.map { Array($0.utf8) }
        let mapping = buffers[0].withUnsafeBufferPointer { a in
            buffers[1].withUnsafeBufferPointer { b in JSONLogParser.detect([a, b], overrides: LogFieldNames()) }
        }
        buffers.removeAll()
        #expect(mapping[.target]?.name == "request_uri")
        #expect(mapping[.userAgent]?.name == "http_user_agent")
        #expect(mapping[.time]?.name == "time")
        #expect(mapping[.host] == nil)
        #expect(mapping.description == "user-agent=http_user_agent, path=request_uri, time=time")
    }
}
