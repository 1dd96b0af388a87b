// The load-time check: before anything runs, every free name is looked up among the
// builtins gctrap models, every import among the modules it models, and every attribute
// that can only belong to a built-in type among the methods it models. What CPython has
// and gctrap does not is refused here (exit 2, FILE:LINE:COL, a caret, what to do
// instead), so a program is never misread as wrong (a made-up NameError,
// ModuleNotFoundError or AttributeError) and never stopped half-way by a line it reaches
// late. Names CPython does not know either are left alone: their NameError is real.

struct LoadCheck {
    /// Built-in classes the machine creates at bootstrap (kept equal by a test).
    static let modelledClasses: Set<String> = [
        "object", "BaseException", "Exception", "TypeError", "ValueError", "LookupError", "KeyError",
        "IndexError", "RuntimeError", "RecursionError", "NotImplementedError", "NameError",
        "UnboundLocalError", "AttributeError", "ArithmeticError", "ZeroDivisionError", "AssertionError",
        "ImportError", "ModuleNotFoundError", "StopIteration", "KeyboardInterrupt",
    ]

    /// Built-in classes the machine makes on first use (Machine+Limits), so the start-up
    /// heap stays as measured.
    static let lazyClasses: Set<String> = ["MemoryError", "OverflowError", "GeneratorExit", "ReferenceError"]

    static var modelledBuiltins: Set<String> {
        Set(Builtins.globalNames).union(modelledClasses).union(lazyClasses).union(["None", "True", "False"])
    }

    /// Module globals the machine defines in every module.
    static let modelledModuleGlobals: Set<String> = ["__name__"]

    /// Methods of built-in values the VM implements (list, dict, str).
    static var modelledMethods: Set<String> {
        Builtins.methodNames
    }

    /// Attributes the VM answers on built-in objects (classes, functions, bound methods,
    /// frames, tracebacks, exceptions).
    static let modelledAttributes: Set<String> = [
        "__class__", "__name__", "__self__", "__func__", "f_lineno", "tb_next", "tb_frame", "tb_lineno",
        "args", "__traceback__", "__context__", "__cause__", "__suppress_context__",
    ]

    static func modelledModules(db: Module?) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for (name, members) in Builtins.modules { out[name] = Set(members.map { Builtins.table[Int($0)].name }) }
        if let db = db { out["db"] = boundNames(db.body).union(modelledModuleGlobals) }
        out[ContextlibModule.name] = ContextlibModule.members
        out["weakref", default: []].insert("finalize")   // interpreted, compiled in on use
        out["weakref", default: []].insert("WeakValueDictionary")
        out["weakref"]?.subtract(["KeyedRef", "_remove_dead_weakref"])   // the interpreted class's own helpers
        return out
    }

    let modules: [String: Set<String>]
    let moduleGlobals: Set<String>
    /// Attribute names some class or assignment of the program (or of db) can define.
    let definable: Set<String>
    /// Module-level names bound only by `import m` / `import m as name`.
    let moduleAliases: [String: String]
    /// Module-level names bound by `from contextlib import contextmanager [as name]`.
    var contextmanagerNames: Set<String> = []
    /// Module-level functions decorated with @contextmanager.
    var contextManagerFactories: Set<String> = []

    /// What the program reaches for that gctrap loads only on demand.
    final class Usage {
        /// `weakref.finalize` (an attribute or an imported name called `finalize`): the
        /// interpreted class of Modules/WeakrefFinalize.swift is compiled in.
        var weakrefFinalize = false
        /// `weakref.WeakValueDictionary`: Modules/WeakValueDictionary.swift is compiled in.
        var weakValueDictionary = false
    }
    let usage: Usage

    /// Checks `main` (the scenario); `db` is the interpreted db module it may import.
    @discardableResult
    static func check(_ main: Module, db: Module?) throws -> Usage {
        var definable = modelledAttributes.union(modelledMethods)
        for m in [main] + (db.map { [$0] } ?? []) { collectDefinable(m.body, &definable) }
        var bindings: [String: Int] = [:]
        var aliases: [String: String] = [:]
        countBindings(main.body, &bindings, &aliases)
        var c = LoadCheck(modules: modelledModules(db: db),
                          moduleGlobals: boundNames(main.body).union(globalsDeclared(main.body)),
                          definable: definable,
                          moduleAliases: aliases.filter { bindings[$0.key] == 1 }, usage: Usage())
        for s in main.body {
            if case .importFrom(ContextlibModule.name, let ns) = s.kind {
                for n in ns where n.name == "contextmanager" { c.contextmanagerNames.insert(n.asName ?? n.name) }
            }
        }
        for s in main.body {
            if case .functionDef(let d) = s.kind, d.decorators.contains(where: { c.isContextmanager($0, nil) }) {
                c.contextManagerFactories.insert(d.name)
            }
        }
        try c.block(main.body, locals: nil)
        return c.usage
    }

    // MARK: walking

    /// `locals`: nil at module level and in class bodies (whose own names are in `classNames`).
    func block(_ body: [Stmt], locals: Set<String>?, classNames: Set<String> = []) throws {
        for s in body { try stmt(s, locals: locals, classNames: classNames) }
    }

    func stmt(_ s: Stmt, locals: Set<String>?, classNames: Set<String>) throws {
        let e = { (x: Expr) throws in try self.expr(x, locals: locals, classNames: classNames) }
        let b = { (x: [Stmt]) throws in try self.block(x, locals: locals, classNames: classNames) }
        switch s.kind {
        case .expr(let x): try e(x)
        case .assign(let ts, let v): try e(v); for t in ts { try target(t, locals, classNames) }
        case .augAssign(let t, let op, let v):
            try target(t, locals, classNames)
            if case .name(let n) = t.kind { try name(n, t.pos, locals, classNames) }
            try e(v)
        case .if(let t, let body, let o), .while(let t, let body, let o):
            try e(t); try b(body); try b(o)
        case .for(let t, let it, let body, let o):
            try e(it); try target(t, locals, classNames); try b(body); try b(o)
        case .break, .continue, .pass, .global, .nonlocal: break
        case .return(let v): if let v = v { try e(v) }
        case .del(let ts): for t in ts { try target(t, locals, classNames) }
        case .with(let items, let body):
            for i in items { try e(i.context); if let t = i.target { try target(t, locals, classNames) } }
            try b(body)
        case .try(let body, let hs, let o, let f):
            try b(body)
            for h in hs { if let t = h.type { try e(t) }; try b(h.body) }
            try b(o); try b(f)
        case .raise(let x, let cause):
            if let x = x { try e(x) }
            if let c = cause { try e(c) }
        case .functionDef(let d):
            // @contextmanager is modelled on functions defined at module level or in a class
            // (where it runs once, before the tasks); elsewhere expr refuses it.
            for x in d.decorators where !(locals == nil && isContextmanager(x, locals)) {
                // `@session()` above a def: ContextDecorator, which the model leaves out
                if case .call(let f, _, _) = x.kind, case .name(let n) = f.kind, contextManagerFactories.contains(n),
                   locals?.contains(n) != true {
                    throw ScenarioError(.unsupported, "a @contextmanager function used as a decorator (contextlib's ContextDecorator) is not supported by gctrap; write `with \(n)(...):` around the function's body", at: x.pos)
                }
                try e(x)
            }
            for p in d.params { if let v = p.defaultValue { try e(v) } }
            var inner = LoadCheck.boundNames(d.body).union(d.params.map(\.name))
            inner.subtract(LoadCheck.globalsDeclared(d.body))
            // a nested function also sees its enclosing functions' names (closures)
            try block(d.body, locals: inner.union(locals ?? []))
        case .classDef(_, let bases, let body):
            for x in bases { try e(x) }
            try block(body, locals: nil, classNames: LoadCheck.boundNames(body))
        case .import(let names):
            for n in names { try importModule(n.name, s.pos) }
        case .importFrom(let m, let names):
            try importModule(m, s.pos)
            for n in names { try importedName(m, n.name, s.pos) }
        case .assert(let t, let m):
            try e(t)
            if let m = m { try e(m) }
        }
    }

    /// Targets: their sub-expressions are loads (`a[i] = x` reads `a` and `i`).
    func target(_ t: Expr, _ locals: Set<String>?, _ classNames: Set<String>) throws {
        switch t.kind {
        case .name: break
        case .attribute(let o, _): try expr(o, locals: locals, classNames: classNames)
        case .subscript(let o, let k):
            try expr(o, locals: locals, classNames: classNames)
            try expr(k, locals: locals, classNames: classNames)
        case .tuple(let es), .list(let es): for x in es { try target(x, locals, classNames) }
        default: try expr(t, locals: locals, classNames: classNames)
        }
    }

    func expr(_ x: Expr, locals: Set<String>?, classNames: Set<String>) throws {
        let e = { (y: Expr) throws in try self.expr(y, locals: locals, classNames: classNames) }
        switch x.kind {
        case .name(let n):
            if isContextmanager(x, locals) { try refuseContextmanager(x.pos) }
            try name(n, x.pos, locals, classNames)
        case .int, .float, .str, .bool, .none: break
        case .tuple(let es), .list(let es), .set(let es), .boolOp(_, let es): for y in es { try e(y) }
        case .dict(let pairs): for p in pairs { try e(p.key); try e(p.value) }
        case .attribute(let o, let attr):
            if case .call(let f, let args, let kws) = o.kind, case .name("super") = f.kind, kws.isEmpty,
               locals?.contains("super") != true, !moduleGlobals.contains("super") {
                for a in args { try e(a) }   // super().name, super(C, obj).name: modelled (the compiler checks where)
                return
            }
            if isContextmanager(x, locals) { try refuseContextmanager(x.pos) }
            try e(o)
            try attribute(o, attr, x.pos, locals)
        case .subscript(let o, let k): try e(o); try e(k)
        case .call(let f, let args, let kws):
            try e(f)
            for a in args { try e(a) }
            for k in kws { try e(k.value) }
        case .binary(let op, let l, let r):
            try e(l); try e(r)
        case .unary(_, let y): try e(y)
        case .compare(let first, let rest): try e(first); for r in rest { try e(r.right) }
        case .conditional(let t, let b, let o): try e(t); try e(b); try e(o)
        case .lambda(let params, let body):
            for p in params { if let v = p.defaultValue { try e(v) } }
            try expr(body, locals: Set(params.map(\.name)).union(locals ?? []), classNames: [])
        case .comprehension(_, let element, let value, let gens):
            try e(gens[0].iter)
            var inner = locals ?? []
            for g in gens { Compiler.targetNames(g.target, &inner) }
            let ie = { (y: Expr) throws in try self.expr(y, locals: inner, classNames: classNames) }
            for (i, g) in gens.enumerated() {
                if i > 0 { try ie(g.iter) }
                try target(g.target, inner, classNames)
                for c in g.ifs { try ie(c) }
            }
            try ie(element)
            if let v = value { try ie(v) }
        case .yield(let v): if let v { try e(v) }
        case .yieldFrom(let v), .starred(let v): try e(v)
        case .joinedStr(let es): for y in es { try e(y) }
        case .formatted(let v, _, let spec): try e(v); if let s = spec { try e(s) }
        case .slice(let a, let b, let c): for y in [a, b, c] { if let y = y { try e(y) } }
        }
    }

    // MARK: the checks

    func name(_ n: String, _ pos: SourcePos, _ locals: Set<String>?, _ classNames: Set<String>) throws {
        if locals?.contains(n) == true || classNames.contains(n) || moduleGlobals.contains(n) { return }
        if LoadCheck.modelledBuiltins.contains(n) || LoadCheck.modelledModuleGlobals.contains(n) { return }
        if PythonNames.builtins.contains(n) {
            throw ScenarioError(.unsupported, "the built-in '\(n)' is not supported by gctrap; \(LoadCheck.builtinHint(n))", at: pos)
        }
        if PythonNames.moduleDunders.contains(n) {
            throw ScenarioError(.unsupported, "the module global '\(n)' is not supported by gctrap; of the module globals only __name__ is (write a path or text as a string constant)", at: pos)
        }
    }

    func importModule(_ m: String, _ pos: SourcePos) throws {
        let top = m.split(separator: ".").first.map(String.init) ?? m
        if modules[top] != nil { return }
        let offered = modules.keys.sorted().joined(separator: ", ")
        let hint = PythonNames.moduleHints[top] ?? "remove the import and what uses it, or write a small stand-in class in the scenario"
        throw ScenarioError(.unsupported, "the module '\(top)' is not modelled by gctrap (it models \(offered)); \(hint)", at: pos)
    }

    func importedName(_ m: String, _ n: String, _ pos: SourcePos) throws {
        if m == "weakref" && n == "finalize" { usage.weakrefFinalize = true }
        if m == "weakref" && n == "WeakValueDictionary" { usage.weakValueDictionary = true }
        guard let members = modules[m], !members.contains(n) else { return }
        try refuseMember(m, n, pos)
    }

    /// `contextmanager` imported from contextlib, or `contextlib.contextmanager`.
    func isContextmanager(_ x: Expr, _ locals: Set<String>?) -> Bool {
        switch x.kind {
        case .name(let n): return contextmanagerNames.contains(n) && locals?.contains(n) != true
        case .attribute(let o, "contextmanager"):
            if case .name(let n) = o.kind, locals?.contains(n) != true { return moduleAliases[n] == ContextlibModule.name }
            return false
        default: return false
        }
    }

    func refuseContextmanager(_ pos: SourcePos) throws {
        throw ScenarioError(.unsupported, "contextlib.contextmanager is supported by gctrap as the decorator of a function defined at module level or in a class (@contextmanager above its def): applied anywhere else, what functools.wraps allocates each time is not modelled; define the generator function at module level", at: pos)
    }

    func refuseMember(_ m: String, _ n: String, _ pos: SourcePos) throws {
        if m == ContextlibModule.name {
            throw ScenarioError(.unsupported, "contextlib.\(n) is not supported by gctrap; it models contextlib.contextmanager: \(ContextlibModule.hint(n))", at: pos)
        }
        if m == "weakref", PythonNames.weakrefMembers.contains(n) {
            throw ScenarioError(.unsupported, "weakref.\(n) is not supported by gctrap; it models weakref.ref, weakref.proxy (with a callback), weakref.finalize and weakref.WeakValueDictionary: keep a weakref.ref(obj) and call it to reach the object, or attach a weakref.finalize(obj, func, *args) to release what obj owns", at: pos)
        }
        if m == "gc", Machine.cpythonGCNames.contains(n) {
            throw ScenarioError(.unsupported, "gc.\(n) is not supported by gctrap; it models gc.\(modules["gc"]!.sorted().joined(separator: ", gc."))", at: pos)
        }
    }

    func attribute(_ o: Expr, _ attr: String, _ pos: SourcePos, _ locals: Set<String>?) throws {
        if attr == "finalize" { usage.weakrefFinalize = true }
        if attr == "WeakValueDictionary" { usage.weakValueDictionary = true }
        if case .name(let n) = o.kind, locals?.contains(n) != true, let m = moduleAliases[n] {
            if let members = modules[m], !members.contains(attr) { try refuseMember(m, attr, pos) }
            return
        }
        if definable.contains(attr) { return }
        let owners = PythonNames.typeAttributes.filter { $0.names.contains(attr) }.map(\.type)
        guard !owners.isEmpty else { return }
        let what = owners == ["object"] ? "the attribute \(attr)" : "\(owners.joined(separator: "/")).\(attr)"
        throw ScenarioError(.unsupported, "\(what) is not supported by gctrap; \(LoadCheck.methodHint(attr, owners))", at: pos)
    }

    // MARK: hints

    static func builtinHint(_ n: String) -> String {
        switch n {
        case "super": return "use it as super().name(...) in a method, or super(Class, self).name(...)"
        case "frozenset": return "use a set"
        case "delattr": return "use del obj.name"
        case "filter": return "write the loop out with an if"
        case "open", "input": return "scenarios do no I/O; build the data in the program"
        case "property", "staticmethod", "classmethod": return "decorators are not supported; use a plain method"
        case "callable": return "use isinstance()"
        default:
            return "the built-ins gctrap models are " + modelledBuiltinFunctions.joined(separator: ", ")
        }
    }

    static var modelledBuiltinFunctions: [String] { Builtins.globalNames.sorted() }

    static func methodHint(_ attr: String, _ owners: [String]) -> String {
        switch attr {
        default:
            if owners == ["object"] || owners == ["BaseException"] { return "gctrap does not model this attribute" }
            return "the methods gctrap models are " + modelledMethodList
        }
    }

    /// "list.append/pop/..., dict.get/..., set.add/..., str.join/...", from the builtins table.
    static var modelledMethodList: String {
        var byOwner: [(String, [String])] = []
        for f in Builtins.table {
            let owner: String
            switch f.owner {
            case .type(.list): owner = "list"
            case .type(.dict): owner = "dict"
            case .type(.set): owner = "set"
            case .str: owner = "str"
            default: continue
            }
            if let i = byOwner.firstIndex(where: { $0.0 == owner }) { byOwner[i].1.append(f.name) } else { byOwner.append((owner, [f.name])) }
        }
        return byOwner.map { "\($0.0).\($0.1.joined(separator: "/"))" }.joined(separator: ", ")
    }

    // MARK: name collection

    /// Names a block binds in its own scope (not inside nested defs or classes).
    static func boundNames(_ body: [Stmt]) -> Set<String> {
        var out = Set<String>()
        func t(_ e: Expr) {
            switch e.kind {
            case .name(let n): out.insert(n)
            case .tuple(let es), .list(let es): es.forEach(t)
            default: break
            }
        }
        func walk(_ body: [Stmt]) {
            for s in body {
                switch s.kind {
                case .assign(let ts, _): ts.forEach(t)
                case .augAssign(let x, _, _): t(x)
                case .for(let x, _, let b, let o): t(x); walk(b); walk(o)
                case .if(_, let b, let o), .while(_, let b, let o): walk(b); walk(o)
                case .with(let items, let b): for i in items { if let x = i.target { t(x) } }; walk(b)
                case .try(let b, let hs, let o, let f):
                    walk(b); walk(o); walk(f)
                    for h in hs { if let n = h.name { out.insert(n) }; walk(h.body) }
                case .del(let ts): ts.forEach(t)
                case .import(let ns): for n in ns { out.insert(n.asName ?? String(n.name.split(separator: ".")[0])) }
                case .importFrom(_, let ns): for n in ns { out.insert(n.asName ?? n.name) }
                case .functionDef(let d): out.insert(d.name)
                case .classDef(let n, _, _): out.insert(n)
                default: break
                }
            }
        }
        walk(body)
        return out
    }

    /// Names declared `global` anywhere in a module's functions (they become module globals).
    static func globalsDeclared(_ body: [Stmt]) -> Set<String> {
        var out = Set<String>()
        func walk(_ body: [Stmt]) {
            for s in body {
                switch s.kind {
                case .global(let ns): out.formUnion(ns)
                case .for(_, _, let b, let o), .if(_, let b, let o), .while(_, let b, let o): walk(b); walk(o)
                case .with(_, let b): walk(b)
                case .try(let b, let hs, let o, let f): walk(b); walk(o); walk(f); hs.forEach { walk($0.body) }
                case .functionDef(let d): walk(d.body)
                case .classDef(_, _, let b): walk(b)
                default: break
                }
            }
        }
        walk(body)
        return out
    }

    /// Attribute names a program can give its objects: class-body names and `x.name = ...` targets.
    static func collectDefinable(_ body: [Stmt], _ out: inout Set<String>) {
        func t(_ e: Expr) {
            switch e.kind {
            case .attribute(_, let a): out.insert(a)
            case .tuple(let es), .list(let es): es.forEach(t)
            default: break
            }
        }
        for s in body {
            switch s.kind {
            case .assign(let ts, _): ts.forEach(t)
            case .augAssign(let x, _, _): t(x)
            case .for(let x, _, let b, let o): t(x); collectDefinable(b, &out); collectDefinable(o, &out)
            case .if(_, let b, let o), .while(_, let b, let o): collectDefinable(b, &out); collectDefinable(o, &out)
            case .with(let items, let b):
                for i in items { if let x = i.target { t(x) } }
                collectDefinable(b, &out)
            case .try(let b, let hs, let o, let f):
                collectDefinable(b, &out); collectDefinable(o, &out); collectDefinable(f, &out)
                for h in hs { collectDefinable(h.body, &out) }
            case .functionDef(let d): collectDefinable(d.body, &out)
            case .classDef(_, _, let b):
                out.formUnion(boundNames(b))
                collectDefinable(b, &out)
            default: break
            }
        }
    }

    /// How many module-level statements bind each name, and which are `import m [as a]`.
    static func countBindings(_ body: [Stmt], _ counts: inout [String: Int], _ aliases: inout [String: String]) {
        for s in body {
            if case .import(let ns) = s.kind {
                for n in ns where !n.name.contains(".") {
                    let b = n.asName ?? n.name
                    aliases[b] = n.name
                    counts[b, default: 0] += 1
                }
                continue
            }
            for n in boundNames([s]) { counts[n, default: 0] += 1 }
        }
        for n in globalsDeclared(body) { counts[n, default: 0] += 1 }
    }
}
