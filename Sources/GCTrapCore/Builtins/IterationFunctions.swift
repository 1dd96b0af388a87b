// The built-ins that walk iterables (enumerate, zip, map, reversed, sorted, iter, any,
// all; next is in Functions.swift), the attribute built-ins (getattr, hasattr, setattr), set() and float().
// Their allocations were measured on 3.11-3.13 (docs/cpython-model.md J.4-J.6): enumerate,
// map, reversed, iter, set and float have vectorcall (no argument tuple); zip is called
// through type_call (a tuple of its arguments); enumerate, zip and dict items iterators
// keep a result tuple they reuse while nothing else holds it.

extension Builtins {

    static let iterationFunctions: [BuiltinFunction] = [
        BuiltinFunction("enumerate", .builtins, .function(1...2, keywords: .only(["start"]))) { m, call in
            let start = try (call.positionalCount > 1 ? call.values[1] : call.keyword("start")).map { try m.intArgument($0) } ?? 0
            // enum_new: the object, its iterator, then the result tuple.
            let id = m.allocate(HeapObject(kind: .enumerate))
            m.heap.objects[Int(id)].ref = start
            do {
                let it = try m.makeIterator(call.values[0])
                m.heap.objects[Int(id)].items = [it]
            } catch { m.decref(id); throw error }
            m.heap.objects[Int(id)].items.append(m.makeTuple([.none, .none]))
            return .obj(id)
        },
        BuiltinFunction("zip", .builtins, .function(0...Int.max, keywords: .only(["strict"]))) { m, call in
            // type_call's argument tuple, then zip_new: the tuple of iterators, each iterator,
            // the result tuple, the zip object.
            let n = call.positionalCount
            if n > 0 { m.hold(.tuple, size: n) }
            defer { if n > 0 { m.unhold(.tuple, size: n) } }
            if call.keyword("strict").map({ (try? m.truthy($0)) ?? false }) == true {
                throw SimulationLimit(message: "zip(strict=True) is not supported by gctrap", line: m.currentLine, unsupported: true)
            }
            var its: [Value] = []
            do { for v in call.positional { its.append(try m.makeIterator(v)) } } catch { for v in its { m.decref(v) }; throw error }
            let ittuple = m.makeTuple(its)
            let result = m.makeTuple(Array(repeating: .none, count: n))
            var z = HeapObject(kind: .zip)
            z.items = [ittuple, result]
            return .obj(m.allocate(z))
        },
        BuiltinFunction("map", .builtins, .function(2...Int.max)) { m, call in
            // map_vectorcall: the object, then the tuple of iterators.
            let id = m.allocate(HeapObject(kind: .map))
            m.incref(call.values[0])
            m.heap.objects[Int(id)].items = [call.values[0]]
            var its: [Value] = []
            do { for v in call.positional.dropFirst() { its.append(try m.makeIterator(v)) } } catch {
                for v in its { m.decref(v) }
                m.decref(id)
                throw error
            }
            m.heap.objects[Int(id)].items.append(m.makeTuple(its))
            return .obj(id)
        },
        BuiltinFunction("reversed", .builtins, .function(1...1)) { m, call in
            let v = call.values[0]
            guard case .obj(let s) = v, [.list, .tuple].contains(m.heap.objects[Int(s)].kind) else {
                if case .obj(let s) = v, m.heap.objects[Int(s)].kind == .range {
                    throw SimulationLimit(message: "reversed(range) is not supported by gctrap; use range(stop - 1, start - 1, -1)", line: m.currentLine, unsupported: true)
                }
                throw m.raiseNew(m.classes.typeError, "'\(m.typeName(of: v))' object is not reversible")
            }
            var it = HeapObject(kind: .listIter)
            m.incref(v)
            it.items = [v]
            it.ref = m.heap.objects[Int(s)].items.count - 1
            it.ref2 = 1
            return .obj(m.allocate(it))
        },
        BuiltinFunction("sorted", .builtins, .function(1...1, keywords: .only(["key", "reverse"])), keywordParser: "list.sort") { m, call in
            // PySequence_List (a new list, list free list), then list.sort in place.
            let items = try m.iterableItems(call.values[0])
            for v in items { m.incref(v) }
            let list = m.makeList(items)
            do {
                try m.sortList(list.objectID!, key: call.keyword("key"), reverse: try call.keyword("reverse").map { try m.truthy($0) } ?? false)
            } catch { m.decref(list); throw error }
            return list
        },
        BuiltinFunction("iter", .builtins, .function(1...1)) { m, call in try m.makeIterator(call.values[0]) },
        BuiltinFunction("any", .builtins, .function(1...1)) { m, call in
            let it = try m.makeIterator(call.values[0])
            defer { m.decref(it) }
            while let v = try m.iterNext(it) {
                defer { m.decref(v) }
                if try m.truthy(v) { return .bool(true) }
            }
            return .bool(false)
        },
        BuiltinFunction("all", .builtins, .function(1...1)) { m, call in
            let it = try m.makeIterator(call.values[0])
            defer { m.decref(it) }
            while let v = try m.iterNext(it) {
                defer { m.decref(v) }
                if !(try m.truthy(v)) { return .bool(false) }
            }
            return .bool(true)
        },
        BuiltinFunction("getattr", .builtins, .function(2...3)) { m, call in
            let nameID = try m.attributeName(call.values[1], "getattr")
            do {
                m.suppressMissingAttribute = call.positionalCount == 3
                defer { m.suppressMissingAttribute = false }
                return try m.getAttr(call.values[0], nameID)
            } catch is MissingAttribute {
                m.incref(call.values[2])
                return call.values[2]
            } catch let e as PyException where call.positionalCount == 3 && m.isAttributeError(e) {
                m.decref(e.exc)
                m.incref(call.values[2])
                return call.values[2]
            }
        },
        BuiltinFunction("hasattr", .builtins, .function(2...2)) { m, call in
            let nameID = try m.attributeName(call.values[1], "hasattr")
            do {
                m.suppressMissingAttribute = true
                defer { m.suppressMissingAttribute = false }
                m.decref(try m.getAttr(call.values[0], nameID))
                return .bool(true)
            } catch is MissingAttribute {
                return .bool(false)
            } catch let e as PyException where m.isAttributeError(e) {
                m.decref(e.exc)
                return .bool(false)
            }
        },
        BuiltinFunction("setattr", .builtins, .function(3...3)) { m, call in
            let nameID = try m.attributeName(call.values[1], "setattr")
            m.incref(call.values[2])
            try m.setAttr(call.values[0], nameID, call.values[2])
            return .none
        },
        BuiltinFunction("set", .builtins, .function(0...1), instanceCheck: isKind(.set)) { m, call in
            let s = m.makeSet()
            if let src = call.positional.first {
                for v in try m.iterableItems(src) { m.incref(v); try m.setAdd(s, v) }
            }
            return .obj(s)
        },
        BuiltinFunction("float", .builtins, .function(0...1), instanceCheck: { _, v in
            if case .float = v { return true }
            return false
        }) { m, call in
            guard let v = call.positional.first else { return .float(0) }
            if let d = m.floatValue(v) { return .float(d) }
            if case .str(let s) = v {
                let t = s.trimmingCharacters(in: " ").lowercased()
                let named: [String: Double] = ["inf": .infinity, "+inf": .infinity, "-inf": -.infinity, "infinity": .infinity,
                                               "-infinity": -.infinity, "nan": .nan, "+nan": .nan, "-nan": .nan]
                if let d = named[t] { return .float(d) }
                if let d = Double(t.replacing("_", with: "")), !t.isEmpty, t.allSatisfy({ "0123456789.e+-_".contains($0) }) { return .float(d) }
                throw m.raiseNew(m.classes.valueError, "could not convert string to float: \(m.reprText(v))")
            }
            throw m.raiseNew(m.classes.typeError, "float() argument must be a string or a real number, not '\(m.typeName(of: v))'")
        },
        BuiltinFunction("round", .builtins, .function(1...2, keywords: .only(["ndigits"])), keywordParser: "round") { m, call in
            let v = call.values[0]
            let nd = try (call.positionalCount > 1 ? call.values[1] : call.keyword("ndigits")).flatMap { $0 == .none ? nil : try m.intArgument($0) }
            if let i = m.intValue(v) {
                guard let n = nd, n < 0 else { return .int(i) }
                var p = 1
                for _ in 0..<min(-n, 19) { p = p.multipliedReportingOverflow(by: 10).overflow ? Int.max : p * 10 }
                let (q, r) = try m.floorDivMod(i, p)
                let twice = 2 * r
                let up = twice > p || (twice == p && q % 2 != 0)
                return .int((q + (up ? 1 : 0)) * p)
            }
            guard case .float(let d) = v else {
                throw m.raiseNew(m.classes.typeError, "type \(m.typeName(of: v)) doesn't define __round__ method")
            }
            guard let n = nd else {
                if d.isNaN { throw m.raiseNew(m.classes.valueError, "cannot convert float NaN to integer") }
                if d.isInfinite { throw m.raiseNew(m.lazyClass("OverflowError"), "cannot convert float infinity to integer") }
                let r = d.rounded(.toNearestOrEven)
                guard r.magnitude < 9.2e18 else { throw m.intOverflow() }
                return .int(Int(r))
            }
            if !d.isFinite || n > 300 { return .float(d) }
            if n < 0 {
                var p = 1.0
                for _ in 0..<min(-n, 400) { p *= 10 }
                return .float((d / p).rounded(.toNearestOrEven) * p)
            }
            return .float(Double(cFormat("%.\(n)f", d)) ?? d)
        },
    ]
}

extension Machine {
    func isAttributeError(_ e: PyException) -> Bool {
        heap.objects[Int(e.exc)].kind == .instance && isSubclass(heap.objects[Int(e.exc)].typeID, classes.attributeError)
    }

    mutating func attributeName(_ v: Value, _ fname: String) throws -> Int32 {
        guard case .str(let s) = v else {
            throw raiseNew(classes.typeError, "attribute name must be string, not '\(typeName(of: v))'")
        }
        return program.intern(s)
    }

    /// list.sort: stable, by `key(item)` when given, compared with `<`.
    mutating func sortList(_ id: Int32, key: Value?, reverse: Bool) throws {
        let items = heap.objects[Int(id)].items
        var keys: [Value] = []
        defer { for k in keys { decref(k) } }
        if let key = key, key != .none {
            for v in items { incref(v); keys.append(try callFromNative(key, [v])) }
        } else {
            for v in items { incref(v); keys.append(v) }
        }
        // A stable bottom-up merge sort whose comparison is Python's `<` (it may raise).
        var order = Array(items.indices)
        var width = 1
        while width < order.count {
            var merged: [Int] = []
            merged.reserveCapacity(order.count)
            var lo = 0
            while lo < order.count {
                let mid = min(lo + width, order.count), hi = min(lo + 2 * width, order.count)
                var i = lo, j = mid
                while i < mid && j < hi {
                    // Take from the right run only when it is strictly first.
                    let (a, b) = reverse ? (keys[order[i]], keys[order[j]]) : (keys[order[j]], keys[order[i]])
                    if try truthy(try compare(.lt, a, b)) { merged.append(order[j]); j += 1 } else { merged.append(order[i]); i += 1 }
                }
                merged += order[i..<mid]
                merged += order[j..<hi]
                lo = hi
            }
            order = merged
            width *= 2
        }
        heap.objects[Int(id)].items = order.map { items[$0] }
    }
}
