import Foundation
import Testing
@testable import MsokoKit

/// The rules on hand-made findings, the register (stable ids, the analyst's edits kept,
/// formula escaping), the terminal charts, and staging of every writer.
@Suite struct RecommendationsTests {
    /// Hand-made findings with the context columns Scripts/lib/recommendations.msoko joins.
    static let findingsCSV = """
    finding_id,kind,scope,year,subject,grade,school_id,class_id,teacher_id,task,skill_code,indicator,value,reference,n,ci_low,ci_high,detail,school_name,rmo,shmo,teachers,skill,task_list,course,course_title,course_hours,covered,single,primary,carried_out,carried_note,rec_result,rec_course,last_rec,next_year,year_before,next_grade,indicator_label,unit,reference_of
    F2025-teacher_support-T001-М1,teacher_support,teacher,2025,Математика,6,S01,,T001,,М1,solve_rate,30,75,28,20,40,d,Школа 1,РМО М,ШМО М,учителей М,Умение один,"3, 4",K01,Курс один,36,false,false,,,,,,,2026,2024,7,решаемость,%,по округу
    F2025-teacher_support-T002-М1,teacher_support,teacher,2025,Математика,6,S02,,T002,,М1,solve_rate,35,75,30,25,45,d,Школа 2,РМО М,ШМО М,учителей М,Умение один,"3, 4",,,,false,false,,,,,,,2026,2024,7,решаемость,%,по округу
    F2025-teacher_support-T005-М1,teacher_support,teacher,2025,Математика,6,S05,,T005,,М1,solve_rate,35,75,30,25,45,d,Школа 5,РМО М,ШМО М,учителей М,Умение один,"3, 4",K01,Курс один,36,false,true,,,,,,,2026,2024,7,решаемость,%,по округу
    F2025-objectivity-S03,objectivity,school,2025,,,S03,,,,,objectivity_signs,3,0,577,,,Признаки: пики и когорта,Школа 3,,,,,,,,,false,false,,,,,,,2026,2024,,число признаков необъективности,,
    F2025-objectivity-S03-spearman_journal_score_pooled,objectivity,school,2025,,,S03,,,,,spearman_journal_score_pooled,-0.4,0,577,,,ρ < 0,Школа 3,,,,,,,,,false,false,,,,,,,2026,2024,,ρ,,
    F2025-problem_task-Математика-6-3,problem_task,district,2025,Математика,6,,,,3,М1,solve_rate,40,73,386,35,45,d,,РМО М,ШМО М,учителей М,Умение один,"3, 4",,,,true,false,,,,,,,2026,2024,7,решаемость,%,по региону
    F2025-problem_task-Математика-6-9,problem_task,district,2025,Математика,6,,,,9,М9,solve_rate,20,45,386,15,25,d,,РМО М,ШМО М,учителей М,Умение девять,9,,,,false,false,,,,,,,2026,2024,7,=HYPERLINK(1),%,по региону
    F2025-dynamics-T003-М2,dynamics,teacher,2025,Математика,6,S04,,T003,,М2,solve_rate,24,19,36,,,Не выполнена,Школа 4,РМО М,ШМО М,учителей М,Умение два,5,,,,false,false,true,false,"записан на курс K05, не завершил",без существенных изменений,K05,R2024-03,2026,2024,7,решаемость,%,по округу
    F2025-dynamics-T003-М2-cohort,dynamics,teacher,2025,Математика,7,S04,,T003,,М2,solve_rate,24,19,36,,,Не выполнена,Школа 4,РМО М,ШМО М,учителей М,Умение два,5,,,,false,false,false,false,"записан на курс K05, не завершил",без существенных изменений,K05,R2024-03,2026,2024,8,решаемость,%,по округу
    """

    static func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-recs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the repository's rules on the hand-made findings; returns records by rec_id order.
    static func recommend() throws -> (session: Session, rows: [[String: Value]], folder: URL) {
        let folder = try tempFolder()
        try findingsCSV.replacingOccurrences(of: "\n    ", with: "\n").write(to: folder.appendingPathComponent("findings.csv"), atomically: true, encoding: .utf8)
        let session = try Domain.session("""
        load "\(folder.path)/findings.csv" as findings with types = {task: "text", covered: "bool", single: "bool", primary: "bool", carried_out: "bool"}
        let recs = findings | recommend
        """)
        return (session, Domain.rows(session, "recs"), folder)
    }

    @Test func rulesOnHandMadeFindings() throws {
        let (_, rows, _) = try Self.recommend()
        func records(_ finding: String) -> [[String: Value]] { rows.filter { $0["finding_id"]?.plainText == finding } }
        // A teacher with a course not yet completed: the course, addressed to the school head,
        // worded as support; and lesson visits for the school's ШМО.
        let first = records("F2025-teacher_support-T001-М1")
        #expect(first.map { $0["action_type"]?.plainText ?? "" }.sorted() == ["course", "lesson_visits"])
        let course = try #require(first.first { $0["action_type"] == .text("course") })
        #expect(course["addressee_level"] == .text("school") && course["addressee_id"] == .text("S01"))
        #expect(course["course_id"] == .text("K01"))
        #expect(course["action"]?.plainText.contains("Рекомендовать руководителю ОО направить учителя T001 на КПК «Курс один» (36 ч)") == true)
        #expect(course["causes"]?.plainText.hasSuffix("(требует проверки)") == true)
        #expect(course["evidence"] == .text("решаемость: 30 % при 75 % по округу; n = 28; 95 % ДИ 20–40"))
        #expect(course["due"]?.plainText == "2025-12-20")
        #expect(course["indicator"] == .text("solve_rate") && course["baseline"]?.asDouble == 30 && course["target"]?.asDouble == 60)
        #expect(course["status"] == .text("issued"))
        // No course in the catalogue (or all completed): mentoring instead, never a course.
        let second = records("F2025-teacher_support-T002-М1")
        #expect(second.map { $0["action_type"]?.plainText ?? "" }.sorted() == ["lesson_visits", "mentoring"])
        #expect(second.allSatisfy { $0["course_id"] == .null })
        // Objectivity: the verdict row (indicator objectivity_signs, value = number of signs) gets
        // a review (school) and cross-marking (department); evidence rows of single signs get
        // nothing of their own.
        let verdict = records("F2025-objectivity-S03")
        #expect(verdict.map { $0["action_type"]?.plainText ?? "" }.sorted() == ["cross_marking", "objectivity_review"])
        #expect(verdict.allSatisfy { $0["indicator"] == .text("objectivity_signs") && $0["baseline"]?.asDouble == 3 })
        #expect(records("F2025-objectivity-S03-spearman_journal_score_pooled").isEmpty)
        // A problem task whose skill is a district deficit is covered by the skill's rule.
        #expect(records("F2025-problem_task-Математика-6-3").isEmpty)
        let task = try #require(records("F2025-problem_task-Математика-6-9").first)
        #expect(task["addressee_level"] == .text("rmo") && task["action_type"] == .text("rmo_agenda"))
        #expect(task["due"]?.plainText == "2026-01-31")
        // The only teacher of the subject in the school: no ШМО meeting; the school head
        // arranges visits with a partner school instead.
        let single = records("F2025-teacher_support-T005-М1")
        #expect(single.map { $0["action_type"]?.plainText ?? "" }.sorted() == ["course", "lesson_visits"])
        #expect(single.allSatisfy { $0["addressee_level"] == .text("school") && !($0["action"]?.plainText.contains("заседание ШМО") ?? true) })
        // Last year's recommendation not carried out (the course only enrolled in): the same
        // course again, once per teacher and skill (the primary row), not per side.
        let dynamics = records("F2025-dynamics-T003-М2")
        #expect(dynamics.count == 1)
        #expect(dynamics.first?["action_type"] == .text("course") && dynamics.first?["course_id"] == .text("K05"))
        #expect(dynamics.first?["problem"]?.plainText.contains("записан на курс K05, не завершил") == true)
        #expect(records("F2025-dynamics-T003-М2-cohort").isEmpty)
        // Ids: R<year>-<8 hex>, unique.
        let ids = rows.map { $0["rec_id"]?.plainText ?? "" }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: "^R2025-[0-9A-F]{8}$", options: .regularExpression) != nil })
        // No teacher rating anywhere: the words the domain forbids do not appear.
        let text = rows.map { ($0["action"]?.plainText ?? "") + ($0["problem"]?.plainText ?? "") }.joined()
        #expect(!text.contains("рейтинг") && !text.contains("неэффектив"))
    }

    @Test func sameFindingsGiveSameIds() throws {
        let a = try Self.recommend().rows.map { $0["rec_id"]?.plainText ?? "" }
        let b = try Self.recommend().rows.map { $0["rec_id"]?.plainText ?? "" }
        #expect(a == b && !a.isEmpty)
        #expect(StableID.recommendation(year: "2025", key: "F2025-objectivity-S03|objectivity_review|S03") == "R2025-05949318")
    }

    @Test func registerKeepsEditsAndEscapesFormulas() throws {
        let (session, rows, folder) = try Self.recommend()
        let register = folder.appendingPathComponent("out/recommendations.csv")
        try session.run(text: "recs | register \"\(register.path)\"", name: "<test>")
        try session.commitStagedWrites()
        var text = try String(contentsOf: register, encoding: .utf8)
        let parsed = Domain.parseCSV(text)
        #expect(parsed.header == RegisterContract.columns)
        #expect(parsed.rows.count == rows.count)
        // A text cell that a spreadsheet would run is neutralised; numbers such as -0.4 are not.
        #expect(text.contains("'=HYPERLINK(1): 20 % при 45 % по региону"))
        // The analyst marks one recommendation done and rewords another's due date.
        let edited = parsed.rows[0][0]
        text = text.replacingOccurrences(of: "\(edited),2025,", with: "\(edited),2025,", options: [], range: nil)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",issued", with: ",in_progress")
        try lines.joined(separator: "\n").write(to: register, atomically: true, encoding: .utf8)
        // The same run again: nothing added, the edit kept, ids the same.
        try session.run(text: "recs | register \"\(register.path)\"", name: "<test>")
        try session.commitStagedWrites()
        let again = Domain.parseCSV(try String(contentsOf: register, encoding: .utf8))
        #expect(again.rows.count == rows.count)
        #expect(again.rows[0][0] == edited && again.rows[0].last == "in_progress")
        #expect(again.rows.dropFirst().allSatisfy { $0.last == "issued" })
    }

    @Test func registerStartsFromLastYearsRegister() throws {
        let (session, rows, folder) = try Self.recommend()
        let register = folder.appendingPathComponent("register.csv")
        try session.run(text: """
        load "\(TestPaths.repository.path)/Datasets/recommendations.csv" as last
        recs | register "\(register.path)" with seed = "last"
        """, name: "<test>")
        try session.commitStagedWrites()
        let parsed = Domain.parseCSV(try String(contentsOf: register, encoding: .utf8))
        let previous = Domain.parseCSV(try String(contentsOf: TestPaths.repository.appendingPathComponent("Datasets/recommendations.csv"), encoding: .utf8)).rows
        #expect(previous.count > 2)
        #expect(parsed.rows.count == previous.count + rows.count)
        #expect(Array(parsed.rows.prefix(previous.count)) == previous, "last year's rows first, as they were")
    }

    @Test func failedRunWritesNoDrafts() throws {
        let folder = try Self.tempFolder()
        let result = runScript("""
        vpr | where status == "present" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = "F" + text(year) + "-low_results-" + school_id, kind = "low_results", scope = "school", indicator = "mark2_pct", reference = 10 | recommend | drafts "\(folder.path)/drafts"
        vpr | where no_such_column > 1
        """.replacingOccurrences(of: "vpr | where status", with: "run \"data/setup.msoko\"\nvpr | where status"))
        #expect(!result.ok)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/drafts"))?.isEmpty ?? true)
    }

    @Test func terminalCharts() {
        let result = runScript("""
        run "data/setup.msoko"
        vpr | count by mark | bars mark, n with width = 10
        vpr | where primary_score is not null | histogram primary_score with bins = 2, width = 4
        """)
        #expect(result.ok, "\(result.err)")
        #expect(result.out.contains("│██████████"))
        #expect(result.out.contains("n = "))
        #expect(!result.out.contains("┌"))  // the table itself is not printed
    }
}
