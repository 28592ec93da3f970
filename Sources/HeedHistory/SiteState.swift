// SPDX-License-Identifier: Apache-2.0
// HeedHistory: the state of one site at one moment: its documents and its effective signals.

public import Foundation
public import HeedCore

/// An agent whose signals a state records: `*` (any crawler the robots.txt does not name) or one
/// agent of the registry (`SignalSpecs/agents.json`).
public struct HistoryAgent: Sendable, Hashable {
    /// The registry name (`GPTBot`), or `*`.
    public var name: String
    /// The token its robots.txt groups are selected by.
    public var token: ProductToken
    /// The registry's main purpose; `nil` for `*`.
    public var purpose: AgentPurpose?
    /// Whether the registry serves `training` among its purposes (main or further).
    public var training: Bool
    /// A robots.txt control token (`Google-Extended`): never a crawler of its own.
    public var control: Bool

    /// An agent.
    public init(name: String, token: ProductToken, purpose: AgentPurpose?, training: Bool, control: Bool) {
        self.name = name
        self.token = token
        self.purpose = purpose
        self.training = training
        self.control = control
    }

    /// `*` as an agent: a crawler no group names (the token matches no registry entry).
    public static let star = HistoryAgent(
        name: "*",
        token: ProductToken("HeedAnyCrawler"),
        purpose: nil,
        training: false,
        control: false
    )

    /// `*`, then one agent per distinct robots.txt token of the registry, in registry order (the
    /// first entry wins, as in `heed check`: `Meta-ExternalAgent` and `meta-externalagent` are
    /// one token).
    public static func all(_ registry: AgentRegistry) -> [HistoryAgent] {
        var seen = Set<String>()
        var out = [star]
        for agent in registry.agents where seen.insert(agent.token.key).inserted {
            out.append(
                HistoryAgent(
                    name: agent.name,
                    token: agent.token,
                    purpose: agent.purpose,
                    training: agent.serves(.training),
                    control: agent.control
                )
            )
        }
        return out
    }

    /// The crawlers counted by the "training crawlers disallowed" figure: agents serving
    /// training that are crawlers, not control tokens.
    public var isTrainingCrawler: Bool { training && !control }
}

/// What one signal cell describes: access (robots.txt) or one use category.
public enum SignalAspect: Sendable, Hashable, Comparable {
    /// May the agent fetch the page (RFC 9309).
    case access
    /// The folded value of a use category.
    case use(UseCategory)

    /// Every aspect in display order: access, then search, ai_index, ai_input, ai_train, tdm.
    public static let all: [SignalAspect] = [.access] + UseCategory.allCases.map(SignalAspect.use)

    /// `access` or the category's JSON name (`ai_train`).
    public var name: String {
        switch self {
        case .access: "access"
        case .use(let c): c.rawValue
        }
    }

    public static func < (a: SignalAspect, b: SignalAspect) -> Bool {
        (all.firstIndex(of: a) ?? 0) < (all.firstIndex(of: b) ?? 0)
    }
}

/// The value of a cell: access values (`allow`, `disallow`) and use values (`allow`, `deny`,
/// `conditional`) in one vocabulary, `unknown` for both.
public enum SignalValue: String, Sendable, Hashable {
    /// Access or use allowed.
    case allow
    /// Access refused (robots.txt).
    case disallow
    /// Use refused.
    case deny
    /// Use allowed under obligations.
    case conditional
    /// Nothing known (the host was never fetched, or nothing was said).
    case unknown
}

/// The statement that decided a cell's value: for access the deciding robots.txt rule or status
/// rule, for a use the strongest statement of the fold (`FoldedCategory.statements.first`).
public struct DecidingStatement: Sendable, Hashable {
    /// The mechanism's JSON name (`robots.content-signal`); `robots.access` for access.
    public var mechanism: String
    /// The document (a URL, or a snapshot path).
    public var document: String?
    /// The 1-based line, when there is one.
    public var line: Int?
    /// The element or header of a structured document.
    public var element: String?
    /// The raw text (the line, the header value), or for a status rule its reason.
    public var raw: String?

    /// A deciding statement.
    public init(mechanism: String, document: String?, line: Int? = nil, element: String? = nil, raw: String?) {
        self.mechanism = mechanism
        self.document = document
        self.line = line
        self.element = element
        self.raw = raw
    }
}

/// One cell of a state: a value, its obligations (for `conditional`) and why.
public struct SignalCell: Sendable, Hashable {
    /// The value.
    public var value: SignalValue
    /// For `conditional`, the obligations (`payment: 0.01 USD per crawl`), sorted.
    public var obligations: [String]
    /// The deciding statement, or `nil` when nothing was said.
    public var statement: DecidingStatement?

    /// A cell.
    public init(value: SignalValue, obligations: [String] = [], statement: DecidingStatement? = nil) {
        self.value = value
        self.obligations = obligations
        self.statement = statement
    }

    /// An unknown cell with no statement.
    public static let unknown = SignalCell(value: .unknown)

    /// Whether `other` differs in what a crawler may do: the value, or a conditional value's
    /// obligations. A cell whose deciding statement merely moved (another line number, another
    /// mechanism saying the same) is no change: the document diff shows that edit.
    public func differs(from other: SignalCell) -> Bool {
        value != other.value || (value == .conditional && obligations != other.obligations)
    }
}

/// One document as a state holds it: enough to tell versions apart and to diff text.
public struct DocumentState: Sendable, Hashable {
    /// The URL (`https://example.org/robots.txt`).
    public var url: String
    /// The HTTP status (0 for a failed fetch with no response).
    public var status: Int
    /// The fetch error, if the fetch failed.
    public var error: String?
    /// SHA-256 of the body, lower-case hex.
    public var sha256: String
    /// The body.
    public var body: [UInt8]
    /// The header fields that carry signals or change their meaning (`Content-Usage`,
    /// `X-Robots-Tag`, `Link`, `Content-Type`, ...), as `name: value` lines with names lower-cased.
    public var signalHeaders: [String]
    /// When this version was first seen (store only).
    public var firstSeen: Date?
    /// When it was last confirmed (store only).
    public var lastConfirmed: Date?

    /// A document state.
    public init(
        url: String,
        status: Int,
        error: String?,
        sha256: String,
        body: [UInt8],
        signalHeaders: [String],
        firstSeen: Date? = nil,
        lastConfirmed: Date? = nil
    ) {
        self.url = url
        self.status = status
        self.error = error
        self.sha256 = sha256
        self.body = body
        self.signalHeaders = signalHeaders
        self.firstSeen = firstSeen
        self.lastConfirmed = lastConfirmed
    }

    /// Whether two versions differ as the store tells versions apart: status, body, signal
    /// headers or error.
    public func differs(from other: DocumentState) -> Bool {
        status != other.status || sha256 != other.sha256 || error != other.error
            || signalHeaders != other.signalHeaders
    }
}

/// The key of one cell: a page, an agent (its index in `SiteState.agents`) and an aspect.
public struct SignalKey: Sendable, Hashable {
    /// The page URL.
    public var page: String
    /// The agent's index in `SiteState.agents`.
    public var agent: Int
    /// Access or a use category.
    public var aspect: SignalAspect

    /// A key.
    public init(page: String, agent: Int, aspect: SignalAspect) {
        self.page = page
        self.agent = agent
        self.aspect = aspect
    }
}

/// The figures a report charts over time, counted on the home page.
public struct StateFigures: Sendable, Hashable {
    /// Registry crawlers serving training (control tokens excluded) that may not fetch `/`.
    public var trainingCrawlersDisallowed: Int
    /// How many such crawlers the registry has.
    public var trainingCrawlers: Int
    /// Agent × use-category cells of the home page whose value is `deny` (agents incl. `*`).
    public var deniedCells: Int
    /// Agent × use-category cells of the home page in all.
    public var cells: Int

    /// Figures.
    public init(trainingCrawlersDisallowed: Int, trainingCrawlers: Int, deniedCells: Int, cells: Int) {
        self.trainingCrawlersDisallowed = trainingCrawlersDisallowed
        self.trainingCrawlers = trainingCrawlers
        self.deniedCells = deniedCells
        self.cells = cells
    }
}

/// A site at one moment: every document and, for each evaluated page, `*` and every registry
/// agent, access and the folded value of each use category.
public struct SiteState: Sendable {
    /// The host (folder name: lower case, `:port` when not the default).
    public var host: String
    /// `https://host` (or `http://` when the host's robots.txt was stored under http).
    public var origin: String
    /// Whether anything of the host was known at that moment; if not, every cell is unknown.
    public var known: Bool
    /// The documents, by URL.
    public var documents: [String: DocumentState]
    /// The pages evaluated: the home page first, then the other stored pages, sorted.
    public var pages: [String]
    /// The agents evaluated: `*` first, then the registry's.
    public var agents: [HistoryAgent]
    /// Every cell.
    public var cells: [SignalKey: SignalCell]

    /// A state.
    public init(
        host: String,
        origin: String,
        known: Bool,
        documents: [String: DocumentState],
        pages: [String],
        agents: [HistoryAgent],
        cells: [SignalKey: SignalCell]
    ) {
        self.host = host
        self.origin = origin
        self.known = known
        self.documents = documents
        self.pages = pages
        self.agents = agents
        self.cells = cells
    }

    /// The home page URL (`origin/`).
    public var homePage: String { origin + "/" }

    /// A cell, or `unknown` when the state has none for the key.
    public subscript(_ key: SignalKey) -> SignalCell { cells[key] ?? .unknown }

    /// The charted figures of this state.
    public var figures: StateFigures {
        var disallowed = 0
        var training = 0
        var denied = 0
        var cellCount = 0
        for (index, agent) in agents.enumerated() {
            if agent.isTrainingCrawler {
                training += 1
                if self[SignalKey(page: homePage, agent: index, aspect: .access)].value == .disallow { disallowed += 1 }
            }
            for category in UseCategory.allCases {
                cellCount += 1
                if self[SignalKey(page: homePage, agent: index, aspect: .use(category))].value == .deny { denied += 1 }
            }
        }
        return StateFigures(
            trainingCrawlersDisallowed: disallowed,
            trainingCrawlers: training,
            deniedCells: denied,
            cells: cellCount
        )
    }
}
