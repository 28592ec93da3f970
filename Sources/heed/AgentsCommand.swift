// SPDX-License-Identifier: Apache-2.0
// heed agents: list the registry of known AI crawlers (SignalSpecs/agents.json).

import HeedCore

/// `heed agents [--purpose P] [--json]`.
enum AgentsCommand {
    static let spec = CommandSpec(
        name: "agents",
        usage: "agents [--purpose PURPOSE] [--json]",
        summary: "List the known AI crawlers and control tokens, with operator and purpose.",
        details: """
            The registry is SignalSpecs/agents.json, curated from the ai.robots.txt list (MIT).
            Purposes: \(AgentPurpose.allCases.map(\.rawValue).joined(separator: ", ")).
            """,
        options: [
            OptionSpec(name: "purpose", value: "PURPOSE", help: "Only agents with this purpose (main or further)."),
            OptionSpec(name: "json", value: nil, help: "One JSON object per agent."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        maxPositionals: 0
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let registry = try DataFiles.registry(specs: args.value("specs"))
        var agents = registry.agents
        if let raw = args.value("purpose") {
            guard let purpose = AgentPurpose(rawValue: raw) else {
                throw CLIError(
                    .invalidValue,
                    "--purpose",
                    "unknown purpose '\(raw)'; one of \(AgentPurpose.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            agents = registry.agents(for: purpose)
        }
        if args.flag("json") {
            for a in agents {
                console.line(
                    JSON.object([
                        ("name", .string(a.name)),
                        ("robotsToken", .string(a.robotsToken)),
                        ("validRFC9309Token", .bool(a.validRFC9309Token)),
                        ("operator", .optional(a.operator_)),
                        ("purpose", .string(a.purpose.rawValue)),
                        ("also", .array((a.also ?? []).map { .string($0.rawValue) })),
                        ("control", .bool(a.control)),
                        ("major", .bool(a.major)),
                        ("respectsRobots", .string(a.respectsRobots)),
                    ]).serialized
                )
            }
            return ExitStatus.ok
        }
        let rows = agents.map { a in
            [
                a.name,
                a.purpose.rawValue
                    + ((a.also ?? []).isEmpty ? "" : "+" + (a.also ?? []).map(\.rawValue).joined(separator: "+")),
                a.operator_ ?? "?",
                [
                    a.major ? "major" : "", a.control ? "control token" : "",
                    a.validRFC9309Token ? "" : "token not RFC 9309",
                ].filter { !$0.isEmpty }.joined(separator: ", "),
            ]
        }
        Table.print(["AGENT", "PURPOSE", "OPERATOR", "NOTE"], rows, to: console)
        console.error("\(agents.count) agents; registry from \(registry.source.name) @ \(registry.source.commit)")
        return ExitStatus.ok
    }
}
