// SPDX-License-Identifier: Apache-2.0
// heed tests: running the command line in-process with captured streams.

import Foundation

@testable import heed

/// Runs `heed` in-process: stdout and stderr captured, standard input given. (Commands that
/// wait for fetches run as a child process instead: see `HeedProcess`.)
final class Captured {
    var out: [UInt8] = []
    var err: [UInt8] = []
    let input: Data?

    init(input: String? = nil) { self.input = input.map { Data($0.utf8) } }

    var stdout: String { String(decoding: out, as: UTF8.self) }
    var stderr: String { String(decoding: err, as: UTF8.self) }
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    func run(_ args: [String]) -> Int32 {
        let console = Console(
            writeOut: { self.out += $0 },
            writeErr: { self.err += $0 },
            readInput: { self.input }
        )
        let status = HeedCLI.run(args, console: console)
        console.flush()
        return status
    }
}
