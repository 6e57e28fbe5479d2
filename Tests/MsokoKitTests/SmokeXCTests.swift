import XCTest
@testable import MsokoKit

/// A few end-to-end checks in XCTest form (the rest of the suite uses Swift Testing), so both
/// runners report real work in `swift test`'s summary.
final class SmokeXCTests: XCTestCase {
    func testPipelineOnTheFixtureDistrict() {
        let result = runScript("run \"data/setup.msoko\"\nvpr | where mark == 5 | count", format: .csv)
        XCTAssertTrue(result.ok, result.err)
        // Marks of 5 in Tests/Golden/data/vpr.csv: S01 50001 (math), S02 50001 and 50002 (math), S01 50005 (Russian).
        XCTAssertEqual(result.out, "n\n4\n")
    }

    func testSyntaxErrorsAreAllReported() {
        let result = runScript("vpr | where >\nschools | select ,")
        XCTAssertFalse(result.ok)
        XCTAssertEqual(result.err.components(separatedBy: "error:").count - 1, 2, result.err)
    }
}
