// str's native methods. Strings are not GC objects: a method allocates what the collector
// counts only through its calling convention (METH_VARARGS: find, count, index, rfind,
// startswith, endswith before 3.13; METH_VARARGS|METH_KEYWORDS: format) and the containers
// it returns (split: a list, partition: a 3-tuple). Measured: docs/cpython-model.md J.3.

extension Builtins {

    static let strMethods: [BuiltinFunction] = [
        BuiltinFunction("join", .str, .method(1...1)) { m, call in
            let (s, a) = try m.receiverString(call)
            // PySequence_Fast: anything but a list or tuple is first made into a list.
            if case .obj(let id) = a[0], ![.list, .tuple].contains(m.heap.objects[Int(id)].kind) { m.hold(.list, size: 0) }
            defer { if case .obj(let id) = a[0], ![.list, .tuple].contains(m.heap.objects[Int(id)].kind) { m.unhold(.list, size: 0) } }
            let parts = try m.iterableItems(a[0]).enumerated().map { (i, v) -> String in
                guard case .str(let x) = v else {
                    throw m.raiseNew(m.classes.typeError, "sequence item \(i): expected str instance, \(m.typeName(of: v)) found")
                }
                return x
            }
            try m.reserve(bytes: 49 + parts.reduce(0) { $0 &+ $1.utf8.count } &+ s.utf8.count &* max(0, parts.count - 1))
            return .str(parts.joined(separator: s))
        },
        BuiltinFunction("startswith", .str, .method(1...3), .varargs(before: 13)) { m, call in
            try m.affix(call, "startswith") { $0.hasPrefix($1) }
        },
        BuiltinFunction("endswith", .str, .method(1...3), .varargs(before: 13)) { m, call in
            try m.affix(call, "endswith") { $0.hasSuffix($1) }
        },
        BuiltinFunction("upper", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.uppercased()) },
        BuiltinFunction("lower", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.lowercased()) },
        BuiltinFunction("strip", .str, .method(0...1)) { m, call in try m.stripped(call, left: true, right: true) },
        BuiltinFunction("lstrip", .str, .method(0...1)) { m, call in try m.stripped(call, left: true, right: false) },
        BuiltinFunction("rstrip", .str, .method(0...1)) { m, call in try m.stripped(call, left: false, right: true) },
        BuiltinFunction("split", .str, .function(1...3, keywords: .only(["sep", "maxsplit"])), keywordParser: "str.split") { m, call in
            try m.split(call, fromRight: false)
        },
        BuiltinFunction("rsplit", .str, .function(1...3, keywords: .only(["sep", "maxsplit"])), keywordParser: "str.rsplit") { m, call in
            try m.split(call, fromRight: true)
        },
        BuiltinFunction("splitlines", .str, .method(0...0)) { m, call in
            let (s, _) = try m.receiverString(call)
            var lines: [Value] = []
            var cur = ""
            for ch in s {
                if ch == "\n" || ch == "\r" || ch == "\r\n" { lines.append(.str(cur)); cur = "" } else { cur.append(ch) }
            }
            if !cur.isEmpty { lines.append(.str(cur)) }
            return m.makeList(lines)
        },
        BuiltinFunction("replace", .str, .method(2...3)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let old) = a[0], case .str(let new) = a[1] else {
                throw m.raiseNew(m.classes.typeError, "replace() argument must be str, not \(m.typeName(of: a[0]))")
            }
            var count = a.count > 2 ? try m.intArgument(a[2]) : -1
            if count < 0 { count = Int.max }
            var out = "", rest = Substring(s), done = 0
            if old.isEmpty {
                // Between every character, as CPython does.
                for ch in s { if done < count { out += new; done += 1 }; out.append(ch) }
                if done < count { out += new }
                try m.reserve(bytes: 49 + out.utf8.count)
                return .str(out)
            }
            while done < count, let r = rest.firstRange(of: old) {
                out += rest[..<r.lowerBound] + new
                rest = rest[r.upperBound...]
                done += 1
            }
            out += rest
            try m.reserve(bytes: 49 + out.utf8.count)
            return .str(out)
        },
        BuiltinFunction("find", .str, .method(1...3), .varargs(before: 13)) { m, call in .int(try m.search(call, "find", last: false) ?? -1) },
        BuiltinFunction("rfind", .str, .method(1...3), .varargs(before: 13)) { m, call in .int(try m.search(call, "rfind", last: true) ?? -1) },
        BuiltinFunction("index", .str, .method(1...3), .varargs(before: 13)) { m, call in
            guard let i = try m.search(call, "index", last: false) else { throw m.raiseNew(m.classes.valueError, "substring not found") }
            return .int(i)
        },
        BuiltinFunction("count", .str, .method(1...3), .varargs(before: 13)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let sub) = a[0] else {
                throw m.raiseNew(m.classes.typeError, "must be str, not \(m.typeName(of: a[0]))")
            }
            let chars = Array(s)
            let (lo, hi) = try m.searchWindow(a, chars.count)
            let window = String(chars[lo..<max(lo, hi)])
            if sub.isEmpty { return .int(window.count + 1) }
            var n = 0, rest = Substring(window)
            while let r = rest.firstRange(of: sub) { n += 1; rest = rest[r.upperBound...] }
            return .int(n)
        },
        BuiltinFunction("partition", .str, .method(1...1)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let sep) = a[0] else { throw m.raiseNew(m.classes.typeError, "must be str, not \(m.typeName(of: a[0]))") }
            if sep.isEmpty { throw m.raiseNew(m.classes.valueError, "empty separator") }
            if let r = s.firstRange(of: sep) { return m.makeTuple([.str(String(s[..<r.lowerBound])), .str(sep), .str(String(s[r.upperBound...]))]) }
            return m.makeTuple([.str(s), .str(""), .str("")])
        },
        BuiltinFunction("format", .str, .unchecked, .varargsKeywords) { m, call in
            let (s, _) = try m.receiverString(call)
            return .str(try m.strFormat(s, call))
        },
        BuiltinFunction("zfill", .str, .method(1...1)) { m, call in
            let (s, a) = try m.receiverString(call)
            let w = try m.intArgument(a[0])
            guard s.count < w else { return .str(s) }
            try m.reserve(bytes: 49 + w)
            let sign = s.first == "-" || s.first == "+" ? String(s.first!) : ""
            return .str(sign + String(repeating: "0", count: w - s.count) + s.dropFirst(sign.count))
        },
        BuiltinFunction("ljust", .str, .method(1...2)) { m, call in try m.justified(call, "<") },
        BuiltinFunction("rjust", .str, .method(1...2)) { m, call in try m.justified(call, ">") },
        BuiltinFunction("center", .str, .method(1...2)) { m, call in try m.justified(call, "^") },
        BuiltinFunction("title", .str, .method(0...0)) { m, call in
            var out = "", prevCased = false
            for ch in try m.receiverString(call).0 {
                out += prevCased ? ch.lowercased() : ch.uppercased()
                prevCased = ch.isLetter
            }
            return .str(out)
        },
        BuiltinFunction("capitalize", .str, .method(0...0)) { m, call in
            let s = try m.receiverString(call).0
            return .str(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        },
        BuiltinFunction("isdigit", .str, .method(0...0)) { m, call in
            let s = try m.receiverString(call).0
            return .bool(!s.isEmpty && s.allSatisfy { $0.isNumber && $0.isASCII || $0.isWholeNumber })
        },
        BuiltinFunction("isalpha", .str, .method(0...0)) { m, call in
            let s = try m.receiverString(call).0
            return .bool(!s.isEmpty && s.allSatisfy(\.isLetter))
        },
        BuiltinFunction("isalnum", .str, .method(0...0)) { m, call in
            let s = try m.receiverString(call).0
            return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber })
        },
        BuiltinFunction("isspace", .str, .method(0...0)) { m, call in
            let s = try m.receiverString(call).0
            return .bool(!s.isEmpty && s.allSatisfy(\.isWhitespace))
        },
    ]
}

extension Machine {

    mutating func affix(_ call: BuiltinArguments, _ name: String, _ test: (Substring, String) -> Bool) throws -> Value {
        let (s, a) = try receiverString(call)
        let chars = Array(s)
        let (lo, hi) = try searchWindow(a, chars.count)
        let window = Substring(String(chars[lo..<max(lo, hi)]))
        if case .str(let x) = a[0] { return .bool(test(window, x)) }
        if case .obj(let t) = a[0], heap.objects[Int(t)].kind == .tuple {
            for item in heap.objects[Int(t)].items {
                guard case .str(let x) = item else {
                    throw raiseNew(classes.typeError, "tuple for \(name) must only contain str, not \(typeName(of: item))")
                }
                if test(window, x) { return .bool(true) }
            }
            return .bool(false)
        }
        throw raiseNew(classes.typeError, "\(name) first arg must be str or a tuple of str, not \(typeName(of: a[0]))")
    }

    /// The `[start[, end]]` arguments after the first, as slice bounds over `n` characters.
    mutating func searchWindow(_ a: [Value], _ n: Int) throws -> (Int, Int) {
        func bound(_ i: Int, _ dflt: Int) throws -> Int {
            guard i < a.count else { return dflt }
            if case .none = a[i] { return dflt }
            var v = try intArgument(a[i])
            if v < 0 { v = max(0, v + n) }
            return min(v, n)
        }
        return (try bound(1, 0), try bound(2, n))
    }

    /// find/rfind/index: the character index of the first (last) match in the window.
    mutating func search(_ call: BuiltinArguments, _ name: String, last: Bool) throws -> Int? {
        let (s, a) = try receiverString(call)
        guard case .str(let sub) = a[0] else { throw raiseNew(classes.typeError, "must be str, not \(typeName(of: a[0]))") }
        let chars = Array(s), subChars = Array(sub)
        let (lo, hi) = try searchWindow(a, chars.count)
        guard hi - lo >= subChars.count else { return nil }
        let starts = Array(lo...(hi - subChars.count))
        for i in (last ? starts.reversed() : starts) where Array(chars[i..<(i + subChars.count)]) == subChars { return i }
        return nil
    }

    mutating func stripped(_ call: BuiltinArguments, left: Bool, right: Bool) throws -> Value {
        let (s, a) = try receiverString(call)
        var strip: (Character) -> Bool = { $0.isWhitespace }
        if let c = a.first, !(c == .none) {
            guard case .str(let set) = c else {
                throw raiseNew(classes.typeError, "strip arg must be None or str")
            }
            strip = { set.contains($0) }
        }
        var sub = Substring(s)
        if left { while let f = sub.first, strip(f) { sub = sub.dropFirst() } }
        if right { while let l = sub.last, strip(l) { sub = sub.dropLast() } }
        return .str(String(sub))
    }

    mutating func justified(_ call: BuiltinArguments, _ align: Character) throws -> Value {
        let (s, a) = try receiverString(call)
        let w = try intArgument(a[0])
        var fill: Character = " "
        if a.count > 1 {
            guard case .str(let f) = a[1], f.count == 1 else {
                throw raiseNew(classes.typeError, "The fill character must be exactly one character long")
            }
            fill = f.first!
        }
        guard s.count < w else { return .str(s) }
        try reserve(bytes: 49 + w)
        let n = w - s.count
        switch align {
        case "<": return .str(s + String(repeating: fill, count: n))
        case ">": return .str(String(repeating: fill, count: n) + s)
        default:
            // str.center puts the odd space on the right unless both sides are odd.
            let leftPad = n / 2 + (n & w & 1)
            return .str(String(repeating: fill, count: leftPad) + s + String(repeating: fill, count: n - leftPad))
        }
    }

    /// str.split / rsplit: a new list (list free list).
    mutating func split(_ call: BuiltinArguments, fromRight: Bool) throws -> Value {
        guard case .str(let s) = call.values.first else { throw raiseNew(classes.typeError, "bad method call") }
        let pos = Array(call.positional.dropFirst())
        var sep: Value = pos.count > 0 ? pos[0] : (call.keyword("sep") ?? .none)
        var maxsplit = try (pos.count > 1 ? pos[1] : call.keyword("maxsplit")).map { try intArgument($0) } ?? -1
        if maxsplit < 0 { maxsplit = Int.max }
        var parts: [String] = []
        if case .none = sep {
            // Runs of whitespace, none empty.
            var words: [String] = []
            var cur = ""
            let chars = fromRight ? Array(s.reversed()) : Array(s)
            var i = 0
            while i < chars.count {
                if chars[i].isWhitespace {
                    if !cur.isEmpty {
                        words.append(cur); cur = ""
                        if words.count == maxsplit {
                            while i < chars.count && chars[i].isWhitespace { i += 1 }
                            if i < chars.count { words.append(String(chars[i...])) }
                            i = chars.count
                            break
                        }
                    }
                } else { cur.append(chars[i]) }
                i += 1
            }
            if !cur.isEmpty { words.append(cur) }
            parts = fromRight ? words.reversed().map { String($0.reversed()) } : words
        } else {
            guard case .str(let sp) = sep else { throw raiseNew(classes.typeError, "must be str or None, not \(typeName(of: sep))") }
            if sp.isEmpty { throw raiseNew(classes.valueError, "empty separator") }
            if fromRight {
                var rest = Substring(s)
                var out: [String] = []
                while out.count < maxsplit, let r = rest.ranges(of: sp).last {
                    out.append(String(rest[r.upperBound...]))
                    rest = rest[..<r.lowerBound]
                }
                out.append(String(rest))
                parts = out.reversed()
            } else {
                var rest = Substring(s)
                while parts.count < maxsplit, let r = rest.firstRange(of: sp) {
                    parts.append(String(rest[..<r.lowerBound]))
                    rest = rest[r.upperBound...]
                }
                parts.append(String(rest))
            }
            sep = .none
        }
        try reserve(bytes: ModelledSize.slot * parts.count + parts.reduce(0) { $0 + 49 + $1.utf8.count })
        return makeList(parts.map { .str($0) })
    }
}
