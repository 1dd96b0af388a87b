// What the roots reach: the walk behind the Objects pane's reachable/garbage split and the
// CSV's `leaked` column (CPython's stand-in walks gc.get_referents the same way).

extension Machine {

    /// Objects reachable from the roots: frames (locals and temporaries), module
    /// globals, exceptions being handled.
    func reachableSet() -> [Bool] {
        var seen = [Bool](repeating: false, count: heap.objects.count)
        var work: [Int32] = []
        forEachRoot { id in
            if !seen[Int(id)] { seen[Int(id)] = true; work.append(id) }
        }
        while let id = work.popLast() {
            heap.visitReferents(id) { t in
                if !seen[Int(t)] { seen[Int(t)] = true; work.append(t) }
            }
        }
        return seen
    }

    /// The roots of reachability: frames (locals and temporaries, frame objects), exceptions
    /// being handled, modules (the sys.modules registry) and the builtins.
    /// Inlined: out of line, the per-task walk (a mutating caller) copied the whole Machine.
    @inline(__always)
    func forEachRoot(_ body: (Int32) -> Void) {
        for v in stack { if case .obj(let id) = v { body(id) } }
        for v in handled { if case .obj(let id) = v { body(id) } }
        for m in modules where m >= 0 { body(m) }
        for m in nativeModules.values { body(m) }
        for f in frames {
            if f.frameObject >= 0 { body(f.frameObject) }
            if f.aux >= 0 { body(f.aux) }
        }
        if reach.builtinsVersion == builtinsVersion {
            for id in reach.builtinObjects { body(id) }   // the same objects, without hashing
        } else {
            for v in builtins.values { if case .obj(let id) = v { body(id) } }
        }
        for r in subclassRegistryRefs { body(r) }
    }
}

/// Scratch kept between the per-task reachability walks (Machine.reachableOpenConnections),
/// so a walk allocates nothing.
struct ReachScratch {
    var marks: [UInt32] = []      // by object id: the epoch of the last walk that reached it
    var epoch: UInt32 = 0
    var stack: [Int32] = []       // the walk's work stack, as long as the heap
    /// The objects among the builtins, as of `builtinsVersion` (a dictionary's values cost
    /// more to iterate than the walk costs to visit them).
    var builtinObjects: [Int32] = []
    var builtinsVersion = -1
}
