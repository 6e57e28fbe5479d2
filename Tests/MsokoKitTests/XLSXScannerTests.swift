import Foundation
import Testing
@testable import MsokoKit

/// The hand-written sheet scanner: XML forms real writers produce, and damaged input.
@Suite struct XLSXScannerTests {
    typealias Support = XLSXTestSupport

    func rows(_ body: String, strings: [String]? = nil) throws -> (names: [String], rows: [[String]]) {
        let data = try Support.workbook(sheets: [("S", body)], sharedStrings: strings)
        let table = try Support.read(try Support.file(data))
        return (table.names, Support.textRows(table))
    }

    func expectDamaged(_ body: String) throws {
        let data = try Support.workbook(sheets: [("S", body)])
        let path = try Support.file(data)
        #expect { _ = try Support.read(path) } throws: { error in
            let error = error as? MsokoError
            return error?.stage == .io && error?.message.contains("is damaged") == true
        }
    }

    @Test func prefixesSelfClosingQuotesAndAttributeOrder() throws {
        let body = """
            <x:sheetData xmlns:x="urn:x"><x:row r='1' spans="1:3"><x:c t="inlineStr" r='A1'><x:is><x:t>a</x:t></x:is></x:c>\
            <x:c s="0" r="B1" t='inlineStr'><x:is><x:t>b</x:t></x:is></x:c><x:c r="C1" s="1"/></x:row>
            <x:row r="2"/><x:row r="3" ><x:c r="B3"  ><x:v>2</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row></x:sheetData>
            """
        let result = try rows(body)
        #expect(result.names == ["a", "b", "column3"])
        #expect(result.rows == [["", "2", "3"]])
    }

    @Test func richTextPhoneticFormulasEntitiesCDATAAndComments() throws {
        let body = """
            <sheetData><!-- a comment with <row> inside --><?pi stuff?>
            <row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="B1" t="inlineStr"><is><t>i</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>j</t></is></c><c r="D1" t="inlineStr"><is><t>k</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Бо </t></r><r><t>гатый</t></r>\
            <rPh sb="0" eb="1"><t>ボ</t></rPh></is></c>\
            <c r="B2"><f>1+1</f><v>2</v></c>\
            <c r="C2" t="inlineStr"><is><t>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x44f;</t></is></c>\
            <c r="D2" t="str"><v><![CDATA[x<y]]></v></c></row>
            </sheetData><mergeCells count="0"></mergeCells>
            """
        let result = try rows(body)
        #expect(result.rows == [["Бо гатый", "2", "&<>\"'ABя", "x<y"]])
    }

    @Test func sharedStringsAndLineEnds() throws {
        let body = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v> 0 </v></c><c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>x\r\ny\rz&#13;w</t></is></c></row></sheetData>"
        let result = try rows(body, strings: ["a", "ё & ж"])
        #expect(result.names == ["a", "b"])
        #expect(result.rows == [["ё & ж", "x\ny\nz\rw"]])
    }

    @Test func damagedSheetsAreDamagedNotACrash() throws {
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></ro></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&bogus;</t></is></c></row></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&#xZZ;</t></is></c></row></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&amp</t></is></c></row></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1 t=\"inlineStr\"><is><t>a</t></is></c></row></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!-- unterminated")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v><![CDATA[1</v></c></row></sheetData>")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><")
        try expectDamaged("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r")
    }

    @Test func truncatedPartsAtEveryLengthNeverCrash() throws {
        let full = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h&amp;</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData>"
        let bytes = Array(full.utf8)
        for length in stride(from: 0, to: bytes.count, by: 3) {
            let body = String(decoding: bytes[..<length], as: UTF8.self)
            let data = try Support.workbook(sheets: [("S", body)])
            // The worksheet's closing tag follows; whatever the outcome, it is a table or a MsokoError.
            do { _ = try Support.read(try Support.file(data)) } catch { #expect(error is MsokoError) }
        }
    }
}
