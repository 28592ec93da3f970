// SPDX-License-Identifier: Apache-2.0
// heed: the command-line entry point. Parses arguments and hands over to one command.

import Foundation

let console = Console.standard()
let status = HeedCLI.run(Array(CommandLine.arguments.dropFirst()), console: console)
console.flush()
exit(status)
