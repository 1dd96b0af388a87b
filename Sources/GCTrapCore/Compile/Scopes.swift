// CPython's symbol table, for the subset: which names a function binds (its locals),
// which of them an inner function uses (cells: made at each call, shared through the
// closure tuple) and which it takes from an enclosing function (free variables). Module
// and class scopes bind globals and namespace entries; a method cannot see its class's names.

struct ScopeNames {
    /// Loaded, stored or deleted in this scope's own code.
    var used = Set<String>()
    /// Bound in this scope (parameters included), before global/nonlocal are taken out.
    var bound = Set<String>()
    var globals = Set<String>()
    var nonlocals = Set<String>()
    /// Free names of the scopes nested in this one (functions, lambdas, comprehensions run as functions).
    var childFree = Set<String>()
    var yields = false
    let inlineComprehensions: Bool

    init(inlineComprehensions: Bool) { self.inlineComprehensions = inlineComprehensions }

    /// The names of a function (or lambda, or comprehension run as a function).
    static func function(params: [String], body: [Stmt], inline: Bool) throws -> ScopeNames {
        var s = ScopeNames(inlineComprehensions: inline)
        s.bound.formUnion(params)
        s.used.formUnion(params)
        try s.stmts(body)
        return s
    }

    /// Names bound here that are locals (not declared global or nonlocal).
    var locals: Set<String> { bound.subtracting(globals).subtracting(nonlocals) }

    /// Names this scope needs from enclosing scopes (CPython resolves them to an enclosing
    /// function's local, else to a global).
    var free: Set<String> {
        used.union(childFree).subtracting(locals).subtracting(globals).union(nonlocals)
    }

    // MARK: walking

    mutating func stmts(_ body: [Stmt]) throws { for s in body { try stmt(s) } }

    mutating func stmt(_ s: Stmt) throws {
        switch s.kind {
        case .expr(let e): try expr(e)
        case .assign(let ts, let v): try expr(v); for t in ts { try target(t) }
        case .augAssign(let t, _, let v): try target(t); try expr(v)
        case .if(let t, let b, let o), .while(let t, let b, let o): try expr(t); try stmts(b); try stmts(o)
        case .for(let t, let it, let b, let o): try expr(it); try target(t); try stmts(b); try stmts(o)
        case .break, .continue, .pass: break
        case .return(let v): if let v { try expr(v) }
        case .del(let ts): for t in ts { try target(t) }
        case .with(let items, let b):
            for i in items { try expr(i.context); if let t = i.target { try target(t) } }
            try stmts(b)
        case .try(let b, let hs, let o, let f):
            try stmts(b)
            for h in hs {
                if let t = h.type { try expr(t) }
                if let n = h.name { bind(n) }
                try stmts(h.body)
            }
            try stmts(o); try stmts(f)
        case .raise(let x, let c):
            if let x { try expr(x) }
            if let c { try expr(c) }
        case .functionDef(let d):
            for x in d.decorators { try expr(x) }
            for p in d.params { if let v = p.defaultValue { try expr(v) } }
            bind(d.name)
            let inner = try ScopeNames.function(params: d.params.map(\.name), body: d.body, inline: inlineComprehensions)
            childFree.formUnion(inner.free)
        case .classDef(let n, let bases, let body):
            for b in bases { try expr(b) }
            bind(n)
            var cls = ScopeNames(inlineComprehensions: inlineComprehensions)
            try cls.stmts(body)
            // A method does not see its class's names: what they need goes further out.
            var needs = cls.used.subtracting(cls.locals).subtracting(cls.globals).union(cls.nonlocals)
            needs.formUnion(cls.childFree.subtracting(["__class__"]))
            childFree.formUnion(needs)
        case .import(let ns): for n in ns { bind(n.asName ?? String(n.name.split(separator: ".")[0])) }
        case .importFrom(_, let ns): for n in ns { bind(n.asName ?? n.name) }
        case .global(let ns): globals.formUnion(ns)
        case .nonlocal(let ns): nonlocals.formUnion(ns)
        case .assert(let t, let m): try expr(t); if let m { try expr(m) }
        }
    }

    mutating func bind(_ n: String) { bound.insert(n); used.insert(n) }

    mutating func target(_ t: Expr) throws {
        switch t.kind {
        case .name(let n): bind(n)
        case .tuple(let es), .list(let es): for e in es { try target(e) }
        default: try expr(t)
        }
    }

    mutating func expr(_ e: Expr) throws {
        switch e.kind {
        case .name(let n): used.insert(n)
        case .int, .float, .str, .bool, .none: break
        case .tuple(let es), .list(let es), .set(let es), .boolOp(_, let es), .joinedStr(let es): for x in es { try expr(x) }
        case .formatted(let v, _, let spec): try expr(v); if let s = spec { try expr(s) }
        case .slice(let a, let b, let c): for x in [a, b, c] { if let x = x { try expr(x) } }
        case .dict(let ps): for p in ps { try expr(p.key); try expr(p.value) }
        case .attribute(let o, _): try expr(o)
        case .subscript(let o, let k): try expr(o); try expr(k)
        case .call(let f, let args, let kws):
            try expr(f)
            for a in args { try expr(a) }
            for k in kws { try expr(k.value) }
        case .binary(_, let l, let r): try expr(l); try expr(r)
        case .unary(_, let x): try expr(x)
        case .compare(let f, let rest): try expr(f); for r in rest { try expr(r.right) }
        case .conditional(let t, let b, let o): try expr(t); try expr(b); try expr(o)
        case .lambda(let params, let body):
            for p in params { if let v = p.defaultValue { try expr(v) } }
            let inner = try ScopeNames.function(params: params.map(\.name), body: [Stmt(.return(body), body.pos)], inline: inlineComprehensions)
            childFree.formUnion(inner.free)
        case .comprehension(let kind, _, _, let gens):
            try expr(gens[0].iter)
            let inner = try ScopeNames.comprehension(e, inline: inlineComprehensions)
            if kind == .generator || !inlineComprehensions {
                childFree.formUnion(inner.free)
            } else {
                // PEP 709: run inline, its variables hidden in this frame; what it reads is read here.
                if let n = inner.childFree.intersection(inner.locals).sorted().first {
                    throw ScenarioError(.unsupported, "a function or lambda inside a comprehension that uses the comprehension's variable '\(n)' is not supported by gctrap", at: e.pos)
                }
                used.formUnion(inner.used.subtracting(inner.locals))
                childFree.formUnion(inner.childFree.subtracting(inner.locals))
            }
        case .yield(let x):
            yields = true
            if let x { try expr(x) }
        case .yieldFrom(let x):
            yields = true
            try expr(x)
        case .starred(let x):
            try expr(x)
        }
    }

    /// A comprehension's own scope: `.0` (the first iterable's iterator) and its targets.
    static func comprehension(_ e: Expr, inline: Bool) throws -> ScopeNames {
        guard case .comprehension(_, let element, let value, let gens) = e.kind else { fatalError("not a comprehension") }
        var s = ScopeNames(inlineComprehensions: inline)
        s.bind(".0")
        for (i, g) in gens.enumerated() {
            if i > 0 { try s.expr(g.iter) }
            try s.target(g.target)
            for c in g.ifs { try s.expr(c) }
        }
        try s.expr(element)
        if let v = value { try s.expr(v) }
        if s.yields { throw ScenarioError(.syntax, "'yield' inside \(e.kind.comprehensionWords)", at: e.pos) }
        return s
    }
}

extension ExprKind {
    var comprehensionWords: String {
        if case .comprehension(let k, _, _, _) = self {
            switch k {
            case .list: return "list comprehension"
            case .set: return "set comprehension"
            case .dict: return "dict comprehension"
            case .generator: return "generator expression"
            }
        }
        return "expression"
    }
}
