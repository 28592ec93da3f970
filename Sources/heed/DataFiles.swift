// SPDX-License-Identifier: Apache-2.0
// heed: reading input files and locating the SignalSpecs/ and Corpus/ data folders.

import Foundation
import HeedCore

/// File access for commands: every failure becomes a `CLIError` naming the path.
enum DataFiles {
    /// Reads a whole file, or standard input for `-`. Refuses directories; reads at most `limit`
    /// bytes (the caller decides; robots.txt reads far less than it is given).
    static func read(_ path: String, console: Console, limit: Int = 1 << 30) throws(CLIError) -> [UInt8] {
        try readPrefix(path, console: console, limit: limit).bytes
    }

    /// The first `limit` bytes of a file (all of standard input for `-`) and the file's whole size
    /// (`fstat`), so a caller that reads bounded can still say how large the file is.
    static func readPrefix(
        _ path: String,
        console: Console,
        limit: Int
    ) throws(CLIError) -> (bytes: [UInt8], size: Int) {
        if path == "-" {
            let bytes = [UInt8](console.readInput() ?? Data())
            return (bytes, bytes.count)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError(.unreadableInput, path, "no such file")
        }
        if isDirectory.boolValue { throw CLIError(.unreadableInput, path, "is a directory, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError(.unreadableInput, path, "cannot open the file (permissions?)")
        }
        defer { try? handle.close() }
        do {
            let bytes = [UInt8](try handle.read(upToCount: limit) ?? Data())
            var info = stat()
            // A regular file's size; for a pipe or device, what was read (all that is known).
            let size =
                fstat(handle.fileDescriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
                ? max(Int(info.st_size), bytes.count) : bytes.count
            return (bytes, size)
        } catch {
            throw CLIError(.unreadableInput, path, "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// The repository folder holding `name` (`SignalSpecs` or `Corpus`).
    ///
    /// Searched in order: the environment variable (`HEED_SPECS` / `HEED_CORPUS`), `./name`,
    /// the folder beside the installed binary's tree (`.build/<triple>/<config>/heed` → repository
    /// root), and the source tree this binary was built from. Data is loaded at run time so that
    /// it can be updated without a release.
    static func folder(_ name: String, environment: String) throws(CLIError) -> URL {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment[environment], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name))
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var up = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(up.appendingPathComponent(name))
            up = up.deletingLastPathComponent()
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(source.appendingPathComponent(name))
        for c in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: c.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return c
            }
        }
        throw CLIError(
            .missingData,
            name,
            "cannot find the \(name)/ folder; run from the repository root or set \(environment)=DIR"
        )
    }

    /// Loads every SignalSpecs file (registry and vocabularies) from `--specs DIR` or the
    /// automatically found folder.
    static func signalSpecs(specs: String?) throws(CLIError) -> SignalSpecs {
        let dir: URL
        if let specs {
            dir = URL(fileURLWithPath: specs)
        } else {
            dir = try folder("SignalSpecs", environment: "HEED_SPECS")
        }
        do {
            return try SignalSpecs { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) }
        } catch {
            throw CLIError(.missingData, dir.appendingPathComponent(error.location).path, error.message)
        }
    }

    /// Loads the agent registry from `SignalSpecs/agents.json` (or `--specs DIR`).
    static func registry(specs: String?) throws(CLIError) -> AgentRegistry {
        let dir: URL
        if let specs {
            dir = URL(fileURLWithPath: specs)
        } else {
            dir = try folder("SignalSpecs", environment: "HEED_SPECS")
        }
        let file = dir.appendingPathComponent("agents.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CLIError(.missingData, file.path, "cannot read the agent registry")
        }
        do {
            return try AgentRegistry(json: data, location: file.path)
        } catch {
            throw CLIError(.missingData, error.location, error.message)
        }
    }
}
