// str() and repr() of values, as CPython makes them, written without native recursion: an
// explicit stack of what is left to write, with CPython's guards — a container met again
// inside itself is written [...] (Py_ReprEnter), every value written is one level of C
// recursion (RecursionError past the limit, as Py_EnterRecursiveCall), and a text that would
// not fit the memory budget is a MemoryError. Only a user-defined __str__ runs program code.

/// Why a text walk stopped before its end.
enum TextStop: Error {
    case tooDeep(repr: Bool)   // the value being entered was being repr'd (or str'd)
    case tooBig
    case raised(Int32)         // a user __str__ raised (the exception, owned)
}

/// One str()/repr() in progress: the text so far and what is left, innermost last.
struct TextWalk {
    enum Piece {
        case value(Value, repr: Bool)   // PyObject_Repr / PyObject_Str of a value: one level
        case literal(String)
        case close(Int32?)              // leaves a level (and the container, for [...])
    }
    var out = ""
    var work: [Piece]
    var open = 0                // levels entered and not yet left
    var active: [Int32] = []    // Py_ReprEnter's list: containers being written
    let levels: Int             // levels used before the walk (the builtin's own call)
    let room: Int
    let maxBytes: Int

    init(_ v: Value, repr: Bool, levels: Int, room: Int, maxBytes: Int) {
        work = [.value(v, repr: repr)]
        self.levels = levels
        self.room = room
        self.maxBytes = maxBytes
    }
}

extension Machine {

    // MARK: the recursion limit of native operations

    /// How many levels of C recursion repr, str, ==, < and isinstance may nest before
    /// RecursionError: CPython 3.11 shares its limit of 1000 with Python frames; 3.12 and 3.13
    /// count C levels apart (measured at module level: 1498 and 9999 available).
    var nativeRecursionRoom: Int {
        if let c = profile.cRecursionLimit { return c }
        return max(1, 1000 - frames.count)
    }

    // MARK: text for display (never raises, never runs program code)

    func plainText(_ v: Value) -> String {
        if case .str(let s) = v { return s }
        return reprText(v)
    }

    /// repr(v) for the investigator, messages and events: a walk that cannot finish (nested
    /// past the limit, or longer than `maxBytes`) is cut there and ends with "...".
    func reprText(_ v: Value, maxBytes: Int = 1 << 20) -> String {
        if let s = leafRepr(v) { return s }
        var w = TextWalk(v, repr: true, levels: 0, room: nativeRecursionRoom, maxBytes: maxBytes)
        do {
            _ = try advance(&w, callsStr: false)
        } catch {
            return w.out + "..."
        }
        return w.out
    }

    /// str(exc) as a traceback or an event shows it: CPython's "<exception str() failed>"
    /// when it cannot be made. No user __str__ runs here.
    func exceptionMessage(_ exc: Int32, maxBytes: Int = 1 << 20) -> String {
        var w = TextWalk(.obj(exc), repr: false, levels: 0, room: nativeRecursionRoom, maxBytes: maxBytes)
        do {
            _ = try advance(&w, callsStr: false)
        } catch TextStop.tooBig {
            return w.out + "..."
        } catch {
            return "<exception str() failed>"
        }
        return w.out
    }

    // MARK: text for the program (RecursionError, MemoryError, user __str__)

    /// repr(v): the builtin's call is one level, as in CPython.
    mutating func pyRepr(_ v: Value) throws -> String {
        noteContainerRepr(v)
        return try pythonText(v, repr: true)
    }

    /// str(x) and print(x), calling a user-defined __str__ where CPython would.
    mutating func strOf(_ v: Value) throws -> String {
        if let p = isProxy(v) { return try strOf(try proxyReferent(p)) }
        if case .str(let s) = v { return s }
        if case .int(let i) = v {
            // str(int), as common as str(str): the walk's two checks (one level of room, the
            // text within the memory budget) without the walk; failing one, the walk raises.
            let s = String(i)
            if nativeRecursionRoom >= 2 && s.utf8.count <= memory.budget - (memory.measured + memory.sinceMeasured) { return s }
        }
        noteContainerRepr(v)
        return try pythonText(v, repr: false)
    }

    private mutating func pythonText(_ v: Value, repr: Bool) throws -> String {
        let used = memory.measured + memory.sinceMeasured
        var w = TextWalk(v, repr: repr, levels: 1, room: nativeRecursionRoom,
                         maxBytes: max(0, memory.budget - used))
        do {
            while let id = try advance(&w, callsStr: true) {
                w.out += try userStr(id)
                w.open -= 1
            }
        } catch TextStop.tooDeep(let r) {
            throw raiseNew(classes.recursionError, "maximum recursion depth exceeded while getting the \(r ? "repr" : "str") of an object")
        } catch TextStop.tooBig {
            throw memoryError()
        } catch TextStop.raised(let exc) {
            throw PyException(exc: exc)
        }
        return w.out
    }

    /// The user-defined __str__ of an instance, or nil.
    func userStrMethod(_ id: Int32) -> Value? {
        guard heap.objects[Int(id)].kind == .instance else { return nil }
        let cls = heap.objects[Int(id)].typeID
        for special in [program.known.str, program.known.repr] {
            if let m = classAttribute(cls, special), case .obj(let f) = m, heap.objects[Int(f)].kind == .function {
                return m
            }
        }
        return nil
    }

    /// Runs a user __str__ (a nested run, bounded like every nested run).
    private mutating func userStr(_ id: Int32) throws -> String {
        guard let m = userStrMethod(id) else { return "" }
        if nestedDepth >= Machine.maxNestedDepth { throw TextStop.tooDeep(repr: false) }
        incref(id)
        if let exc = callNested(m, args: [.obj(id)]) { throw TextStop.raised(exc) }
        let r = nestedResult
        nestedResult = .none
        guard case .str(let s) = r else {
            decref(r)
            throw TextStop.raised(makeException(classes.typeError, "__str__ returned non-string (type \(typeName(of: r)))"))
        }
        return s
    }

    // MARK: the walk

    /// A value's repr that needs no walk (no object).
    func leafRepr(_ v: Value) -> String? {
        switch v {
        case .undefined: return "<undefined>"
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return Machine.floatRepr(d)
        case .str(let s): return quoted(s)
        case .builtin(let b): return "<built-in function \(Builtins.table[Int(b)].name)>"
        case .obj: return nil
        }
    }

    func quoted(_ s: String) -> String {
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
    }

    /// Writes what is left of `w`. Returns an instance whose user __str__ the caller must
    /// run and append (one level is then open: the caller closes it), or nil when done.
    func advance(_ w: inout TextWalk, callsStr: Bool) throws -> Int32? {
        while let piece = w.work.popLast() {
            switch piece {
            case .literal(let s):
                w.out += s
            case .close(let id):
                w.open -= 1
                if id != nil { w.active.removeLast() }
            case .value(let v, let repr):
                // PyObject_Str of a str returns it before entering a level.
                if !repr, case .str(let s) = v { w.out += s; break }
                if w.levels + w.open + 1 > w.room { throw TextStop.tooDeep(repr: repr) }
                if let s = leafRepr(v) { w.out += s; break }
                guard case .obj(let id) = v else { break }
                if !repr && callsStr && userStrMethod(id) != nil {
                    w.open += 1
                    return id
                }
                enter(id, repr: repr, &w)
            }
            if w.out.utf8.count > w.maxBytes { throw TextStop.tooBig }
        }
        return nil
    }

    /// Writes the start of an object's text and queues the rest (its items, innermost last).
    private func enter(_ id: Int32, repr: Bool, _ w: inout TextWalk) {
        let o = heap.objects[Int(id)]
        func open(_ start: String, _ end: String, _ container: Bool) {
            w.out += start
            w.open += 1
            if container { w.active.append(id) }
            w.work.append(.close(container ? id : nil))
            w.work.append(.literal(end))
        }
        func queue(_ values: [Value], separator: String = ", ") {
            for (i, v) in values.enumerated().reversed() {
                w.work.append(.value(v, repr: true))
                if i > 0 { w.work.append(.literal(separator)) }
            }
        }
        switch o.kind {
        case .list, .tuple, .dict:
            let (l, r) = o.kind == .list ? ("[", "]") : o.kind == .tuple ? ("(", ")") : ("{", "}")
            if o.kind == .dict ? o.table.isEmpty : o.items.isEmpty { w.out += l + r; return }
            if w.active.contains(id) { w.out += l + "..." + r; return }
            open(l, o.kind == .tuple && o.items.count == 1 ? ",)" : r, true)
            if o.kind == .dict {
                for (i, (k, v)) in o.table.pairs.enumerated().reversed() {
                    w.work.append(.value(v, repr: true))
                    w.work.append(.literal(": "))
                    w.work.append(.value(k, repr: true))
                    if i > 0 { w.work.append(.literal(", ")) }
                }
            } else {
                queue(o.items)
            }
        case .set:
            if o.table.isEmpty { w.out += "set()"; return }
            if w.active.contains(id) { w.out += "{...}"; return }
            open("{", "}", true)
            queue(o.table.keys)
        case .dictView:
            // dict_keys([...]) / dict_values([...]) / dict_items([(k, v), ...]): the view's
            // list is written like a list of its dict's entries.
            guard case .obj(let d) = o.items[0] else { return }
            let table = heap.objects[Int(d)].table
            open(typeName(of: .obj(id)) + "([", "])", false)
            switch o.ref {
            case 0: queue(table.keys)
            case 1: queue(table.values)
            default:
                for (i, (k, v)) in table.pairs.enumerated().reversed() {
                    w.work.append(.literal(")"))
                    w.work.append(.value(v, repr: true))
                    w.work.append(.literal(", "))
                    w.work.append(.value(k, repr: true))
                    w.work.append(.literal("("))
                    if i > 0 { w.work.append(.literal(", ")) }
                }
            }
        case .slice:
            open("slice(", ")", false)
            queue(o.items)
        case .instance where isSubclass(o.typeID, classes.baseException):
            let args: [Value]
            var argsTuple: Value = .none
            if let a = attributeValue(.obj(id), program.known.args), case .obj(let t) = a, heap.objects[Int(t)].kind == .tuple {
                args = heap.objects[Int(t)].items
                argsTuple = a
            } else {
                args = []
            }
            if repr {
                // BaseException_repr: Name(arg) for one argument, Name + repr(args) otherwise.
                let name = heap.objects[Int(o.typeID)].name
                if args.count == 1 {
                    open(name + "(", ")", false)
                    w.work.append(.value(args[0], repr: true))
                } else {
                    open(name, "", false)
                    w.work.append(args.isEmpty ? .literal("()") : .value(argsTuple, repr: true))
                }
            } else {
                // BaseException_str: "" / str(arg) / str(args); KeyError_str: repr(arg).
                open("", "", false)
                if args.count == 1 {
                    w.work.append(.value(args[0], repr: isSubclass(o.typeID, classes.keyError)))
                } else if args.count > 1 {
                    w.work.append(.value(argsTuple, repr: false))
                }
            }
        case .instance:
            w.out += "<\(classModuleName(o.typeID)).\(heap.objects[Int(o.typeID)].name) object at \(address(id))>"
        case .cls:
            w.out += o.ref2 < 0 ? "<class '\(o.name)'>" : "<class '\(classModuleName(id)).\(o.name)'>"
        case .function: w.out += "<function \(program.codes[o.ref].qualname) at \(address(id))>"
        case .generator: w.out += "<generator object \(program.codes[Int(generators[id]?.code ?? 0)].qualname) at \(address(id))>"
        case .module: w.out += "<module '\(o.name)'>"
        case .range:
            let step = intValue(o.items[0]) ?? 1
            w.out += step == 1 ? "range(\(o.ref), \(o.ref2))" : "range(\(o.ref), \(o.ref2), \(step))"
        default: w.out += "<\(typeName(of: .obj(id))) object at \(address(id))>"
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

    func classModuleName(_ cls: Int32) -> String {
        let m = heap.objects[Int(cls)].ref2
        return m >= 0 && m < program.modules.count ? program.modules[m].name : "builtins"
    }

    func address(_ id: Int32) -> String {
        "0x7f" + String(0x10_0000 + Int(id) * 0x40, radix: 16)
    }

    /// The first repr of a non-empty list or tuple, or of any dict, calls Py_ReprEnter,
    /// which makes the thread state's dict and, in it, the list of objects being repr'd
    /// (both kept for good): two GC objects, once per process (measured +2 on 3.11-3.13;
    /// `[]` and `()` return before Py_ReprEnter). An exception's repr/str goes through its
    /// args: the tuple when it has 2 or more, the single argument otherwise (followed along
    /// a chain of exceptions without recursion).
    mutating func noteContainerRepr(_ v: Value) {
        var v = v
        var hops = 0
        while !reprListMade, case .obj(let id) = v, hops < 100_000 {
            hops += 1
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
                if items.count == 1 { v = items[0]; continue }
                if items.count < 2 { return }
            default:
                return
            }
            reprListMade = true
            hold(.dict, size: 0)
            hold(.list, size: 0)
        }
    }
}
