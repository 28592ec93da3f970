// SPDX-License-Identifier: Apache-2.0
// heed: where the command writes (stdout for results, stderr for diagnostics) and reads.

import Foundation

/// The streams a command uses. Results go to `out`, diagnostics to `err` (never mixed), so
/// `heed ... | jq` always sees clean JSON lines. Tests capture both with `Console.capturing()`.
final class Console {
    private var outBuffer: [UInt8] = []
    private let writeOut: ([UInt8]) -> Void
    private let writeErr: ([UInt8]) -> Void
    /// Reads standard input to its end, or `nil` when there is none.
    let readInput: () -> Data?

    init(
        writeOut: @escaping ([UInt8]) -> Void,
        writeErr: @escaping ([UInt8]) -> Void,
        readInput: @escaping () -> Data?
    ) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.readInput = readInput
    }

    /// The process's own stdout, stderr and stdin.
    static func standard() -> Console {
        Console(
            writeOut: { bytes in writeAll(1, bytes) },
            writeErr: { bytes in writeAll(2, bytes) },
            readInput: { FileHandle.standardInput.readDataToEndOfFile() }
        )
    }

    /// Writes one line of results (a newline is added). Buffered; flushed by `flush()`.
    func line(_ s: String) {
        outBuffer.append(contentsOf: s.utf8)
        outBuffer.append(0x0A)
        if outBuffer.count >= 1 << 16 { flush() }
    }

    /// Writes a diagnostic line to stderr at once (after flushing results, to keep order).
    func error(_ s: String) {
        flush()
        writeErr(Array((s + "\n").utf8))
    }

    /// Rewrites the progress line on stderr (a terminal only); an empty string clears it.
    func progress(_ s: String) {
        writeErr(Array(("\r" + s + "\u{1B}[K").utf8))
    }

    /// Writes buffered results.
    func flush() {
        if outBuffer.isEmpty { return }
        writeOut(outBuffer)
        outBuffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
