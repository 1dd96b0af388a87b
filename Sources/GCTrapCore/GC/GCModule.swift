// The Python `gc` module (CPython's Modules/gcmodule.c entry points, as Python/gc.c's
// algorithm lives in Collector.swift): collect, get_count, thresholds, enable/disable, freeze.

extension Machine {

    mutating func callGC(_ b: Builtin, pos: [Value], keyword: (String) -> Value?, kw: [String]) throws -> Value {
        func noKeywords() throws {
            if let k = kw.first { throw raiseNew(classes.typeError, "\(b.pythonName)() got an unexpected keyword argument '\(k)'") }
        }
        switch b {
        case .gcCollect:
            if let k = kw.first(where: { $0 != "generation" }) {
                throw raiseNew(classes.typeError, "collect() got an unexpected keyword argument '\(k)'")
            }
            let arg = keyword("generation") ?? pos.first ?? .int(2)
            guard let g = intValue(arg) else { throw raiseNew(classes.typeError, "an integer is required") }
            guard (0...2).contains(g) else { throw raiseNew(classes.valueError, "invalid generation") }
            if gc.collecting { return .int(0) }
            return .int(collect(generation: g, forced: true))
        case .gcGetCount:
            try noKeywords()
            let values: [Value] = gc.counts.map { .int($0) }   // read before the tuple exists
            return makeTuple(values)
        case .gcGetThreshold:
            try noKeywords()
            return makeTuple(gc.thresholds.map { .int($0) })
        case .gcSetThreshold:
            try noKeywords()
            guard (1...3).contains(pos.count) else {
                throw raiseNew(classes.typeError, "set_threshold() takes 1 to 3 arguments (\(pos.count) given)")
            }
            for (i, v) in pos.enumerated() {
                guard let t = intValue(v) else { throw raiseNew(classes.typeError, "an integer is required") }
                gc.thresholds[i] = t
            }
            return .none
        case .gcEnable: try noKeywords(); gc.enabled = true; return .none
        case .gcDisable: try noKeywords(); gc.enabled = false; return .none
        case .gcIsEnabled: try noKeywords(); return .bool(gc.enabled)
        case .gcGetStats:
            try noKeywords()
            let list = makeList([])
            for g in 0..<3 {
                let d = makeDict()
                try dictSet(d, .str("collections"), .int(gc.collections[g]))
                try dictSet(d, .str("collected"), .int(gc.collected[g]))
                try dictSet(d, .str("uncollectable"), .int(0))
                if case .obj(let l) = list { heap.objects[Int(l)].items.append(.obj(d)) }
            }
            return list
        case .gcFreeze:
            try noKeywords()
            for g in 0..<3 { moveAll(Int32(g), to: Heap.permanentHead) }
            gc.frozen = heap.listCount(Heap.permanentHead)
            gc.counts[0] = 0
            return .none
        case .gcUnfreeze:
            try noKeywords()
            moveAll(Heap.permanentHead, to: 2)
            gc.frozen = 0
            return .none
        case .gcGetFreezeCount:
            try noKeywords()
            return .int(heap.listCount(Heap.permanentHead))
        case .gcIsTracked:
            try noKeywords()
            guard pos.count == 1 else { throw raiseNew(classes.typeError, "is_tracked() takes exactly one argument") }
            if case .obj(let id) = pos[0] { return .bool(heap.objects[Int(id)].gen >= 0) }
            return .bool(false)
        default:
            fatalError("not a gc function")
        }
    }
}
