// The syntax tree of the Python subset gctrap interprets (the subset: README.md, "Writing scenarios").
// The parser builds it; the compiler turns it into instructions. Every node keeps
// its source position so errors and the Code pane can point at lines.

public struct SourcePos: Equatable, Hashable, Sendable {
    public var line: Int    // 1-based
    public var column: Int  // 1-based, in characters
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", floorDiv = "//", mod = "%", trueDiv = "/"
}

public enum UnaryOp: String, Sendable {
    case neg = "-", pos = "+", not = "not"
}

public enum CompareOp: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `is` = "is", isNot = "is not", `in` = "in", notIn = "not in"
}

public enum BoolOp: String, Sendable {
    case and, or
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var pos: SourcePos
    /// Height of this expression tree (1 for a leaf), computed at construction. The parser
    /// uses it to refuse trees deep enough to overflow a recursive walk.
    var height: Int
    public init(_ kind: ExprKind, _ pos: SourcePos) {
        self.kind = kind; self.pos = pos; self.height = 1 + kind.childHeight
    }
}

public struct Keyword: Sendable {
    /// The parameter name; "**" for `**mapping` unpacked into the keywords.
    public var name: String
    public var value: Expr
    public init(name: String, value: Expr) { self.name = name; self.value = value }
}

public indirect enum ExprKind: Sendable {
    case name(String)
    case int(Int)
    case float(Double)
    case str(String)
    case bool(Bool)
    case none
    case tuple([Expr])
    case list([Expr])
    /// `{a, b}`: a set display.
    case set([Expr])
    case dict([(key: Expr, value: Expr)])
    case attribute(Expr, String)
    case `subscript`(Expr, Expr)
    case call(Expr, args: [Expr], keywords: [Keyword])
    case binary(BinaryOp, Expr, Expr)
    case unary(UnaryOp, Expr)
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    case compare(Expr, [(op: CompareOp, right: Expr)])
    /// `a and b and c`: two or more operands.
    case boolOp(BoolOp, [Expr])
    /// `body if test else orelse`
    case conditional(test: Expr, body: Expr, orelse: Expr)
    /// An f-string: `.str` and `.formatted` parts, concatenated (CPython's JoinedStr).
    case joinedStr([Expr])
    /// One replacement field: the value, its conversion (`s`, `r`, `a` or nil) and its
    /// format spec (a `.joinedStr` or `.str`), CPython's FormattedValue.
    case formatted(Expr, conversion: Character?, spec: Expr?)
    /// `lower:upper:step` inside a subscript (each part optional).
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
    /// `lambda params: body`
    case lambda(params: [Param], body: Expr)
    /// `[e for ...]`, `{e for ...}`, `{k: v for ...}`, `(e for ...)`: `value` only for dicts.
    case comprehension(ComprehensionKind, element: Expr, value: Expr?, generators: [ComprehensionFor])
    /// `yield` / `yield x` (inside a function: it becomes a generator function).
    case yield(Expr?)
    /// `yield from it`
    case yieldFrom(Expr)
    /// `*x` among a call's positional arguments
    case starred(Expr)
}

public enum ComprehensionKind: String, Sendable {
    case list = "listcomp", set = "setcomp", dict = "dictcomp", generator = "genexpr"
}

/// One `for target in iter if cond...` clause of a comprehension.
public struct ComprehensionFor: Sendable {
    public var target: Expr
    public var iter: Expr
    public var ifs: [Expr]
    public init(target: Expr, iter: Expr, ifs: [Expr]) { self.target = target; self.iter = iter; self.ifs = ifs }
}

extension ExprKind {
    /// The greatest height among the direct children (0 for a leaf).
    var childHeight: Int {
        switch self {
        case .name, .int, .float, .str, .bool, .none:
            return 0
        case .tuple(let es), .list(let es), .set(let es), .boolOp(_, let es):
            return es.reduce(0) { max($0, $1.height) }
        case .dict(let pairs):
            return pairs.reduce(0) { max($0, $1.key.height, $1.value.height) }
        case .attribute(let e, _), .unary(_, let e):
            return e.height
        case .subscript(let a, let b), .binary(_, let a, let b):
            return max(a.height, b.height)
        case .call(let f, let args, let keywords):
            let h = args.reduce(f.height) { max($0, $1.height) }
            return keywords.reduce(h) { max($0, $1.value.height) }
        case .compare(let first, let rest):
            return rest.reduce(first.height) { max($0, $1.right.height) }
        case .conditional(let test, let body, let orelse):
            return max(test.height, body.height, orelse.height)
        case .lambda(let params, let body):
            return params.reduce(body.height) { max($0, $1.defaultValue?.height ?? 0) }
        case .comprehension(_, let e, let v, let gens):
            return gens.reduce(max(e.height, v?.height ?? 0)) { h, g in
                g.ifs.reduce(max(h, g.target.height, g.iter.height)) { max($0, $1.height) }
            }
        case .yield(let e):
            return e?.height ?? 0
        case .yieldFrom(let e), .starred(let e):
            return e.height
        case .joinedStr(let es):
            return es.reduce(0) { max($0, $1.height) }
        case .formatted(let v, _, let spec):
            return max(v.height, spec?.height ?? 0)
        case .slice(let a, let b, let c):
            return max(a?.height ?? 0, b?.height ?? 0, c?.height ?? 0)
        }
    }
}

public struct Param: Sendable {
    public enum Kind: Sendable { case positional, varargs, keywordOnly, varkw }
    public var name: String
    public var defaultValue: Expr?
    public var pos: SourcePos
    /// In CPython's order: positional..., `*args`, keyword-only..., `**kwargs`.
    public var kind: Kind = .positional
    public init(name: String, defaultValue: Expr?, pos: SourcePos, kind: Kind = .positional) {
        self.name = name; self.defaultValue = defaultValue; self.pos = pos; self.kind = kind
    }
}

public struct FunctionDef: Sendable {
    public var name: String
    public var params: [Param]
    public var body: [Stmt]
    /// `@d1` `@d2` above it, top first (applied bottom up).
    public var decorators: [Expr]
    public init(name: String, params: [Param], body: [Stmt], decorators: [Expr] = []) {
        self.name = name; self.params = params; self.body = body; self.decorators = decorators
    }
}

public struct ExceptHandler: Sendable {
    /// nil for a bare `except:`; may be a tuple expression of classes.
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
    public var pos: SourcePos
    public init(type: Expr?, name: String?, body: [Stmt], pos: SourcePos) {
        self.type = type; self.name = name; self.body = body; self.pos = pos
    }
}

public struct WithItem: Sendable {
    public var context: Expr
    public var target: Expr?
    public init(context: Expr, target: Expr?) { self.context = context; self.target = target }
}

public struct ImportName: Sendable {
    public var name: String      // module name, or the imported name in `from m import name`
    public var asName: String?
    public init(name: String, asName: String?) { self.name = name; self.asName = asName }
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var pos: SourcePos
    public init(_ kind: StmtKind, _ pos: SourcePos) { self.kind = kind; self.pos = pos }
}

public indirect enum StmtKind: Sendable {
    case expr(Expr)
    /// `a = b = value`: one or more targets (names, attributes, subscripts, tuples/lists of targets).
    case assign(targets: [Expr], value: Expr)
    case augAssign(target: Expr, op: BinaryOp, value: Expr)
    /// `elif` is an `if` nested alone in `orelse`.
    case `if`(test: Expr, body: [Stmt], orelse: [Stmt])
    case `while`(test: Expr, body: [Stmt], orelse: [Stmt])
    case `for`(target: Expr, iter: Expr, body: [Stmt], orelse: [Stmt])
    case `break`
    case `continue`
    case pass
    case `return`(Expr?)
    case del([Expr])
    case with(items: [WithItem], body: [Stmt])
    case `try`(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt], finally: [Stmt])
    case raise(Expr?, cause: Expr?)
    case functionDef(FunctionDef)
    case classDef(name: String, bases: [Expr], body: [Stmt])
    case `import`([ImportName])
    case importFrom(module: String, names: [ImportName])
    case global([String])
    case nonlocal([String])
    case assert(test: Expr, message: Expr?)
}

/// A program as parsed: its statements and its source lines (for the Code pane and errors).
public struct Module: Sendable {
    public var name: String
    public var body: [Stmt]
    public var lines: [String]
    public init(name: String, body: [Stmt], lines: [String]) {
        self.name = name; self.body = body; self.lines = lines
    }
}

/// A problem with the scenario's text: a syntax error or a construct outside the subset.
/// Formats like a compiler: `FILE:LINE:COL: error: message`, the line, a caret.
public struct ScenarioError: Error, Equatable, Sendable {
    public enum Kind: Sendable, Equatable { case syntax, unsupported }
    public var kind: Kind
    public var message: String
    public var pos: SourcePos
    public init(_ kind: Kind, _ message: String, at pos: SourcePos) {
        self.kind = kind; self.message = message; self.pos = pos
    }

    public func formatted(file: String, lines: [String]) -> String {
        var out = "\(file):\(pos.line):\(pos.column): error: \(message)"
        if pos.line >= 1 && pos.line <= lines.count {
            let text = Sanitize.printable(lines[pos.line - 1])
            out += "\n    \(text)\n    " + String(repeating: " ", count: max(0, pos.column - 1)) + "^"
        }
        return out
    }
}

public enum Sanitize {
    /// Like `printable`, but keeps line breaks (program output).
    public static func printableKeepingNewlines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { printable(String($0)) }.joined(separator: "\n")
    }

    /// Replaces control characters (escape sequences included) so text from a file
    /// can never drive the terminal; bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE
    /// and the like, which make text read differently from what it is) are shown escaped,
    /// as Python's repr shows them.
    public static func printable(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09: out += " "
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: out += "?"
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
