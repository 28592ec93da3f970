// SPDX-License-Identifier: Apache-2.0
// Heed: all of SignalSpecs/ (the agent registry and every vocabulary), loaded as one value.

public import Foundation

/// The data Heed interprets signals with: the agent registry and the per-spec vocabularies in
/// `SignalSpecs/`. Data, not code, so it can be updated without a release.
///
/// The core does no I/O: `load` reads a path relative to the SignalSpecs folder.
public struct SignalSpecs: Sendable {
    /// `agents.json`.
    public var registry: AgentRegistry
    /// `vocabularies/aipref.json`.
    public var aipref: AIPrefVocabulary
    /// `vocabularies/cc-signals.json`.
    public var ccSignals: CCSignalsVocabulary
    /// `vocabularies/content-signal.json`.
    public var contentSignal: ContentSignalVocabulary
    /// `vocabularies/control-tokens.json`.
    public var controlTokens: ControlTokenVocabulary
    /// `vocabularies/robots-meta.json`.
    public var robotsMeta: RobotsMetaVocabulary
    /// `vocabularies/rsl.json`.
    public var rsl: RSLVocabulary
    /// `vocabularies/tdmrep.json`: TDMRep reservation values → `tdm`.
    public var tdmrep: TDMRepVocabulary
    /// `vocabularies/ai-txt.json`: ai.txt rule kinds → `ai_train`.
    public var aiTxt: AITxtVocabulary
    /// `vocabularies/ai-license.json`: ai-license stage words → categories.
    public var aiLicense: AILicenseVocabulary
    /// `vocabularies/robots-implied.json`: crawler purposes → the categories `robots.implied` states.
    public var impliedPurposes: ImpliedPurposeVocabulary

    /// The files, relative to the SignalSpecs folder.
    public static let files = [
        "agents.json", "vocabularies/aipref.json", "vocabularies/cc-signals.json",
        "vocabularies/content-signal.json", "vocabularies/control-tokens.json", "vocabularies/robots-meta.json",
        "vocabularies/rsl.json", "vocabularies/tdmrep.json", "vocabularies/ai-txt.json",
        "vocabularies/ai-license.json", "vocabularies/robots-implied.json",
    ]

    /// Loads every file through `load` (given a relative path, returns its bytes).
    ///
    /// - Throws: `HeedCoreError` `.invalidSpecData` naming the file that cannot be read or decoded.
    public init(load: (String) -> Data?) throws(HeedCoreError) {
        func data(_ path: String) throws(HeedCoreError) -> Data {
            guard let d = load(path) else {
                throw HeedCoreError(.invalidSpecData, location: path, "cannot read this SignalSpecs file")
            }
            return d
        }
        registry = try AgentRegistry(json: try data("agents.json"), location: "agents.json")
        aipref = try AIPrefVocabulary(json: try data("vocabularies/aipref.json"), location: "vocabularies/aipref.json")
        ccSignals = try CCSignalsVocabulary(
            json: try data("vocabularies/cc-signals.json"),
            location: "vocabularies/cc-signals.json"
        )
        contentSignal = try ContentSignalVocabulary(
            json: try data("vocabularies/content-signal.json"),
            location: "vocabularies/content-signal.json"
        )
        controlTokens = try ControlTokenVocabulary(
            json: try data("vocabularies/control-tokens.json"),
            location: "vocabularies/control-tokens.json"
        )
        robotsMeta = try RobotsMetaVocabulary(
            json: try data("vocabularies/robots-meta.json"),
            location: "vocabularies/robots-meta.json"
        )
        rsl = try RSLVocabulary(json: try data("vocabularies/rsl.json"), location: "vocabularies/rsl.json")
        tdmrep = try TDMRepVocabulary(json: try data("vocabularies/tdmrep.json"), location: "vocabularies/tdmrep.json")
        aiTxt = try AITxtVocabulary(json: try data("vocabularies/ai-txt.json"), location: "vocabularies/ai-txt.json")
        aiLicense = try AILicenseVocabulary(
            json: try data("vocabularies/ai-license.json"),
            location: "vocabularies/ai-license.json"
        )
        impliedPurposes = try ImpliedPurposeVocabulary(
            json: try data("vocabularies/robots-implied.json"),
            location: "vocabularies/robots-implied.json"
        )
    }
}
