// SPDX-License-Identifier: Apache-2.0
// HeedHistory: signal changes grouped so that "23 crawlers blocked at once" reads as one line.

import HeedCore

/// Signal changes of one page and aspect that went the same way for several agents.
///
/// Why: a publisher that adds 40 `User-agent: X / Disallow: /` groups changes 40 access cells
/// and as many implied training cells; listed one by one, the one change that matters (the
/// Content-Signal line added in the same step) drowns. A group is shown as one line ("access for
/// 23 training crawlers: allow → disallow") with the agents' names under it.
public struct SignalChangeGroup: Sendable, Hashable {
    /// The page.
    public var page: String
    /// Access or a use category.
    public var aspect: SignalAspect
    /// The value before, the same for every change of the group.
    public var before: SignalValue
    /// The value after.
    public var after: SignalValue
    /// The deciding mechanism after (before, when nothing decides after), shared by the group.
    public var mechanism: String?
    /// The changes, in agent order.
    public var changes: [SignalChange]

    /// A group of changes.
    public init(
        page: String,
        aspect: SignalAspect,
        before: SignalValue,
        after: SignalValue,
        mechanism: String?,
        changes: [SignalChange]
    ) {
        self.page = page
        self.aspect = aspect
        self.before = before
        self.after = after
        self.mechanism = mechanism
        self.changes = changes
    }

    /// Groups `changes` by page, aspect, old and new value and deciding mechanism, in the order
    /// their first change comes (changes come sorted by page, aspect and agent). Conditional
    /// values with different obligations stay apart.
    public static func groups(_ changes: [SignalChange]) -> [SignalChangeGroup] {
        struct Key: Hashable {
            var page: String
            var aspect: SignalAspect
            var before: SignalValue
            var after: SignalValue
            var mechanism: String?
            var obligations: [String]
        }
        var order: [Key] = []
        var members: [Key: [SignalChange]] = [:]
        for c in changes {
            let key = Key(
                page: c.page,
                aspect: c.aspect,
                before: c.before.value,
                after: c.after.value,
                mechanism: c.statement?.mechanism,
                obligations: c.before.obligations + ["→"] + c.after.obligations
            )
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(c)
        }
        return order.map { key in
            SignalChangeGroup(
                page: key.page,
                aspect: key.aspect,
                before: key.before,
                after: key.after,
                mechanism: key.mechanism,
                changes: members[key] ?? []
            )
        }
    }

    /// Who the group is about: `GPTBot`, `23 training crawlers`, or `40 agents (23 training,
    /// 9 search, 8 user-fetch)` (most frequent purpose first; `*` counts as itself).
    public var agentsLabel: String {
        if changes.count == 1 { return changes[0].agent.name }
        let purposes = changes.map { $0.agent.purpose }
        if let first = purposes.first, purposes.allSatisfy({ $0 == first }) {
            return "\(changes.count) \(SignalChangeGroup.plural(first))"
        }
        var counts: [String: Int] = [:]
        for p in purposes { counts[p.map { $0 == .unknown ? "unknown-purpose" : $0.rawValue } ?? "*", default: 0] += 1 }
        let parts = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
        return "\(changes.count) agents (\(parts.joined(separator: ", ")))"
    }

    /// The name of a purpose's agents, plural.
    static func plural(_ purpose: AgentPurpose?) -> String {
        switch purpose {
        case nil: "agents"
        case .training: "training crawlers"
        case .search: "search crawlers"
        case .userFetch: "user-fetch agents"
        case .agent: "AI agents"
        case .dataProvider: "data-provider crawlers"
        case .unknown: "agents of unknown purpose"
        }
    }
}
