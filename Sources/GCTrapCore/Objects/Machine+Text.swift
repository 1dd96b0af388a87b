// str() and repr() of values, as CPython prints them.

extension Machine {

    // MARK: text

    func plainText(_ v: Value) -> String {
        if case .str(let s) = v { return s }
        return reprText(v)
    }

    func reprText(_ v: Value, depth: Int = 0) -> String {
        switch v {
        case .undefined: return "<undefined>"
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return Machine.floatRepr(d)
        case .str(let s):
            let q = s.contains("'") && !s.contains("\"") ? "\"" : "'"
            var body = ""
            for ch in s {
                switch ch {
                case "\\": body += "\\\\"
                case "\n": body += "\\n"
                case "\t": body += "\\t"
                case "'" where q == "'": body += "\\'"
                default: body.append(ch)
                }
            }
            return q + body + q
        case .builtin(let b): return "<built-in function \(Builtins.table[Int(b)].name)>"
        case .obj(let id):
            let o = heap.objects[Int(id)]
            if depth > 3 { return "..." }
            switch o.kind {
            case .list: return "[" + o.items.map { reprText($0, depth: depth + 1) }.joined(separator: ", ") + "]"
            case .tuple:
                let inner = o.items.map { reprText($0, depth: depth + 1) }.joined(separator: ", ")
                return o.items.count == 1 ? "(\(inner),)" : "(\(inner))"
            case .set:
                return o.table.isEmpty ? "set()" : "{" + o.table.keys.map { reprText($0, depth: depth + 1) }.joined(separator: ", ") + "}"
            case .dictView:
                guard case .obj(let d) = o.items[0] else { return "" }
                let dd = heap.objects[Int(d)]
                let inner: [String]
                switch o.ref {
                case 0: inner = dd.table.keys.map { reprText($0, depth: depth + 1) }
                case 1: inner = dd.table.values.map { reprText($0, depth: depth + 1) }
                default: inner = dd.table.pairs.map { "(" + reprText($0.key, depth: depth + 1) + ", " + reprText($0.value, depth: depth + 1) + ")" }
                }
                return typeName(of: v) + "([" + inner.joined(separator: ", ") + "])"
            case .slice:
                return "slice(" + o.items.map { reprText($0, depth: depth + 1) }.joined(separator: ", ") + ")"
            case .dict:
                return "{" + o.table.pairs.map { reprText($0, depth: depth + 1) + ": " + reprText($1, depth: depth + 1) }.joined(separator: ", ") + "}"
            case .instance:
                if isSubclass(o.typeID, classes.baseException) {
                    return "\(heap.objects[Int(o.typeID)].name)(\(argsText(id)))"
                }
                return "<\(classModuleName(o.typeID)).\(heap.objects[Int(o.typeID)].name) object at \(address(id))>"
            case .cls:
                return o.ref2 < 0 ? "<class '\(o.name)'>" : "<class '\(classModuleName(id)).\(o.name)'>"
            case .function: return "<function \(program.codes[o.ref].qualname) at \(address(id))>"
            case .generator: return "<generator object \(program.codes[Int(generators[id]?.code ?? 0)].qualname) at \(address(id))>"
            case .module: return "<module '\(o.name)'>"
            case .range:
                let step = intValue(o.items[0]) ?? 1
                return step == 1 ? "range(\(o.ref), \(o.ref2))" : "range(\(o.ref), \(o.ref2), \(step))"
            default: return "<\(typeName(of: v)) object at \(address(id))>"
            }
        }
    }

    /// repr(float): the shortest digits that read back the same (Swift's description gives
    /// them), laid out as Python does: fixed notation for exponents -4 to 15, else d.ddde+XX.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        var text = "\(d.magnitude)"
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        // text is now mantissa digits with a point somewhere: normalize to digits + exponent.
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0]), frac = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + frac
        var point = intPart.count + exp          // the decimal point's position in `digits`
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let e10 = point - 1                        // scientific exponent
        var out: String
        if e10 >= -4 && e10 < 16 {
            if point <= 0 {
                out = "0." + String(repeating: "0", count: -point) + digits
            } else if point >= digits.count {
                out = digits + String(repeating: "0", count: point - digits.count) + ".0"
            } else {
                out = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            }
        } else {
            let mant = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
            out = mant + "e" + (e10 < 0 ? "-" : "+") + (abs(e10) < 10 ? "0" : "") + String(abs(e10))
        }
        return (d < 0 ? "-" : "") + out
    }

    func argsText(_ exc: Int32) -> String {
        guard let args = attributeValue(.obj(exc), program.known.args),
              case .obj(let t) = args else { return "" }
        return heap.objects[Int(t)].items.map { reprText($0) }.joined(separator: ", ")
    }

    func classModuleName(_ cls: Int32) -> String {
        let m = heap.objects[Int(cls)].ref2
        return m >= 0 && m < program.modules.count ? program.modules[m].name : "builtins"
    }

    func address(_ id: Int32) -> String {
        "0x7f" + String(0x10_0000 + Int(id) * 0x40, radix: 16)
    }

    /// str(x), calling a user-defined __str__ when there is one.
    /// The first repr of a non-empty list or tuple, or of any dict, calls Py_ReprEnter,
    /// which makes the thread state's dict and, in it, the list of objects being repr'd
    /// (both kept for good): two GC objects, once per process (measured +2 on 3.11-3.13;
    /// `[]` and `()` return before Py_ReprEnter). An exception's repr/str goes through its
    /// args: the tuple when it has 2 or more, the single argument otherwise.
    mutating func noteContainerRepr(_ v: Value) {
        guard !reprListMade, case .obj(let id) = v else { return }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple:
            if o.items.isEmpty { return }
        case .set:
            if o.table.isEmpty { return }
        case .dict, .dictView:
            break
        case .instance where isSubclass(o.typeID, classes.baseException):
            if lookupClassAttr(o.typeID, program.known.repr) != nil || lookupClassAttr(o.typeID, program.known.str) != nil { return }
            guard let args = attributeValue(v, program.known.args), case .obj(let t) = args,
                  heap.objects[Int(t)].kind == .tuple else { return }
            let items = heap.objects[Int(t)].items
            if items.count == 1 { noteContainerRepr(items[0]) }
            if items.count < 2 { return }
        default:
            return
        }
        reprListMade = true
        hold(.dict, size: 0)
        hold(.list, size: 0)
    }

    mutating func strOf(_ v: Value) throws -> String {
        if let p = isProxy(v) { return try strOf(try proxyReferent(p)) }
        noteContainerRepr(v)
        if case .obj(let id) = v, heap.objects[Int(id)].kind == .instance {
            let cls = heap.objects[Int(id)].typeID
            for special in ["__str__", "__repr__"] {
                if let m = lookupClassAttr(cls, program.intern(special)), case .obj(let f) = m,
                   heap.objects[Int(f)].kind == .function {
                    if nestedDepth >= Machine.maxNestedDepth {
                        throw raiseNew(classes.recursionError, "maximum recursion depth exceeded while getting the str of an object")
                    }
                    incref(v)
                    if let exc = callNested(m, args: [v]) { throw PyException(exc: exc) }
                    let r = nestedResult
                    nestedResult = .none
                    guard case .str(let s) = r else {
                        decref(r)
                        throw raiseNew(classes.typeError, "\(special) returned non-string (type \(typeName(of: r)))")
                    }
                    return s
                }
            }
            if isSubclass(cls, classes.baseException) { return exceptionMessage(id) }
        }
        return plainText(v)
    }
}
