// SPDX-License-Identifier: Apache-2.0
// Heed tests: the AI-crawler registry loaded from SignalSpecs/agents.json.

import Foundation
import Testing

@testable import HeedCore

@Suite("Agent registry")
struct AgentRegistryTests {
    static func load() throws -> AgentRegistry {
        let data = try Data(contentsOf: Fixtures.specs("agents.json"))
        return try AgentRegistry(json: data)
    }

    @Test func loadsEveryAgent() throws {
        let registry = try Self.load()
        #expect(registry.agents.count == 166)
        #expect(registry.source.license == "MIT")
        #expect(registry.source.url == "https://github.com/ai-robots-txt/ai.robots.txt")
        #expect(!registry.curated.isEmpty)
        #expect(Set(registry.purposeMeanings.keys) == Set(AgentPurpose.allCases.map(\.rawValue)))
    }

    @Test func namesAreUnique() throws {
        let names = try Self.load().agents.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func sortedByNameCaseInsensitively() throws {
        let names = try Self.load().agents.map { $0.name.lowercased() }
        #expect(names == names.sorted())
    }

    @Test func controlTokensAreTheKnownOnes() throws {
        let allowed: Set<String> = ["google-extended", "applebot-extended", "webzio-extended"]
        let controls = try Self.load().agents.filter(\.control)
        #expect(!controls.isEmpty)
        for agent in controls {
            #expect(allowed.contains(agent.robotsToken.lowercased()), "\(agent.name)")
            #expect(agent.token.isValidRFC9309, "\(agent.name)")
        }
        #expect(Set(controls.map { $0.name.lowercased() }) == allowed)
    }

    @Test func validTokenFlagAgreesWithProductToken() throws {
        for agent in try Self.load().agents {
            #expect(agent.validRFC9309Token == ProductToken(agent.robotsToken).isValidRFC9309, "\(agent.name)")
            #expect(agent.validRFC9309Token == agent.token.isValidRFC9309, "\(agent.name)")
            #expect(!agent.robotsToken.contains("/"), "\(agent.name): robots token keeps a version")
        }
    }

    struct LookupCase: Sendable, CustomTestStringConvertible {
        let query: String
        let expected: String?
        var testDescription: String { "\(query) → \(expected ?? "nil")" }
    }

    static let lookups: [LookupCase] = [
        LookupCase(query: "GPTBot", expected: "GPTBot"),
        LookupCase(query: "gptbot", expected: "GPTBot"),
        LookupCase(query: "CCBot", expected: "CCBot"),
        LookupCase(query: "Google-Extended", expected: "Google-Extended"),
        // The registry holds both `iaskspider` and `iaskspider/2.0` (different respectsRobots): the exact
        // name picks its own entry, the bare token the entry named `iaskspider`.
        LookupCase(query: "iaskspider/2.0", expected: "iaskspider/2.0"),  // by name
        LookupCase(query: "IASKSPIDER/2.0", expected: "iaskspider/2.0"),
        LookupCase(query: "iaskspider", expected: "iaskspider"),
        LookupCase(query: "MistralAI-User/1.0", expected: "MistralAI-User/1.0"),
        LookupCase(query: "mistralai-user", expected: "MistralAI-User"),
        LookupCase(query: "ISSCyberRiskCrawler", expected: "ISSCyberRiskCrawler"),
        LookupCase(query: "Kangaroo Bot", expected: "Kangaroo Bot"),
        LookupCase(query: "kangaroo   bot", expected: "Kangaroo Bot"),  // whitespace runs collapse
        LookupCase(query: "HeedTestBot", expected: nil),
        LookupCase(query: "", expected: nil),
    ]

    @Test(arguments: lookups)
    func agentNamed(_ c: LookupCase) throws {
        let registry = try Self.load()
        #expect(registry.agent(named: c.query)?.name == c.expected)
    }

    /// Only entries whose name carries a version are found by their robots token alone.
    @Test func agentNamedByRobotsTokenOnly() throws {
        let registry = try Self.load()
        let names = Set(registry.agents.map { $0.name.lowercased() })
        for agent in registry.agents where !names.contains(agent.robotsToken.lowercased()) {
            let found = try #require(registry.agent(named: agent.robotsToken), "\(agent.name)")
            #expect(found.token.key == agent.token.key, "\(agent.name)")
        }
        let iask = try #require(registry.agent(named: "iaskspider/2.0"))
        #expect(iask.respectsRobots == "no")
    }

    @Test func trainingAgents() throws {
        let training = Set(try Self.load().agents(for: .training).map(\.name))
        for name in ["GPTBot", "CCBot", "ClaudeBot", "Google-Extended"] {
            #expect(training.contains(name), "\(name)")
        }
        #expect(!training.contains("OAI-SearchBot"))
        #expect(!training.contains("ChatGPT-User"))
    }

    @Test func searchAndUserFetchAgents() throws {
        let registry = try Self.load()
        #expect(registry.agents(for: .search).contains { $0.name == "OAI-SearchBot" })
        #expect(registry.agents(for: .userFetch).contains { $0.name == "ChatGPT-User" })
        for purpose in AgentPurpose.allCases {
            #expect(registry.agents(for: purpose).allSatisfy { $0.serves(purpose) })
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        let label: String
        let json: String
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "not JSON", json: "{ this is not json"),
        BadInput(label: "empty", json: ""),
        BadInput(label: "missing agents", json: #"{"schema": 1}"#),
        BadInput(
            label: "schema 2",
            json: #"""
                {"schema": 2, "source": {"name": "n", "url": "u", "commit": "c", "date": "d", "license": "MIT"},
                 "curated": "2026-01-01", "purposes": {}, "agents": []}
                """#
        ),
        BadInput(
            label: "unknown purpose",
            json: #"""
                {"schema": 1, "source": {"name": "n", "url": "u", "commit": "c", "date": "d", "license": "MIT"},
                 "curated": "2026-01-01", "purposes": {},
                 "agents": [{"name": "X", "robotsToken": "X", "validRFC9309Token": true, "purpose": "mining",
                             "control": false, "respectsRobots": "yes"}]}
                """#
        ),
    ]

    @Test(arguments: badInputs)
    func malformedDataThrows(_ c: BadInput) {
        let error = #expect(throws: HeedCoreError.self) {
            try AgentRegistry(json: Data(c.json.utf8), location: "test/agents.json")
        }
        #expect(error?.code == .invalidSpecData)
        #expect(error?.location == "test/agents.json")
        #expect(error?.description.hasPrefix("test/agents.json: ") == true)
    }

    @Test func schemaTwoNamesTheSchema() throws {
        let json = #"""
            {"schema": 2, "source": {"name": "n", "url": "u", "commit": "c", "date": "d", "license": "MIT"},
             "curated": "2026-01-01", "purposes": {}, "agents": []}
            """#
        do {
            _ = try AgentRegistry(json: Data(json.utf8))
            Issue.record("schema 2 was accepted")
        } catch {
            #expect(error.code == .invalidSpecData)
            #expect(error.location == "agents.json")
            #expect(error.message.contains("2"))
        }
    }

    @Test func minimalSchemaOneLoads() throws {
        let json = #"""
            {"schema": 1, "source": {"name": "n", "url": "u", "commit": "c", "date": "d", "license": "MIT"},
             "curated": "2026-01-01", "purposes": {"training": "t"},
             "agents": [{"name": "ExampleBot/1.0", "robotsToken": "ExampleBot", "validRFC9309Token": true,
                         "operator": null, "purpose": "search", "also": ["training"],
                         "control": false, "respectsRobots": "yes"}]}
            """#
        let registry = try AgentRegistry(json: Data(json.utf8))
        let agent = try #require(registry.agent(named: "examplebot"))
        #expect(agent.name == "ExampleBot/1.0")
        #expect(agent.operator_ == nil)
        #expect(agent.serves(.training) && agent.serves(.search) && !agent.serves(.agent))
        #expect(registry.agents(for: .training).map(\.name) == ["ExampleBot/1.0"])
    }
}
