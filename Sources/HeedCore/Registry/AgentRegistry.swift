// SPDX-License-Identifier: Apache-2.0
// Heed: the registry of known AI crawlers and control tokens (SignalSpecs/agents.json).
// Source: ai.robots.txt robots.json (MIT), curated by Heed; see SignalSpecs/agents.LICENSE.md.

public import Foundation

/// What a crawler's fetches are for, as curated in `SignalSpecs/agents.json`.
public enum AgentPurpose: String, Sendable, Codable, CaseIterable {
    /// Collects content to train models or build training datasets.
    case training
    /// Indexes content for a search or AI answer engine.
    case search
    /// Fetches pages on demand for a user of an AI product.
    case userFetch = "user-fetch"
    /// An autonomous agent acting on a user's behalf.
    case agent
    /// A scraping or web-data service; downstream use decided by its customers.
    case dataProvider = "data-provider"
    /// Undocumented or generic.
    case unknown
}

/// One known AI crawler or control token.
public struct KnownAgent: Sendable, Hashable, Codable {
    /// The name as the upstream list spells it (also what appears in User-Agent headers).
    public var name: String
    /// The token to look up in robots.txt (the name without a `/version` suffix).
    public var robotsToken: String
    /// Whether `robotsToken` fits RFC 9309's product-token grammar.
    public var validRFC9309Token: Bool
    /// Who runs it, when known.
    public var operator_: String?
    /// The operator's page, when known.
    public var operatorURL: String?
    /// The main purpose.
    public var purpose: AgentPurpose
    /// Further purposes, if any.
    public var also: [AgentPurpose]?
    /// True for robots.txt control tokens that never appear in a User-Agent header
    /// (`Google-Extended`, `Applebot-Extended`): their rules state an AI-use preference, not
    /// a crawl rule for a distinct crawler.
    public var control: Bool
    /// True for the crawlers whose rules matter most to a steward (Heed's curation, not upstream):
    /// the training, search and user-fetch crawlers and control tokens of OpenAI, Anthropic,
    /// Google, Apple, Meta, Perplexity, ByteDance, Amazon and Common Crawl, the operators of the
    /// most used AI assistants and of the largest open training corpus. `SiteLint` ranks a finding
    /// that changes what these may do above one that does not. Absent in the data means `false`.
    public var major: Bool
    /// The upstream list's assessment of robots.txt compliance: `yes`, `no` or `unclear`.
    public var respectsRobots: String
    /// The upstream list's description of its function.
    public var function: String?
    /// The upstream list's description.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case name, robotsToken, validRFC9309Token, operatorURL, purpose, also, control, major, respectsRobots,
            function, description
        case operator_ = "operator"
    }

    /// Decodes an entry; `major` defaults to `false`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        robotsToken = try c.decode(String.self, forKey: .robotsToken)
        validRFC9309Token = try c.decode(Bool.self, forKey: .validRFC9309Token)
        operator_ = try c.decodeIfPresent(String.self, forKey: .operator_)
        operatorURL = try c.decodeIfPresent(String.self, forKey: .operatorURL)
        purpose = try c.decode(AgentPurpose.self, forKey: .purpose)
        also = try c.decodeIfPresent([AgentPurpose].self, forKey: .also)
        control = try c.decode(Bool.self, forKey: .control)
        major = try c.decodeIfPresent(Bool.self, forKey: .major) ?? false
        respectsRobots = try c.decode(String.self, forKey: .respectsRobots)
        function = try c.decodeIfPresent(String.self, forKey: .function)
        description = try c.decodeIfPresent(String.self, forKey: .description)
    }

    /// The token, normalized for robots.txt matching.
    public var token: ProductToken { ProductToken(robotsToken) }

    /// True if `purpose` is the main purpose or one of the further ones.
    public func serves(_ p: AgentPurpose) -> Bool { purpose == p || (also ?? []).contains(p) }
}

/// The agent registry: data loaded at run time so it can be updated without a release.
public struct AgentRegistry: Sendable {
    /// Where the data came from.
    public struct Source: Sendable, Codable, Hashable {
        /// The upstream list.
        public var name: String
        /// Its repository.
        public var url: String
        /// The upstream commit the data was taken from.
        public var commit: String
        /// The date of that commit.
        public var date: String
        /// Its licence.
        public var license: String
    }

    private struct File: Decodable {
        var schema: Int
        var source: Source
        var curated: String
        var purposes: [String: String]
        var agents: [KnownAgent]
    }

    /// Every known agent, sorted by name case-insensitively.
    public let agents: [KnownAgent]
    /// Provenance of the data.
    public let source: Source
    /// The date Heed curated it.
    public let curated: String
    /// One-line meaning of each purpose.
    public let purposeMeanings: [String: String]
    /// The first agent (in `agents` order) for each normalized robots token (`ProductToken.key`),
    /// built once here because every site's robots.txt reading consults it.
    public let byKey: [String: KnownAgent]
    /// The agents whose main or further purpose is training, with their normalized tokens,
    /// precomputed for the implied opt-out check that runs once per audited host.
    public let trainingTokens: [(agent: KnownAgent, token: ProductToken)]
    /// For each token key, the positions in `trainingTokens` of the agents with that key.
    public let trainingPositions: [String: [Int]]

    /// Decodes `agents.json` bytes.
    ///
    /// - Throws: `HeedCoreError` with code `invalidSpecData` naming `location` when the data is
    ///   not JSON of schema 1.
    public init(json data: Data, location: String = "agents.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the agent registry: \(error)")
        }
        guard file.schema == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported schema \(file.schema)")
        }
        agents = file.agents
        source = file.source
        curated = file.curated
        purposeMeanings = file.purposes
        var byKey: [String: KnownAgent] = [:]
        var training: [(agent: KnownAgent, token: ProductToken)] = []
        for agent in file.agents {
            let token = agent.token
            if byKey[token.key] == nil { byKey[token.key] = agent }
            if agent.serves(.training) { training.append((agent, token)) }
        }
        self.byKey = byKey
        trainingTokens = training
        var positions: [String: [Int]] = [:]
        for (i, entry) in training.enumerated() { positions[entry.token.key, default: []].append(i) }
        trainingPositions = positions
    }

    /// The agents whose main or further purpose is `purpose`.
    public func agents(for purpose: AgentPurpose) -> [KnownAgent] {
        agents.filter { $0.serves(purpose) }
    }

    /// The agent named `name`: an exact name match (case-insensitive) first, so that
    /// `iaskspider/2.0` finds its own entry; then one whose robots token matches.
    public func agent(named name: String) -> KnownAgent? {
        let lower = name.lowercased()
        if let exact = agents.first(where: { $0.name.lowercased() == lower }) { return exact }
        let key = ProductToken(name).key
        return agents.first { $0.token.key == key }
    }
}
