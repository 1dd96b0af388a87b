// The `weakref` module: weakref.ref (the references themselves are in
// Objects/Machine+Weakrefs.swift). Made on first import: see `Builtins.madeOnImport`.

extension Builtins {

    static let weakrefModule: [BuiltinFunction] = [
        BuiltinFunction("ref", .module("weakref"), .function(1...2)) { m, call in
            try m.makeWeakref(call.positional)
        },
        BuiltinFunction("proxy", .module("weakref"), .function(1...2)) { m, call in
            try m.makeWeakref(call.positional, proxy: true)
        },
    ]
}
