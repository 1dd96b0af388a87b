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
        // what the interpreted WeakValueDictionary calls (Modules/WeakValueDictionary.swift);
        // the load check keeps them from scenarios
        BuiltinFunction("KeyedRef", .module("weakref"), .function(3...3)) { m, call in
            try m.makeKeyedRef(call.positional)
        },
        BuiltinFunction("_remove_dead_weakref", .module("weakref"), .function(2...2)) { m, call in
            try m.removeDeadWeakref(call.positional)
        },
    ]
}
