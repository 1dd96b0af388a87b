// Turns a parsed module into code objects: names resolved to local or global slots,
// control flow to jumps, try/with/for blocks to handler ranges, and `finally` bodies
// copied onto each early exit as CPython does.

struct Compiler {
    let program: Program
    let moduleIndex: Int

    private enum Block {
        case forLoop(start: Int, breaks: Box)
        case whileLoop(start: Int, breaks: Box)
        case with
        case handlerBody(name: String?)
        case finally(body: [Stmt])
        /// The copy of a `finally` body run for an exception: the exception is on the stack
        /// and handled; `return`/`break`/`continue` there swallow it (POP_EXCEPT, pop), so
        /// it and what its traceback holds are freed at once, as in CPython.
        case finallyForException
        case protected(handler: Int32)   // inside a try body or a cleanup range
    }

    final class Box { var patches: [Int] = [] }

    private struct Unit {
        var code: CodeObject
        var blocks: [Block] = []
        var depth: Int32 = 0           // stack items held by enclosing blocks
        var locals: [String: Int32] = [:]
        var globals: Set<String> = []
        var line: Int32 = 0
        /// Cells and free variables: the slot holds a cell, read and written through it.
        var derefs: [String: Int32] = [:]
        /// The variables of an inlined comprehension (PEP 709, 3.12+): hidden slots of this frame.
        var hidden: [String: Int32] = [:]
        /// Names each enclosing function scope provides to nested ones (innermost last).
        var enclosing: [Set<String>] = []
        /// A function defined directly in a class body (zero-argument super() works here).
        var isMethod = false
    }

    private var unit: Unit
    /// PEP 709 (3.12+): list and dict comprehensions run inline, with no function or frame.
    let inlineComprehensions: Bool
    /// 3.12+: `f(*a, **k)` with `k` the only keywords passes that dict as it is (3.11 copies it).
    let loneKwargsAsIs: Bool

    init(program: Program, moduleIndex: Int, inlineComprehensions: Bool = false, loneKwargsAsIs: Bool = false) {
        self.program = program
        self.moduleIndex = moduleIndex
        self.inlineComprehensions = inlineComprehensions
        self.loneKwargsAsIs = loneKwargsAsIs
        var code = CodeObject(name: "<module>", kind: .module, module: moduleIndex)
        code.qualname = "<module>"
        unit = Unit(code: code)
    }

    /// Compiles a module body; returns the module's code index.
    static func compileModule(_ module: Module, into program: Program, inlineComprehensions: Bool = false,
                              loneKwargsAsIs: Bool = false) throws -> Int {
        var info = ModuleInfo(name: module.name, code: -1, lines: module.lines)
        info.toggles = findToggles(module)
        program.modules.append(info)
        let index = program.modules.count - 1
        var c = Compiler(program: program, moduleIndex: index, inlineComprehensions: inlineComprehensions, loneKwargsAsIs: loneKwargsAsIs)
        try c.statements(module.body)
        c.emit(.loadConst, c.const(.none))
        c.emit(.returnValue)
        program.codes.append(c.unit.code)
        let codeIndex = program.codes.count - 1
        program.modules[index].code = codeIndex
        return codeIndex
    }

    static func findToggles(_ module: Module) -> [Toggle] {
        var out: [Toggle] = []
        for s in module.body {
            if case .assign(let targets, let value) = s.kind, targets.count == 1,
               case .name(let n) = targets[0].kind, case .bool(let b) = value.kind,
               !out.contains(where: { $0.name == n }) {
                var comment = ""
                let line = s.pos.line
                if line >= 1 && line <= module.lines.count, let hash = module.lines[line - 1].firstIndex(of: "#") {
                    comment = module.lines[line - 1][module.lines[line - 1].index(after: hash)...]
                        .trimmingCharacters(in: " ")
                }
                out.append(Toggle(name: n, value: b, line: line, comment: comment))
            }
        }
        return out
    }

    // MARK: emitting

    @discardableResult
    mutating func emit(_ op: Op, _ a: Int32 = 0, _ b: Int32 = 0) -> Int {
        unit.code.instrs.append(Instr(op: op, a: a, b: b, line: unit.line, handler: currentHandler()))
        return unit.code.instrs.count - 1
    }

    private func currentHandler() -> Int32 {
        for b in unit.blocks.reversed() {
            if case .protected(let h) = b { return h }
        }
        return -1
    }

    var here: Int { unit.code.instrs.count }

    mutating func patch(_ at: Int, to target: Int) { unit.code.instrs[at].a = Int32(target) }

    mutating func const(_ v: Value) -> Int32 {
        if let i = unit.code.consts.firstIndex(of: v) { return Int32(i) }
        unit.code.consts.append(v)
        return Int32(unit.code.consts.count - 1)
    }

    mutating func newHandler(depth: Int32) -> Int32 {
        unit.code.handlers.append(Handler(target: -1, depth: depth))
        return Int32(unit.code.handlers.count - 1)
    }

    mutating func placeHandler(_ h: Int32) { unit.code.handlers[Int(h)].target = Int32(here) }

    func unsupported(_ what: String, _ pos: SourcePos) -> ScenarioError {
        ScenarioError(.unsupported, "\(what) are not supported by gctrap", at: pos)
    }

    // MARK: names

    mutating func globalSlot(_ name: String) -> Int32 {
        let id = program.intern(name)
        if let s = program.modules[moduleIndex].slotOf[id] { return s }
        let s = Int32(program.modules[moduleIndex].globalNames.count)
        program.modules[moduleIndex].globalNames.append(id)
        program.modules[moduleIndex].slotOf[id] = s
        return s
    }

    mutating func load(_ name: String) {
        if let slot = unit.hidden[name] { emit(.loadFast, slot); return }
        switch unit.code.kind {
        case .function:
            if unit.globals.contains(name) { emit(.loadGlobal, globalSlot(name)) }
            else if let slot = unit.derefs[name] { emit(.loadDeref, slot) }
            else if let slot = unit.locals[name] { emit(.loadFast, slot) }
            else { emit(.loadGlobal, globalSlot(name)) }
        case .classBody:
            emit(.loadName, program.intern(name), globalSlot(name))
        case .module:
            emit(.loadGlobal, globalSlot(name))
        }
    }

    mutating func store(_ name: String) {
        if let slot = unit.hidden[name] { emit(.storeFast, slot); return }
        switch unit.code.kind {
        case .function:
            if unit.globals.contains(name) { emit(.storeGlobal, globalSlot(name)) }
            else if let slot = unit.derefs[name] { emit(.storeDeref, slot) }
            else if let slot = unit.locals[name] { emit(.storeFast, slot) }
            else { emit(.storeGlobal, globalSlot(name)) }
        case .classBody:
            emit(.storeName, program.intern(name), globalSlot(name))
        case .module:
            emit(.storeGlobal, globalSlot(name))
        }
    }

    mutating func delete(_ name: String) {
        switch unit.code.kind {
        case .function where !unit.globals.contains(name) && unit.derefs[name] != nil:
            emit(.deleteDeref, unit.derefs[name]!)
        case .function where !unit.globals.contains(name) && unit.locals[name] != nil:
            emit(.deleteFast, unit.locals[name]!)
        default:
            emit(.deleteGlobal, globalSlot(name))
        }
    }

    // MARK: statements

    mutating func statements(_ body: [Stmt]) throws {
        for s in body { try statement(s) }
    }

    mutating func statement(_ s: Stmt) throws {
        unit.line = Int32(s.pos.line)
        emit(.stmt, Int32(s.pos.line))
        switch s.kind {
        case .expr(let e):
            try expr(e)
            emit(.popTop)
        case .assign(let targets, let value):
            // CPython's peephole pass turns BUILD_TUPLE n + UNPACK_SEQUENCE n (n <= 3) into
            // SWAPs: `a, b = b, a` builds no tuple (3.11-3.13).
            if targets.count == 1, let es = Compiler.swappedValues(targets[0], value) {
                for x in es { try expr(x) }
                if es.count == 3 { emit(.rot3) }
                if es.count >= 2 { emit(.rot2) }
                switch targets[0].kind {
                case .tuple(let ts), .list(let ts): for t in ts { try assign(to: t) }
                default: break
                }
                break
            }
            try expr(value)
            for (i, t) in targets.enumerated() {
                if i < targets.count - 1 { emit(.dupTop) }
                try assign(to: t)
            }
        case .augAssign(let target, let op, let value):
            try augAssign(target, op, value)
        case .if(let test, let body, let orelse):
            try expr(test)
            let toElse = emit(.jumpIfFalse)
            try statements(body)
            if orelse.isEmpty {
                patch(toElse, to: here)
            } else {
                let toEnd = emit(.jump)
                patch(toElse, to: here)
                try statements(orelse)
                patch(toEnd, to: here)
            }
        case .while(let test, let body, let orelse):
            let loopStart = here - 1   // back onto the `stmt` marker: stepping stops on the while line each turn
            try expr(test)
            let toExit = emit(.jumpIfFalse)
            let breaks = Box()
            unit.blocks.append(.whileLoop(start: loopStart, breaks: breaks))
            try statements(body)
            unit.blocks.removeLast()
            unit.line = Int32(s.pos.line)
            emit(.jump, Int32(loopStart))
            patch(toExit, to: here)
            try statements(orelse)
            for p in breaks.patches { patch(p, to: here) }
        case .for(let target, let iter, let body, let orelse):
            try expr(iter)
            emit(.getIter)
            let loopStart = here
            emit(.stmt, Int32(s.pos.line))
            let forIter = emit(.forIter)
            unit.depth += 1
            let breaks = Box()
            unit.blocks.append(.forLoop(start: loopStart, breaks: breaks))
            try assign(to: target)
            try statements(body)
            unit.blocks.removeLast()
            unit.depth -= 1
            unit.line = Int32(s.pos.line)
            emit(.jump, Int32(loopStart))
            patch(forIter, to: here)
            try statements(orelse)
            for p in breaks.patches { patch(p, to: here) }
        case .break:
            try unwind(toLoop: true, pos: s.pos)
        case .continue:
            try unwind(toLoop: false, pos: s.pos)
        case .pass:
            break
        case .return(let value):
            guard unit.code.kind == .function else {
                throw ScenarioError(.syntax, "'return' outside function", at: s.pos)
            }
            if let v = value { try expr(v) } else { emit(.loadConst, const(.none)) }
            try unwindForReturn()
            emit(.returnValue)
        case .del(let targets):
            for t in targets { try del(t) }
        case .with(let items, let body):
            try with(items[...], body)
        case .try(let body, let handlers, let orelse, let finally):
            if finally.isEmpty {
                try tryExcept(body, handlers, orelse)
            } else {
                try tryFinally(finally) { c in
                    if handlers.isEmpty { try c.statements(body); try c.statements(orelse) }
                    else { try c.tryExcept(body, handlers, orelse) }
                }
            }
        case .raise(let exc, let cause):
            if let e = exc {
                try expr(e)
                if let c = cause { try expr(c); emit(.raise, 2) } else { emit(.raise, 1) }
            } else {
                emit(.raise, 0)
            }
        case .functionDef(let def):
            // the decorators are evaluated first, then applied bottom up: f = d1(d2(f))
            for d in def.decorators {
                try expr(d)
                emit(.pushNull)
            }
            try makeFunction(name: def.name, params: def.params, body: def.body, pos: s.pos)
            for _ in def.decorators { emit(.call, 1, -1) }
            store(def.name)
        case .classDef(let name, let bases, let body):
            guard unit.code.kind == .module else {
                throw unsupported("classes defined inside functions or classes", s.pos)
            }
            if bases.count > 1 { throw unsupported("multiple base classes", s.pos) }
            for b in bases { try expr(b) }
            let code = try compileClassBody(name: name, body: body, line: s.pos.line)
            emit(.makeClass, Int32(code), Int32(bases.count))
            store(name)
        case .import(let names):
            for n in names {
                if n.name.contains(".") { throw unsupported("dotted imports", s.pos) }
                emit(.importName, program.intern(n.name))
                store(n.asName ?? n.name)
            }
        case .importFrom(let module, let names):
            emit(.importName, program.intern(module))
            for n in names {
                emit(.importFrom, program.intern(n.name))
                store(n.asName ?? n.name)
            }
            emit(.popTop)
        case .global(let names):
            if unit.code.kind == .function {
                for n in names { unit.globals.insert(n) }
            }
        case .nonlocal:
            break   // resolved when the function was compiled (its names are free variables)
        case .assert(let test, let message):
            try expr(test)
            let ok = emit(.jumpIfTrue)
            if let m = message { try expr(m); emit(.assertFail, 1) } else { emit(.assertFail, 0) }
            patch(ok, to: here)
        }
    }

    /// The values of `t1, ..., tn = v1, ..., vn` (or `[t1, ...] = ...`), n <= 3, no starred
    /// item: compiled without the tuple, as CPython's SWAP rewrite does.
    static func swappedValues(_ target: Expr, _ value: Expr) -> [Expr]? {
        guard case .tuple(let es) = value.kind, (1...3).contains(es.count) else { return nil }
        let ts: [Expr]
        switch target.kind {
        case .tuple(let x), .list(let x): ts = x
        default: return nil
        }
        let starred = { (e: Expr) -> Bool in if case .starred = e.kind { return true }; return false }
        guard ts.count == es.count, !ts.contains(where: starred), !es.contains(where: starred) else { return nil }
        return es
    }

    mutating func assign(to target: Expr) throws {
        switch target.kind {
        case .name(let n):
            store(n)
        case .attribute(let obj, let attr):
            try expr(obj)
            emit(.storeAttr, program.intern(attr))
        case .subscript(let obj, let key):
            try expr(obj)
            try expr(key)
            emit(.storeSubscr)
        case .tuple(let elts), .list(let elts):
            emit(.unpack, Int32(elts.count))
            for e in elts { try assign(to: e) }
        default:
            throw ScenarioError(.syntax, "cannot assign to expression", at: target.pos)
        }
    }

    mutating func del(_ target: Expr) throws {
        switch target.kind {
        case .name(let n):
            delete(n)
        case .attribute(let obj, let attr):
            try expr(obj)
            emit(.deleteAttr, program.intern(attr))
        case .subscript(let obj, let key):
            try expr(obj)
            try expr(key)
            emit(.deleteSubscr)
        case .tuple(let elts), .list(let elts):
            for e in elts { try del(e) }
        default:
            throw ScenarioError(.syntax, "cannot delete expression", at: target.pos)
        }
    }

    mutating func augAssign(_ target: Expr, _ op: BinaryOp, _ value: Expr) throws {
        let code = Int32(binaryCode(op).rawValue)
        switch target.kind {
        case .name(let n):
            load(n)
            try expr(value)
            emit(.inplace, code)
            store(n)
        case .attribute(let obj, let attr):
            try expr(obj)
            emit(.dupTop)
            emit(.loadAttr, program.intern(attr))
            try expr(value)
            emit(.inplace, code)
            emit(.rot2)
            emit(.storeAttr, program.intern(attr))
        case .subscript(let obj, let key):
            try expr(obj)
            try expr(key)
            emit(.dupTop2)
            emit(.subscr)
            try expr(value)
            emit(.inplace, code)
            emit(.rot3)
            emit(.storeSubscr)
        default:
            throw ScenarioError(.syntax, "'\(describe(target))' is an illegal expression for augmented assignment", at: target.pos)
        }
    }

    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .tuple: return "tuple"
        case .list: return "list"
        case .call: return "function call"
        default: return "expression"
        }
    }

    func binaryCode(_ op: BinaryOp) -> BinaryCode {
        switch op {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .floorDiv: return .floorDiv
        case .mod: return .mod
        case .trueDiv: return .trueDiv
        }
    }

    // MARK: blocks

    /// `break` (toLoop) or `continue`: unwinds the blocks up to the innermost loop.
    mutating func unwind(toLoop isBreak: Bool, pos: SourcePos) throws {
        var i = unit.blocks.count - 1
        let saved = unit.blocks
        let savedDepth = unit.depth
        while i >= 0 {
            let b = unit.blocks[i]
            switch b {
            case .forLoop(let start, let breaks):
                if isBreak {
                    emit(.popTop)
                    breaks.patches.append(emit(.jump))
                } else {
                    emit(.jump, Int32(start))
                }
                unit.blocks = saved
                unit.depth = savedDepth
                return
            case .whileLoop(let start, let breaks):
                if isBreak { breaks.patches.append(emit(.jump)) } else { emit(.jump, Int32(start)) }
                unit.blocks = saved
                unit.depth = savedDepth
                return
            default:
                unit.blocks.removeLast()
                try exitBlock(b, preserveTop: false)
            }
            i -= 1
        }
        unit.blocks = saved
        unit.depth = savedDepth
        throw ScenarioError(.syntax, isBreak ? "'break' outside loop" : "'continue' not properly in loop", at: pos)
    }

    /// Before `return`: the value is on top; unwind every block of the function.
    mutating func unwindForReturn() throws {
        let saved = unit.blocks
        let savedDepth = unit.depth
        while let b = unit.blocks.last {
            unit.blocks.removeLast()
            switch b {
            case .forLoop:
                emit(.rot2)
                emit(.popTop)
                unit.depth -= 1
            default:
                try exitBlock(b, preserveTop: true)
            }
        }
        unit.blocks = saved
        unit.depth = savedDepth
    }

    private mutating func exitBlock(_ b: Block, preserveTop: Bool) throws {
        switch b {
        case .with:
            if preserveTop { emit(.rot2) }
            emit(.withExit)
            emit(.popTop)
            unit.depth -= 1
        case .handlerBody(let name):
            emit(.popExcept)
            if let n = name {
                emit(.loadConst, const(.none))
                store(n)
                delete(n)
            }
        case .finally(let body):
            if preserveTop { unit.depth += 1 }
            try statements(body)
            if preserveTop { unit.depth -= 1 }
        case .finallyForException:
            emit(.popExcept)
            if preserveTop { emit(.rot2) }
            emit(.popTop)
            unit.depth -= 1
        case .protected, .forLoop, .whileLoop:
            break
        }
    }

    mutating func with(_ items: ArraySlice<WithItem>, _ body: [Stmt]) throws {
        guard let item = items.first else { try statements(body); return }
        try expr(item.context)
        emit(.beforeWith)
        let h = newHandler(depth: unit.depth + 1)
        unit.blocks.append(.protected(handler: h))
        if let t = item.target { try assign(to: t) } else { emit(.popTop) }
        unit.depth += 1
        unit.blocks.append(.with)
        try with(items.dropFirst(), body)
        unit.blocks.removeLast()
        unit.blocks.removeLast()   // protected
        emit(.withExit)
        emit(.popTop)
        unit.depth -= 1
        let toEnd = emit(.jump)
        placeHandler(h)
        // [exit, exc]: the exception is handled while __exit__ decides.
        let cleanup = newHandler(depth: unit.depth)
        unit.blocks.append(.protected(handler: cleanup))
        emit(.pushExcInfo)
        emit(.withExceptStart)
        let check = emit(.withExceptCheck)
        unit.blocks.removeLast()
        placeHandler(cleanup)
        emit(.popExcept)
        emit(.reraise)
        patch(check, to: here)
        patch(toEnd, to: here)
    }

    mutating func tryExcept(_ body: [Stmt], _ handlers: [ExceptHandler], _ orelse: [Stmt]) throws {
        let h = newHandler(depth: unit.depth)
        unit.blocks.append(.protected(handler: h))
        try statements(body)
        unit.blocks.removeLast()
        try statements(orelse)
        var toEnd: [Int] = [emit(.jump)]
        placeHandler(h)
        let cleanup = newHandler(depth: unit.depth)
        unit.blocks.append(.protected(handler: cleanup))
        emit(.pushExcInfo)
        for handler in handlers {
            unit.line = Int32(handler.pos.line)
            var next: Int? = nil
            if let t = handler.type {
                try expr(t)
                emit(.checkExcMatch)
                next = emit(.jumpIfFalse)
            }
            if let n = handler.name {
                store(n)
                let inner = newHandler(depth: unit.depth)
                unit.blocks.append(.protected(handler: inner))
                unit.blocks.append(.handlerBody(name: n))
                try statements(handler.body)
                unit.blocks.removeLast()
                unit.blocks.removeLast()
                emit(.popExcept)
                emit(.loadConst, const(.none))
                store(n)
                delete(n)
                toEnd.append(emit(.jump))
                placeHandler(inner)
                // Raised in the clause's body: unbind the name and go on to `cleanup`,
                // which ends the handling (one POP_EXCEPT per PUSH_EXC_INFO, as CPython).
                emit(.loadConst, const(.none))
                store(n)
                delete(n)
                emit(.reraise)
            } else {
                emit(.popTop)
                unit.blocks.append(.handlerBody(name: nil))
                try statements(handler.body)
                unit.blocks.removeLast()
                emit(.popExcept)
                toEnd.append(emit(.jump))
            }
            if let n = next { patch(n, to: here) }
        }
        // No clause matched: the exception goes on, through `cleanup` (its POP_EXCEPT).
        emit(.reraise)
        unit.blocks.removeLast()
        placeHandler(cleanup)
        emit(.popExcept)
        emit(.reraise)
        for p in toEnd { patch(p, to: here) }
    }

    mutating func tryFinally(_ finalBody: [Stmt], _ body: (inout Compiler) throws -> Void) throws {
        let h = newHandler(depth: unit.depth)
        unit.blocks.append(.protected(handler: h))
        unit.blocks.append(.finally(body: finalBody))
        try body(&self)
        unit.blocks.removeLast()
        unit.blocks.removeLast()
        try statements(finalBody)
        let toEnd = emit(.jump)
        placeHandler(h)
        let cleanup = newHandler(depth: unit.depth)
        unit.blocks.append(.protected(handler: cleanup))
        emit(.pushExcInfo)
        unit.depth += 1
        unit.blocks.append(.finallyForException)
        try statements(finalBody)
        unit.blocks.removeLast()
        unit.depth -= 1
        unit.blocks.removeLast()
        emit(.popExcept)
        emit(.reraise)
        placeHandler(cleanup)
        emit(.popExcept)
        emit(.reraise)
        patch(toEnd, to: here)
    }

    // MARK: functions and classes

    /// Defaults, the closure tuple (an enclosing function's cells this one uses), then the function.
    mutating func makeFunction(name: String, params: [Param], body: [Stmt], pos: SourcePos) throws {
        let defaults = params.filter { $0.kind == .positional }.compactMap(\.defaultValue)
        for d in defaults { try expr(d) }
        // keyword-only defaults: a dict made at each definition (__kwdefaults__)
        let kwDefaults = params.filter { $0.kind == .keywordOnly && $0.defaultValue != nil }
        for p in kwDefaults {
            emit(.loadConst, const(.str(p.name)))
            try expr(p.defaultValue!)
        }
        if !kwDefaults.isEmpty { emit(.buildDict, Int32(kwDefaults.count)) }
        let (code, frees) = try compileFunction(name: name, params: params, body: body, pos: pos)
        try emitClosure(frees, pos: pos)
        // Defaults that are not all constants make a tuple at each definition (BUILD_TUPLE).
        let builtDefaults = !defaults.isEmpty && Compiler.constantItems(defaults) == nil
        emit(.makeFunction, Int32(code), Int32(defaults.count) | (frees.isEmpty ? 0 : 1 << 16) | (builtDefaults ? 1 << 17 : 0)
             | (kwDefaults.isEmpty ? 0 : 1 << 18))
    }

    /// Pushes the closure tuple of a nested function: the cells of `frees`, from this frame.
    mutating func emitClosure(_ frees: [String], pos: SourcePos) throws {
        guard !frees.isEmpty else { return }
        for n in frees {
            guard let slot = unit.derefs[n] else {
                throw ScenarioError(.syntax, "no binding for free variable '\(n)'", at: pos)
            }
            emit(.loadClosure, slot)
        }
        emit(.buildTuple, Int32(frees.count))
    }

    /// The names this unit offers to functions nested in it (locals, cells, its own free variables).
    var offeredToNested: [Set<String>] {
        guard unit.code.kind == .function else { return [] }
        var mine = Set(unit.locals.keys).union(unit.derefs.keys).subtracting(unit.globals)
        mine.remove(".0")
        return unit.enclosing + [mine]
    }

    func qualname(_ name: String) -> String {
        switch unit.code.kind {
        case .module: return name
        case .classBody: return "\(unit.code.qualname).\(name)"
        case .function: return "\(unit.code.qualname).<locals>.\(name)"
        }
    }

    /// Compiles a function body into its own code object; returns it and its free variables
    /// (in closure-tuple order: sorted, as CPython's co_freevars).
    mutating func compileFunction(name: String, params: [Param], body rawBody: [Stmt], pos: SourcePos,
                                  comprehension: Expr? = nil) throws -> (Int, [String]) {
        var code = CodeObject(name: name, kind: .function, module: moduleIndex)
        code.qualname = qualname(name)
        code.paramCount = params.filter { $0.kind == .positional }.count
        code.kwonlyCount = params.filter { $0.kind == .keywordOnly }.count
        code.hasVarargs = params.contains { $0.kind == .varargs }
        code.hasVarkw = params.contains { $0.kind == .varkw }
        // A function's docstring is not code in CPython (it is only co_consts[0]): no line
        // event, so `s` must not stop on it. Kept when it is the whole body.
        var body = rawBody
        if body.count > 1, case .expr(let e) = body[0].kind, case .str = e.kind { body.removeFirst() }
        code.firstLine = comprehension.map { $0.pos.line } ?? body.first.map { $0.pos.line } ?? pos.line
        let scope = try comprehension.map { try ScopeNames.comprehension($0, inline: false) }
            ?? ScopeNames.function(params: params.map(\.name), body: body, inline: inlineComprehensions)
        code.isGenerator = scope.yields || { if case .comprehension(.generator, _, _, _)? = comprehension?.kind { return true }; return false }()
        let enclosing = offeredToNested
        for n in scope.nonlocals.sorted() where !enclosing.contains(where: { $0.contains(n) }) {
            throw ScenarioError(.syntax, "no binding for nonlocal '\(n)' found", at: Compiler.nonlocalPos(n, body) ?? pos)
        }
        var sub = Compiler(program: program, moduleIndex: moduleIndex, inlineComprehensions: inlineComprehensions, loneKwargsAsIs: loneKwargsAsIs)
        sub.unit = Unit(code: code)
        sub.unit.enclosing = enclosing
        sub.unit.isMethod = unit.code.kind == .classBody && comprehension == nil && name != "<lambda>"
        var seen = Set<String>()
        let order: [Param.Kind] = [.positional, .keywordOnly, .varargs, .varkw]
        let ordered = order.flatMap { k in params.filter { $0.kind == k } }
        for p in ordered {
            if seen.contains(p.name) {
                throw ScenarioError(.syntax, "duplicate argument '\(p.name)' in function definition", at: p.pos)
            }
            seen.insert(p.name)
            sub.addLocal(p.name)
        }
        sub.unit.globals = scope.globals
        var assigned: [String] = []
        if comprehension == nil { try Compiler.collectAssigned(body, &assigned) }
        else { assigned = scope.locals.subtracting([".0"]).sorted() }
        for n in assigned where !scope.globals.contains(n) && !scope.nonlocals.contains(n) { sub.addLocal(n) }
        // Cells: locals a nested scope uses; free variables: names an enclosing function binds.
        for n in scope.locals.intersection(scope.childFree).sorted() {
            if sub.unit.locals[n] == nil { sub.addLocal(n) }
            sub.unit.derefs[n] = sub.unit.locals[n]!
            sub.unit.code.cellSlots.append(sub.unit.locals[n]!)
        }
        sub.unit.code.cellSlots.sort()
        let frees = scope.free.filter { n in enclosing.contains { $0.contains(n) } }.sorted()
        for n in frees {
            sub.addLocal(n)
            sub.unit.derefs[n] = sub.unit.locals[n]!
            sub.unit.code.freeSlots.append(sub.unit.locals[n]!)
        }
        if let comp = comprehension {
            sub.unit.line = Int32(comp.pos.line)
            try sub.comprehensionBody(comp)
        } else {
            try sub.statements(body)
            sub.emit(.loadConst, sub.const(.none))
            sub.emit(.returnValue)
        }
        program.codes.append(sub.unit.code)
        return (program.codes.count - 1, frees)
    }

    mutating func addLocal(_ name: String) {
        if unit.locals[name] != nil { return }
        unit.locals[name] = Int32(unit.code.localNames.count)
        unit.code.localNames.append(program.intern(name))
    }

    mutating func compileClassBody(name: String, body: [Stmt], line: Int) throws -> Int {
        var code = CodeObject(name: name, kind: .classBody, module: moduleIndex)
        code.qualname = name
        code.firstLine = line
        // Special methods gctrap calls: the rest would be silently ignored (== by identity,
        // repr() without __repr__, len() refusing...), so they are refused by name.
        let inLibrary = program.modules[moduleIndex].name == WeakrefFinalize.moduleName
        func unsupportedSpecial(_ n: String) -> Bool {
            n.hasPrefix("__") && n.hasSuffix("__") && !Self.supportedSpecialMethods.contains(n)
        }
        func refused(_ n: String, at pos: SourcePos) -> ScenarioError {
            ScenarioError(.unsupported, "the special method \(n) (in class '\(name)') is not supported by gctrap; gctrap calls only \(Self.supportedSpecialMethods.sorted().joined(separator: ", "))", at: pos)
        }
        for s in body {
            if case .functionDef(let def) = s.kind, unsupportedSpecial(def.name),
               !(inLibrary && WeakValueDictionaryModule.specialMethods.contains(def.name)) {
                throw refused(def.name, at: s.pos)
            }
            // `__len__ = lambda self: 3` is a special method too: it would be half honoured
            // (the VM calls the library classes' __len__, __iter__...), so refused alike.
            if case .assign(let targets, _) = s.kind, !inLibrary {
                for t in targets {
                    if case .name(let n) = t.kind, n.count > 4, unsupportedSpecial(n), !Self.classDataNames.contains(n) {
                        throw refused(n, at: t.pos)
                    }
                }
            }
        }
        // its methods inherit the version's rules (PEP 709 inlining inside them)
        var sub = Compiler(program: program, moduleIndex: moduleIndex, inlineComprehensions: inlineComprehensions, loneKwargsAsIs: loneKwargsAsIs)
        sub.unit = Unit(code: code)
        try sub.statements(body)
        sub.emit(.loadConst, sub.const(.none))
        sub.emit(.returnValue)
        program.codes.append(sub.unit.code)
        return program.codes.count - 1
    }

    /// Class attributes with double underscores that are data, not special methods.
    static let classDataNames: Set<String> = ["__slots__", "__doc__", "__module__", "__qualname__"]

    static let supportedSpecialMethods: Set<String> = ["__init__", "__del__", "__enter__", "__exit__", "__str__", "__call__"]

    static func collectGlobals(_ body: [Stmt], _ out: inout Set<String>) {
        for s in body {
            switch s.kind {
            case .global(let names): out.formUnion(names)
            case .if(_, let b, let o), .while(_, let b, let o), .for(_, _, let b, let o):
                collectGlobals(b, &out); collectGlobals(o, &out)
            case .with(_, let b): collectGlobals(b, &out)
            case .try(let b, let hs, let o, let f):
                collectGlobals(b, &out); collectGlobals(o, &out); collectGlobals(f, &out)
                for h in hs { collectGlobals(h.body, &out) }
            default: break
            }
        }
    }

    /// Names a function body binds: they are its locals (Python's scoping rule).
    static func collectAssigned(_ body: [Stmt], _ out: inout [String]) throws {
        func target(_ e: Expr) {
            switch e.kind {
            case .name(let n): if !out.contains(n) { out.append(n) }
            case .tuple(let es), .list(let es): es.forEach(target)
            default: break
            }
        }
        for s in body {
            switch s.kind {
            case .assign(let ts, _): ts.forEach(target)
            case .augAssign(let t, _, _): target(t)
            case .for(let t, _, let b, let o):
                target(t); try collectAssigned(b, &out); try collectAssigned(o, &out)
            case .if(_, let b, let o), .while(_, let b, let o):
                try collectAssigned(b, &out); try collectAssigned(o, &out)
            case .with(let items, let b):
                for i in items { if let t = i.target { target(t) } }
                try collectAssigned(b, &out)
            case .try(let b, let hs, let o, let f):
                try collectAssigned(b, &out); try collectAssigned(o, &out); try collectAssigned(f, &out)
                for h in hs {
                    if let n = h.name, !out.contains(n) { out.append(n) }
                    try collectAssigned(h.body, &out)
                }
            case .del(let ts): ts.forEach(target)
            case .import(let names):
                for n in names { let b = n.asName ?? n.name; if !out.contains(b) { out.append(b) } }
            case .importFrom(_, let names):
                for n in names { let b = n.asName ?? n.name; if !out.contains(b) { out.append(b) } }
            case .functionDef(let d):
                if !out.contains(d.name) { out.append(d.name) }
            case .classDef(let n, _, _):
                throw ScenarioError(.unsupported, "classes defined inside functions (class '\(n)') are not supported by gctrap", at: s.pos)
            default: break
            }
        }
    }

    // MARK: expressions

    mutating func expr(_ e: Expr) throws {
        switch e.kind {
        case .name(let n): load(n)
        case .int(let v): emit(.loadConst, const(.int(v)))
        case .float(let v): emit(.loadConst, const(.float(v)))
        case .str(let v): emit(.loadConst, const(.str(v)))
        case .bool(let v): emit(.loadConst, const(.bool(v)))
        case .none: emit(.loadConst, const(.none))
        case .tuple(let es):
            if let items = Compiler.constantItems(es) {
                unit.code.constTuples.append(items)
                emit(.loadConstTuple, Int32(unit.code.constTuples.count - 1))
            } else {
                for x in es { try expr(x) }
                emit(.buildTuple, Int32(es.count))
            }
        case .list(let es):
            for x in es { try expr(x) }
            emit(.buildList, Int32(es.count))
        case .set(let es):
            for x in es { try expr(x) }
            emit(.buildSet, Int32(es.count))
        case .dict(let pairs):
            for p in pairs { try expr(p.key); try expr(p.value) }
            emit(.buildDict, Int32(pairs.count))
        case .attribute(let obj, let attr):
            if let form = try superForm(obj) {
                emit(.loadSuperAttr, program.intern(attr), form)
            } else {
                try expr(obj)
                emit(.loadAttr, program.intern(attr))
            }
        case .subscript(let obj, let key):
            try expr(obj)
            try expr(key)
            emit(.subscr)
        case .call(let fn, let args, let keywords) where args.contains(where: { if case .starred = $0.kind { return true }; return false })
                                                    || keywords.contains(where: { $0.name == "**" }):
            try callWithUnpacking(fn, args, keywords)
        case .call(let fn, let args, let keywords):
            if case .attribute(let obj, let attr) = fn.kind, let form = try superForm(obj) {
                emit(.loadSuperMethod, program.intern(attr), form)
            } else if case .attribute(let obj, let attr) = fn.kind {
                try expr(obj)
                emit(.loadMethod, program.intern(attr))
            } else {
                try expr(fn)
                emit(.pushNull)
            }
            for a in args { try expr(a) }
            var kw: Int32 = -1
            if !keywords.isEmpty {
                var seen = Set<String>()
                for k in keywords {
                    if seen.contains(k.name) {
                        throw ScenarioError(.syntax, "keyword argument repeated: \(k.name)", at: k.value.pos)
                    }
                    seen.insert(k.name)
                    try expr(k.value)
                }
                unit.code.kwnames.append(keywords.map { program.intern($0.name) })
                kw = Int32(unit.code.kwnames.count - 1)
            }
            emit(.call, Int32(args.count + keywords.count), kw)
        case .binary(.mod, let l, let r) where Compiler.formatAsFString(l, r) != nil:
            try expr(Expr(.joinedStr(Compiler.formatAsFString(l, r)!), e.pos))
        case .binary(let op, let l, let r):
            try expr(l)
            try expr(r)
            emit(.binary, binaryCode(op).rawValue)
        case .unary(let op, let x):
            try expr(x)
            emit(.unary, op == .neg ? 0 : op == .pos ? 1 : 2)
        case .compare(let first, let rest):
            try expr(first)
            if rest.count == 1 {
                if rest[0].op == .in || rest[0].op == .notIn, case .set(let es) = rest[0].right.kind,
                   let items = Compiler.constantItems(es) {
                    // `x in {1, 2}`: CPython folds the display into a frozenset constant, so
                    // nothing is allocated; a constant tuple made at load time does the same
                    // here (its members are hashable constants, so `in` answers alike; only an
                    // unhashable `x` would get False instead of TypeError).
                    unit.code.constTuples.append(items)
                    emit(.loadConstTuple, Int32(unit.code.constTuples.count - 1))
                } else {
                    try expr(rest[0].right)
                }
                emit(.compare, compareCode(rest[0].op).rawValue)
            } else {
                var cleanups: [Int] = []
                for (i, item) in rest.enumerated() {
                    try expr(item.right)
                    if i < rest.count - 1 {
                        emit(.dupTop)
                        emit(.rot3)
                        emit(.compare, compareCode(item.op).rawValue)
                        cleanups.append(emit(.jumpIfFalseOrPop))
                    } else {
                        emit(.compare, compareCode(item.op).rawValue)
                    }
                }
                let toEnd = emit(.jump)
                for c in cleanups { patch(c, to: here) }
                emit(.rot2)
                emit(.popTop)
                patch(toEnd, to: here)
            }
        case .boolOp(let op, let values):
            var jumps: [Int] = []
            for (i, v) in values.enumerated() {
                try expr(v)
                if i < values.count - 1 {
                    jumps.append(emit(op == .and ? .jumpIfFalseOrPop : .jumpIfTrueOrPop))
                }
            }
            for j in jumps { patch(j, to: here) }
        case .conditional(let test, let body, let orelse):
            try expr(test)
            let toElse = emit(.jumpIfFalse)
            try expr(body)
            let toEnd = emit(.jump)
            patch(toElse, to: here)
            try expr(orelse)
            patch(toEnd, to: here)
        case .joinedStr(let parts):
            // FORMAT_VALUE per field, BUILD_STRING of the pieces: strings only, no GC object.
            for p in parts { try expr(p) }
            if parts.count != 1 { emit(.buildString, Int32(parts.count)) }
        case .formatted(let value, let conversion, let spec):
            try expr(value)
            if let spec = spec { try expr(spec) }
            let code: Int32 = conversion == "s" ? 1 : conversion == "r" ? 2 : conversion == "a" ? 3 : 0
            emit(.formatValue, code, spec == nil ? 0 : 1)
        case .slice(let lower, let upper, let step):
            // BUILD_SLICE (3.12+: BINARY_SLICE/STORE_SLICE for two bounds): the slice object
            // comes from the interpreter's one-slot cache, so it never moves the counter.
            for part in [lower, upper] + (step == nil ? [] : [step]) {
                if let p = part { try expr(p) } else { emit(.loadConst, const(.none)) }
            }
            emit(.buildSlice, step == nil ? 2 : 3)
        case .lambda(let params, let body):
            try makeFunction(name: "<lambda>", params: params, body: [Stmt(.return(body), body.pos)], pos: e.pos)
        case .comprehension(let kind, _, _, let gens):
            // (a comprehension at class level itself stays a function here, as before)
            if kind != .generator && inlineComprehensions && unit.code.kind != .classBody {
                try inlineComprehension(e)
            } else {
                // 3.11 (and every generator expression): a function made and called with the
                // first iterable's iterator (`.0`), run in its own frame.
                let (code, frees) = try compileFunction(name: "<\(kind.rawValue)>", params: [Param(name: ".0", defaultValue: nil, pos: e.pos)],
                                                        body: [], pos: e.pos, comprehension: e)
                try emitClosure(frees, pos: e.pos)
                emit(.makeFunction, Int32(code), frees.isEmpty ? 0 : 1 << 16)
                emit(.pushNull)
                try expr(gens[0].iter)
                emit(.getIter)
                emit(.call, 1, -1)
            }
        case .yield(let value):
            guard unit.code.kind == .function else { throw ScenarioError(.syntax, "'yield' outside function", at: e.pos) }
            if let v = value { try expr(v) } else { emit(.loadConst, const(.none)) }
            emit(.yieldValue)
        case .starred:
            throw ScenarioError(.syntax, "can't use starred expression here", at: e.pos)
        case .yieldFrom(let it):
            guard unit.code.kind == .function else { throw ScenarioError(.syntax, "'yield' outside function", at: e.pos) }
            // Delegation as a loop: each item is yielded on (send/throw are not modelled).
            try expr(it)
            emit(.getIter)
            let loop = here
            let exit = emit(.forIter)
            emit(.yieldValue, 0, 1)   // b = 1: a `yield from` (send/throw refuse it)
            emit(.popTop)
            emit(.jump, Int32(loop))
            patch(exit, to: here)
            emit(.loadConst, const(.none))
        }
    }

    /// `f(*args, **kwargs)` (CALL_FUNCTION_EX): the callable (a method is bound: LOAD_ATTR),
    /// the positional arguments as one sequence (a list turned into a tuple when they are
    /// mixed), the keywords as one new dict.
    mutating func callWithUnpacking(_ fn: Expr, _ args: [Expr], _ keywords: [Keyword]) throws {
        try expr(fn)
        emit(.pushNull)
        if args.count == 1, case .starred(let x) = args[0].kind {
            try expr(x)
        } else if !args.contains(where: { if case .starred = $0.kind { return true }; return false }) {
            if let items = Compiler.constantItems(args) {
                unit.code.constTuples.append(items)
                emit(.loadConstTuple, Int32(unit.code.constTuples.count - 1))
            } else {
                for a in args { try expr(a) }
                emit(.buildTuple, Int32(args.count))
            }
        } else {
            var leading = 0
            for a in args {
                if case .starred = a.kind { break }
                try expr(a)
                leading += 1
            }
            emit(.buildList, Int32(leading))
            for a in args.dropFirst(leading) {
                if case .starred(let x) = a.kind {
                    try expr(x)
                    emit(.listExtend)
                } else {
                    try expr(a)
                    emit(.listAppend, 1)
                }
            }
            emit(.listToTuple)
        }
        var hasKw: Int32 = 0
        if keywords.count == 1 && keywords[0].name == "**" && loneKwargsAsIs {
            hasKw = 1
            try expr(keywords[0].value)
        } else if !keywords.isEmpty {
            hasKw = 1
            var leading = 0
            for k in keywords {
                if k.name == "**" { break }
                emit(.loadConst, const(.str(k.name)))
                try expr(k.value)
                leading += 1
            }
            emit(.buildDict, Int32(leading))
            for k in keywords.dropFirst(leading) {
                if k.name == "**" {
                    try expr(k.value)
                    emit(.dictMerge)
                } else {
                    emit(.loadConst, const(.str(k.name)))
                    try expr(k.value)
                    emit(.mapAdd, 1)
                }
            }
        }
        emit(.callEx, hasKw)
        emit(.squash, 1 + hasKw)
    }

    /// `super()` or `super(C, obj)` before an attribute: pushes what the lookup needs and
    /// returns the form (0 zero-argument, 1 explicit); nil for anything else.
    mutating func superForm(_ e: Expr) throws -> Int32? {
        guard case .call(let f, let args, let kws) = e.kind, case .name("super") = f.kind, kws.isEmpty,
              unit.hidden["super"] == nil, unit.locals["super"] == nil else { return nil }
        switch args.count {
        case 0:
            guard unit.isMethod, unit.code.paramCount > 0 else {
                throw ScenarioError(.unsupported, "super() without arguments is supported in a method's own body (not in a nested function, lambda or comprehension); write super(Class, self)", at: e.pos)
            }
            unit.code.usesSuper = true
            emit(.loadFast, 0)
            return 0
        case 2:
            try expr(args[0])
            try expr(args[1])
            return 1
        default:
            throw ScenarioError(.unsupported, "super() with one argument is not supported by gctrap; write super().name or super(Class, self).name", at: e.pos)
        }
    }

    /// The body of a comprehension's own function: `.0` is local 0.
    mutating func comprehensionBody(_ e: Expr) throws {
        guard case .comprehension(let kind, _, _, _) = e.kind else { return }
        switch kind {
        case .list: emit(.buildList, 0)
        case .dict: emit(.buildDict, 0)
        case .set: emit(.buildSet, 0)
        case .generator: break
        }
        emit(.loadFast, 0)
        try comprehensionLoops(e, level: 0)
        if kind == .generator { emit(.loadConst, const(.none)) }
        emit(.returnValue)
    }

    /// PEP 709: the comprehension runs in this frame; its variables are hidden slots, unbound
    /// again at the end (CPython restores what they shadowed: nothing, here).
    mutating func inlineComprehension(_ e: Expr) throws {
        guard case .comprehension(let kind, _, _, let gens) = e.kind else { return }
        if unit.code.kind == .classBody {
            throw ScenarioError(.unsupported, "comprehensions in a class body are not supported by gctrap; build the value in a function", at: e.pos)
        }
        try expr(gens[0].iter)
        emit(.getIter)
        emit(kind == .dict ? .buildDict : kind == .set ? .buildSet : .buildList, 0)
        emit(.rot2)
        let saved = unit.hidden
        var mine: [Int32] = []
        var names = Set<String>()
        for g in gens { Compiler.targetNames(g.target, &names) }
        for n in names.sorted() {
            let slot = Int32(unit.code.localNames.count)
            unit.code.localNames.append(program.intern(n))
            unit.hidden[n] = slot
            mine.append(slot)
        }
        try comprehensionLoops(e, level: 0)
        unit.hidden = saved
        for slot in mine { emit(.clearFast, slot) }
    }

    /// Where `nonlocal n` is written in a body (not inside nested functions).
    static func nonlocalPos(_ n: String, _ body: [Stmt]) -> SourcePos? {
        for s in body {
            switch s.kind {
            case .nonlocal(let ns) where ns.contains(n): return s.pos
            case .if(_, let b, let o), .while(_, let b, let o), .for(_, _, let b, let o):
                if let p = nonlocalPos(n, b) ?? nonlocalPos(n, o) { return p }
            case .with(_, let b): if let p = nonlocalPos(n, b) { return p }
            case .try(let b, let hs, let o, let f):
                if let p = nonlocalPos(n, b) ?? nonlocalPos(n, o) ?? nonlocalPos(n, f) { return p }
                for h in hs { if let p = nonlocalPos(n, h.body) { return p } }
            default: break
            }
        }
        return nil
    }

    static func targetNames(_ t: Expr, _ out: inout Set<String>) {
        switch t.kind {
        case .name(let n): out.insert(n)
        case .tuple(let es), .list(let es): for x in es { targetNames(x, &out) }
        default: break
        }
    }

    /// The nested loops of a comprehension; the iterator of level 0 is on the stack.
    mutating func comprehensionLoops(_ e: Expr, level: Int) throws {
        guard case .comprehension(let kind, let element, let value, let gens) = e.kind else { return }
        let g = gens[level]
        if level > 0 {
            try expr(g.iter)
            emit(.getIter)
        }
        let loop = here
        let exit = emit(.forIter)
        try assign(to: g.target)
        for c in g.ifs {
            // a false condition goes back to the next item: a back edge (eval breaker, warm-up)
            try expr(c)
            let keep = emit(.jumpIfTrue)
            emit(.jump, Int32(loop))
            patch(keep, to: here)
        }
        if level + 1 < gens.count {
            try comprehensionLoops(e, level: level + 1)
        } else {
            switch kind {
            case .list:
                try expr(element)
                emit(.listAppend, Int32(gens.count + 1))
            case .set:
                try expr(element)
                emit(.setAdd, Int32(gens.count + 1))
            case .dict:
                try expr(element)
                try expr(value!)
                emit(.mapAdd, Int32(gens.count + 1))
            case .generator:
                try expr(element)
                emit(.yieldValue)
                emit(.popTop)
            }
        }
        emit(.jump, Int32(loop))
        patch(exit, to: here)
    }

    /// CPython's AST optimizer (optimize_format in Python/ast_opt.c, 3.11-3.13) compiles
    /// `"..." % (a, b)` as an f-string when every unit is %s, %r or %a (flag `-`, width
    /// and precision of at most two digits) and the tuple display has as many items: no
    /// tuple is built (measured: `"%s" % (d,)` +0, `"%d" % (n,)` +1 for its tuple).
    static func formatAsFString(_ l: Expr, _ r: Expr) -> [Expr]? {
        guard case .str(let fmt) = l.kind, case .tuple(let elts) = r.kind else { return nil }
        let c = Array(fmt)
        var parts: [Expr] = []
        var i = 0, n = 0
        while true {
            var lit = ""
            while i < c.count {
                if c[i] != "%" { lit.append(c[i]); i += 1 }
                else if i + 1 < c.count && c[i + 1] == "%" { lit.append("%"); i += 2 }
                else { break }
            }
            if !lit.isEmpty { parts.append(Expr(.str(lit), l.pos)) }
            if i >= c.count { break }
            guard n < elts.count else { return nil }
            i += 1
            var ljust = false
            while i < c.count, "-+ #0".contains(c[i]) {
                if c[i] != "-" { return nil }
                ljust = true; i += 1
            }
            var width: Int? = nil, prec: Int? = nil
            var digits = 0
            while i < c.count, c[i].isASCII, c[i].isNumber {
                width = (width ?? 0) * 10 + c[i].wholeNumberValue!; i += 1; digits += 1
                if digits >= 3 { return nil }
            }
            if i < c.count, c[i] == "." {
                i += 1; prec = 0; digits = 0
                while i < c.count, c[i].isASCII, c[i].isNumber {
                    prec = prec! * 10 + c[i].wholeNumberValue!; i += 1; digits += 1
                    if digits >= 3 { return nil }
                }
            }
            guard i < c.count, "sra".contains(c[i]) else { return nil }
            let conv = c[i]
            i += 1
            var spec = ""
            if !ljust, let w = width, w > 0 { spec += ">" }
            if let w = width { spec += String(w) }
            if let p = prec { spec += "." + String(p) }
            parts.append(Expr(.formatted(elts[n], conversion: conv, spec: spec.isEmpty ? nil : Expr(.str(spec), l.pos)), elts[n].pos))
            n += 1
        }
        guard n == elts.count else { return nil }
        return parts.isEmpty ? [Expr(.str(""), l.pos)] : parts
    }

    /// The values of a non-empty tuple display made only of literals (CPython's constant folding).
    static func constantItems(_ es: [Expr]) -> [Value]? {
        guard !es.isEmpty else { return nil }
        var out: [Value] = []
        for e in es {
            switch e.kind {
            case .int(let i): out.append(.int(i))
            case .float(let d): out.append(.float(d))
            case .str(let s): out.append(.str(s))
            case .bool(let b): out.append(.bool(b))
            case .none: out.append(.none)
            case .unary(.neg, let x):
                guard case .int(let i) = x.kind else { return nil }
                out.append(.int(-i))
            default: return nil
            }
        }
        return out
    }

    func compareCode(_ op: CompareOp) -> CompareCode {
        switch op {
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .is: return .is
        case .isNot: return .isNot
        case .in: return .in
        case .notIn: return .notIn
        }
    }
}
