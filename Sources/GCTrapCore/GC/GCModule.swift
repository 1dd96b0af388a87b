// The Python `gc` module (CPython's Modules/gcmodule.c entry points, as Python/gc.c's
// algorithm lives in Collector.swift): collect, get_count, thresholds, enable/disable, freeze.

extension Builtins {

    static let gcModule: [BuiltinFunction] = [
        BuiltinFunction("collect", .module("gc"), .function(0...Int.max, keywords: .only(["generation"]))) { m, call in
            let arg = call.keyword("generation") ?? call.positional.first ?? .int(2)
            guard let g = m.intValue(arg) else { throw m.raiseNew(m.classes.typeError, "an integer is required") }
            guard (0...2).contains(g) else { throw m.raiseNew(m.classes.valueError, "invalid generation") }
            if m.gc.collecting { return .int(0) }
            return .int(m.collectNow(generation: g))
        },
        BuiltinFunction("get_count", .module("gc"), .function(0...Int.max)) { m, _ in
            let values: [Value] = m.gc.counts.map { .int($0) }   // read before the tuple exists
            return m.makeTuple(values)
        },
        BuiltinFunction("get_threshold", .module("gc"), .function(0...Int.max)) { m, _ in
            m.makeTuple(m.gc.thresholds.map { .int($0) })
        },
        BuiltinFunction("set_threshold", .module("gc"), .function(0...Int.max), .varargs(before: nil)) { m, call in
            let pos = call.positional
            guard (1...3).contains(pos.count) else {
                throw m.raiseNew(m.classes.typeError, "set_threshold() takes 1 to 3 arguments (\(pos.count) given)")
            }
            for (i, v) in pos.enumerated() {
                guard let t = m.intValue(v) else { throw m.raiseNew(m.classes.typeError, "an integer is required") }
                m.gc.thresholds[i] = t
            }
            return .none
        },
        BuiltinFunction("enable", .module("gc"), .function(0...Int.max)) { m, _ in m.gc.enabled = true; return .none },
        BuiltinFunction("disable", .module("gc"), .function(0...Int.max)) { m, _ in m.gc.enabled = false; return .none },
        BuiltinFunction("isenabled", .module("gc"), .function(0...Int.max)) { m, _ in .bool(m.gc.enabled) },
        BuiltinFunction("get_stats", .module("gc"), .function(0...Int.max)) { m, _ in
            let list = m.makeList([])
            for g in 0..<3 {
                let d = m.makeDict()
                try m.dictSet(d, .str("collections"), .int(m.gc.collections[g]))
                try m.dictSet(d, .str("collected"), .int(m.gc.collected[g]))
                try m.dictSet(d, .str("uncollectable"), .int(0))
                if case .obj(let l) = list { m.heap.objects[Int(l)].items.append(.obj(d)) }
            }
            return list
        },
        BuiltinFunction("freeze", .module("gc"), .function(0...Int.max)) { m, _ in
            for g in 0..<3 { m.moveAll(Int32(g), to: Heap.permanentHead) }
            m.gc.frozen = m.heap.listCount(Heap.permanentHead)
            m.gc.counts[0] = 0
            return .none
        },
        BuiltinFunction("unfreeze", .module("gc"), .function(0...Int.max)) { m, _ in
            m.moveAll(Heap.permanentHead, to: 2)
            m.gc.frozen = 0
            return .none
        },
        BuiltinFunction("get_freeze_count", .module("gc"), .function(0...Int.max)) { m, _ in
            .int(m.heap.listCount(Heap.permanentHead))
        },
        BuiltinFunction("is_tracked", .module("gc"), .function(0...Int.max)) { m, call in
            let pos = call.positional
            guard pos.count == 1 else { throw m.raiseNew(m.classes.typeError, "is_tracked() takes exactly one argument") }
            if case .obj(let id) = pos[0] { return .bool(m.heap.objects[Int(id)].gen >= 0) }
            return .bool(false)
        },
    ]
}
