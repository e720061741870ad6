import Foundation
import PCMTDomain
import PropertyBased
import Testing
import Vapor

@testable import PCMTWeb

/// A JSON body is read once (issue 13): the tree that cleaning makes is the one Foundation's decoder reads from the
/// cleaned bytes, a body of values is decoded from it as from the bytes, and what is not JSON is refused.
@Suite struct JSONTreeTests {
    /// A JSON text built from `seeds`: objects, arrays, texts (with escapes, Vietnamese, a combining mark), numbers
    /// in every form RFC 8259 allows, true, false, null.
    static func document(_ seeds: [Int]) -> String {
        var seeds = seeds[...]
        func next() -> Int { seeds.popFirst() ?? 0 }
        let texts = [#""a""#, #""Phường Quyết Thắng""#, #""e\u0301""#, #""q\"t\\s/""#, #""\u00e9\u1ed1""#, #""""#, #""2023S1""#]
        let numbers = ["0", "-0", "12", "-7", "0.5", "-0.25e+3", "1E2", "3.000", "1e-5", "123456789012345678"]
        func value(_ depth: Int) -> String {
            let seed = next()
            switch depth >= 3 ? seed % 5 : seed % 7 {
            case 0: return texts[(seed / 7) % texts.count]
            case 1: return numbers[(seed / 7) % numbers.count]
            case 2: return ["true", "false"][(seed / 7) % 2]
            case 3: return "null"
            case 4: return " \(numbers[(seed / 11) % numbers.count])\n"
            case 5: return "[" + (0..<(seed / 7) % 4).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            default:
                let keys = ["element", "value", "period", "orgUnit", "note", "x"]
                return "{"
                    + (0..<(seed / 7) % 4).map { "\"\(keys[($0 + seed) % keys.count])\(depth)\($0)\": \(value(depth + 1))" }
                    .joined(separator: ",") + "}"
            }
        }
        return value(0)
    }

    @Test func theTreeIsWhatFoundationReadsFromTheCleanedBytes() async throws {
        await propertyCheck(count: 500, input: Gen.int(in: 0...1_000_000).array(of: 1...40)) { seeds in
            let text = Self.document(seeds)
            do {
                let (bytes, tree) = try CleanJSON.read(Array(text.utf8))
                let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
                #expect(tree == foundation, "\(text)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test func whatIsNotJSONIsRefused() {
        for text in [
            #"{"a":1,"a":2}"#, #"[{"v":-7,"v":5}]"#, "tru", "nul", "01", "1.", "-", "+1", ".5", "1e", "1e+", "0x10", "NaN", "[1,]", "{\"a\" 1}",
            "[1] 2", "\"a",
        ] {
            #expect(throws: CleanJSON.Failure.self, "\(text)") { try CleanJSON.read(Array(text.utf8)) }
        }
        let table: [(String, JSONValue)] = [
            ("-0.5e+3", .number(-500)), ("true", .bool(true)), (" null ", .null),
            (#"{"a":1,"b":{"a":2}}"#, .object(["a": .number(1), "b": .object(["a": .number(2)])])),
            (#"["x",[]]"#, .array([.string("x"), .array([])])),
        ]
        for (text, expected) in table { #expect((try? CleanJSON.read(Array(text.utf8)).value) == expected, "\(text)") }
        // A string's problem names its path, as before the tree.
        do {
            _ = try CleanJSON.read(Array(#"{"dataValues":[{"period":"2023"},{"period":"20\u000723"}]}"#.utf8))
            Issue.record("a control character passed")
        } catch {
            if case .problem(let problem) = error {
                #expect(problem.field == "dataValues[1].period")
            } else {
                Issue.record("\(error)")
            }
        }
    }

    @Test func aDataValueSetIsDecodedFromTheTreeAsFromTheBytes() throws {
        let body = #"""
            {"dataValues": [
              {"dataElement": "counselling", "period": "2023", "orgUnit": "23281", "value": 12},
              {"dataElement": "addicts", "period": "2023S1", "orgUnit": "23281", "categoryOptionCombo": "male", "value": "4", "version": 3},
              {"dataElement": "methadone", "period": "2024", "orgUnit": "611", "categoryOptionCombo": null, "value": null, "version": null},
              {"dataElement": "hotspots_new", "period": "2024", "orgUnit": "611"}
            ]}
            """#
        let (bytes, tree) = try CleanJSON.read(Array(body.utf8))
        let fromTree = try DataValueSetsAPI.SetIn(tree: tree, t: Localizer(language: .vi))
        let fromBytes = try JSONDecoder().decode(DataValueSetsAPI.SetIn.self, from: Data(bytes))
        #expect(fromTree.dataValues.count == 4)
        for (a, b) in zip(fromTree.dataValues, fromBytes.dataValues) {
            #expect(a.dataElement == b.dataElement && a.period == b.period && a.orgUnit == b.orgUnit)
            #expect(a.categoryOptionCombo == b.categoryOptionCombo && a.value == b.value && a.version == b.version)
        }
        #expect(throws: Abort.self) { try DataValueSetsAPI.SetIn(tree: .object(["dataValues": .string("x")]), t: Localizer(language: .vi)) }
        #expect(throws: Abort.self) {
            try DataValueSetsAPI.SetIn(tree: .object(["dataValues": .array([.object(["dataElement": .number(1)])])]), t: Localizer(language: .vi))
        }
        #expect(throws: Abort.self) {
            try DataValueSetsAPI.Row(
                tree: .object(["dataElement": .string("a"), "period": .string("2023"), "orgUnit": .string("1"), "version": .number(1.5)]), index: 0,
                t: Localizer(language: .vi))
        }
    }
}

/// The names of a data value set hold one line, as the one-unit API's do.
@Suite struct DataValueSetFieldRuleTests {
    @Test func codesOfASetAreOneLine() {
        for field in ["orgUnit", "dataElement", "categoryOptionCombo", "period", "orgunit", "element"] {
            #expect(throws: CleanText.Problem.self, "\(field)") {
                try CleanText.clean("23281\n", field: field, rule: CleanText.rule(forField: field))
            }
        }
    }

    @Test func aNumberTooLargeToHoldIsRefusedByTheSchemaNamingTheField() throws {
        let gate = try #require(OpenAPIGate.served)
        let body = #"{"orgunit":"23281","period":"2020","values":[{"element":"methadone","value":1e400}]}"#
        let refusal = try #require(gate.bodyRefusal(ByteBuffer(string: body), schema: "DataValuesIn", t: Localizer(language: .vi)))
        #expect(refusal.status == .unprocessableEntity)
        #expect(refusal.reason.contains("values[0].value"), "\(refusal.reason)")
    }
}
