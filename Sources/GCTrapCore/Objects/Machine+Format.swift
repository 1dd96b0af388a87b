// format(value, spec): f-strings' replacement fields and str.format, with CPython's format
// mini-language ([[fill]align][sign][#][0][width][,|_][.precision][type]) and its messages.
// Formatting makes strings only, which are not GC objects: an f-string allocates nothing the
// collector counts (measured: docs/cpython-model.md, J); a container's repr still enters
// Py_ReprEnter (`noteContainerRepr`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's printf for one double ("%.3f", "%.6e", "%.4g"): correctly rounded, as CPython's
/// float formatting is.
func cFormat(_ format: String, _ d: Double) -> String {
    var buf = [CChar](repeating: 0, count: 400)
    var n = withVaList([d]) { vsnprintf(&buf, buf.count, format, $0) }
    if n >= buf.count {
        buf = [CChar](repeating: 0, count: Int(n) + 1)
        n = withVaList([d]) { vsnprintf(&buf, buf.count, format, $0) }
    }
    return String(decoding: buf.prefix(Int(max(0, n))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    /// Parses a spec; nil with CPython's message when it is malformed.
    static func parse(_ s: String) -> (FormatSpec?, String?) {
        var f = FormatSpec()
        let c = Array(s)
        var i = 0
        if c.count >= 2, "<>=^".contains(c[1]) { f.fill = c[0]; f.align = c[1]; i = 2 }
        else if let a = c.first, "<>=^".contains(a) { f.align = a; i = 1 }
        if i < c.count, "+- ".contains(c[i]) { f.sign = c[i]; i += 1 }
        if i < c.count, c[i] == "#" { f.alternate = true; i += 1 }
        if i < c.count, c[i] == "0" {
            f.zeroPad = true
            if f.align == nil { f.fill = "0"; f.align = "=" }
            i += 1
        }
        var w = ""
        while i < c.count, c[i].isASCII, c[i].isNumber { w.append(c[i]); i += 1 }
        if !w.isEmpty {
            guard let n = Int(w), n < 1_000_000 else { return (nil, "Too many decimal digits in format string") }
            f.width = n
        }
        if i < c.count, c[i] == "," || c[i] == "_" { f.grouping = c[i]; i += 1 }
        if i < c.count, c[i] == "." {
            i += 1
            var p = ""
            while i < c.count, c[i].isASCII, c[i].isNumber { p.append(c[i]); i += 1 }
            if p.isEmpty { return (nil, "Format specifier missing precision") }
            guard let n = Int(p), n < 1_000_000 else { return (nil, "Too many decimal digits in format string") }
            f.precision = n
        }
        if i < c.count { f.type = c[i]; i += 1 }
        if i < c.count { return (nil, "Invalid format specifier '\(s)' for object of type '%T'") }
        return (f, nil)
    }

    /// Pads `body` (its sign part `prefix` kept in front for `=`) to the width.
    func pad(_ body: String, prefix: String = "", defaultAlign: Character) -> String {
        let total = prefix.count + body.count
        guard total < width else { return prefix + body }
        let n = width - total
        switch align ?? defaultAlign {
        case "<": return prefix + body + String(repeating: fill, count: n)
        case "^": return String(repeating: fill, count: n / 2) + prefix + body + String(repeating: fill, count: n - n / 2)
        case "=": return prefix + String(repeating: fill, count: n) + body
        default: return String(repeating: fill, count: n) + prefix + body
        }
    }
}

extension Machine {

    /// FORMAT_VALUE: the conversion (1 str, 2 repr, 3 ascii), then format(value, spec).
    mutating func formatValue(_ x: Value, conversion: Int32, spec: Value) throws -> String {
        guard case .str(let s) = spec else { throw raiseNew(classes.typeError, "format spec must be a str") }
        var v = x
        switch conversion {
        case 1: v = .str(try strOf(x))
        case 2, 3: noteContainerRepr(x); v = .str(reprText(x))
        default: break
        }
        return try format(v, s)
    }

    /// format(value, spec), PyObject_Format: an exact str or int with an empty spec is its
    /// own text; anything else looks up `__format__`, a bound built-in method (+1, no free
    /// list) alive while it runs (measured on 3.11-3.13: `f"{q}"` with a `__str__` reading
    /// gc.get_count() sees one object more than `q.__str__()`).
    mutating func format(_ v: Value, _ spec: String) throws -> String {
        switch v {
        case .str(let s) where spec.isEmpty: return s
        case .int(let i) where spec.isEmpty: return String(i)
        default: break
        }
        hold(.nativeMethod, size: 0)
        defer { unhold(.nativeMethod, size: 0) }
        return try dunderFormat(v, spec)
    }

    /// The value's own __format__.
    mutating func dunderFormat(_ v: Value, _ spec: String) throws -> String {
        if case .obj = v {
            // object.__format__: str(self) with an empty spec, else TypeError.
            if !spec.isEmpty {
                throw raiseNew(classes.typeError, "unsupported format string passed to \(typeName(of: v)).__format__")
            }
            return try strOf(v)
        }
        if spec.isEmpty {
            if case .str(let s) = v { return s }
            return try strOf(v)
        }
        let (parsed, error) = FormatSpec.parse(spec)
        guard let f = parsed else {
            throw raiseNew(classes.valueError, error!.replacing("%T", with: typeName(of: v)))
        }
        switch v {
        case .str(let s): return try formatString(s, f)
        case .int(let i): return try formatInt(i, f, typeName: "int")
        case .float(let d): return try formatFloat(d, f)
        case .bool(let b):
            // bool uses int.__format__: only the empty spec gives "True".
            return try formatInt(b ? 1 : 0, f, typeName: "bool")
        case .none:
            throw raiseNew(classes.typeError, "unsupported format string passed to NoneType.__format__")
        default:
            return try strOf(v)
        }
    }

    mutating func formatString(_ s: String, _ f: FormatSpec) throws -> String {
        if let t = f.type, t != "s" {
            throw raiseNew(classes.valueError, "Unknown format code '\(t)' for object of type 'str'")
        }
        if f.sign != "-" { throw raiseNew(classes.valueError, "Sign not allowed in string format specifier") }
        if f.alternate { throw raiseNew(classes.valueError, "Alternate form (#) not allowed in string format specifier") }
        if f.align == "=" { throw raiseNew(classes.valueError, "'=' alignment not allowed in string format specifier") }
        if f.grouping != nil { throw raiseNew(classes.valueError, "Cannot specify ',' with 's'.") }
        var body = s
        if let p = f.precision, body.count > p { body = String(body.prefix(p)) }
        try reserve(bytes: 49 + max(f.width, body.utf8.count))
        return f.pad(body, defaultAlign: "<")
    }

    mutating func formatInt(_ i: Int, _ f: FormatSpec, typeName: String) throws -> String {
        let t = f.type ?? "d"
        let radix: Int
        var prefix = ""
        switch t {
        case "d", "n": radix = 10
        case "x", "X": radix = 16; if f.alternate { prefix = t == "x" ? "0x" : "0X" }
        case "o": radix = 8; if f.alternate { prefix = "0o" }
        case "b": radix = 2; if f.alternate { prefix = "0b" }
        case "e", "E", "f", "F", "g", "G", "%":
            return try formatFloat(Double(i), f)
        case "c":
            guard i >= 0, i <= 0x10FFFF, let u = Unicode.Scalar(UInt32(i)) else {
                throw raiseNew(lazyClass("OverflowError"), "%c arg not in range(0x110000)")
            }
            return try formatString(String(Character(u)), FormatSpec(fill: f.fill, align: f.align, width: f.width))
        default:
            throw raiseNew(classes.valueError, "Unknown format code '\(t)' for object of type '\(typeName)'")
        }
        if f.precision != nil { throw raiseNew(classes.valueError, "Precision not allowed in integer format specifier") }
        var digits = String(i.magnitude, radix: radix)
        if t == "X" { digits = digits.uppercased() }
        if let g = f.grouping {
            if g == "," && radix != 10 { throw raiseNew(classes.valueError, "Cannot specify ',' with '\(t)'.") }
            digits = Machine.group(digits, by: radix == 10 ? 3 : 4, with: g)
        }
        let sign = i < 0 ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
        try reserve(bytes: 49 + max(f.width, digits.utf8.count + 3))
        if f.zeroPad && f.align == "=" && f.fill == "0", let g = f.grouping, radix == 10 || g == "_" {
            // Zero padding goes through the grouping too ("0,001,234").
            let size = radix == 10 ? 3 : 4
            var plain = String(i.magnitude, radix: radix)
            if t == "X" { plain = plain.uppercased() }
            while Machine.group(plain, by: size, with: g).count + sign.count + prefix.count < f.width { plain = "0" + plain }
            return sign + prefix + Machine.group(plain, by: size, with: g)
        }
        return f.pad(digits, prefix: sign + prefix, defaultAlign: ">")
    }

    /// float.__format__: e/E/f/F/g/G/% through C's printf, no type as repr (or as 'g'
    /// keeping a '.0' when a precision is given).
    mutating func formatFloat(_ d: Double, _ f: FormatSpec) throws -> String {
        var body: String
        let p = f.precision
        switch f.type {
        case nil:
            if let p = p {
                body = cFormat("%.\(max(1, p))g", d.magnitude)
                if !body.contains(".") && !body.contains("e") && d.isFinite { body += ".0" }
            } else { body = Machine.floatRepr(d.magnitude) }
        case "e", "E", "f", "F", "g", "G":
            body = cFormat("%\(f.alternate ? "#" : "").\(p ?? 6)\(f.type!)", d.magnitude)
        case "%":
            body = cFormat("%.\(p ?? 6)f", d.magnitude * 100) + "%"
        case "n":
            body = cFormat("%.\(p ?? 6)g", d.magnitude)
        default:
            throw raiseNew(classes.valueError, "Unknown format code '\(f.type!)' for object of type 'float'")
        }
        if d.isNaN { body = f.type.map { "EFG".contains($0) } == true ? "NAN" : "nan" }
        if let g = f.grouping {
            let intEnd = body.firstIndex { !$0.isNumber } ?? body.endIndex
            body = Machine.group(String(body[..<intEnd]), by: 3, with: g) + body[intEnd...]
        }
        let negative = d.sign == .minus && !d.isNaN
        let sign = negative ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
        try reserve(bytes: 49 + max(f.width, body.utf8.count + 1))
        return f.pad(body, prefix: sign, defaultAlign: ">")
    }

    /// %f %e %g of printf-style formatting.
    mutating func percentFloat(_ v: Value, _ conv: Character, _ spec: FormatSpec) throws -> String {
        guard let d = floatValue(v) else {
            throw raiseNew(classes.typeError, "must be real number, not \(typeName(of: v))")
        }
        var body = cFormat("%\(spec.alternate ? "#" : "").\(spec.precision ?? 6)\(conv)", d.magnitude)
        if d.isNaN { body = "nan" }
        let sign = d.sign == .minus && !d.isNaN ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
        var f = spec
        if spec.zeroPad && spec.align != "<" { f.fill = "0"; f.align = "=" }
        return f.pad(body, prefix: sign, defaultAlign: ">")
    }

    static func group(_ digits: String, by size: Int, with sep: Character) -> String {
        var out: [Character] = []
        for (k, ch) in digits.reversed().enumerated() {
            if k > 0 && k % size == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }
}

extension Machine {

    /// `fmt % args` (printf-style): a tuple gives the arguments, a dict the `%(name)s`
    /// mapping, anything else is the one argument. Strings only: no GC object (measured:
    /// `"%d %s" % (n, s)` costs only the tuple the expression builds, docs J.3).
    mutating func percentFormat(_ fmt: String, _ args: Value) throws -> String {
        var list: [Value] = [args]
        var mapping: Int32? = nil
        if case .obj(let id) = args {
            switch heap.objects[Int(id)].kind {
            case .tuple: list = heap.objects[Int(id)].items
            case .dict: mapping = id
            default: break
            }
        }
        var next = 0
        func take() throws -> Value {
            guard next < list.count else { throw raiseNew(classes.typeError, "not enough arguments for format string") }
            next += 1
            return list[next - 1]
        }
        let c = Array(fmt)
        var out = ""
        var i = 0
        var usedMapping = false
        while i < c.count {
            if c[i] != "%" { out.append(c[i]); i += 1; continue }
            i += 1
            guard i < c.count else { throw raiseNew(classes.valueError, "incomplete format") }
            var value: Value? = nil
            if c[i] == "(" {
                guard let d = mapping else { throw raiseNew(classes.typeError, "format requires a mapping") }
                var depth = 1, key = ""
                i += 1
                while i < c.count {
                    if c[i] == "(" { depth += 1 } else if c[i] == ")" { depth -= 1; if depth == 0 { break } }
                    key.append(c[i]); i += 1
                }
                guard i < c.count else { throw raiseNew(classes.valueError, "incomplete format key") }
                i += 1
                guard let k = try dictIndex(d, .str(key)) else { throw raiseKeyError(.str(key)) }
                value = dictValue(d, at: k)
                usedMapping = true
            }
            var spec = FormatSpec()
            spec.align = ">"
            while i < c.count, "-+ #0".contains(c[i]) {
                switch c[i] {
                case "-": spec.align = "<"
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                default: spec.zeroPad = true
                }
                i += 1
            }
            if i < c.count, c[i] == "*" {
                spec.width = try intArgument(try take()); i += 1
                if spec.width < 0 { spec.align = "<"; spec.width = -spec.width }
            } else {
                var w = ""
                while i < c.count, c[i].isASCII, c[i].isNumber { w.append(c[i]); i += 1 }
                spec.width = Int(w) ?? 0
            }
            if i < c.count, c[i] == "." {
                i += 1
                if i < c.count, c[i] == "*" { spec.precision = try intArgument(try take()); i += 1 } else {
                    var p = ""
                    while i < c.count, c[i].isASCII, c[i].isNumber { p.append(c[i]); i += 1 }
                    spec.precision = Int(p) ?? 0
                }
            }
            guard i < c.count else { throw raiseNew(classes.valueError, "incomplete format") }
            let conv = c[i]
            i += 1
            if conv == "%" { out.append("%"); continue }
            let v = try value ?? take()
            switch conv {
            case "s", "r", "a":
                var text = conv == "s" ? try strOf(v) : { noteContainerRepr(v); return reprText(v) }()
                if let p = spec.precision, text.count > p { text = String(text.prefix(p)) }
                out += spec.pad(text, defaultAlign: ">")
            case "d", "i", "u", "x", "X", "o", "c", "f", "F", "e", "E", "g", "G":
                out += try percentNumber(v, conv, spec)
            default:
                throw raiseNew(classes.valueError, "unsupported format character '\(conv)' (0x\(String(conv.unicodeScalars.first!.value, radix: 16))) at index \(i - 1)")
            }
        }
        if mapping == nil && next < list.count {
            throw raiseNew(classes.typeError, "not all arguments converted during string formatting")
        }
        _ = usedMapping
        try reserve(bytes: 49 + out.utf8.count)
        return out
    }

    mutating func percentNumber(_ v: Value, _ conv: Character, _ spec: FormatSpec) throws -> String {
        if conv == "c" {
            if case .str(let s) = v, s.count == 1 { return spec.pad(s, defaultAlign: ">") }
            guard let i = intValue(v), let u = Unicode.Scalar(UInt32(clamping: max(0, i))) else {
                throw raiseNew(classes.typeError, "%c requires int or char")
            }
            return spec.pad(String(Character(u)), defaultAlign: ">")
        }
        if "fFeEgG".contains(conv) {
            return try percentFloat(v, conv, spec)
        }
        guard let i = intValue(v) else {
            let what = conv == "x" || conv == "X" || conv == "o" ? "%\(conv) format: an integer is required, not \(typeName(of: v))"
                : "%\(conv) format: a real number is required, not \(typeName(of: v))"
            throw raiseNew(classes.typeError, what)
        }
        var digits: String
        var prefix = ""
        switch conv {
        case "x": digits = String(i.magnitude, radix: 16); if spec.alternate { prefix = "0x" }
        case "X": digits = String(i.magnitude, radix: 16).uppercased(); if spec.alternate { prefix = "0X" }
        case "o": digits = String(i.magnitude, radix: 8); if spec.alternate { prefix = "0o" }
        default: digits = String(i.magnitude)
        }
        if let p = spec.precision, digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
        let sign = i < 0 ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
        var f = spec
        if spec.zeroPad && spec.align != "<" { f.fill = "0"; f.align = "=" }
        return f.pad(digits, prefix: sign + prefix, defaultAlign: ">")
    }

    /// str.format: `{}`, `{0}`, `{name}`, `{0.attr}`, `{0[key]}`, conversions and specs
    /// (nested fields included); each field goes through format() (its bound __format__).
    mutating func strFormat(_ fmt: String, _ call: BuiltinArguments) throws -> String {
        let args = Array(call.positional.dropFirst())
        var auto = 0
        let c = Array(fmt)
        var out = ""
        var i = 0
        // CPython's build_string: the format string is level 2, a spec with fields in it is
        // expanded one level down, and a field in such a spec cannot have fields in its own
        // spec ("Max string recursion exceeded"); so the recursion is at most two deep.
        func field(_ text: String, level: Int) throws -> String {
            // name[.attr|[key]]...[!conv][:spec]
            var name = "", conv: Character? = nil, spec = ""
            var j = text.startIndex
            var depth = 0
            while j < text.endIndex {
                let ch = text[j]
                if ch == "[" { depth += 1 } else if ch == "]" { depth -= 1 }
                if depth == 0 && (ch == "!" || ch == ":") { break }
                name.append(ch); j = text.index(after: j)
            }
            if j < text.endIndex, text[j] == "!" {
                j = text.index(after: j)
                guard j < text.endIndex else { throw raiseNew(classes.valueError, "end of string while looking for conversion specifier") }
                conv = text[j]; j = text.index(after: j)
                if j < text.endIndex, text[j] != ":" { throw raiseNew(classes.valueError, "expected ':' after conversion specifier") }
            }
            if j < text.endIndex, text[j] == ":" { spec = String(text[text.index(after: j)...]) }
            // The first part selects the argument.
            var head = "", rest = Substring(name)
            while let f = rest.first, f != "." && f != "[" { head.append(f); rest = rest.dropFirst() }
            var value: Value
            if head.isEmpty {
                guard auto >= 0 else { throw raiseNew(classes.valueError, "cannot switch from manual field specification to automatic field numbering") }
                guard auto < args.count else { throw raiseNew(classes.indexError, "Replacement index \(auto) out of range for positional args tuple") }
                value = args[auto]; auto += 1
            } else if let n = Int(head) {
                if auto > 0 { throw raiseNew(classes.valueError, "cannot switch from automatic field numbering to manual field specification") }
                auto = -1
                guard n < args.count else { throw raiseNew(classes.indexError, "Replacement index \(n) out of range for positional args tuple") }
                value = args[n]
            } else {
                guard let v = call.keyword(head) else { throw raiseKeyError(.str(head)) }
                value = v
            }
            incref(value)
            defer { decref(value) }
            while let f = rest.first {
                rest = rest.dropFirst()
                var part = ""
                if f == "." {
                    while let g = rest.first, g != "." && g != "[" { part.append(g); rest = rest.dropFirst() }
                    let next = try getAttr(value, program.intern(part))
                    decref(value); value = next
                } else {
                    while let g = rest.first, g != "]" { part.append(g); rest = rest.dropFirst() }
                    rest = rest.dropFirst()
                    let next = try getItem(value, Int(part).map { .int($0) } ?? .str(part))
                    decref(value); value = next
                }
            }
            var shown = value
            switch conv {
            case nil: break
            case "s": shown = .str(try strOf(value))
            case "r", "a": noteContainerRepr(value); shown = .str(reprText(value))
            default: throw raiseNew(classes.valueError, "Unknown conversion specifier \(conv!)")
            }
            // After the argument is chosen (as CPython: '{:{}}'.format(1, 5) pads 1 to 5).
            if spec.contains("{") { spec = try expand(spec, level: level - 1) }
            return try format(shown, spec)
        }
        func expand(_ s: String, level: Int) throws -> String {
            guard level > 0 else { throw raiseNew(classes.valueError, "Max string recursion exceeded") }
            var r = "", k = s.startIndex
            while k < s.endIndex {
                if s[k] == "{", let close = s[k...].firstIndex(of: "}") {
                    r += try field(String(s[s.index(after: k)..<close]), level: level)
                    k = s.index(after: close)
                } else { r.append(s[k]); k = s.index(after: k) }
            }
            return r
        }
        while i < c.count {
            let ch = c[i]
            if ch == "{" {
                if i + 1 < c.count, c[i + 1] == "{" { out.append("{"); i += 2; continue }
                var depth = 1, j = i + 1, text = ""
                while j < c.count {
                    if c[j] == "{" { depth += 1 } else if c[j] == "}" { depth -= 1; if depth == 0 { break } }
                    text.append(c[j]); j += 1
                }
                guard j < c.count else { throw raiseNew(classes.valueError, "expected '}' before end of string") }
                out += try field(text, level: 2)
                i = j + 1
            } else if ch == "}" {
                guard i + 1 < c.count, c[i + 1] == "}" else { throw raiseNew(classes.valueError, "Single '}' encountered in format string") }
                out.append("}"); i += 2
            } else { out.append(ch); i += 1 }
        }
        try reserve(bytes: 49 + out.utf8.count)
        return out
    }
}
