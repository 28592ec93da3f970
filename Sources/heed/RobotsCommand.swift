// SPDX-License-Identifier: Apache-2.0
// heed robots: answer RFC 9309 access questions for one robots.txt file, or lint it.

import Foundation
import HeedCore

/// `heed robots FILE --agent TOKEN [URL ...]` and `heed robots FILE --lint`.
enum RobotsCommand {
    static let spec = CommandSpec(
        name: "robots",
        usage: "robots FILE (--agent TOKEN [URL ...] | --lint) [--json] [--parse-limit BYTES]",
        summary: "May this crawler fetch these URLs under this robots.txt (RFC 9309)? Or lint the file.",
        details: """
            With --agent, prints one line per URL: 'allow<TAB>URL' or 'disallow<TAB>URL'. URLs are full
            URLs or bare paths ('/a?b'); a bare path must start with '/': 'a/b' reads as host 'a' with
            path '/b', as 'example.com/b' would. With no URL on the command line they are read from
            standard input, one per line. FILE may be '-' for standard input (then URLs must be arguments).
            --json prints one object per URL with the deciding line, its number and the groups chosen.
            Exit status: 0 all allowed, 1 at least one disallowed, 2 usage or input error.

            With --lint, lists what a steward should fix (unknown fields, typos, rules outside groups,
            invalid tokens, unreachable rules, non-UTF-8 lines), errors first.
            Exit status: 0 nothing above info, 1 warnings or errors, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "agent", value: "TOKEN", help: "The crawler's product token (GPTBot, CCBot, ...)."),
            OptionSpec(name: "lint", value: nil, help: "List the file's problems instead of answering queries."),
            OptionSpec(name: "json", value: nil, help: "JSON lines instead of text."),
            OptionSpec(
                name: "parse-limit",
                value: "BYTES",
                help: "Bytes of the file to read (default and minimum 512000, RFC 9309 §2.5)."
            ),
        ],
        minPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let file = args.positionals[0]
        let limit = try args.int(
            "parse-limit",
            default: RobotsTxt.minimumParseLimit,
            in: RobotsTxt.minimumParseLimit...(1 << 30)
        )
        // Read bounded: the limit, plus a BOM and one octet past it so the parser knows to cut;
        // the file's real size goes to the parser, which reports it and the octets ignored.
        let (bytes, size) = try DataFiles.readPrefix(file, console: console, limit: limit + 4)
        let robots = RobotsTxt(bytes, parseLimit: limit, totalSize: size)
        if args.flag("lint") {
            if args.value("agent") != nil || args.positionals.count > 1 {
                throw CLIError(.invalidValue, "--lint", "lint takes only FILE, not --agent or URLs")
            }
            return lint(robots, file: file, json: args.flag("json"), console: console)
        }
        guard let agentName = args.value("agent") else {
            throw CLIError(.missingArgument, "--agent", "say which crawler: --agent TOKEN (or use --lint)")
        }
        let agent = ProductToken(agentName)
        if agent.key.isEmpty { throw CLIError(.invalidValue, "--agent", "the token is empty") }
        var urls = Array(args.positionals.dropFirst())
        if urls.isEmpty {
            if file == "-" { throw CLIError(.missingArgument, "URL", "with FILE '-', give the URLs as arguments") }
            let input = console.readInput() ?? Data()
            urls = String(decoding: input, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        let matcher = RobotsMatcher(robots, agent: agent)
        let json = args.flag("json")
        var anyDisallowed = false
        for url in urls {
            let decision = matcher.decide(url)
            anyDisallowed = anyDisallowed || !decision.allowed
            let verdict = decision.allowed ? "allow" : "disallow"
            if json {
                console.line(describe(decision, url: url, matcher: matcher, robots: robots).serialized)
            } else {
                console.line("\(verdict)\t\(url)")
            }
        }
        let serious = robots.findings.filter { $0.severity <= .warning }.count
        if serious > 0 {
            console.error("heed robots: \(file) has \(serious) problem(s); 'heed robots \(file) --lint' lists them")
        }
        return anyDisallowed ? ExitStatus.findings : ExitStatus.ok
    }

    /// The JSON form of one decision (schema documented in the README).
    static func describe(_ d: RobotsDecision, url: String, matcher: RobotsMatcher, robots: RobotsTxt) -> JSON {
        var rule = JSON.null
        if let r = d.rule {
            rule = .object([
                ("line", .int(r.line)),
                ("kind", .string(r.kind.rawValue)),
                ("pattern", .string(String(decoding: r.pattern.bytes, as: UTF8.self))),
                ("text", .optional(robots.text(ofLine: r.line))),
            ])
        }
        return .object([
            ("url", .string(url)),
            ("agent", .string(matcher.agent.raw)),
            ("decision", .string(d.allowed ? "allow" : "disallow")),
            ("reason", .string(d.reason.rawValue)),
            ("path", .string(String(decoding: RobotsPath.normalizedURLPath(url), as: UTF8.self))),
            ("selection", .string(matcher.selection.rawValue)),
            ("groupLines", .array(matcher.agentLines.map(JSON.int))),
            ("rule", rule),
            ("notes", .array(matcher.notes.map(JSON.string))),
        ])
    }

    static func lint(_ robots: RobotsTxt, file: String, json: Bool, console: Console) -> Int32 {
        let findings = RobotsLinter.lint(robots).map(FindingCatalog.completed)
        for f in findings {
            if json {
                console.line(findingJSON(f, file: file).serialized)
            } else {
                let location = f.line.map { "\(file):\($0)" } ?? file
                console.line("\(location): \(f.severity.rawValue): \(f.message) [\(f.code)]")
                if let text = f.line.flatMap(robots.text(ofLine:)) ?? f.text, !text.isEmpty {
                    console.line("    | \(text)")
                }
                if let fix = f.fix { console.line("    fix: \(fix)") }
            }
        }
        let serious = findings.filter { $0.severity <= .warning }.count
        if !json {
            console.error(
                "\(file): \(findings.count) finding(s), \(serious) warning(s) or error(s); "
                    + "\(robots.groups.count) group(s), \(robots.stats.lines) line(s)"
            )
        }
        return serious > 0 ? ExitStatus.findings : ExitStatus.ok
    }

    /// The JSON form of a finding.
    static func findingJSON(_ f: Finding, file: String) -> JSON {
        .object([
            ("file", .string(file)),
            ("line", .optional(f.line)),
            ("severity", .string(f.severity.rawValue)),
            ("code", .string(f.code)),
            ("message", .string(f.message)),
            ("text", .optional(f.text)),
            ("clause", .optional(f.clause)),
            ("fix", .optional(f.fix)),
        ])
    }
}
