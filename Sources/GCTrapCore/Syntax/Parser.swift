// A hand-written recursive-descent parser for gctrap's Python subset (the subset: README.md, "Writing scenarios").
//
// Precedence, loosest first: conditional `a if c else b` < or < and < not < comparisons
// (chains, `is not`, `not in`) < + - < * // % < unary - + < postfix (calls, attributes,
// subscripts) < atoms.
//
// Syntax errors carry CPython-like messages (kind .syntax). Valid Python outside the subset
// is refused with a message naming the construct (kind .unsupported). Both point at the
// offending token. Nesting is capped, so no input can overflow the stack or loop forever.

/// Parses a whole scenario file. Throws `ScenarioError` only.
public func parseModule(source: String, name: String) throws -> Module {
    let lines = splitSourceLines(source)
    var parser = Parser(tokens: Lexer.tokenize(source))
    let body: [Stmt]
    do {
        body = try parser.parseFile()
    } catch let e as ScenarioError {
        throw e
    } catch {
        throw ScenarioError(.syntax, "invalid syntax", at: parser.currentPos)
    }
    return Module(name: name, body: body, lines: lines)
}

/// Deepest recursion the parser allows (brackets, blocks, chained conditionals).
let maxParserDepth = 200
/// Tallest expression tree the parser builds.
let maxExprHeight = 200

struct Parser {
    private let toks: [Token]
    private var p = 0
    private var depth = 0
    private var funcDepth = 0
    private var loopDepth = 0
    private var inWithHeader = false

    init(tokens: [Token]) {
        toks = tokens.isEmpty ? [Token(kind: .eof, pos: SourcePos(line: 1, column: 1))] : tokens
    }

    var currentPos: SourcePos { toks[p].pos }

    // MARK: - Token helpers

    private var cur: Token { toks[p] }
    private var kind: TokenKind { toks[p].kind }

    private func peek(_ k: Int) -> TokenKind {
        toks[min(p + k, toks.count - 1)].kind
    }

    /// Moves to the next token; reaching the lexer's error token throws it.
    private mutating func advance() throws {
        if p < toks.count - 1 { p += 1 }
        if case .error(let e) = toks[p].kind { throw e }
    }

    private func isOp(_ s: String) -> Bool {
        if case .op(let o) = kind { return o == s }
        return false
    }

    private func isKw(_ s: String) -> Bool {
        if case .keyword(let k) = kind { return k == s }
        return false
    }

    private func isName(_ s: String) -> Bool {
        if case .name(let n) = kind { return n == s }
        return false
    }

    private mutating func eatOp(_ s: String) throws -> Bool {
        if isOp(s) { try advance(); return true }
        return false
    }

    private mutating func expectOp(_ s: String, _ message: String) throws {
        guard isOp(s) else { throw syntaxError(message) }
        try advance()
    }

    private mutating func expectColon() throws {
        try expectOp(":", "expected ':'")
    }

    private mutating func expectName() throws -> String {
        guard case .name(let n) = kind else { throw syntaxError("invalid syntax") }
        try advance()
        return n
    }

    private func syntaxError(_ message: String, _ at: SourcePos? = nil) -> ScenarioError {
        ScenarioError(.syntax, message, at: at ?? cur.pos)
    }

    /// "<construct> are not supported by gctrap" (or "is", for a singular construct).
    private func unsupported(_ construct: String, singular: Bool = false, hint: String? = nil,
                             _ at: SourcePos? = nil) -> ScenarioError {
        var m = "\(construct) \(singular ? "is" : "are") not supported by gctrap"
        if let hint { m += " (\(hint))" }
        return ScenarioError(.unsupported, m, at: at ?? cur.pos)
    }

    private mutating func enter() throws {
        depth += 1
        if depth > maxParserDepth {
            throw syntaxError("too deeply nested (more than \(maxParserDepth) levels)")
        }
    }

    private func make(_ k: ExprKind, _ pos: SourcePos) throws -> Expr {
        let e = Expr(k, pos)
        if e.height > maxExprHeight {
            throw syntaxError("expression too deeply nested (more than \(maxExprHeight) levels)", pos)
        }
        return e
    }

    private var atEndOfSimpleStatement: Bool {
        switch kind {
        case .newline, .eof: return true
        case .op(";"): return true
        default: return false
        }
    }

    /// Whether the current token can begin an expression (or a construct we reject by name).
    private var startsExpression: Bool {
        switch kind {
        case .name, .int, .float, .string, .fstring: return true
        case .keyword(let k): return ["not", "None", "True", "False", "lambda", "await", "yield"].contains(k)
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "*", "..."].contains(o)
        default: return false
        }
    }

    // MARK: - Statements

    mutating func parseFile() throws -> [Stmt] {
        if case .error(let e) = kind { throw e }
        var body: [Stmt] = []
        while true {
            switch kind {
            case .eof: return body
            case .newline: try advance()
            case .indent: throw syntaxError("unexpected indent")
            case .dedent: throw syntaxError("unindent does not match any outer indentation level")
            default: body.append(try parseStatement())
            }
        }
    }

    private mutating func parseStatement() throws -> Stmt {
        switch kind {
        case .keyword("if"): return try parseIf()
        case .keyword("while"): return try parseWhile()
        case .keyword("for"): return try parseFor()
        case .keyword("try"): return try parseTry()
        case .keyword("with"): return try parseWith()
        case .keyword("def"): return try parseDef()
        case .keyword("class"): return try parseClass()
        case .keyword("async"):
            switch peek(1) {
            case .keyword("def"): throw unsupported("async functions")
            case .keyword("for"): throw unsupported("async for loops")
            case .keyword("with"): throw unsupported("async with statements")
            default: throw syntaxError("invalid syntax")
            }
        case .op("@"):
            // decorators: any expression (3.9+), each on its own line, then a def
            var decorators: [Expr] = []
            while isOp("@") {
                try advance()
                decorators.append(try parseTest())
                guard case .newline = kind else { throw syntaxError("invalid syntax") }
                try advance()
            }
            if isKw("class") { throw unsupported("class decorators", hint: "such as @dataclass") }
            if isKw("async") { throw unsupported("async functions") }
            guard isKw("def") else { throw syntaxError("invalid syntax") }
            var s = try parseDef()
            if case .functionDef(var d) = s.kind {
                d.decorators = decorators
                s.kind = .functionDef(d)
            }
            return s
        case .name("match") where looksLikeMatchStatement():
            throw unsupported("`match` statements")
        case .name("type"):
            if case .name = peek(1) {
                if case .op(let o) = peek(2), o == "=" || o == "[" {
                    throw unsupported("`type` alias statements")
                }
            }
            return try parseSimpleLine()
        default:
            return try parseSimpleLine()
        }
    }

    /// `match x:` — a soft keyword: only a statement when the logical line ends with ':'.
    private func looksLikeMatchStatement() -> Bool {
        switch peek(1) {
        case .newline, .eof, .error, .indent, .dedent: return false
        case .op(let o) where !["(", "[", "{", "-", "+", "*"].contains(o): return false
        case .keyword(let k) where !["not", "None", "True", "False"].contains(k): return false
        default: break
        }
        var j = p + 1
        while j < toks.count {
            switch toks[j].kind {
            case .newline, .eof, .error, .indent, .dedent:
                if case .op(":") = toks[j - 1].kind { return true }
                return false
            default:
                j += 1
            }
        }
        return false
    }

    private mutating func parseSimpleLine() throws -> Stmt {
        let s = try parseSimpleStatement()
        switch kind {
        case .newline: try advance()
        case .eof: break
        case .op(";"):
            throw unsupported("semicolon-separated statements", hint: "put one statement per line")
        default:
            throw syntaxError("invalid syntax")
        }
        return s
    }

    private mutating func parseSimpleStatement() throws -> Stmt {
        let start = cur.pos
        switch kind {
        case .keyword("pass"):
            try advance()
            return Stmt(.pass, start)
        case .keyword("break"):
            guard loopDepth > 0 else { throw syntaxError("'break' outside loop") }
            try advance()
            return Stmt(.break, start)
        case .keyword("continue"):
            guard loopDepth > 0 else { throw syntaxError("'continue' not properly in loop") }
            try advance()
            return Stmt(.continue, start)
        case .keyword("return"):
            guard funcDepth > 0 else { throw syntaxError("'return' outside function") }
            try advance()
            if atEndOfSimpleStatement { return Stmt(.return(nil), start) }
            return Stmt(.return(try parseStarTestList()), start)
        case .keyword("del"):
            try advance()
            let e = try parseTestList()
            let targets: [Expr]
            if case .tuple(let es) = e.kind, !es.isEmpty { targets = es } else { targets = [e] }
            for t in targets { try checkTarget(t, .del) }
            return Stmt(.del(targets), start)
        case .keyword("raise"):
            try advance()
            if atEndOfSimpleStatement { return Stmt(.raise(nil, cause: nil), start) }
            let exc = try parseTest()
            var cause: Expr? = nil
            if isKw("from") {
                try advance()
                cause = try parseTest()
            }
            return Stmt(.raise(exc, cause: cause), start)
        case .keyword("global"):
            try advance()
            var names = [try expectName()]
            while try eatOp(",") { names.append(try expectName()) }
            return Stmt(.global(names), start)
        case .keyword("nonlocal"):
            try advance()
            guard funcDepth > 0 else { throw syntaxError("nonlocal declaration not allowed at module level", start) }
            var names = [try expectName()]
            while try eatOp(",") { names.append(try expectName()) }
            return Stmt(.nonlocal(names), start)
        case .keyword("import"):
            try advance()
            var names: [ImportName] = []
            repeat {
                let n = try parseDottedName()
                var asName: String? = nil
                if isKw("as") {
                    try advance()
                    asName = try expectName()
                }
                names.append(ImportName(name: n, asName: asName))
            } while try eatOp(",")
            return Stmt(.import(names), start)
        case .keyword("from"):
            return try parseFromImport()
        case .keyword("assert"):
            try advance()
            let test = try parseTest()
            var msg: Expr? = nil
            if try eatOp(",") { msg = try parseTest() }
            return Stmt(.assert(test: test, message: msg), start)
        default:
            return try parseExprStatement()
        }
    }

    private mutating func parseDottedName() throws -> String {
        var n = try expectName()
        while isOp(".") {
            try advance()
            n += "." + (try expectName())
        }
        return n
    }

    private mutating func parseFromImport() throws -> Stmt {
        let start = cur.pos
        try advance()
        if isOp(".") || isOp("...") {
            throw unsupported("relative imports")
        }
        let module = try parseDottedName()
        guard isKw("import") else { throw syntaxError("invalid syntax") }
        try advance()
        if isOp("*") {
            throw unsupported("wildcard imports", hint: "`from m import *`")
        }
        let parens = try eatOp("(")
        var names: [ImportName] = []
        while true {
            let n = try expectName()
            var asName: String? = nil
            if isKw("as") {
                try advance()
                asName = try expectName()
            }
            names.append(ImportName(name: n, asName: asName))
            guard isOp(",") else { break }
            try advance()
            if parens && isOp(")") { break }
            if !parens && atEndOfSimpleStatement {
                throw syntaxError("trailing comma not allowed without surrounding parentheses")
            }
        }
        if parens { try expectOp(")", "invalid syntax") }
        return Stmt(.importFrom(module: module, names: names), start)
    }

    private mutating func parseExprStatement() throws -> Stmt {
        let start = cur.pos
        if isName("print") {
            switch peek(1) {
            case .string, .int, .name:
                throw syntaxError("Missing parentheses in call to 'print'. Did you mean print(...)?")
            default: break
            }
        }
        let first = isKw("yield") ? try parseYield() : try parseStarTestList()
        if isOp("=") {
            var items = [first]
            while isOp("=") {
                try advance()
                items.append(isKw("yield") ? try parseYield() : try parseStarTestList())
            }
            let value = items.removeLast()
            for t in items { try checkTarget(t, .assign) }
            return Stmt(.assign(targets: items, value: value), start)
        }
        if case .op(let o) = kind, o.count >= 2, o.hasSuffix("="), !["==", "!=", "<=", ">="].contains(o) {
            let op: BinaryOp
            switch o {
            case "+=": op = .add
            case "-=": op = .sub
            case "*=": op = .mul
            case "//=": op = .floorDiv
            case "%=": op = .mod
            case "/=": op = .trueDiv
            case "**=": throw unsupported("the ** operator", singular: true)
            case "@=": throw unsupported("the @ operator (matrix multiplication)", singular: true)
            default: throw unsupported("bitwise operators", hint: "`\(o)`")
            }
            try checkTarget(first, .augAssign)
            try advance()
            let value = isKw("yield") ? try parseYield() : try parseTestList()
            return Stmt(.augAssign(target: first, op: op, value: value), start)
        }
        if isOp(":") {
            // `x: T = v` is an assignment; the annotation is checked for syntax and dropped.
            switch first.kind {
            case .name, .attribute, .subscript: break
            case .tuple: throw syntaxError("only single target (not tuple) can be annotated", first.pos)
            case .list: throw syntaxError("only single target (not list) can be annotated", first.pos)
            default: throw syntaxError("illegal target for annotation", first.pos)
            }
            let colon = cur.pos
            try advance()
            _ = try parseTest()
            guard isOp("=") else {
                throw unsupported("variable annotations without a value", colon)
            }
            try advance()
            let value = try parseStarTestList()
            return Stmt(.assign(targets: [first], value: value), start)
        }
        return Stmt(.expr(first), start)
    }

    // MARK: Compound statements

    /// After the ':' of a compound statement: an indented block, or simple statements on the
    /// same line.
    private mutating func parseBlock(_ header: String, line: Int) throws -> [Stmt] {
        try enter()
        defer { depth -= 1 }
        guard case .newline = kind else {
            switch kind {
            case .keyword(let k) where ["if", "while", "for", "try", "with", "def", "class"].contains(k):
                throw syntaxError("invalid syntax")
            case .eof:
                throw syntaxError("expected an indented block after \(header) on line \(line)")
            default:
                return [try parseSimpleLine()]
            }
        }
        try advance()
        guard case .indent = kind else {
            throw syntaxError("expected an indented block after \(header) on line \(line)")
        }
        try advance()
        var body: [Stmt] = []
        while true {
            switch kind {
            case .dedent:
                try advance()
                return body
            case .eof:
                return body
            case .indent:
                throw syntaxError("unexpected indent")
            case .newline:
                try advance()
            default:
                body.append(try parseStatement())
            }
        }
    }

    /// A condition of `if`/`elif`/`while`, with CPython's hint for `=` instead of `==`.
    private mutating func parseCondition() throws -> Expr {
        let e = try parseTest()
        if isOp("=") {
            throw syntaxError("invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
        }
        return e
    }

    private mutating func parseIf() throws -> Stmt {
        var clauses: [(pos: SourcePos, test: Expr, body: [Stmt])] = []
        let start = cur.pos
        try advance()
        let test = try parseCondition()
        try expectColon()
        clauses.append((start, test, try parseBlock("'if' statement", line: start.line)))
        while isKw("elif") {
            let pos = cur.pos
            try advance()
            let t = try parseCondition()
            try expectColon()
            clauses.append((pos, t, try parseBlock("'elif' statement", line: pos.line)))
        }
        var orelse: [Stmt] = []
        if isKw("else") {
            let pos = cur.pos
            try advance()
            try expectColon()
            orelse = try parseBlock("'else' statement", line: pos.line)
        }
        for c in clauses.reversed() {
            orelse = [Stmt(.if(test: c.test, body: c.body, orelse: orelse), c.pos)]
        }
        return orelse[0]
    }

    private mutating func parseLoopBody(_ header: String, line: Int) throws -> [Stmt] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try parseBlock(header, line: line)
    }

    private mutating func parseElse() throws -> [Stmt] {
        guard isKw("else") else { return [] }
        let pos = cur.pos
        try advance()
        try expectColon()
        return try parseBlock("'else' statement", line: pos.line)
    }

    private mutating func parseWhile() throws -> Stmt {
        let start = cur.pos
        try advance()
        let test = try parseCondition()
        try expectColon()
        let body = try parseLoopBody("'while' statement", line: start.line)
        let orelse = try parseElse()
        return Stmt(.while(test: test, body: body, orelse: orelse), start)
    }

    private mutating func parseFor() throws -> Stmt {
        let start = cur.pos
        try advance()
        let target = try parseTargetList()
        guard isKw("in") else { throw syntaxError("expected 'in'") }
        try advance()
        let iter = try parseStarTestList()
        try expectColon()
        let body = try parseLoopBody("'for' statement", line: start.line)
        let orelse = try parseElse()
        return Stmt(.for(target: target, iter: iter, body: body, orelse: orelse), start)
    }

    private mutating func parseTry() throws -> Stmt {
        let start = cur.pos
        try advance()
        try expectColon()
        let body = try parseBlock("'try' statement", line: start.line)
        var handlers: [ExceptHandler] = []
        var bareHandler: SourcePos? = nil
        while isKw("except") {
            let pos = cur.pos
            if let bare = bareHandler {
                throw syntaxError("default 'except:' must be last", bare)
            }
            try advance()
            if isOp("*") { throw unsupported("except* (exception groups)", singular: true) }
            var type: Expr? = nil
            var name: String? = nil
            if !isOp(":") {
                type = try parseTest()
                if isOp(",") {
                    throw syntaxError("multiple exception types must be parenthesized", type!.pos)
                }
                if isKw("as") {
                    try advance()
                    name = try expectName()
                }
            } else {
                bareHandler = pos
            }
            try expectColon()
            let hbody = try parseBlock("'except' statement", line: pos.line)
            handlers.append(ExceptHandler(type: type, name: name, body: hbody, pos: pos))
        }
        var orelse: [Stmt] = []
        if isKw("else") {
            if handlers.isEmpty { throw syntaxError("expected 'except' or 'finally' block") }
            orelse = try parseElse()
        }
        var finally: [Stmt] = []
        var hasFinally = false
        if isKw("finally") {
            let pos = cur.pos
            try advance()
            try expectColon()
            finally = try parseBlock("'finally' statement", line: pos.line)
            hasFinally = true
        }
        if handlers.isEmpty && !hasFinally {
            throw syntaxError("expected 'except' or 'finally' block")
        }
        return Stmt(.try(body: body, handlers: handlers, orelse: orelse, finally: finally), start)
    }

    private mutating func parseWith() throws -> Stmt {
        let start = cur.pos
        try advance()
        var items: [WithItem] = []
        repeat {
            inWithHeader = true
            let ctx: Expr
            do {
                defer { inWithHeader = false }
                ctx = try parseTest()
            }
            var target: Expr? = nil
            if isKw("as") {
                try advance()
                let t = try parseTargetElement()
                try checkTarget(t, .with)
                target = t
            }
            items.append(WithItem(context: ctx, target: target))
        } while try eatOp(",")
        try expectColon()
        let body = try parseBlock("'with' statement", line: start.line)
        return Stmt(.with(items: items, body: body), start)
    }

    private mutating func parseDef() throws -> Stmt {
        let start = cur.pos
        try advance()
        let name = try expectName()
        if isOp("[") { throw unsupported("type parameters") }
        try expectOp("(", "expected '('")
        var params: [Param] = []
        var seen = Set<String>()
        var seenDefault = false
        var kind = Param.Kind.positional   // after `*` or `*args`: keyword-only
        var sawStar = false, sawKwargs = false
        while !isOp(")") {
            if sawKwargs { throw syntaxError("arguments cannot follow var-keyword argument") }
            if isOp("/") { throw unsupported("positional-only parameters", hint: "`/`") }
            var pkind = kind
            if isOp("*") || isOp("**") {
                let star = isOp("*")
                if star && sawStar { throw syntaxError("* argument may appear only once") }
                try advance()
                if star, isOp(",") || isOp(")") {
                    // a bare `*`: the parameters after it are keyword-only
                    guard isOp(",") else { throw syntaxError("named arguments must follow bare *") }
                    sawStar = true
                    kind = .keywordOnly
                    try advance()
                    if isOp(")") { throw syntaxError("named arguments must follow bare *") }
                    continue
                }
                pkind = star ? .varargs : .varkw
                if star { sawStar = true; kind = .keywordOnly } else { sawKwargs = true }
            }
            let ppos = cur.pos
            let pname = try expectName()
            if seen.contains(pname) {
                throw syntaxError("duplicate argument '\(pname)' in function definition", ppos)
            }
            seen.insert(pname)
            if isOp(":") {
                try advance()
                _ = try parseTest()  // annotation: checked, dropped
            }
            var defaultValue: Expr? = nil
            if isOp("=") {
                if pkind == .varargs || pkind == .varkw { throw syntaxError("var-positional argument cannot have default value") }
                try advance()
                defaultValue = try parseTest()
                if pkind == .positional { seenDefault = true }
            } else if seenDefault && pkind == .positional {
                throw syntaxError("parameter without a default follows parameter with a default", ppos)
            }
            params.append(Param(name: pname, defaultValue: defaultValue, pos: ppos, kind: pkind))
            guard isOp(",") else { break }
            try advance()
        }
        try expectOp(")", "invalid syntax")
        if isOp("->") {
            try advance()
            _ = try parseTest()  // return annotation: checked, dropped
        }
        try expectColon()
        let saved = (funcDepth, loopDepth)
        funcDepth += 1
        loopDepth = 0
        defer { (funcDepth, loopDepth) = saved }
        let body = try parseBlock("function definition", line: start.line)
        return Stmt(.functionDef(FunctionDef(name: name, params: params, body: body)), start)
    }

    private mutating func parseClass() throws -> Stmt {
        let start = cur.pos
        try advance()
        let name = try expectName()
        if isOp("[") { throw unsupported("type parameters") }
        var bases: [Expr] = []
        if try eatOp("(") {
            while !isOp(")") {
                if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*bases`") }
                if isOp("**") { throw unsupported("class keyword arguments", hint: "such as metaclass=...") }
                if case .name = kind, case .op("=") = peek(1) {
                    throw unsupported("class keyword arguments", hint: "such as metaclass=...")
                }
                bases.append(try parseTest())
                guard isOp(",") else { break }
                try advance()
            }
            try expectOp(")", "invalid syntax")
        }
        try expectColon()
        let saved = (funcDepth, loopDepth)
        funcDepth = 0
        loopDepth = 0
        defer { (funcDepth, loopDepth) = saved }
        let body = try parseBlock("class definition", line: start.line)
        return Stmt(.classDef(name: name, bases: bases, body: body), start)
    }

    // MARK: - Targets

    private enum TargetContext { case assign, augAssign, forLoop, with, del }

    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .name: return "name"
        case .int, .float, .str: return "literal"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple: return "tuple"
        case .list: return "list"
        case .set: return "set display"
        case .dict: return "dict literal"
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .call: return "function call"
        case .binary, .unary, .boolOp: return "expression"
        case .compare: return "comparison"
        case .conditional: return "conditional expression"
        case .lambda: return "lambda"
        case .comprehension(let k, _, _, _):
            switch k {
            case .list: return "list comprehension"
            case .set: return "set comprehension"
            case .dict: return "dict comprehension"
            case .generator: return "generator expression"
            }
        case .yield, .yieldFrom: return "yield expression"
        case .starred: return "starred"
        case .joinedStr, .formatted: return "f-string expression"
        case .slice: return "slice"
        }
    }

    private func checkTarget(_ e: Expr, _ ctx: TargetContext) throws {
        switch e.kind {
        case .name, .attribute, .subscript:
            return
        case .tuple(let es), .list(let es):
            if ctx == .augAssign {
                throw syntaxError("'\(describe(e))' is an illegal expression for augmented assignment", e.pos)
            }
            for x in es { try checkTarget(x, ctx) }
        default:
            let what = describe(e)
            switch ctx {
            case .del:
                throw syntaxError("cannot delete \(what)", e.pos)
            case .augAssign:
                throw syntaxError("'\(what)' is an illegal expression for augmented assignment", e.pos)
            case .assign:
                switch e.kind {
                case .bool, .none:
                    throw syntaxError("cannot assign to \(what)", e.pos)
                default:
                    throw syntaxError("cannot assign to \(what) here. Maybe you meant '==' instead of '='?", e.pos)
                }
            case .forLoop, .with:
                throw syntaxError("cannot assign to \(what)", e.pos)
            }
        }
    }

    /// `for` targets: a comma-separated list parsed below comparisons (so `in` stops it).
    private mutating func parseTargetList() throws -> Expr {
        let start = cur.pos
        let first = try parseTargetElement()
        var result = first
        if isOp(",") {
            var elts = [first]
            while isOp(",") {
                try advance()
                if isKw("in") { break }
                elts.append(try parseTargetElement())
            }
            result = try make(.tuple(elts), start)
        }
        try checkTarget(result, .forLoop)
        return result
    }

    private mutating func parseTargetElement() throws -> Expr {
        if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*name` targets") }
        return try parseBitOr()
    }

    // MARK: - Expressions

    /// `a, b, c` (a tuple when there is a comma), elements may not be starred.
    private mutating func parseTestList() throws -> Expr {
        try parseList(star: false)
    }

    /// Like `parseTestList`, but `*x` elements are recognised (and refused by name).
    private mutating func parseStarTestList() throws -> Expr {
        try parseList(star: true)
    }

    private mutating func parseList(star: Bool) throws -> Expr {
        let start = cur.pos
        let first = try parseTestOrStar()
        guard isOp(",") else { return first }
        var elts = [first]
        while isOp(",") {
            try advance()
            if !startsExpression { break }
            elts.append(try parseTestOrStar())
        }
        return try make(.tuple(elts), start)
    }

    private mutating func parseTestOrStar() throws -> Expr {
        if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*x`") }
        if isOp("**") { throw unsupported("dict unpacking", singular: true, hint: "`**x`") }
        return try parseTest()
    }

    private mutating func parseTest() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        if isKw("lambda") { return try parseLambda() }
        if isKw("yield") { return try parseYield() }
        let start = cur.pos
        let body = try parseOr()
        if isOp(":=") {
            throw unsupported("assignment expressions", hint: "`:=`, the walrus operator")
        }
        guard isKw("if") else { return body }
        try advance()
        let test = try parseOr()
        guard isKw("else") else { throw syntaxError("expected 'else' after 'if' expression") }
        try advance()
        let orelse = try parseTest()
        return try make(.conditional(test: test, body: body, orelse: orelse), start)
    }

    /// `lambda a, b=1: expr` (no annotations, as in Python).
    private mutating func parseLambda() throws -> Expr {
        let start = cur.pos
        try advance()
        var params: [Param] = []
        var seen = Set<String>()
        var seenDefault = false
        while !isOp(":") {
            if isOp("*") || isOp("**") { throw unsupported("*args and **kwargs parameters of a lambda") }
            let ppos = cur.pos
            let pname = try expectName()
            if seen.contains(pname) { throw syntaxError("duplicate argument '\(pname)' in function definition", ppos) }
            seen.insert(pname)
            var d: Expr? = nil
            if isOp("=") {
                try advance()
                d = try parseTest()
                seenDefault = true
            } else if seenDefault {
                throw syntaxError("parameter without a default follows parameter with a default", ppos)
            }
            params.append(Param(name: pname, defaultValue: d, pos: ppos))
            guard isOp(",") else { break }
            try advance()
        }
        try expectColon()
        let saved = (funcDepth, loopDepth)
        funcDepth += 1
        loopDepth = 0
        defer { (funcDepth, loopDepth) = saved }
        let body = try parseTest()
        if case .yield = body.kind { throw unsupported("yield inside a lambda", singular: true) }
        return try make(.lambda(params: params, body: body), start)
    }

    /// `yield`, `yield x`, `yield a, b`, `yield from it`.
    private mutating func parseYield() throws -> Expr {
        let start = cur.pos
        guard funcDepth > 0 else { throw syntaxError("'yield' outside function") }
        try advance()
        if isKw("from") {
            try advance()
            return try make(.yieldFrom(try parseTest()), start)
        }
        if atEndOfSimpleStatement || isOp(")") || isOp("=") { return Expr(.yield(nil), start) }
        return try make(.yield(try parseTestList()), start)
    }

    /// The `for ... in ... if ...` clauses after a comprehension's element.
    private mutating func parseComprehensionFors() throws -> [ComprehensionFor] {
        var out: [ComprehensionFor] = []
        while isKw("for") {
            try advance()
            let target = try parseTargetList()
            guard isKw("in") else { throw syntaxError("expected 'in'") }
            try advance()
            let iter = try parseOr()
            var ifs: [Expr] = []
            while isKw("if") {
                try advance()
                ifs.append(try parseOr())
            }
            out.append(ComprehensionFor(target: target, iter: iter, ifs: ifs))
        }
        if isKw("async") { throw unsupported("async comprehensions") }
        return out
    }

    private mutating func parseOr() throws -> Expr {
        let start = cur.pos
        let first = try parseAnd()
        guard isKw("or") else { return first }
        var values = [first]
        while isKw("or") {
            try advance()
            values.append(try parseAnd())
        }
        return try make(.boolOp(.or, values), start)
    }

    private mutating func parseAnd() throws -> Expr {
        let start = cur.pos
        let first = try parseNot()
        guard isKw("and") else { return first }
        var values = [first]
        while isKw("and") {
            try advance()
            values.append(try parseNot())
        }
        return try make(.boolOp(.and, values), start)
    }

    private mutating func parseNot() throws -> Expr {
        var nots: [SourcePos] = []
        while isKw("not") {
            nots.append(cur.pos)
            try advance()
        }
        var e = try parseComparison()
        for pos in nots.reversed() {
            e = try make(.unary(.not, e), pos)
        }
        return e
    }

    private mutating func comparisonOperator() throws -> CompareOp? {
        switch kind {
        case .op("=="): try advance(); return .eq
        case .op("!="): try advance(); return .ne
        case .op("<"): try advance(); return .lt
        case .op("<="): try advance(); return .le
        case .op(">"): try advance(); return .gt
        case .op(">="): try advance(); return .ge
        case .keyword("in"): try advance(); return .in
        case .keyword("not"):
            guard case .keyword("in") = peek(1) else { return nil }
            try advance(); try advance()
            return .notIn
        case .keyword("is"):
            try advance()
            if isKw("not") { try advance(); return .isNot }
            return .is
        default:
            return nil
        }
    }

    private mutating func parseComparison() throws -> Expr {
        let start = cur.pos
        let first = try parseBitOr()
        var rest: [(op: CompareOp, right: Expr)] = []
        while let op = try comparisonOperator() {
            rest.append((op, try parseBitOr()))
        }
        if rest.isEmpty { return first }
        return try make(.compare(first, rest), start)
    }

    /// Arithmetic, then a check that no bitwise operator follows.
    private mutating func parseBitOr() throws -> Expr {
        let e = try parseArith()
        if case .op(let o) = kind, ["|", "^", "&", "<<", ">>"].contains(o) {
            throw unsupported("bitwise operators", hint: "`\(o)`")
        }
        return e
    }

    private mutating func parseArith() throws -> Expr {
        let start = cur.pos
        var e = try parseTerm()
        while true {
            let op: BinaryOp
            if isOp("+") { op = .add } else if isOp("-") { op = .sub } else { break }
            try advance()
            let right = try parseTerm()
            e = try make(.binary(op, e, right), start)
        }
        return e
    }

    private mutating func parseTerm() throws -> Expr {
        let start = cur.pos
        var e = try parseFactor()
        while true {
            let op: BinaryOp
            switch kind {
            case .op("*"): op = .mul
            case .op("//"): op = .floorDiv
            case .op("%"): op = .mod
            case .op("/"): op = .trueDiv
            case .op("@"):
                throw unsupported("the @ operator (matrix multiplication)", singular: true)
            default:
                return e
            }
            try advance()
            let right = try parseFactor()
            e = try make(.binary(op, e, right), start)
        }
    }

    private mutating func parseFactor() throws -> Expr {
        var prefixes: [(UnaryOp, SourcePos)] = []
        while true {
            if isOp("-") { prefixes.append((.neg, cur.pos)) }
            else if isOp("+") { prefixes.append((.pos, cur.pos)) }
            else if isOp("~") { throw unsupported("bitwise operators", hint: "`~`") }
            else { break }
            try advance()
        }
        var e = try parsePower()
        for (op, pos) in prefixes.reversed() {
            e = try make(.unary(op, e), pos)
        }
        return e
    }

    private mutating func parsePower() throws -> Expr {
        if isKw("await") { throw unsupported("await expressions") }
        let e = try parsePostfix()
        if isOp("**") { throw unsupported("the ** operator", singular: true) }
        return e
    }

    private mutating func parsePostfix() throws -> Expr {
        let start = cur.pos
        var e = try parseAtom()
        while true {
            switch kind {
            case .op("("):
                e = try parseCall(e, start)
            case .op("."):
                try advance()
                guard case .name(let attr) = kind else { throw syntaxError("invalid syntax") }
                try advance()
                e = try make(.attribute(e, attr), start)
            case .op("["):
                try advance()
                let index = try parseSubscript()
                try expectOp("]", "invalid syntax")
                e = try make(.subscript(e, index), start)
            default:
                return e
            }
        }
    }

    private mutating func parseCall(_ callee: Expr, _ start: SourcePos) throws -> Expr {
        try advance()  // (
        var args: [Expr] = []
        var keywords: [Keyword] = []
        var seen = Set<String>()
        while !isOp(")") {
            if isOp("**") {
                try advance()
                keywords.append(Keyword(name: "**", value: try parseTest()))
            } else if isOp("*") {
                let spos = cur.pos
                try advance()
                let v = try parseTest()
                if keywords.contains(where: { $0.name == "**" }) {
                    throw syntaxError("iterable argument unpacking follows keyword argument unpacking", spos)
                }
                args.append(try make(.starred(v), spos))
            } else if case .name(let n) = kind, case .op("=") = peek(1) {
                let kpos = cur.pos
                try advance(); try advance()
                let v = try parseTest()
                if seen.contains(n) { throw syntaxError("keyword argument repeated: \(n)", kpos) }
                seen.insert(n)
                keywords.append(Keyword(name: n, value: v))
            } else {
                var a = try parseTest()
                if isKw("for") {
                    // a generator expression as the only argument needs no parentheses of its own
                    let gens = try parseComprehensionFors()
                    a = try make(.comprehension(.generator, element: a, value: nil, generators: gens), a.pos)
                    guard isOp(")") else { throw syntaxError("Generator expression must be parenthesized", a.pos) }
                    if !args.isEmpty || !keywords.isEmpty { throw syntaxError("Generator expression must be parenthesized", a.pos) }
                }
                if isOp("=") {
                    throw syntaxError("expression cannot contain assignment, perhaps you meant \"==\"?", a.pos)
                }
                if keywords.contains(where: { $0.name == "**" }) {
                    throw syntaxError("positional argument follows keyword argument unpacking", a.pos)
                }
                if !keywords.isEmpty {
                    throw syntaxError("positional argument follows keyword argument", a.pos)
                }
                args.append(a)
            }
            guard isOp(",") else { break }
            try advance()
        }
        try expectOp(")", "invalid syntax. Perhaps you forgot a comma?")
        return try make(.call(callee, args: args, keywords: keywords), start)
    }

    private mutating func parseSubscriptElement() throws -> Expr {
        if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*x`") }
        let start = cur.pos
        let lower = isOp(":") ? nil : try parseTest()
        guard isOp(":") else { return lower! }
        try advance()
        let upper = isOp(":") || isOp("]") || isOp(",") ? nil : try parseTest()
        var step: Expr? = nil
        if isOp(":") {
            try advance()
            if !isOp("]") && !isOp(",") { step = try parseTest() }
        }
        return try make(.slice(lower: lower, upper: upper, step: step), start)
    }

    private mutating func parseSubscript() throws -> Expr {
        let start = cur.pos
        let first = try parseSubscriptElement()
        guard isOp(",") else { return first }
        var elts = [first]
        while isOp(",") {
            try advance()
            if isOp("]") { break }
            elts.append(try parseSubscriptElement())
        }
        return try make(.tuple(elts), start)
    }

    private mutating func parseAtom() throws -> Expr {
        let start = cur.pos
        switch kind {
        case .name(let n):
            try advance()
            return Expr(.name(n), start)
        case .int(let v):
            try advance()
            return Expr(.int(v), start)
        case .float(let v):
            try advance()
            return Expr(.float(v), start)
        case .string, .fstring:
            // Adjacent literals concatenate; one f-string among them makes the whole a JoinedStr.
            var pieces: [FStringPiece] = []
            var isF = false
            while true {
                if case .string(let s) = kind { pieces.append(.text(s)) }
                else if case .fstring(let ps) = kind { pieces += ps; isF = true }
                else { break }
                try advance()
            }
            if !isF {
                return Expr(.str(pieces.map { if case .text(let t) = $0 { return t }; return "" }.joined()), start)
            }
            return try joinedString(pieces, start)
        case .keyword("True"):
            try advance()
            return Expr(.bool(true), start)
        case .keyword("False"):
            try advance()
            return Expr(.bool(false), start)
        case .keyword("None"):
            try advance()
            return Expr(.none, start)
        case .keyword("lambda"):
            return try parseLambda()
        case .keyword("yield"):
            return try parseYield()
        case .keyword("await"):
            throw unsupported("await expressions")
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            return try parseListDisplay()
        case .op("{"):
            return try parseBraces()
        case .op("..."):
            throw unsupported("the Ellipsis literal `...`", singular: true)
        case .op("*"):
            throw unsupported("star-unpacking", singular: true, hint: "`*x`")
        default:
            throw syntaxError("invalid syntax")
        }
    }

    /// An f-string's pieces as a `.joinedStr` (adjacent text merged, `{x=}`'s text included).
    private func joinedString(_ pieces: [FStringPiece], _ start: SourcePos) throws -> Expr {
        var parts: [Expr] = []
        var text = ""
        func flush() { if !text.isEmpty { parts.append(Expr(.str(text), start)); text = "" } }
        for piece in pieces {
            switch piece {
            case .text(let t): text += t
            case .field(let tokens, let conversion, let spec, let debugText, let pos):
                if let d = debugText { text += d }
                flush()
                var sub = Parser(tokens: tokens)
                sub.depth = depth
                let value = try sub.parseFStringExpression()
                var specExpr: Expr? = nil
                if let spec = spec {
                    let hasField = spec.contains { if case .field = $0 { return true }; return false }
                    specExpr = hasField ? try joinedString(spec, pos)
                        : Expr(.str(spec.map { if case .text(let t) = $0 { return t }; return "" }.joined()), pos)
                }
                parts.append(try make(.formatted(value, conversion: conversion, spec: specExpr), pos))
            }
        }
        flush()
        if parts.isEmpty { parts.append(Expr(.str(""), start)) }
        return try make(.joinedStr(parts), start)
    }

    /// A replacement field's expression, tokenized in parentheses.
    mutating func parseFStringExpression() throws -> Expr {
        if case .error(let e) = kind { throw e }
        let e = try parseAtom()
        while case .newline = kind { try advance() }
        guard case .eof = kind else { throw syntaxError("f-string: expecting '}'") }
        return e
    }

    private mutating func parseParenthesized() throws -> Expr {
        let start = cur.pos
        try advance()
        if isOp(")") {
            try advance()
            return Expr(.tuple([]), start)
        }
        if isKw("yield") {
            let y = try parseYield()
            try expectOp(")", "invalid syntax")
            return y
        }
        let first = try parseTestOrStar()
        if isKw("for") {
            let gens = try parseComprehensionFors()
            try expectOp(")", "invalid syntax")
            return try make(.comprehension(.generator, element: first, value: nil, generators: gens), start)
        }
        if isKw("as") && inWithHeader {
            throw unsupported("parenthesized context managers", hint: "write `with a as b, c as d:` without parentheses")
        }
        if isOp(")") {
            try advance()
            return first
        }
        guard isOp(",") else { throw syntaxError("invalid syntax. Perhaps you forgot a comma?") }
        var elts = [first]
        while isOp(",") {
            try advance()
            if isOp(")") { break }
            elts.append(try parseTestOrStar())
        }
        try expectOp(")", "invalid syntax. Perhaps you forgot a comma?")
        return try make(.tuple(elts), start)
    }

    private mutating func parseListDisplay() throws -> Expr {
        let start = cur.pos
        try advance()
        var elts: [Expr] = []
        while !isOp("]") {
            elts.append(try parseTestOrStar())
            if elts.count == 1 && isKw("for") {
                let gens = try parseComprehensionFors()
                try expectOp("]", "invalid syntax")
                return try make(.comprehension(.list, element: elts[0], value: nil, generators: gens), start)
            }
            guard isOp(",") else { break }
            try advance()
        }
        try expectOp("]", "invalid syntax. Perhaps you forgot a comma?")
        return try make(.list(elts), start)
    }

    private mutating func parseBraces() throws -> Expr {
        let start = cur.pos
        try advance()
        if isOp("}") {
            try advance()
            return Expr(.dict([]), start)
        }
        if isOp("**") { throw unsupported("dict unpacking", singular: true, hint: "`**x`") }
        if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*x`") }
        let firstKey = try parseTest()
        if !isOp(":") {
            if isKw("for") {
                let gens = try parseComprehensionFors()
                try expectOp("}", "invalid syntax")
                return try make(.comprehension(.set, element: firstKey, value: nil, generators: gens), start)
            }
            var elts = [firstKey]
            while isOp(",") {
                try advance()
                if isOp("}") { break }
                if isOp("*") { throw unsupported("star-unpacking", singular: true, hint: "`*x`") }
                elts.append(try parseTest())
            }
            try expectOp("}", "invalid syntax. Perhaps you forgot a comma?")
            return try make(.set(elts), start)
        }
        try advance()
        let firstValue = try parseTest()
        if isKw("for") {
            let gens = try parseComprehensionFors()
            try expectOp("}", "invalid syntax")
            return try make(.comprehension(.dict, element: firstKey, value: firstValue, generators: gens), start)
        }
        var pairs: [(key: Expr, value: Expr)] = [(firstKey, firstValue)]
        while isOp(",") {
            try advance()
            if isOp("}") { break }
            if isOp("**") { throw unsupported("dict unpacking", singular: true, hint: "`**x`") }
            let k = try parseTest()
            try expectOp(":", "':' expected after dictionary key")
            let v = try parseTest()
            pairs.append((k, v))
        }
        try expectOp("}", "invalid syntax. Perhaps you forgot a comma?")
        return try make(.dict(pairs), start)
    }
}
