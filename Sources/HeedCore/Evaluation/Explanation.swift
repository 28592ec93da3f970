// SPDX-License-Identifier: Apache-2.0
// Heed: the answer to "what may this agent do with this URL, and why?".

/// Whether the agent may fetch the URL (robots.txt, RFC 9309), kept apart from use.
public struct AccessResult: Sendable, Hashable {
    /// The decision.
    public enum Value: String, Sendable, Codable {
        /// The agent may fetch the URL.
        case allow
        /// The agent may not fetch the URL.
        case disallow
        /// The site's robots.txt was never fetched.
        case unknown
    }

    /// The decision.
    public var value: Value
    /// Why, for a human: the rule, the status-code rule, or "no rule applies".
    public var reason: String
    /// The robots.txt document, when there is one.
    public var document: String?
    /// The deciding line, for a matched rule.
    public var line: Int?
    /// The deciding line's text.
    public var text: String?
    /// How the agent's groups were chosen (`specific`, `star`, `none`).
    public var selection: RobotsMatcher.Selection?
    /// The `User-agent:` lines that selected the groups.
    public var groupLines: [Int]

    /// Creates an access result.
    public init(
        value: Value,
        reason: String,
        document: String? = nil,
        line: Int? = nil,
        text: String? = nil,
        selection: RobotsMatcher.Selection? = nil,
        groupLines: [Int] = []
    ) {
        self.value = value
        self.reason = reason
        self.document = document
        self.line = line
        self.text = text
        self.selection = selection
        self.groupLines = groupLines
    }
}

/// Access plus every use category, folded, with the statements and findings behind them.
public struct Explanation: Sendable {
    /// The URL explained.
    public var url: String
    /// The agent's token.
    public var agent: ProductToken
    /// May the agent fetch it.
    public var access: AccessResult
    /// Every use category, folded.
    public var categories: [UseCategory: FoldedCategory]
    /// Conflicts between mechanisms, then every document's findings.
    public var findings: [Finding]

    /// Creates an explanation.
    public init(
        url: String,
        agent: ProductToken,
        access: AccessResult,
        categories: [UseCategory: FoldedCategory],
        findings: [Finding]
    ) {
        self.url = url
        self.agent = agent
        self.access = access
        self.categories = categories
        self.findings = findings
    }

    /// The folded category (always present).
    public subscript(_ category: UseCategory) -> FoldedCategory {
        categories[category]
            ?? FoldedCategory(category: category, value: .unknown, obligations: [], statements: [])
    }
}
