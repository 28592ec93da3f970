// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: numbers with decimals in the JSON outputs (rates in `heed logs --json`).

import Testing

@testable import HeedAudit

struct ReportJSONDecimalTests {
    @Test(arguments: [
        (0.0, "0"), (3.0, "3"), (12.5, "12.5"), (0.13, "0.13"), (0.07, "0.07"), (0.1305, "0.13"), (2.999, "3"),
        (-1.25, "-1.25"), (1_000_000.1, "1000000.1"), (Double.nan, "null"), (Double.infinity, "null"),
    ])
    func decimals(value: Double, text: String) {
        #expect(ReportJSON.decimal(value).compact() == text)
    }
}
