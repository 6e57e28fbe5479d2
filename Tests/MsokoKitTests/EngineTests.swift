import Testing
@testable import MsokoKit

@Suite struct EngineTests {
    @Test func bitmapCountsAndClears() {
        var bits = Bitmap(count: 70, value: true)
        #expect(bits.setCount == 70)
        bits.clear(65)
        #expect(!bits[65])
        #expect(bits.setCount == 69)
    }

    @Test func gatherKeepsNullsAndOuterRows() {
        let column = Column.from([.int(1), .null, .int(3)])
        let gathered = column.gather([2, 1, -1, 0])
        #expect(gathered.value(at: 0) == .int(3))
        #expect(gathered.value(at: 1) == .null)
        #expect(gathered.value(at: 2) == .null)
        #expect(gathered.value(at: 3) == .int(1))
    }

    @Test func datesRoundTrip() {
        #expect(DateCodec.parse("2025-03-01").map(DateCodec.format) == "2025-03-01")
        #expect(DateCodec.parse("29.02.2024").map(DateCodec.format) == "2024-02-29")
        #expect(DateCodec.parse("29.02.2023") == nil)
        #expect(DateCodec.days(year: 1970, month: 1, day: 1) == 0)
    }

    @Test func shortestNumbers() {
        #expect(NumberFormat.shortest(3.0) == "3")
        #expect(NumberFormat.shortest(0.1) == "0.1")
        #expect(NumberFormat.shortest(1e-5) == "0.00001")
        #expect(NumberFormat.shortest(-2.5) == "-2.5")
        #expect(NumberFormat.shortest(1.5e16) == "15000000000000000")
        #expect(NumberFormat.shortest(1e22) == "1e+22")
    }

    @Test func suggestionsFindNearMisses() {
        #expect(Suggest.closest(to: "scool_id", among: ["school_id", "class_id"]) == "school_id")
        #expect(Suggest.closest(to: "zzz", among: ["school_id"]) == nil)
    }
}
