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
