// str's native methods.

extension Builtins {

    static let strMethods: [BuiltinFunction] = [
        BuiltinFunction("join", .str, .method(1...1)) { m, call in
            let (s, a) = try m.receiverString(call)
            let parts = try m.iterableItems(a[0]).map { v -> String in
                guard case .str(let x) = v else {
                    throw m.raiseNew(m.classes.typeError, "sequence item: expected str instance, \(m.typeName(of: v)) found")
                }
                return x
            }
            try m.reserve(bytes: 49 + parts.reduce(0) { $0 &+ $1.utf8.count } &+ s.utf8.count &* max(0, parts.count - 1))
            return .str(parts.joined(separator: s))
        },
        BuiltinFunction("startswith", .str, .method(1...1), .varargs(before: 13)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let x) = a[0] else { throw m.raiseNew(m.classes.typeError, "startswith first arg must be str") }
            return .bool(s.hasPrefix(x))
        },
        BuiltinFunction("endswith", .str, .method(1...1), .varargs(before: 13)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let x) = a[0] else { throw m.raiseNew(m.classes.typeError, "endswith first arg must be str") }
            return .bool(s.hasSuffix(x))
        },
        BuiltinFunction("upper", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.uppercased()) },
        BuiltinFunction("lower", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.lowercased()) },
        BuiltinFunction("strip", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.trimmingCharacters(in: " ")) },
    ]
}
