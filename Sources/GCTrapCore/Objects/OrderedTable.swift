// The storage of a dict (and of a set: keys only): CPython's compact dict. Entries sit in
// insertion order; an open-addressing index of entry positions finds a key by its hash in
// O(1). A deleted entry leaves a hole (as CPython's DKIX_DUMMY does) so deleting is O(1)
// and the order of the rest stands; the holes go when the index is rebuilt.
//
// The table knows nothing of Python's hash or ==: the caller gives the key's hash and a
// predicate that says whether a stored key equals it (Machine+Hashing.swift). What the
// simulator models of a dict (one GC object, its free list, its tracking) does not depend
// on this storage: CPython's key tables are plain memory the collector does not count.
//
// A value type (checkpoints copy the machine): one reference to a buffer, copied on write,
// so a HeapObject stays as small as with a plain array.

struct OrderedTable {
    private final class Storage {
        var keys: [Value] = []       // entries; a hole is .undefined
        var values: [Value] = []     // parallel to keys; empty for a keys-only table (a set)
        var hashes: [Int] = []       // parallel to keys
        var index: [Int32] = []      // slot -> entry position, -1 empty; power-of-two size
        var live = 0

        func copy() -> Storage {
            let s = Storage()
            s.keys = keys; s.values = values; s.hashes = hashes; s.index = index; s.live = live
            return s
        }
    }

    private var storage: Storage?

    init() {}

    /// No storage at all (a fresh table, as every non-dict object has).
    var isUnallocated: Bool { storage == nil }

    /// Live entries.
    var count: Int { storage?.live ?? 0 }
    var isEmpty: Bool { count == 0 }
    /// Entry positions, holes included: iterate `0..<entryEnd` and skip `key(at:) == nil`.
    var entryEnd: Int { storage?.keys.count ?? 0 }

    /// The key at an entry position, nil for a hole.
    func key(at position: Int) -> Value? {
        let k = storage!.keys[position]
        return k.isUndefined ? nil : k
    }

    func value(at position: Int) -> Value { storage!.values[position] }

    /// Live keys in insertion order.
    var keys: [Value] {
        guard let s = storage else { return [] }
        return s.live == s.keys.count ? s.keys : s.keys.filter { !$0.isUndefined }
    }

    /// Live values in insertion order (a dict's).
    var values: [Value] {
        guard let s = storage else { return [] }
        if s.live == s.keys.count { return s.values }
        return s.keys.indices.compactMap { s.keys[$0].isUndefined ? nil : s.values[$0] }
    }

    /// Live (key, value) pairs in insertion order.
    var pairs: [(key: Value, value: Value)] {
        guard let s = storage else { return [] }
        return s.keys.indices.compactMap { s.keys[$0].isUndefined ? nil : (s.keys[$0], s.values[$0]) }
    }

    /// The entry position of the key with this hash for which `matches` holds.
    @inline(__always)
    func find(hash: Int, matches: (Value) -> Bool) -> Int? {
        guard let s = storage, !s.index.isEmpty else { return nil }
        let mask = s.index.count - 1
        var perturb = UInt(bitPattern: hash)
        var slot = Int(perturb & UInt(mask))
        while true {
            let e = Int(s.index[slot])
            if e < 0 { return nil }
            if s.hashes[e] == hash {
                let k = s.keys[e]
                if !k.isUndefined && matches(k) { return e }
            }
            // CPython's probe: every slot is visited, the hash's high bits mix in first.
            perturb >>= 5
            slot = (slot &* 5 &+ Int(perturb) &+ 1) & mask
        }
    }

    /// Appends an entry (the key must not be present). `value` nil for a keys-only table.
    mutating func append(key: Value, hash: Int, value: Value?) {
        let s = unique()
        if (s.keys.count + 1) * 3 > s.index.count * 2 { rebuild(s, for: s.live + 1) }
        let e = s.keys.count
        s.keys.append(key)
        s.hashes.append(hash)
        if let value { s.values.append(value) }
        s.live += 1
        insertSlot(s, hash: hash, entry: e)
    }

    /// Replaces the value at a live entry, returning the old one.
    mutating func replaceValue(at position: Int, with value: Value) -> Value {
        let s = unique()
        let old = s.values[position]
        s.values[position] = value
        return old
    }

    /// Deletes the entry, leaving a hole; returns its key and value (.undefined keys-only).
    mutating func remove(at position: Int) -> (key: Value, value: Value) {
        let s = unique()
        let k = s.keys[position]
        var v = Value.undefined
        if !s.values.isEmpty { v = s.values[position]; s.values[position] = .undefined }
        s.keys[position] = .undefined
        s.live -= 1
        if s.live == 0 { storage = nil }   // nothing left: start afresh
        return (k, v)
    }

    /// Empties the table, returning the live pairs in order (for the caller to release).
    mutating func removeAll() -> [(key: Value, value: Value)] {
        let p = pairs
        storage = nil
        return p
    }

    // MARK: inside

    private mutating func unique() -> Storage {
        if storage == nil { storage = Storage() }
        else if !isKnownUniquelyReferenced(&storage!) { storage = storage!.copy() }
        return storage!
    }

    /// Drops the holes and sizes the index for `live` entries at most 2/3 full.
    private func rebuild(_ s: Storage, for live: Int) {
        if s.live != s.keys.count {
            var keys: [Value] = [], values: [Value] = [], hashes: [Int] = []
            keys.reserveCapacity(s.live); hashes.reserveCapacity(s.live)
            let hasValues = !s.values.isEmpty
            if hasValues { values.reserveCapacity(s.live) }
            for e in s.keys.indices where !s.keys[e].isUndefined {
                keys.append(s.keys[e]); hashes.append(s.hashes[e])
                if hasValues { values.append(s.values[e]) }
            }
            s.keys = keys; s.values = values; s.hashes = hashes
        }
        var size = 8
        while size * 2 < live * 3 { size *= 2 }
        s.index = Array(repeating: -1, count: size)
        for e in s.keys.indices { insertSlot(s, hash: s.hashes[e], entry: e) }
    }

    private func insertSlot(_ s: Storage, hash: Int, entry: Int) {
        let mask = s.index.count - 1
        var perturb = UInt(bitPattern: hash)
        var slot = Int(perturb & UInt(mask))
        while s.index[slot] >= 0 {
            perturb >>= 5
            slot = (slot &* 5 &+ Int(perturb) &+ 1) & mask
        }
        s.index[slot] = Int32(entry)
    }
}
