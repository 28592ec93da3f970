// SPDX-License-Identifier: Apache-2.0
// heed-fuzz: the libFuzzer entry point over HeedFuzz's targets, and, in a normal build, a replayer
// that runs targets on files (to reproduce a crash or check a seed corpus).
//
// Built for fuzzing by `scripts/fuzz`:
//   swift build --product heed-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
//     -Xswiftc -DHEED_FUZZ
// SwiftPM links an executable with `main` defined as `heed_fuzz_main`, so that function hands the
// arguments to libFuzzer's driver (`LLVMFuzzerRunDriver`); the target comes from `HEED_FUZZ_TARGET`.

import Foundation
import HeedCore
import HeedFuzz

#if HEED_FUZZ
    /// The target and specs, chosen once per process. `HEED_FUZZ_TARGET=list` prints each target
    /// with its seed folders (for `scripts/fuzz`) and exits.
    private let fuzzState: (FuzzTarget, SignalSpecs) = {
        let name = ProcessInfo.processInfo.environment["HEED_FUZZ_TARGET"] ?? ""
        if name == "list" {
            for target in FuzzTarget.allCases {
                print(([target.rawValue] + target.seedFolders).joined(separator: " "))
            }
            exit(0)
        }
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("heed-fuzz: set HEED_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        do {
            return (target, try FuzzInput.specs())
        } catch {
            FileHandle.standardError.write(Data("heed-fuzz: \(error)\n".utf8))
            exit(2)
        }
    }()

    /// libFuzzer's entry point: one input, any bytes.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func heedFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        fuzzState.0.run(bytes, specs: fuzzState.1)
        return 0
    }

    /// libFuzzer's driver (compiler-rt `FuzzerInterface.h`): parses libFuzzer's flags and runs.
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The process entry point SwiftPM names for this executable.
    @_cdecl("heed_fuzz_main")
    public func heedFuzzMain(
        _ argc: CInt,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        var count = argc
        var vector = argv
        _ = fuzzState  // fail early on a bad HEED_FUZZ_TARGET
        return llvmFuzzerRunDriver(&count, &vector) { data, size in heedFuzzOneInput(data, size) }
    }
#else
    /// `heed-fuzz TARGET FILE...`: runs a target on files; exit 0 when every file ran.
    @main
    enum HeedFuzzReplay {
        static func main() {
            let args = Array(CommandLine.arguments.dropFirst())
            guard let name = args.first, let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " | ")
                FileHandle.standardError.write(Data("usage: heed-fuzz (\(names)) FILE...\n".utf8))
                exit(2)
            }
            do {
                let specs = try FuzzInput.specs()
                for path in args.dropFirst() {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        FileHandle.standardError.write(Data("heed-fuzz: cannot read \(path)\n".utf8))
                        exit(2)
                    }
                    target.run(Array(data), specs: specs)
                    print("ok \(path)")
                }
            } catch {
                FileHandle.standardError.write(Data("heed-fuzz: \(error)\n".utf8))
                exit(2)
            }
        }
    }
#endif
