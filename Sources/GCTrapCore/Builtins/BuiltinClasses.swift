// The built-in classes (object, the exception hierarchy) and the start-up that binds
// them, the builtins table's globals and the native modules.

/// Built-in classes the scenarios can name or that the VM raises.
struct BuiltinClasses {
    var object: Int32 = -1
    var baseException: Int32 = -1
    var exception: Int32 = -1
    var typeError: Int32 = -1
    var valueError: Int32 = -1
    var keyError: Int32 = -1
    var indexError: Int32 = -1
    var runtimeError: Int32 = -1
    var recursionError: Int32 = -1
    var nameError: Int32 = -1
    var unboundLocalError: Int32 = -1
    var attributeError: Int32 = -1
    var zeroDivisionError: Int32 = -1
    var assertionError: Int32 = -1
    var importError: Int32 = -1
    var moduleNotFoundError: Int32 = -1
    var lookupError: Int32 = -1
    var arithmeticError: Int32 = -1
    var stopIteration: Int32 = -1
    var notImplementedError: Int32 = -1
    var emptyTuple: Int32 = -1
}

extension Machine {

    /// Creates the built-in classes and the native modules. Runs before the program; the
    /// objects it makes are part of the long-lived heap.
    mutating func bootstrap() {
        func cls(_ name: String, _ base: Int32) -> Int32 {
            var c = HeapObject(kind: .cls)
            c.name = name
            c.typeID = base
            c.ref2 = -1
            if base >= 0 { incref(base) }
            let id = allocate(c)
            builtins[program.intern(name)] = .obj(id)
            incref(id)   // held by the builtins table
            return id
        }
        classes.object = cls("object", -1)
        classes.baseException = cls("BaseException", classes.object)
        classes.exception = cls("Exception", classes.baseException)
        classes.typeError = cls("TypeError", classes.exception)
        classes.valueError = cls("ValueError", classes.exception)
        classes.lookupError = cls("LookupError", classes.exception)
        classes.keyError = cls("KeyError", classes.lookupError)
        classes.indexError = cls("IndexError", classes.lookupError)
        classes.runtimeError = cls("RuntimeError", classes.exception)
        classes.recursionError = cls("RecursionError", classes.runtimeError)
        classes.notImplementedError = cls("NotImplementedError", classes.runtimeError)
        classes.nameError = cls("NameError", classes.exception)
        classes.unboundLocalError = cls("UnboundLocalError", classes.nameError)
        classes.attributeError = cls("AttributeError", classes.exception)
        classes.arithmeticError = cls("ArithmeticError", classes.exception)
        classes.zeroDivisionError = cls("ZeroDivisionError", classes.arithmeticError)
        classes.assertionError = cls("AssertionError", classes.exception)
        classes.importError = cls("ImportError", classes.exception)
        classes.moduleNotFoundError = cls("ModuleNotFoundError", classes.importError)
        classes.stopIteration = cls("StopIteration", classes.exception)
        _ = cls("KeyboardInterrupt", classes.baseException)
        var empty = HeapObject(kind: .tuple)
        empty.refcount = 1
        classes.emptyTuple = heap.store(&empty)   // the immortal () singleton: never counted
        for b in Builtins.globals { builtins[program.intern(Builtins.table[Int(b)].name)] = .builtin(b) }
        // Constant tuples exist from the moment the code is loaded, held by their code object.
        constTupleObjects = program.codes.map { code in
            code.constTuples.map { items in
                var t = HeapObject(kind: .tuple)
                t.items = items
                return allocate(t)
            }
        }
        builtins[program.intern("None")] = Value.none
        // Native modules live in the module table like compiled ones.
        for (name, _) in Builtins.modules where !Builtins.madeOnImport.contains(name) {
            nativeModules[program.intern(name)] = makeNativeModule(name)
        }
    }

    /// A native module object holding its builtins from the table.
    mutating func makeNativeModule(_ name: String) -> Int32 {
        let members = Builtins.modules.first { $0.name == name }?.members ?? []
        var m = HeapObject(kind: .module)
        m.name = name
        m.names = members.map { program.intern(Builtins.table[Int($0)].name) }
        m.items = members.map { .builtin($0) }
        return allocate(m)
    }
}
