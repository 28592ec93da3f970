// SPDX-License-Identifier: Apache-2.0
// heed: the command table, top-level help, and the mapping of errors to exit statuses.

/// The `heed` command line: subcommands, help, errors, exit statuses.
enum HeedCLI {
    /// A subcommand: its spec and what it does.
    struct Command: Sendable {
        var spec: CommandSpec
        var run: @Sendable (ParsedArguments, Console) throws(CLIError) -> Int32
    }

    static let commands: [Command] = [
        Command(spec: RobotsCommand.spec, run: RobotsCommand.run),
        Command(spec: CheckCommand.spec, run: CheckCommand.run),
        Command(spec: CrawlCommand.spec, run: CrawlCommand.run),
        Command(spec: ExportCommand.spec, run: ExportCommand.run),
        Command(spec: AuditCommand.spec, run: AuditCommand.run),
        Command(spec: MergeCommand.spec, run: MergeCommand.run),
        Command(spec: VerifyCommand.spec, run: VerifyCommand.run),
        Command(spec: ExplainCommand.spec, run: ExplainCommand.run),
        Command(spec: LintCommand.spec, run: LintCommand.run),
        Command(spec: HistoryCommand.spec, run: HistoryCommand.run),
        Command(spec: DiffCommand.spec, run: DiffCommand.run),
        Command(spec: LogsCommand.spec, run: LogsCommand.run),
        Command(spec: AgentsCommand.spec, run: AgentsCommand.run),
        Command(spec: DemoCommand.spec, run: DemoCommand.run),
    ]

    static var overview: String {
        var s = """
            heed: read what websites say about AI use of their content.

            USAGE: heed <command> [options]

            COMMANDS:

            """
        let width = (commands.map(\.spec.name.count).max() ?? 0) + 4
        for c in commands {
            s += "  " + c.spec.name + String(repeating: " ", count: width - c.spec.name.count) + c.spec.summary + "\n"
        }
        s += """

            Results go to stdout (JSON lines with --json), diagnostics to stderr.
            Exit status: 0 ok, 1 findings, 2 usage or input error.
            'heed <command> --help' shows a command's options.
            """
        return s
    }

    /// Runs one invocation and returns the exit status.
    static func run(_ args: [String], console: Console) -> Int32 {
        guard let name = args.first else {
            console.error(overview)
            return ExitStatus.usage
        }
        if name == "--help" || name == "-h" || name == "help" {
            if args.count > 1, let c = commands.first(where: { $0.spec.name == args[1] }) {
                console.line(c.spec.help)
            } else {
                console.line(overview)
            }
            return ExitStatus.ok
        }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            console.error("heed: unknown command '\(name)'\n\n\(overview)")
            return ExitStatus.usage
        }
        do {
            let parsed = try ParsedArguments.parse(Array(args.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                console.line(command.spec.help)
                return ExitStatus.ok
            }
            return try command.run(parsed, console)
        } catch {
            let location = error.location.isEmpty ? "" : "\(error.location): "
            console.error("heed \(command.spec.name): error: \(location)\(error.message)")
            return ExitStatus.usage
        }
    }
}
