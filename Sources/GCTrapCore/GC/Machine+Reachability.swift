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
        forEachDynamicRoot(body)
        forEachStaticRoot(body)
    }

    /// The roots that change as the program runs: the value stack, exceptions being handled,
    /// the frames' frame objects and namespaces.
    @inline(__always)
    func forEachDynamicRoot(_ body: (Int32) -> Void) {
        for v in stack { if case .obj(let id) = v { body(id) } }
        for v in handled { if case .obj(let id) = v { body(id) } }
        for f in frames {
            if f.frameObject >= 0 { body(f.frameObject) }
            if f.aux >= 0 { body(f.aux) }
        }
    }

    /// The roots that change only with a module import, a change of `builtins` or a class
    /// registered with its base: modules, the builtins, the subclass registry (what the
    /// walk caches starts from them: Machine.noteStaticChange).
    @inline(__always)
    func forEachStaticRoot(_ body: (Int32) -> Void) {
        for m in modules where m >= 0 { body(m) }
        for m in nativeModules.values { body(m) }
        if reach.builtinsVersion == builtinsVersion {
            for id in reach.builtinObjects { body(id) }   // the same objects, without hashing
        } else {
            for v in builtins.values { if case .obj(let id) = v { body(id) } }
        }
        for r in subclassRegistryRefs { body(r) }
    }

    /// A module, class or function may now refer to other objects than before, or a static
    /// root came or went: the walk's cached static part is stale (called by every store into
    /// a module's or class's namespace that involves an object, every delete, a module made,
    /// a class registered with its base, a module, class or function freed or cleared).
    @inline(__always)
    mutating func noteStaticChange() { reach.staticVersion &+= 1 }

    /// A store of `v` under `nameID` into module or class `id`: stale only when an object
    /// is stored or replaced (db's counters, ints, change every task and change nothing).
    @inline(__always)
    mutating func noteNamespaceStore(_ id: Int32, _ nameID: Int32, _ v: Value) {
        if case .obj = v { noteStaticChange(); return }
        if let i = heap.objects[Int(id)].names.firstIndex(of: nameID), case .obj = heap.objects[Int(id)].items[i] {
            noteStaticChange()
        }
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
    /// The static part of the reachable graph: the modules, classes and functions reached
    /// from the static roots through modules, classes and functions only (`staticObjects`),
    /// and the other objects they refer to (`frontier`, walked at every boundary: lists,
    /// dicts, tuples, cells can change without a store into a namespace). Valid while
    /// `staticVersion` (bumped by Machine.noteStaticChange) and the builtins' version
    /// are those it was made at.
    var staticVersion = 0
    var staticObjects: [Int32] = []
    var frontier: [Int32] = []
    var staticMadeAt = -1
    var staticMadeWithBuiltins = -1
}
