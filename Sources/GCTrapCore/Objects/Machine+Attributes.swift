// Attribute lookup and assignment on instances, classes, modules and exceptions.

/// A missing attribute met by a suppressed lookup (hasattr, getattr with a default).
struct MissingAttribute: Error {}

extension Machine {

    // MARK: attributes

    // Mutating although it changes nothing: a mutating method that calls a non-mutating one
    // on the Machine (even inlined) copies the whole Machine first (1,316 bytes, a memcpy);
    // through this one the caller's self is passed by reference. Class attribute lookups
    // made 21 such copies per task of the incident (setAttr, deallocate, the collector's
    // finalizers, class calls). Non-mutating callers use `classAttribute`.
    @inline(__always)
    mutating func lookupClassAttr(_ cls: Int32, _ nameID: Int32) -> Value? {
        heap.classAttr(cls, nameID, exceptionInit: program.known.initName, baseException: classes.baseException)
    }

    // Inlined, as isSubclass: out of line, a mutating caller copies the Machine for the call.
    @inline(__always)
    func classAttribute(_ cls: Int32, _ nameID: Int32) -> Value? {
        heap.classAttr(cls, nameID, exceptionInit: program.known.initName, baseException: classes.baseException)
    }

    @inline(__always)
    func isSubclass(_ cls: Int32, _ base: Int32) -> Bool { heap.isSubclass(cls, base) }

    /// An attribute as stored (no binding, no reference taken), or nil.
    @inline(__always)
    func attributeValue(_ obj: Value, _ nameID: Int32) -> Value? {
        guard case .obj(let id) = obj else { return nil }
        switch heap.objects[Int(id)].kind {
        case .instance, .module, .cls:
            if let i = heap.objects[Int(id)].names.firstIndex(of: nameID) {
                let v = heap.objects[Int(id)].items[i]
                return v.isUndefined ? nil : v
            }
            return nil
        default:
            return nil
        }
    }

    func attribute(_ obj: Value, _ nameID: Int32) -> Value? {
        attributeValue(obj, nameID)
    }

    /// `obj.name(...)` without making a bound method (3.11's LOAD_METHOD), when possible.
    /// The result is borrowed: the caller takes its own reference.
    /// A property, staticmethod or classmethod found on the class (or its bases).
    /// Inlined: out of line, setAttr copied the whole Machine for it (18% of a run).
    @inline(__always)
    mutating func classDescriptor(_ cls: Int32, _ nameID: Int32) -> Int32? {
        guard case .obj(let d)? = lookupClassAttr(cls, nameID), heap.objects[Int(d)].kind == .descriptor else { return nil }
        return d
    }

    /// The descriptor protocol for the three decorators: a property calls its getter with
    /// the instance (a vectorcall: no tuple; run nested), a staticmethod gives its function,
    /// a classmethod a method bound to the class.
    mutating func descriptorGet(_ d: Int32, _ obj: Value, cls: Int32, _ nameID: Int32) throws -> Value {
        let o = heap.objects[Int(d)]
        switch o.ref {
        case 0:
            guard case .obj = obj else { incref(d); return .obj(d) }
            guard case .obj = o.items[0] else {
                throw raiseNew(classes.attributeError, "property '\(name(nameID))' of '\(typeName(of: obj))' object has no getter")
            }
            incref(obj)
            if let exc = callNested(o.items[0], args: [obj]) { throw Propagated(exc: exc) }
            let r = nestedResult
            nestedResult = .none
            return r
        case 1:
            incref(o.items[0])
            return o.items[0]
        default:
            var m = HeapObject(kind: .boundMethod)
            incref(o.items[0]); incref(cls)
            m.items = [o.items[0], .obj(cls)]
            return .obj(allocate(m))
        }
    }

    /// `obj.name = v` where the class has a property: its setter, called with (obj, v).
    mutating func propertySet(_ d: Int32, _ obj: Value, _ nameID: Int32, _ v: Value) throws {
        let fset = heap.objects[Int(d)].items.count > 1 ? heap.objects[Int(d)].items[1] : .none
        guard case .obj = fset else {
            decref(v)
            let msg = profile.name == "3.11" ? "can't set attribute '\(name(nameID))'"
                : "property '\(name(nameID))' of '\(typeName(of: obj))' object has no setter"
            throw raiseNew(classes.attributeError, msg)
        }
        incref(obj)
        if let exc = callNested(fset, args: [obj, v]) { throw Propagated(exc: exc) }
        decref(nestedResult)
        nestedResult = .none
    }

    @inline(__always)
    func methodWithoutBinding(_ obj: Value, _ nameID: Int32) -> Value? {
        switch obj {
        case .obj(let id):
            let kind = heap.objects[Int(id)].kind
            switch kind {
            case .instance:
                if heap.objects[Int(id)].names.contains(nameID) { return nil }
                if let v = classAttribute(heap.objects[Int(id)].typeID, nameID) {
                    if case .obj(let f) = v, heap.objects[Int(f)].kind == .function { return v }
                    if case .builtin = v { return v }
                }
                return nil
            case .list, .dict, .set, .descriptor, .generator:
                return Builtins.method(.type(kind), name(nameID)).map { .builtin($0) }
            default:
                return nil
            }
        case .str:
            return Builtins.method(.str, name(nameID)).map { .builtin($0) }
        default:
            return nil
        }
    }

    /// dir(object): every instance and class has these (as slot wrappers or method-wrappers);
    /// gctrap does not model them, so reading one is reported, not a made-up AttributeError.
    static let objectAttributes: Set<String> = [
        "__class__", "__delattr__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__",
        "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__",
        "__le__", "__lt__", "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__",
        "__setattr__", "__sizeof__", "__str__", "__subclasshook__"]

    mutating func getAttr(_ obj: Value, _ nameID: Int32) throws -> Value {
        // The common case first, reading fields in place: an instance's own attribute, when
        // no property (a data descriptor, which comes first) can hide it.
        if case .obj(let id) = obj, heap.objects[Int(id)].kind == .instance,
           !propertiesMade || !classFacts[classLookups(heap.objects[Int(id)].typeID)].hasProperty,
           let i = heap.objects[Int(id)].names.firstIndex(of: nameID) {
            let v = heap.objects[Int(id)].items[i]
            incref(v)
            return v
        }
        if let p = isProxy(obj) { return try getAttr(try proxyReferent(p), nameID) }   // weakref.proxy forwards
        let attr = name(nameID)
        switch obj {
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .instance:
                if let d = classDescriptor(o.typeID, nameID) { return try descriptorGet(d, obj, cls: o.typeID, nameID) }
                if let i = o.names.firstIndex(of: nameID) { let v = o.items[i]; incref(v); return v }
                if attr == "__class__" { incref(o.typeID); return .obj(o.typeID) }
                if isSubclass(o.typeID, classes.baseException),
                   ["__traceback__", "__context__", "__cause__"].contains(attr) {
                    return .none
                }
                if attr == "__suppress_context__", isSubclass(o.typeID, classes.baseException) { return .bool(false) }
                if let v = lookupClassAttr(o.typeID, nameID) {
                    if case .obj(let f) = v, heap.objects[Int(f)].kind == .function {
                        var m = HeapObject(kind: .boundMethod)
                        incref(v); incref(obj)
                        m.items = [v, obj]
                        return .obj(allocate(m))
                    }
                    incref(v)
                    return v
                }
            case .cls:
                if attr == "__name__" { return .str(o.name) }
                if let d = classDescriptor(id, nameID), heap.objects[Int(d)].ref != 0 { return try descriptorGet(d, .none, cls: id, nameID) }
                if let v = lookupClassAttr(id, nameID) { incref(v); return v }
                if Self.objectAttributes.contains(attr) {
                    throw SimulationLimit(message: "\(o.name).\(attr) (inherited from object) is not supported by gctrap", line: currentLine, unsupported: true)
                }
                throw raiseNew(classes.attributeError, "type object '\(o.name)' has no attribute '\(attr)'")
            case .module:
                if attr == "__name__" { return .str(o.name) }
                if let i = o.names.firstIndex(of: nameID), !o.items[i].isUndefined {
                    let v = o.items[i]; incref(v); return v
                }
                if o.name == "gc", Self.cpythonGCNames.contains(attr) {
                    throw SimulationLimit(message: "gc.\(attr) is not supported by gctrap", line: currentLine, unsupported: true)
                }
                throw raiseNew(classes.attributeError, "module '\(o.name)' has no attribute '\(attr)'")
            case .function:
                if attr == "__name__" { return .str(o.name) }
            case .boundMethod:
                if attr == "__self__" { let v = o.items[1]; incref(v); return v }
                if attr == "__func__" { let v = o.items[0]; incref(v); return v }
            case .list, .dict, .set, .descriptor, .generator:
                if let b = Builtins.method(.type(o.kind), attr) {
                    var m = HeapObject(kind: .nativeMethod)
                    incref(obj)
                    m.items = [obj]
                    m.ref = Int(b)
                    return .obj(allocate(m))
                }
            case .weakref:
                // a KeyedRef's slot (weakref.WeakValueDictionary's references)
                if o.ref2 == 2, attr == "key", o.items.count > 1 { let v = o.items[1]; incref(v); return v }
            case .frame:
                if attr == "f_lineno" { return .int(o.ref2) }
            case .traceback:
                if attr == "tb_next" { let v = o.items[0]; incref(v); return v }
                if attr == "tb_frame" { let v = o.items[1]; incref(v); return v }
                if attr == "tb_lineno" { return .int(o.ref) }
            default:
                break
            }
        default:
            break
        }
        // A method CPython has but gctrap does not: say so, never a made-up AttributeError.
        let t = typeName(of: obj)
        if case .obj(let id) = obj, heap.objects[Int(id)].kind == .instance, Self.objectAttributes.contains(attr) {
            throw SimulationLimit(message: "\(t).\(attr) (inherited from object) is not supported by gctrap", line: currentLine, unsupported: true)
        }
        if let names = Self.cpythonBuiltinMethods[t], names.contains(attr) {
            throw SimulationLimit(message: "\(t).\(attr) is not supported by gctrap", line: currentLine, unsupported: true)
        }
        // hasattr() and getattr() with a default look up with suppression (_PyObject_LookupAttr
        // on PyObject_GenericGetAttr): a missing attribute makes no exception object.
        if suppressMissingAttribute { throw MissingAttribute() }
        throw raiseNew(classes.attributeError, "'\(t)' object has no attribute '\(attr)'")
    }

    /// Public attributes of CPython 3.11-3.13's built-in types and gc module (dir()), so
    /// that the ones gctrap lacks are reported as unsupported instead of missing.
    static let cpythonBuiltinMethods: [String: Set<String>] = [
        "str": ["capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
                "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
                "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper",
                "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
                "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
                "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill"],
        "list": ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"],
        "dict": ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"],
        "tuple": ["count", "index"],
        "int": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                "numerator", "real", "to_bytes"],
        "bool": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                 "numerator", "real", "to_bytes"],
    ]
    static let cpythonGCNames: Set<String> = [
        "DEBUG_COLLECTABLE", "DEBUG_LEAK", "DEBUG_SAVEALL", "DEBUG_STATS", "DEBUG_UNCOLLECTABLE", "callbacks",
        "collect", "disable", "enable", "freeze", "garbage", "get_count", "get_debug", "get_freeze_count",
        "get_objects", "get_referents", "get_referrers", "get_stats", "get_threshold", "is_finalized",
        "is_tracked", "isenabled", "set_debug", "set_threshold", "unfreeze"]

    /// Takes the reference of `v`.
    mutating func setAttr(_ obj: Value, _ nameID: Int32, _ v: Value) throws {
        if let p = isProxy(obj) {
            let target: Value
            do { target = try proxyReferent(p) } catch { decref(v); throw error }
            return try setAttr(target, nameID, v)
        }
        guard case .obj(let id) = obj else {
            decref(v)
            if let t = immutableTypeName(obj) { throw immutableType(t, nameID) }
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object has no attribute '\(name(nameID))'")
        }
        switch heap.objects[Int(id)].kind {
        case .instance:
            // One look at the class's facts and one search of the names, for the hooks and
            // the store alike (this runs for every `self.x = ...`).
            let cls = heap.objects[Int(id)].typeID
            if propertiesMade && classFacts[classLookups(cls)].hasProperty,
               let d = classDescriptor(cls, nameID), heap.objects[Int(d)].ref == 0 {
                try propertySet(d, obj, nameID, v)
                return
            }
            let f = classFactsIndex(cls)
            var facts = classFacts[f].derived
            if facts == 0 { facts = deriveFacts(cls) }
            if facts & ClassFacts.connection != 0 { probeAttributeSet(id, nameID, v) }
            var slot = heap.objects[Int(id)].names.firstIndex(of: nameID)
            if heap.objects[Int(id)].ref2 == 0 {
                if facts & ClassFacts.exception != 0 { noteExceptionDict(id, nameID) }
                else if slot == nil {
                    // Usually the next of the class's shared keys (`__init__` setting them in
                    // the order it did for the first instance): nothing to note.
                    let n = heap.objects[Int(id)].names.count
                    if !(n < classFacts[f].sharedKeys.count && classFacts[f].sharedKeys[n] == nameID) {
                        noteSharedKey(cls, id, nameID)
                    }
                }
                // A dict was made: its allocation may have run a collection, and a
                // finalizer may have changed this object's names.
                if heap.objects[Int(id)].ref2 != 0 { slot = heap.objects[Int(id)].names.firstIndex(of: nameID) }
            }
            setInstanceAttr(id, nameID, v, at: slot)
        case .cls:
            if let t = immutableTypeName(obj) { decref(v); throw immutableType(t, nameID) }
            setNamespace(id, nameID, v)
        case .module:
            setNamespace(id, nameID, v)
        default:
            decref(v)
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object attribute '\(name(nameID))' is read-only")
        }
    }

    /// Exceptions have no inline values: the first attribute stored outside BaseException's
    /// own fields (args, __traceback__, __context__, __cause__, __suppress_context__)
    /// creates the instance's `__dict__`, a dict (+1 unless the dict free list has one;
    /// measured: `self.code = code` in an Exception subclass's `__init__` adds 1 on
    /// 3.11-3.13). Modelled as a held dict (`ref2` = 1) released when the instance dies.
    /// (The caller has checked that the instance has no dict yet and is an exception.)
    mutating func noteExceptionDict(_ id: Int32, _ nameID: Int32) {
        guard nameID < program.known.traceback || nameID > program.known.args else { return }
        heap.objects[Int(id)].ref2 = 1
        hold(.dict, size: 0)
    }

    /// Instances keep their attributes inline, under keys shared by the whole class, until
    /// those keys hold 29 names (SHARED_KEYS_MAX_SIZE 30: the 30th name does not fit). An
    /// instance that stores a name the full keys lack gets its own `__dict__` (a dict,
    /// released when the instance dies). Measured on 3.11-3.13 with classes of n
    /// attributes set in `__init__`: +1 per instance from n = 30 on, none up to 29.
    /// (The caller has checked that the instance, not an exception, has no dict yet and
    /// lacks the name.)
    mutating func noteSharedKey(_ cls: Int32, _ id: Int32, _ nameID: Int32) {
        let f = classFactsIndex(cls)
        if classFacts[f].sharedKeys.contains(nameID) { return }
        if classFacts[f].sharedKeys.count < 29 {
            classFacts[f].sharedKeys.append(nameID)
            return
        }
        heap.objects[Int(id)].ref2 = 1
        hold(.dict, size: 0)
    }

    /// Takes the reference of `v`; drops the old value.
    mutating func setInstanceAttr(_ id: Int32, _ nameID: Int32, _ v: Value) {
        setInstanceAttr(id, nameID, v, at: heap.objects[Int(id)].names.firstIndex(of: nameID))
    }

    /// `slot`: where the name is, nil when new.
    @inline(__always)
    mutating func setInstanceAttr(_ id: Int32, _ nameID: Int32, _ v: Value, at slot: Int?) {
        if let i = slot {
            var old = v
            swap(&old, &heap.objects[Int(id)].items[i])   // in place: no copy of the object
            decref(old)
        } else {
            heap.objects[Int(id)].names.append(nameID)
            heap.objects[Int(id)].items.append(v)
        }
    }

    /// A class's or a module's name (STORE_NAME in a class body, `C.x = v`, `mod.x = v`).
    mutating func setNamespace(_ id: Int32, _ nameID: Int32, _ v: Value) {
        noteNamespaceStore(id, nameID, v)   // the walk's static part (GC/Machine+Reachability.swift)
        if heap.objects[Int(id)].kind == .cls { namespaceChanged() }
        setInstanceAttr(id, nameID, v)
    }

    /// The name of a built-in type (object, the exception classes, int, list...), whose
    /// namespace a program cannot change; nil for anything else.
    func immutableTypeName(_ obj: Value) -> String? {
        switch obj {
        case .obj(let id):
            // built-in classes are made with no module (bootstrap, lazyClass)
            let o = heap.objects[Int(id)]
            return o.kind == .cls && o.ref2 < 0 ? o.name : nil
        case .builtin(let b):
            let f = Builtins.table[Int(b)]
            return f.instanceCheck != nil ? f.name : nil
        default:
            return nil
        }
    }

    /// type_setattro's refusal, for a store and a delete alike (same text on 3.11-3.13).
    mutating func immutableType(_ typeName: String, _ nameID: Int32) -> PyException {
        raiseNew(classes.typeError, "cannot set '\(name(nameID))' attribute of immutable type '\(typeName)'")
    }

    mutating func deleteAttr(_ obj: Value, _ nameID: Int32) throws {
        if let t = immutableTypeName(obj) { throw immutableType(t, nameID) }
        guard case .obj(let id) = obj, let i = heap.objects[Int(id)].names.firstIndex(of: nameID),
              !heap.objects[Int(id)].items[i].isUndefined else {
            if case .obj(let id) = obj, heap.objects[Int(id)].kind == .cls {
                throw raiseNew(classes.attributeError, "type object '\(heap.objects[Int(id)].name)' has no attribute '\(name(nameID))'")
            }
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object has no attribute '\(name(nameID))'")
        }
        noteStaticChange()   // the walk's static part (GC/Machine+Reachability.swift)
        if heap.objects[Int(id)].kind == .cls { namespaceChanged() }
        heap.objects[Int(id)].names.remove(at: i)
        let old = heap.objects[Int(id)].items.remove(at: i)
        decref(old)
    }

    func moduleName(_ v: Value) -> String {
        if case .obj(let id) = v { return heap.objects[Int(id)].name }
        return "?"
    }
}

extension Heap {
    // Single inheritance: a class's base existed before it, so the chain ends; it was cut at
    // 100 classes, which made a deeper hierarchy (a class statement in a loop) lose its
    // attributes and isinstance. The bound left only guards against a chain that loops.
    @inline(__always)
    func classAttr(_ cls: Int32, _ nameID: Int32, exceptionInit: Int32, baseException: Int32) -> Value? {
        var c = cls
        var hops = 0
        while c >= 0 && hops < objects.count {
            if let i = objects[Int(c)].names.firstIndex(of: nameID) { return objects[Int(c)].items[i] }
            c = objects[Int(c)].typeID
            hops += 1
        }
        if nameID == exceptionInit && isSubclass(cls, baseException) {
            return .builtin(Builtins.exceptionInit)
        }
        return nil
    }

    func isSubclass(_ cls: Int32, _ base: Int32) -> Bool {
        guard base >= 0 else { return false }
        var c = cls
        var hops = 0
        while c >= 0 && hops < objects.count {
            if c == base { return true }
            c = objects[Int(c)].typeID
            hops += 1
        }
        return false
    }
}
