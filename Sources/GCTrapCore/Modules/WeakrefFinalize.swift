// weakref.finalize, interpreted: CPython's own class (Lib/weakref.py, identical in 3.11,
// 3.12 and 3.13) run by the VM, so each call allocates what CPython's does (the type
// call's argument tuple, the **kwargs dict, the _Info, the reference whose callback is the
// finalize object, the registry entry) under the version's own rules. Compiled into a
// program only when it uses weakref.finalize; run before the program as part of the
// start-up heap (CPython imports weakref at start-up), so it costs the loop nothing.
// docs/cpython-model.md, section L.

enum WeakrefFinalize {
    /// The interpreted weakref module: finalize, WeakValueDictionary, or both, as used.
    static func source(finalize: Bool, weakValueDictionary: Bool) -> String {
        (finalize ? source : "import weakref\n") + (weakValueDictionary ? WeakValueDictionaryModule.source : "")
    }

    /// The interpreted module's name (the class's __module__ in CPython).
    static let moduleName = "weakref"

    /// Lib/weakref.py's `finalize`, with four changes that allocate nothing either way:
    /// positional-only `/` dropped (gctrap has no positional-only parameters; nobody calls
    /// __init__ by keyword), `_Info` at module level (gctrap has no nested classes; a class
    /// call costs the same through either name), `itertools.count()` replaced by an int
    /// counter, and the atexit
    /// registration reduced to its flag plus `_exitfunc`, which gctrap calls when the
    /// program ends (interpreter shutdown). The first call in CPython also keeps the bound
    /// `_exitfunc` for atexit: that one object is made here too.
    static let source = #"""
import weakref


class _Info:
    __slots__ = ("weakref", "func", "args", "kwargs", "atexit", "index")


class finalize:
    __slots__ = ()
    _registry = {}
    _shutdown = False
    _index = 0
    _dirty = False
    _registered_with_atexit = False
    _atexit_hooks = []

    def __init__(self, obj, func, *args, **kwargs):
        if not self._registered_with_atexit:
            finalize._atexit_hooks.append(self._exitfunc)
            finalize._registered_with_atexit = True
        info = _Info()
        info.weakref = weakref.ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        info.index = finalize._index
        finalize._index += 1
        self._registry[self] = info
        finalize._dirty = True

    def __call__(self, _=None):
        info = self._registry.pop(self, None)
        if info and not self._shutdown:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and self._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        return self in self._registry

    @classmethod
    def _exitfunc(cls):
        if cls._registry:
            pending = [f for f, i in cls._registry.items() if i.atexit]
            while pending:
                f = pending.pop()
                f()
        finalize._shutdown = True
"""#
}

extension Machine {

    /// Runs the interpreted `finalize` module to its end before the program starts (a
    /// nested run above the program's first frame), then makes `finalize` a member of the
    /// native weakref module. What it allocated joins generation 2 and the counters and
    /// free lists go back to rest: in CPython these objects exist from start-up.
    /// The same for WeakValueDictionary (Modules/WeakValueDictionary.swift), compiled into
    /// the same module when the program uses it.
    mutating func loadWeakrefFinalize(_ index: Int) {
        let id = createModule(index)
        var frame = Frame(code: Int32(program.modules[index].code), base: Int32(stack.count), callee: -1,
                          module: id, cont: .moduleImport)
        frame.aux = id
        stack.append(contentsOf: repeatElement(Value.undefined, count: program.codes[Int(frame.code)].localNames.count))
        frames.append(frame)
        let depth = frames.count - 1
        _ = execute(stop: .never, base: depth)
        if frames.count > depth { discardFrames(downTo: depth) }
        if stack.count > 0, case .obj(let m) = stack[stack.count - 1], m == id { decref(pop()) }
        let weakrefName = program.intern("weakref")
        for member in ["finalize", "WeakValueDictionary"] {
            if let native = nativeModules[weakrefName], let slot = program.modules[index].slotOf[program.intern(member)],
               case .obj(let cls) = heap.objects[Int(id)].items[Int(slot)] {
                incref(cls)
                heap.objects[Int(native)].names.append(program.intern(member))
                heap.objects[Int(native)].items.append(.obj(cls))
                noteStaticChange()
            }
        }
        for g in Int32(0)...1 {
            for o in heap.listIDs(g) { heap.objects[Int(o)].gen = 2 }
            heap.listMerge(g, into: 2)
        }
        gc.freeLists.clear()
        gc.counts = [0, 0, 0]
    }
}
