// weakref.WeakValueDictionary, interpreted: CPython's own class (Lib/weakref.py, identical
// in 3.11, 3.12 and 3.13) run by the VM like weakref.finalize (WeakrefFinalize.swift), so
// each operation allocates what CPython's does under the version's own rules: the
// `remove` closure with its defaults, `update()`'s **kwargs and `dict(other)`, the
// generators of keys()/values()/items() with their _IterationGuard, and `_remove` run as
// each value's weakref callback. Two parts are native because they are C in CPython and
// gctrap does not subclass built-in types: `KeyedRef` (a `weakref.ref` subclass with a
// `key` slot and `__new__`/`__init__` in Python, whose call costs are modelled below) and
// `_remove_dead_weakref`. docs/cpython-model.md, section L.

enum WeakValueDictionaryModule {

    /// Lib/weakref.py's WeakValueDictionary with what it uses of _weakrefset.py
    /// (_IterationGuard) and of _collections_abc.MutableMapping (`clear`, the only mixin
    /// method the class does not override that gctrap can call). Changes, none of which
    /// allocates either way: positional-only `/` dropped, `ref`/`KeyedRef`/
    /// `_remove_dead_weakref` reached through the native weakref module, the ABC base as a
    /// class marked by `_abc_impl` (3.13 does not specialize calls of an ABCMeta class;
    /// contextlib's does the same). Left out (refused or documented): `__repr__`, the
    /// `|`/`|=` operators, `__deepcopy__`, `==` (Mapping.__eq__).
    static let source = #"""


class MutableMapping:
    __slots__ = ()
    _abc_impl = None

    def clear(self):
        try:
            while True:
                self.popitem()
        except KeyError:
            pass


class _IterationGuard:

    def __init__(self, weakcontainer):
        self.weakcontainer = weakref.ref(weakcontainer)

    def __enter__(self):
        w = self.weakcontainer()
        if w is not None:
            w._iterating.add(self)
        return self

    def __exit__(self, e, t, b):
        w = self.weakcontainer()
        if w is not None:
            s = w._iterating
            s.remove(self)
            if not s:
                w._commit_removals()


class WeakValueDictionary(MutableMapping):

    def __init__(self, other=(), **kw):
        def remove(wr, selfref=weakref.ref(self), _atomic_removal=weakref._remove_dead_weakref):
            self = selfref()
            if self is not None:
                if self._iterating:
                    self._pending_removals.append(wr.key)
                else:
                    _atomic_removal(self.data, wr.key)
        self._remove = remove
        self._pending_removals = []
        self._iterating = set()
        self.data = {}
        self.update(other, **kw)

    def _commit_removals(self, _atomic_removal=weakref._remove_dead_weakref):
        pop = self._pending_removals.pop
        d = self.data
        while True:
            try:
                key = pop()
            except IndexError:
                return
            _atomic_removal(d, key)

    def __getitem__(self, key):
        if self._pending_removals:
            self._commit_removals()
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        else:
            return o

    def __delitem__(self, key):
        if self._pending_removals:
            self._commit_removals()
        del self.data[key]

    def __len__(self):
        if self._pending_removals:
            self._commit_removals()
        return len(self.data)

    def __contains__(self, key):
        if self._pending_removals:
            self._commit_removals()
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def __setitem__(self, key, value):
        if self._pending_removals:
            self._commit_removals()
        self.data[key] = weakref.KeyedRef(value, self._remove, key)

    def copy(self):
        if self._pending_removals:
            self._commit_removals()
        new = WeakValueDictionary()
        with _IterationGuard(self):
            for key, wr in self.data.items():
                o = wr()
                if o is not None:
                    new[key] = o
        return new

    __copy__ = copy

    def get(self, key, default=None):
        if self._pending_removals:
            self._commit_removals()
        try:
            wr = self.data[key]
        except KeyError:
            return default
        else:
            o = wr()
            if o is None:
                return default
            else:
                return o

    def items(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for k, wr in self.data.items():
                v = wr()
                if v is not None:
                    yield k, v

    def keys(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for k, wr in self.data.items():
                if wr() is not None:
                    yield k

    __iter__ = keys

    def values(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for wr in self.data.values():
                obj = wr()
                if obj is not None:
                    yield obj

    def popitem(self):
        if self._pending_removals:
            self._commit_removals()
        while True:
            key, wr = self.data.popitem()
            o = wr()
            if o is not None:
                return key, o

    def pop(self, key, *args):
        if self._pending_removals:
            self._commit_removals()
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            else:
                raise KeyError(key)
        else:
            return o

    def setdefault(self, key, default=None):
        try:
            o = self.data[key]()
        except KeyError:
            o = None
        if o is None:
            if self._pending_removals:
                self._commit_removals()
            self.data[key] = weakref.KeyedRef(default, self._remove, key)
            return default
        else:
            return o

    def update(self, other=None, **kwargs):
        if self._pending_removals:
            self._commit_removals()
        d = self.data
        if other is not None:
            if not hasattr(other, "items"):
                other = dict(other)
            for key, o in other.items():
                d[key] = weakref.KeyedRef(o, self._remove, key)
        for key, o in kwargs.items():
            d[key] = weakref.KeyedRef(o, self._remove, key)

    def valuerefs(self):
        if self._pending_removals:
            self._commit_removals()
        return list(self.data.values())
"""#

    /// The special methods the VM calls on instances of the interpreted library classes
    /// (no scenario class may define them: their slot calls are measured only here).
    static let specialMethods: Set<String> = ["__getitem__", "__setitem__", "__delitem__", "__len__", "__contains__"]
}

extension Machine {

    /// `KeyedRef(ob, callback, key)`: a type call (3-tuple, never specialized: the class
    /// has a Python `__new__`); slot_tp_new runs `__new__` (RESUME), whose
    /// `ref.__new__(type, ob, callback)` builds tp_new_wrapper's 3-tuple and its 2-tuple
    /// slice around the new reference (a generic CALL: breaker on return); slot_tp_init
    /// runs `__init__` (RESUME), whose `super().__init__(ob, callback)` makes a super
    /// object and a method-wrapper called with a 2-tuple (3.11, and the first run on
    /// 3.12+), or, once LOAD_SUPER_ATTR is specialized (3.12+), calls the wrapper
    /// descriptor with a 3-tuple and its 2-tuple slice. Measured +4 kept with empty free
    /// lists, +1 warm, on 3.11-3.13 (docs L).
    mutating func makeKeyedRef(_ pos: [Value]) throws -> Value {
        hold(.tuple, size: 3)
        defer { unhold(.tuple, size: 3) }
        evalBreaker()
        hold(.tuple, size: 3)
        let r: Value
        do {
            r = try makeWeakref([pos[0], pos[1]])   // its 2-tuple stands for tp_new_wrapper's slice
        } catch {
            unhold(.tuple, size: 3)
            throw error
        }
        unhold(.tuple, size: 3)
        guard case .obj(let wid) = r else { return r }
        heap.objects[Int(wid)].ref2 = 2
        incref(pos[2])
        if heap.objects[Int(wid)].items.isEmpty { heap.objects[Int(wid)].items = [.none] }
        heap.objects[Int(wid)].items.append(pos[2])
        evalBreaker()
        evalBreaker()
        if !profile.deferredCollection || keyedRefInits == 0 {
            hold(.boundMethod, size: 0)      // super(KeyedRef, self)
            hold(.boundMethod, size: 0)      // its __init__: a method-wrapper
            unhold(.boundMethod, size: 0)    // the super object goes before the call
            transient(.tuple, size: 2)
            unhold(.boundMethod, size: 0)
        } else {
            hold(.tuple, size: 3)
            transient(.tuple, size: 2)
            unhold(.tuple, size: 3)
        }
        keyedRefInits += 1
        evalBreaker()
        return r
    }

    /// `_remove_dead_weakref(d, key)`: deletes `d[key]` if its value is a dead weak
    /// reference. A missing key raises KeyError inside and clears it (3.11: only the
    /// argument tuple is made; 3.12+ normalize the error at once: the exception too).
    mutating func removeDeadWeakref(_ pos: [Value]) throws -> Value {
        guard case .obj(let d) = pos[0], heap.objects[Int(d)].kind == .dict else {
            throw raiseNew(classes.typeError, "_remove_dead_weakref() argument 1 must be dict, not \(typeName(of: pos[0]))")
        }
        guard let i = try dictIndex(d, pos[1]) else {
            hold(.tuple, size: 1)
            if profile.minor >= 12 { transient(.instance, size: 0) }
            unhold(.tuple, size: 1)
            return .none
        }
        let v = dictValue(d, at: i)
        if case .obj(let w) = v, heap.objects[Int(w)].kind == .weakref, heap.objects[Int(w)].ref < 0 {
            _ = dictRemove(d, at: i)
        }
        return .none
    }

    /// The function a library class defines for a special method the VM dispatches
    /// (`__getitem__`...), if `v` is an instance of such a class.
    @inline(__always)
    mutating func specialMethod(_ v: Value, _ nameID: Int32) -> Value? {
        guard nameID >= 0, case .obj(let id) = v, heap.objects[Int(id)].kind == .instance,
              let f = lookupClassAttr(heap.objects[Int(id)].typeID, nameID),
              case .obj(let fid) = f, heap.objects[Int(fid)].kind == .function else { return nil }
        return f
    }

    /// Calls a special method as CPython's slot functions do (vectorcall_method: no
    /// argument tuple, a nested evaluation); takes one reference per argument.
    mutating func callSpecial(_ f: Value, _ args: [Value]) throws -> Value {
        if let exc = callNested(f, args: args) { throw Propagated(exc: exc) }
        let r = nestedResult
        nestedResult = .none
        return r
    }
}
