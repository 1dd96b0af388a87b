// The `gctrap` module: the task loop of scenarios/gctrap.py (the iterator itself is in
// Machine+TaskLoop.swift).

extension Builtins {

    static let gctrapModule: [BuiltinFunction] = [
        BuiltinFunction("tasks", .module("gctrap"), .function(1...1)) { m, call in
            let n = try m.intArgument(call.values[0])
            if n < 0 { throw m.raiseNew(m.classes.valueError, "tasks() needs a count >= 0") }
            return m.makeTaskIterator(n)
        },
        BuiltinFunction("task", .module("gctrap"), .function(0...0)) { m, _ in
            m.task.map { .int($0) } ?? .none
        },
    ]
}
