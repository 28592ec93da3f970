// SPDX-License-Identifier: Apache-2.0
// heed-bench: argument dispatch for the benchmarks (`swift run -c release heed-bench robots`).

import Foundation

/// The command line of heed-bench: subcommands and their options.
enum BenchCommand {
    /// The help text, printed for `-h`, `--help`, `help` and no arguments.
    static let usage = """
        USAGE: heed-bench robots [--corpus DIR] [--rounds N] [--no-peer]
               heed-bench audit [--urls N] [--hosts N] [--dir DIR] [--keep] [--verify] [--peer]
               heed-bench fetch [--hosts N] [--concurrency N] [--per-host N] [--dir DIR] [--keep]
               heed-bench headers [--responses N] [--rounds N] [--no-peer]
               heed-bench verify [--urls N] [--dir DIR] [--keep] [--verify]
               heed-bench logs [--gigabytes N] [--dir DIR] [--clean] [--heed PATH]

        Times robots.txt parse-and-match (parse each file once, one matcher per agent, decide every
        URL) on the committed corpus, against protego (Scrapy's Python parser) on the same work.
        Build in release mode: swift run -c release heed-bench robots

        OPTIONS:
          --corpus DIR   The Corpus/ directory (default: the repository's, found from this source file).
          --rounds N     Timed rounds per workload and engine; best and median are reported (default 3).
          --no-peer      Run Heed only; do not look for protego.
          -h, --help     Show this help.

        audit: generates N hosts with mixed signals (robots.txt AI groups, Content-Usage, Content-Signal,
        TDMRep, RSL) in a snapshot and a manifest of URLs over them (default 10,000,000 URLs over 100,000
        hosts), times `wc -l` and `heed audit` (summary only) on it in the same run, and reports URLs per
        second, the ratio and peak memory. --keep keeps the generated data for the next run; --peer also
        times the robots-checker method (protego per domain, one crawler's access only) on the same data.

        fetch: generates N sites (default 10,000) served by a loopback server under virtual host names, runs
        `heed crawl` (full discovery per host, one connection per host, 64 in all) and then `curl --parallel`
        on exactly the URLs heed fetched, in the same run, and reports hosts per second, the ratio and each
        one's peak memory. Needs the release `heed` beside heed-bench: swift build -c release.

        headers: generates N responses (default 200,000) whose X-Robots-Tag and tdm-reservation headers mix
        real values, and times "may GPTBot train on this page?" from the headers with Heed and with
        datadiligence (pip install datadiligence) in the same run; reports both rates, the ratio and how
        many decisions differ.

        verify: imports Corpus/verify's three fortune.com versions into a store at their dates, generates a
        CDXJ manifest of N URLs (default 1,000,000; 90% of them fortune.com, captured 2023-05 to 2024-06) and
        times `wc -l` and `heed verify` (the summary only, then one JSON line per URL built) in the same run.
        logs: generates (once, reused while it exists) a Combined Log Format access log of N GB (default 5)
        for one site whose robots.txt restricts AI crawlers, times `wc -l` (best of three) and the release
        `heed logs` on it in the same run, and reports lines per second for both and the ratio (target >= 0.25).
        """

    /// The repository's `Corpus/`: three levels above this file (`Sources/heed-bench/main.swift`).
    static let defaultCorpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    /// Parses `arguments` (without the program name) into `robots` options, or `nil` for help.
    static func parse(_ arguments: [String]) throws -> RobotsBenchmark.Options? {
        guard let command = arguments.first, !["-h", "--help", "help"].contains(command) else { return nil }
        guard command == "robots" else { throw BenchError("unknown command '\(command)'") }
        var options = RobotsBenchmark.Options(corpus: defaultCorpus)
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            func value() throws -> String {
                if let inline { return inline }
                guard let next = rest.popFirst() else { throw BenchError("option '\(name)' needs a value") }
                return next
            }
            switch name {
            case "-h", "--help": return nil
            case "--corpus": options.corpus = URL(fileURLWithPath: try value())
            case "--rounds":
                let text = try value()
                guard let n = Int(text), n >= 1 else {
                    throw BenchError("--rounds needs a positive integer, not '\(text)'")
                }
                options.rounds = n
            case "--no-peer": options.noPeer = true
            default: throw BenchError("unknown option '\(argument)'")
            }
        }
        return options
    }
}

/// The subcommands other than `robots` (the default), each given the arguments after its name.
let subcommands: [String: ([String]) throws -> Void] = [
    "fetch": FetchBenchmark.run,
    "headers": HeadersBenchmark.run,
    "audit": AuditBenchmark.run,
    "verify": VerifyBenchmark.run,
    "logs": LogsBenchmark.run,
]
if let name = CommandLine.arguments.dropFirst().first, let subcommand = subcommands[name] {
    do {
        try subcommand(Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        BenchSupport.printError("error: \(error)")
        exit(1)
    }
}

let parsed: RobotsBenchmark.Options?
do {
    parsed = try BenchCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    BenchSupport.printError("error: \(error)\nusage: heed-bench robots [--corpus DIR] [--rounds N] [--no-peer]")
    exit(64)  // EX_USAGE
}
guard let options = parsed else {
    print(BenchCommand.usage)
    exit(0)
}
#if DEBUG
    BenchSupport.printError("warning: debug build; measure with: swift run -c release heed-bench robots")
#endif
do {
    try RobotsBenchmark(options: options).run()
} catch {
    BenchSupport.printError("error: \(error)")
    exit(1)
}
