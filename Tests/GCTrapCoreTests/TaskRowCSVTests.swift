import XCTest
@testable import GCTrapCore

/// `run --csv` writes each row through `TaskRow.appendCSV`, digit by digit into a buffer:
/// the line must be what string interpolation would give, for any value.
final class TaskRowCSVTests: XCTestCase {

    func testCSVLineIsTheFieldsAsDecimalTextInHeaderOrderThenTheError() {
        let values = [0, 7, 10, 99, 100, 12_345, -1, -300, Int.max, Int.min + 1, Int.min]
        for (i, v) in values.enumerated() {
            let row = TaskRow(task: v, open: i, peakInTask: -(v / 3), inUse: v / 7, idle: 1_000_000, leaked: -i,
                              closedExplicit: v, closedByFinalizer: 9, gen0: 880, gen1: -2, gen2: Int(Int32.max),
                              count0: v, error: i % 2 == 0 ? "" : "TooManyConnections", duringMask: 0)
            let expected = "\(v),\(i),\(v / 7),1000000,\(-i),\(v),9,880,-2,\(Int32.max),\(v),\(-(v / 3)),"
                + (i % 2 == 0 ? "" : "TooManyConnections")
            XCTAssertEqual(row.csv, expected)
        }
    }
}
