// What the per-instance paths (a class call, an attribute store, a free) ask of a class,
// kept per class so that they hash nothing and walk no base chain on every call: its
// shared attribute keys, and whether it derives from BaseException or from the db
// client's Connection. A class's facts sit at its serial (the n-th class made, never
// reused as an id is), appended when the class is allocated.

struct ClassFacts {
    /// CPython's ht_cached_keys: the attribute names its instances share, in insertion order.
    var sharedKeys: [Int32] = []
    /// The base-chain facts, derived on first need (a class's bases never change).
    var derived: UInt8 = 0

    static let known: UInt8 = 1
    static let exception: UInt8 = 2
    static let connection: UInt8 = 4

    /// What the class and its bases' namespaces answer to a class call, a free and an
    /// attribute store, looked up at `Machine.namespaceVersion` == `lookedUpAt` (as CPython's
    /// type version tags: any change to any class namespace makes every class look again).
    var lookedUpAt = -1
    /// `__init__` as found on the class (no reference held: the namespace holds it).
    var initMethod: Value? = nil
    /// `__del__` as found on the class.
    var del: Value? = nil
    /// A property somewhere in the namespaces: an attribute store must look for it.
    var hasProperty = false
    /// The positional arguments (self excluded) a class call passes for 3.13 to specialize
    /// it (initTakesExactly); -1: never; Int.max: any (no Python `__init__`).
    var initExactArguments = -1
}

extension Machine {

    @inline(__always)
    func classFactsIndex(_ cls: Int32) -> Int { heap.objects[Int(cls)].serial - 1 }

    /// The base-chain facts of `cls` (ClassFacts.exception, .connection).
    @inline(__always)
    mutating func derivedFacts(_ cls: Int32) -> UInt8 {
        let d = classFacts[classFactsIndex(cls)].derived
        return d != 0 ? d : deriveFacts(cls)
    }

    mutating func deriveFacts(_ cls: Int32) -> UInt8 {
        var d = ClassFacts.known
        if heap.isSubclass(cls, classes.baseException) { d |= ClassFacts.exception }
        if isConnectionClass(cls) { d |= ClassFacts.connection }
        // Kept once bootstrap has named BaseException; db's Connection, defined later,
        // forgets them all (forgetDerivedFacts).
        if classes.baseException >= 0 { classFacts[classFactsIndex(cls)].derived = d }
        return d
    }

    /// A class the facts depend on was just defined (db's Connection): derive them again.
    mutating func forgetDerivedFacts() {
        for i in classFacts.indices { classFacts[i].derived = 0 }
    }

    @inline(__always)
    mutating func isExceptionClass(_ cls: Int32) -> Bool { derivedFacts(cls) & ClassFacts.exception != 0 }

    /// Is `cls` db.Connection or a subclass of it? (cached; `isConnectionClass` walks)
    @inline(__always)
    mutating func isConnectionClassCached(_ cls: Int32) -> Bool {
        probe.connectionClass >= 0 && derivedFacts(cls) & ClassFacts.connection != 0
    }
}

extension Machine {

    /// The facts index of `cls`, its namespace lookups current.
    @inline(__always)
    mutating func classLookups(_ cls: Int32) -> Int {
        let f = classFactsIndex(cls)
        if classFacts[f].lookedUpAt != namespaceVersion { lookUp(cls, f) }
        return f
    }

    mutating func lookUp(_ cls: Int32, _ f: Int) {
        let initMethod = lookupClassAttr(cls, program.known.initName)
        var exact = Int.max
        if case .obj(let fid)? = initMethod, heap.objects[Int(fid)].kind == .function {
            exact = -1
            let shape = codeShapes[heap.objects[Int(fid)].ref]
            if !(abcImplName >= 0 && lookupClassAttr(cls, abcImplName) != nil) && !shape.hasSpecialParams
                && !(slotsName >= 0 && lookupClassAttr(cls, slotsName) != nil) {
                exact = shape.paramCount - 1
            }
        }
        var hasProperty = false
        var c = cls
        var hops = 0
        while c >= 0 && hops < heap.objects.count && !hasProperty {
            for v in heap.objects[Int(c)].items {
                if case .obj(let d) = v, heap.objects[Int(d)].kind == .descriptor, heap.objects[Int(d)].ref == 0 { hasProperty = true }
            }
            c = heap.objects[Int(c)].typeID
            hops += 1
        }
        classFacts[f].initMethod = initMethod
        classFacts[f].del = lookupClassAttr(cls, program.known.del)
        classFacts[f].hasProperty = hasProperty
        classFacts[f].initExactArguments = exact
        classFacts[f].lookedUpAt = namespaceVersion
    }

    /// A class namespace changed (an attribute stored or deleted, a class body's name, the
    /// collector clearing a class): every class looks its names up again.
    @inline(__always)
    mutating func namespaceChanged() { namespaceVersion &+= 1 }
}
