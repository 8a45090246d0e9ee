import CarnetStore
import Testing

@Suite("Columns of a result, found by name")
struct SQLColumnsTests {
    @Test("every name of a wide result is found at its position; an unknown name is not", arguments: [0, 1, 7, 28, 200])
    func positions(count: Int) {
        let names = (0..<count).map { "column_\($0)_name" }
        let columns = SQLColumns(names)
        for (index, name) in names.enumerated() { #expect(columns.position(of: name) == index) }
        #expect(columns.position(of: "missing") == nil)
        #expect(columns.position(of: "") == nil)
    }

    @Test("a name that repeats (a join) gives its first position; values read by name follow")
    func repeated() {
        let columns = SQLColumns(["id", "name", "id", "last_activity_at", "é"])
        #expect(columns.position(of: "id") == 0)
        #expect(columns.position(of: "last_activity_at") == 3)
        #expect(columns.position(of: "é") == 4)
        let row = SQLRow(columns: columns, values: [.text("con_1"), .text("Ana"), .text("com_1"), .integer(5), .null])
        #expect(row.string("id") == "con_1")
        #expect(row.int64("last_activity_at") == 5)
        #expect(row["nope"] == .null)
    }
}
