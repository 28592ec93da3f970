// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the verdict of one URL at its capture date, and since when its opt-out was in force.

import HeedCore

/// The judgement of one URL, before any `String` of it is made.
struct Judgement {
    /// Why the URL has no verdict of its own, or an `unknown` one.
    enum Reason {
        case none
        case neverFetched
        case beforeFirstSighting(Int64)
        case undated
        case undatedThroughout
    }

    var verdict: VerdictKind?
    var statement: VerifyStatement?
    var since: Int64?
    var atFirstSighting = false
    var reason = Reason.none

    var violation: Bool { verdict == .optedOut || verdict == .blocked }

    /// The record for the outputs.
    func record(
        url: UnsafeBufferPointer<UInt8>,
        line: Int,
        host: String,
        captured: Int64?,
        badDate: Bool = false
    ) -> VerifiedURL {
        let undated = badDate ? "capture date not understood" : "no capture date"
        let note: String?
        switch reason {
        case .none: note = nil
        case .neverFetched: note = "the host was never fetched: its signals are unknown"
        case .beforeFirstSighting(let first):
            note =
                "captured before Heed first fetched the host (\(CaptureTime.iso(first))): its signals then are unknown"
        case .undated: note = badDate ? undated : "\(undated) (give --collected DATE)"
        case .undatedThroughout:
            note = "\(undated); this opt-out was in force over Heed's whole history of the host"
        }
        return VerifiedURL(
            url: String(decoding: url, as: UTF8.self),
            line: line,
            host: host,
            captured: captured,
            verdict: verdict,
            statement: statement,
            inForceSince: since,
            sinceFirstSighting: atFirstSighting,
            note: note
        )
    }
}

extension Verifier {
    /// Judges `url` of `host` at `captured` (or, undated, over the whole history).
    func judge(_ url: UnsafeBufferPointer<UInt8>, host: VerifyHost, captured: Int64?) -> Judgement {
        var j = Judgement()
        let epochs = host.timeline.epochs
        guard !epochs.isEmpty else {
            j.verdict = captured == nil ? nil : .unknown
            j.reason = captured == nil ? .undated : .neverFetched
            return j
        }
        let fastStart = host.fastPathStart(url)
        if let fastStart {
            RobotsPath.normalizeURLPath(bytes: UnsafeBufferPointer(rebasing: url[fastStart...]), into: &path)
        }
        let fast = fastStart != nil
        guard let captured else {
            j.reason = .undated
            let last = epochs.count - 1
            let box = decide(url, fast: fast, host: host, epoch: last)
            guard let statement = statements(box, host.states[last]).first else { return j }
            if walkBack(url, fast: fast, host: host, from: last, statement: statement) == 0 {
                j.statement = statement
                j.since = epochs[0].start
                j.atFirstSighting = true
                j.reason = .undatedThroughout
            }
            return j
        }
        guard let e = host.timeline.epochIndex(at: captured) else {
            j.verdict = .unknown
            j.reason = .beforeFirstSighting(epochs[0].start)
            return j
        }
        let box = decide(url, fast: fast, host: host, epoch: e)
        j.verdict = box.kind
        guard j.violation, let statement = statements(box, host.states[e]).first else { return j }
        let first = walkBack(url, fast: fast, host: host, from: e, statement: statement)
        j.statement = statement
        j.since = epochs[first].start
        j.atFirstSighting = first == 0
        return j
    }

    /// The earliest epoch of the unbroken run ending at `from` in which the verdict was
    /// restrictive with `statement` among its statements.
    func walkBack(
        _ url: UnsafeBufferPointer<UInt8>,
        fast: Bool,
        host: VerifyHost,
        from: Int,
        statement: VerifyStatement
    ) -> Int {
        var first = from
        while first > 0 {
            let box = decide(url, fast: fast, host: host, epoch: first - 1)
            guard statements(box, host.states[first - 1]).contains(where: { $0.same(statement) }) else { break }
            first -= 1
        }
        return first
    }

    /// The statements of a restrictive verdict (cached per box).
    func statements(_ box: VerdictBox, _ state: VerifyEpochState) -> [VerifyStatement] {
        guard box.kind == .optedOut || box.kind == .blocked else { return [] }
        let id = ObjectIdentifier(box)
        if let known = state.statements[id] { return known }
        let made = VerifyStatement.of(box.verdict)
        state.statements[id] = made
        return made
    }

    /// The verdict of `url` in epoch `e`: memoized by path signature on the fast path (the
    /// path is in `self.path`), else a full `explain` per crawler. The most restrictive
    /// crawler's verdict wins.
    func decide(_ url: UnsafeBufferPointer<UInt8>, fast: Bool, host: VerifyHost, epoch e: Int) -> VerdictBox {
        let state = host.states[e]
        state.prepare(origin: host.origin, host: host.name, specs: config.specs, agents: agents)
        guard fast, let probes = state.probes else {
            let text = String(decoding: url, as: UTF8.self)
            if let known = state.urlMemo[text] { return known.takeUnretainedValue() }
            let signals = state.signals!
            var best: Verdict?
            for agent in agents {
                let v = verdict(text, agent: agent, signals: signals, state: state)
                if best == nil || v.kind > best!.kind { best = v }
            }
            let box = state.box(for: best!)
            if state.urlMemo.count >= VerifyEpochState.urlMemoLimit { state.urlMemo.removeAll(keepingCapacity: true) }
            state.urlMemo[text] = box
            return box.takeUnretainedValue()
        }
        var best: VerdictBox?
        for k in 0..<probes.count {
            let signature = probes[k].signature(path: path)
            let hash = signature.fastHash
            let box: VerdictBox
            if let known = state.memo[k].find(signature, hash: hash) {
                box = known.takeUnretainedValue()
                if config.verifyFastPath {
                    let text = String(decoding: url, as: UTF8.self)
                    let slow = verdict(text, agent: agents[k], signals: state.signals!, state: state)
                    precondition(slow == box.verdict, "memoized verdict differs for \(text)")
                }
            } else {
                let text = String(decoding: url, as: UTF8.self)
                let made = state.box(for: verdict(text, agent: agents[k], signals: state.signals!, state: state))
                state.memo[k].insert(signature, hash: hash, made)
                box = made.takeUnretainedValue()
            }
            if best == nil || box.kind > best!.kind { best = box }
        }
        return best!
    }

    private func verdict(_ url: String, agent: ProductToken, signals: SiteSignals, state: VerifyEpochState) -> Verdict {
        let explanation = signals.explain(url: url, agent: agent, lookup: state.lookup, withFindings: false)
        return VerdictEngine.verdict(explanation, policy: config.policy, impliedTrainingOptOut: state.implied)
    }
}
