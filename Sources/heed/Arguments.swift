// SPDX-License-Identifier: Apache-2.0
// heed: a small declarative argument parser; the same specs drive parsing and `--help`.

/// One option of a command.
struct OptionSpec: Sendable {
    /// The long name without dashes (`agent` for `--agent`).
    var name: String
    /// The placeholder of its value (`TOKEN`), or `nil` for a flag.
    var value: String?
    /// One line of help.
    var help: String
    /// True if the option may be given more than once.
    var repeatable = false
}

/// One subcommand: its name, usage line, help and options.
struct CommandSpec: Sendable {
    var name: String
    var usage: String
    var summary: String
    var details: String = ""
    var options: [OptionSpec]
    var minPositionals = 0
    var maxPositionals = Int.max

    /// The help text, generated from the spec.
    var help: String {
        var s = "USAGE: heed \(usage)\n\n\(summary)\n"
        if !details.isEmpty { s += "\n\(details)\n" }
        s += "\nOPTIONS:\n"
        let all = options + [OptionSpec(name: "help", value: nil, help: "Show this help.")]
        let cols = all.map { "  --\($0.name)\($0.value.map { " <\($0)>" } ?? "")" }
        let width = (cols.map(\.count).max() ?? 0) + 2
        for (col, opt) in zip(cols, all) {
            s += col + String(repeating: " ", count: width - col.count) + opt.help + "\n"
        }
        return s
    }
}

/// Parsed options and positional arguments of one command.
struct ParsedArguments: Sendable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var wantsHelp = false

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// An integer option, validated against a range.
    func int(_ name: String, default def: Int, in range: ClosedRange<Int>) throws(CLIError) -> Int {
        guard let raw = value(name) else { return def }
        guard let n = Int(raw), range.contains(n) else {
            throw CLIError(.invalidValue, "--\(name)", "expected a whole number in \(range), got '\(raw)'")
        }
        return n
    }

    /// Parses `args` against `spec`: `--opt value`, `--opt=value`, flags, `--` ends options.
    static func parse(_ args: [String], spec: CommandSpec) throws(CLIError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        var optionsEnded = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if optionsEnded || !arg.hasPrefix("-") || arg == "-" {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" {
                optionsEnded = true
                continue
            }
            if arg == "--help" || arg == "-h" {
                parsed.wantsHelp = true
                continue
            }
            var name = String(arg.drop { $0 == "-" })
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let opt = spec.options.first(where: { $0.name == name }) else {
                throw CLIError(
                    .unknownOption,
                    arg,
                    "unknown option for 'heed \(spec.name)' (see 'heed \(spec.name) --help')"
                )
            }
            if opt.value == nil {
                if inline != nil { throw CLIError(.invalidValue, arg, "this option takes no value") }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else if i < args.count {
                value = args[i]
                i += 1
            } else {
                throw CLIError(.missingValue, "--\(name)", "needs a value <\(opt.value ?? "VALUE")>")
            }
            if !opt.repeatable, parsed.values[name] != nil {
                throw CLIError(.invalidValue, "--\(name)", "given more than once")
            }
            parsed.values[name, default: []].append(value)
        }
        if parsed.wantsHelp { return parsed }
        if parsed.positionals.count < spec.minPositionals {
            // No location: the caller's prefix already names the command ("heed robots: error: ...").
            throw CLIError(.missingArgument, "", "missing argument; usage: heed \(spec.usage)")
        }
        if parsed.positionals.count > spec.maxPositionals {
            throw CLIError(
                .tooManyArguments,
                parsed.positionals[spec.maxPositionals],
                "unexpected argument; usage: heed \(spec.usage)"
            )
        }
        return parsed
    }
}
