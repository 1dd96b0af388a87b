// Python's hash() and == for the keys of dicts (and sets): what OrderedTable is given.
// Equal keys hash equal, as Python requires: 1 == True == 1.0 (an int-valued float
// hashes as that int); a tuple hashes its items; every other object
// hashes and compares by identity (gctrap's classes cannot define __hash__ / __eq__).
// The hashes follow CPython's where it defines them (int, tuple); str hashes are
// randomized in CPython, so any fixed function will do: the order of a dict is its
// insertion order either way.

extension Machine {

    /// hash(key); TypeError for a list or dict, also inside a tuple, as CPython.
    mutating func pyHash(_ key: Value) throws -> Int {
        if let h = hashValue(key, depth: 0) { return h }
        throw raiseNew(classes.typeError, "unhashable type: '\(typeName(of: unhashablePart(key) ?? key))'")
    }

    /// Python's == between two keys of a table, fast paths first.
    @inline(__always)
    func keysEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.str(let x), .str(let y)): return x == y
        case (.obj(let x), .obj(let y)):
            if x == y { return true }
            return heap.objects[Int(x)].kind == .tuple && valuesEqual(a, b)
        case (.builtin(let x), .builtin(let y)): return x == y
        default: return valuesEqual(a, b)
        }
    }

    /// nil when the key (or an item of a tuple key) is unhashable.
    func hashValue(_ v: Value, depth: Int) -> Int? {
        switch v {
        case .int(let n): return Machine.intHash(n)
        case .bool(let b): return b ? 1 : 0
        case .float(let d):
            // An int-valued float hashes as that int (1.0 == 1 finds the same key).
            if d.rounded(.towardZero) == d, d.magnitude < 9.2e18 { return Machine.intHash(Int(d)) }
            if d.isNaN { return 0 }
            return Int(bitPattern: UInt(d.bitPattern &* 0x9E37_79B9_7F4A_7C15))
        case .none: return 0xFCA8_6420   // CPython 3.12's constant; any fixed value will do
        case .str(let s):
            // FNV-1a over the UTF-8 bytes.
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return Int(bitPattern: UInt(h))
        case .builtin(let id): return Int(id) &* 0x9E37_79B9 ^ 0x5bd1_e995
        case .undefined: return 0
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .list, .dict, .set, .dictView: return nil
            case .tuple:
                // CPython's tuplehash (xxHash-style). Past a depth the items no longer mix
                // in: equal tuples still hash equal, and no key recurses without bound.
                let p1: UInt64 = 11_400_714_785_074_694_791, p2: UInt64 = 14_029_467_366_897_019_727
                let p5: UInt64 = 2_870_177_450_012_600_261
                var acc = p5
                if depth < 64 {
                    for item in o.items {
                        guard let h = hashValue(item, depth: depth + 1) else { return nil }
                        acc = acc &+ UInt64(bitPattern: Int64(h)) &* p2
                        acc = (acc << 31) | (acc >> 33)
                        acc = acc &* p1
                    }
                }
                acc = acc &+ (UInt64(o.items.count) ^ (p5 ^ 3_527_539))
                let h = Int(bitPattern: UInt(acc))
                return h == -1 ? 1_546_275_796 : h
            default:
                return Int(id)   // identity (object.__hash__)
            }
        }
    }

    /// CPython's long_hash: the value modulo 2**61 - 1, sign kept, -1 becomes -2.
    static func intHash(_ n: Int) -> Int {
        let modulus: UInt = (1 << 61) - 1
        let m = n.magnitude
        let r = Int(m < modulus ? m : m % modulus)
        let h = n < 0 ? -r : r
        return h == -1 ? -2 : h
    }

    /// The list or dict that made hashValue fail: within the same 64 levels it looks at (a
    /// chain of tuples nested deeper is not walked, so no key recurses without bound).
    private func unhashablePart(_ v: Value, depth: Int = 0) -> Value? {
        guard case .obj(let id) = v else { return nil }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .dict: return v
        case .tuple:
            guard depth < 64 else { return nil }
            for item in o.items { if let u = unhashablePart(item, depth: depth + 1) { return u } }
            return nil
        default: return nil
        }
    }
}
