// The tokenizer for gctrap's Python subset (the subset: README.md, "Writing scenarios").
//
// It turns source text into tokens the way CPython's tokenizer does: NEWLINE at the end of
// each logical line, INDENT/DEDENT from an indentation stack, implicit line joining inside
// brackets, backslash continuations, comments skipped. Constructs that are valid Python but
// outside the subset (floats, f-strings, bytes...) are lexed just far enough to be rejected
// with a message naming them.
//
// The lexer never throws: the first problem becomes an `.error` token that ends the stream,
// so the parser reports errors in source order (a syntax error on line 2 wins over a float
// on line 10).

enum TokenKind: Equatable, Sendable {
    case name(String)
    case keyword(String)
    case int(Int)
    case float(Double)
    case string(String)
    /// An f-string: its literal text and replacement fields, in order.
    case fstring([FStringPiece])
    case op(String)
    case newline
    case indent
    case dedent
    case eof
    case error(ScenarioError)
}

struct Token: Equatable, Sendable {
    var kind: TokenKind
    var pos: SourcePos
}

/// A piece of an f-string as lexed: literal text, or a replacement field whose expression
/// is already tokenized (wrapped in parentheses, so it parses as one parenthesized
/// expression), with its conversion (`s`, `r`, `a`), its format spec (itself pieces) and,
/// for `{x=}`, the text to print before the value.
indirect enum FStringPiece: Equatable, Sendable {
    case text(String)
    case field(tokens: [Token], conversion: Character?, spec: [FStringPiece]?, debugText: String?, pos: SourcePos)
}

/// Python's hard keywords. Soft keywords (`match`, `case`, `type`) are names.
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield",
]

/// CPython's limits (MAXLEVEL and MAXINDENT in its tokenizer).
let maxBracketNesting = 200
let maxIndentLevels = 100

/// Splits source into lines the way the lexer counts them (`\n`, `\r\n`, `\r`).
func splitSourceLines(_ source: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for c in source {
        if c == "\n" || c == "\r\n" || c == "\r" {
            lines.append(current)
            current = ""
        } else {
            current.append(c)
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

struct Lexer {
    private let chars: [Character]
    private var i = 0
    private var line = 1
    private var col = 1
    private var tokens: [Token] = []
    private var indents: [Int] = [0]
    private var altIndents: [Int] = [0]   // widths with tab = 1 column, to detect TabError
    private var brackets: [(ch: Character, pos: SourcePos)] = []
    private var atLineStart = true

    private init(source: String) {
        chars = Array(source)
    }

    /// Tokenizes `source`. The result always ends with `.eof` or with one `.error` token.
    static func tokenize(_ source: String) -> [Token] {
        var lexer = Lexer(source: source)
        do {
            try lexer.run()
        } catch let e as ScenarioError {
            lexer.tokens.append(Token(kind: .error(e), pos: e.pos))
        } catch {
            let e = ScenarioError(.syntax, "invalid syntax", at: lexer.pos)
            lexer.tokens.append(Token(kind: .error(e), pos: e.pos))
        }
        return lexer.tokens
    }

    // MARK: - Helpers

    private var pos: SourcePos { SourcePos(line: line, column: col) }

    private func peek(_ k: Int = 0) -> Character? {
        let j = i + k
        return j < chars.count ? chars[j] : nil
    }

    private mutating func bump() {
        let c = chars[i]
        i += 1
        if isNewline(c) { line += 1; col = 1 } else { col += 1 }
    }

    private mutating func emit(_ kind: TokenKind, _ at: SourcePos) {
        tokens.append(Token(kind: kind, pos: at))
    }

    private func syntax(_ message: String, _ at: SourcePos) -> ScenarioError {
        ScenarioError(.syntax, message, at: at)
    }

    private func unsupported(_ message: String, _ at: SourcePos) -> ScenarioError {
        ScenarioError(.unsupported, message, at: at)
    }

    // MARK: - Main loop

    private mutating func run() throws {
        while true {
            if atLineStart && brackets.isEmpty {
                atLineStart = false
                if try handleIndentation() { continue }
            }
            guard let c = peek() else { break }
            let start = pos
            if c == " " || c == "\t" || c == "\u{0C}" {
                bump()
            } else if c == "#" {
                skipComment()
            } else if isNewline(c) {
                bump()
                if brackets.isEmpty {
                    emitNewlineIfNeeded(start)
                    atLineStart = true
                }
            } else if c == "\\" {
                bump()
                guard let n = peek() else {
                    throw syntax("unexpected EOF while parsing", start)
                }
                guard isNewline(n) else {
                    throw syntax("unexpected character after line continuation character", start)
                }
                bump()
                if peek() == nil {
                    throw syntax("unexpected EOF while parsing", start)
                }
            } else if c == "\0" {
                throw syntax("source code cannot contain null bytes", start)
            } else if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
                try lexNumber()
            } else if c == "'" || c == "\"" {
                try lexString(prefix: "", start: start)
            } else if isIdentStart(c) {
                var name = ""
                while let d = peek(), isIdentContinue(d) {
                    name.append(d)
                    bump()
                }
                if let q = peek(), q == "'" || q == "\"", isStringPrefix(name) {
                    try lexString(prefix: name, start: start)
                } else if pythonKeywords.contains(name) {
                    emit(.keyword(name), start)
                } else {
                    emit(.name(name), start)
                }
            } else {
                try lexOperator(start)
            }
        }
        // End of input.
        if let open = brackets.last {
            throw syntax("'\(open.ch)' was never closed", open.pos)
        }
        emitNewlineIfNeeded(pos)
        while indents.count > 1 {
            indents.removeLast()
            altIndents.removeLast()
            emit(.dedent, pos)
        }
        emit(.eof, pos)
    }

    private mutating func emitNewlineIfNeeded(_ at: SourcePos) {
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline, .indent, .dedent: return
        default: emit(.newline, at)
        }
    }

    private mutating func skipComment() {
        while let c = peek(), !isNewline(c) { bump() }
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT. Returns true when the
    /// line was blank or a comment (consumed entirely), so the caller loops again.
    private mutating func handleIndentation() throws -> Bool {
        var width = 0
        var alt = 0
        while let c = peek() {
            if c == " " { width += 1; alt += 1 }
            else if c == "\t" { width = (width / 8 + 1) * 8; alt += 1 }
            else if c == "\u{0C}" { width = 0; alt = 0 }
            else { break }
            bump()
        }
        guard let c = peek() else { return false }  // end of input: run() finishes
        if c == "#" || isNewline(c) {
            skipComment()
            if let n = peek(), isNewline(n) { bump() }
            atLineStart = true
            return true
        }
        if c == "\\" {
            // A continuation at the start of a line: let the main loop handle it; the logical
            // line's indentation is this one.
        }
        let at = pos
        let top = indents[indents.count - 1]
        let altTop = altIndents[altIndents.count - 1]
        if width == top {
            if alt != altTop { throw tabError(at) }
        } else if width > top {
            if alt <= altTop { throw tabError(at) }
            if indents.count > maxIndentLevels {
                throw syntax("too many levels of indentation", at)
            }
            indents.append(width)
            altIndents.append(alt)
            emit(.indent, at)
        } else {
            while indents.count > 1 && width < indents[indents.count - 1] {
                indents.removeLast()
                altIndents.removeLast()
                emit(.dedent, at)
            }
            if width != indents[indents.count - 1] {
                throw syntax("unindent does not match any outer indentation level", at)
            }
            if alt != altIndents[altIndents.count - 1] { throw tabError(at) }
        }
        return false
    }

    private func tabError(_ at: SourcePos) -> ScenarioError {
        syntax("inconsistent use of tabs and spaces in indentation", at)
    }

    // MARK: - Numbers

    private mutating func lexNumber() throws {
        let start = pos
        if peek() == "." {
            try lexFloat(start: start, digits: "")
            return
        }
        if peek() == "0", let p = peek(1), "xXoObB".contains(p) {
            let (radix, label): (Int, String)
            switch p {
            case "x", "X": (radix, label) = (16, "hexadecimal")
            case "o", "O": (radix, label) = (8, "octal")
            default: (radix, label) = (2, "binary")
            }
            bump(); bump()
            let digits = try scanDigits(radix: radix, label: label, start: start, allowLeadingUnderscore: true)
            if digits.isEmpty {
                throw syntax("invalid \(label) literal", start)
            }
            if let c = peek(), isIdentContinue(c) || c == "." {
                throw syntax("invalid \(label) literal", start)
            }
            guard let v = Int(digits, radix: radix) else {
                throw unsupported("integer literals larger than 64 bits are not supported by gctrap", start)
            }
            emit(.int(v), start)
            return
        }
        let digits = try scanDigits(radix: 10, label: "decimal", start: start, allowLeadingUnderscore: false)
        if let c = peek() {
            if c == "." || c == "e" || c == "E" {
                // `1.`, `1.5`, `1e3`: a float. (`1.real` is a syntax error in Python too.)
                if c == "." || peek(1).map({ isDigit($0) || $0 == "+" || $0 == "-" }) == true {
                    try lexFloat(start: start, digits: digits)
                    return
                }
            }
            if c == "j" || c == "J" {
                throw unsupported("complex literals are not supported by gctrap", start)
            }
            if isIdentContinue(c) {
                throw syntax("invalid decimal literal", start)
            }
        }
        if digits.count > 1 && digits.first == "0" && digits.contains(where: { $0 != "0" }) {
            throw syntax("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start)
        }
        guard let v = Int(digits) else {
            throw unsupported("integer literals larger than 64 bits are not supported by gctrap", start)
        }
        emit(.int(v), start)
    }

    /// The rest of a float literal after its integer digits (`1.5`, `.5`, `1.`, `1e3`, `1_0.2e-3`).
    private mutating func lexFloat(start: SourcePos, digits: String) throws {
        var text = digits
        if peek() == "." {
            bump()
            text += "."
            if let c = peek(), isDigit(c) { text += try scanDigits(radix: 10, label: "decimal", start: start, allowLeadingUnderscore: false) }
        }
        if let e = peek(), e == "e" || e == "E" {
            bump()
            text += "e"
            if let s = peek(), s == "+" || s == "-" { text.append(s); bump() }
            let exp = try scanDigits(radix: 10, label: "decimal", start: start, allowLeadingUnderscore: false)
            if exp.isEmpty { throw syntax("invalid float literal", start) }
            text += exp
        }
        if let c = peek(), c == "j" || c == "J" {
            throw unsupported("complex literals are not supported by gctrap", start)
        }
        if let c = peek(), isIdentContinue(c) { throw syntax("invalid decimal literal", start) }
        guard let v = Double(text.hasPrefix(".") ? "0" + text : text) else { throw syntax("invalid float literal", start) }
        emit(.float(v), start)
    }

    /// Digits of `radix` with single underscores between them; returns the digits alone.
    private mutating func scanDigits(radix: Int, label: String, start: SourcePos,
                                     allowLeadingUnderscore: Bool) throws -> String {
        var digits = ""
        var lastUnderscore = false
        while let c = peek() {
            if c == "_" {
                if lastUnderscore || (digits.isEmpty && !allowLeadingUnderscore) {
                    throw syntax("invalid \(label) literal", start)
                }
                lastUnderscore = true
                bump()
            } else if let v = c.hexDigitValue, c.isASCII, v < radix {
                digits.append(c)
                lastUnderscore = false
                bump()
            } else if radix != 10 && radix != 16 && isDigit(c) {
                throw syntax("invalid digit '\(c)' in \(label) literal", pos)
            } else {
                break
            }
        }
        if lastUnderscore { throw syntax("invalid \(label) literal", start) }
        return digits
    }

    // MARK: - Strings

    private func isStringPrefix(_ s: String) -> Bool {
        let l = s.lowercased()
        return ["r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"].contains(l)
    }

    private mutating func lexString(prefix: String, start: SourcePos) throws {
        let p = prefix.lowercased()
        if p.contains("b") { throw unsupported("bytes literals are not supported by gctrap", start) }
        if p.contains("t") { throw unsupported("t-strings (template strings) are not supported by gctrap", start) }
        let raw = p.contains("r")
        let q = peek()!
        bump()
        var triple = false
        if peek() == q && peek(1) == q {
            triple = true
            bump(); bump()
        }
        if p.contains("f") {
            let pieces = try lexFStringPieces(quote: q, triple: triple, raw: raw, start: start, specNesting: 0)
            emit(.fstring(pieces), start)
            return
        }
        var value = ""
        while true {
            guard let c = peek() else {
                throw unterminated(triple, start)
            }
            if c == q {
                if !triple { bump(); break }
                if peek(1) == q && peek(2) == q { bump(); bump(); bump(); break }
                value.append(c); bump()
                continue
            }
            if isNewline(c) {
                if !triple { throw unterminated(false, start) }
                value.append("\n"); bump()
                continue
            }
            if c == "\0" {
                throw syntax("source code cannot contain null bytes", pos)
            }
            if c == "\\" {
                let escPos = pos
                bump()
                guard let e = peek() else { throw unterminated(triple, start) }
                if raw {
                    value.append("\\")
                    value.append(isNewline(e) ? "\n" : e)
                    bump()
                    continue
                }
                try lexEscape(e, into: &value, at: escPos)
                continue
            }
            value.append(c)
            bump()
        }
        emit(.string(value), start)
    }

    /// Fields nest in format specs (`f"{x:{w}}"`) by recursion here; CPython 3.12 and 3.13
    /// refuse a field this many specs deep (3.11 one level earlier), so the recursion stays
    /// shallow whatever the file holds.
    static let maxFStringSpecNesting = 3

    /// The body of an f-string (after its opening quotes), up to and including its closing
    /// quotes, or (`specNesting` > 0) a format spec up to the `}` that closes its field (left unread).
    private mutating func lexFStringPieces(quote q: Character, triple: Bool, raw: Bool, start: SourcePos,
                                           specNesting: Int) throws -> [FStringPiece] {
        let inSpec = specNesting > 0
        var pieces: [FStringPiece] = []
        var text = ""
        func flush() { if !text.isEmpty { pieces.append(.text(text)); text = "" } }
        while true {
            guard let c = peek() else { throw unterminated(triple, start) }
            if c == q {
                if !triple {
                    if inSpec { throw syntax("f-string: expecting '}'", pos) }
                    bump(); break
                }
                if peek(1) == q && peek(2) == q {
                    if inSpec { throw syntax("f-string: expecting '}'", pos) }
                    bump(); bump(); bump(); break
                }
                text.append(c); bump()
                continue
            }
            if isNewline(c) {
                if !triple { throw unterminated(false, start) }
                text.append("\n"); bump()
                continue
            }
            if c == "\0" { throw syntax("source code cannot contain null bytes", pos) }
            if c == "{" {
                if !inSpec && peek(1) == "{" { bump(); bump(); text.append("{"); continue }
                flush()
                if specNesting >= Lexer.maxFStringSpecNesting { throw syntax("f-string: expressions nested too deeply", pos) }
                pieces.append(try lexFStringField(quote: q, triple: triple, raw: raw, start: start, specNesting: specNesting))
                continue
            }
            if c == "}" {
                if inSpec { break }
                if peek(1) == "}" { bump(); bump(); text.append("}"); continue }
                throw syntax("f-string: single '}' is not allowed", pos)
            }
            if c == "\\" {
                let escPos = pos
                bump()
                guard let e = peek() else { throw unterminated(triple, start) }
                if raw {
                    text.append("\\")
                    text.append(isNewline(e) ? "\n" : e)
                    bump()
                    continue
                }
                try lexEscape(e, into: &text, at: escPos)
                continue
            }
            text.append(c)
            bump()
        }
        flush()
        return pieces
    }

    /// One replacement field, from its `{` to its `}` (both consumed).
    private mutating func lexFStringField(quote q: Character, triple: Bool, raw: Bool, start: SourcePos,
                                          specNesting: Int) throws -> FStringPiece {
        let open = pos
        bump()  // {
        let exprStart = pos
        var source = ""
        var depth = 0
        var conversion: Character? = nil
        var spec: [FStringPiece]? = nil
        var debugText: String? = nil
        scan: while true {
            guard let c = peek() else { throw unterminated(triple, start) }
            if c == q && (!triple || (peek(1) == q && peek(2) == q)) {
                throw syntax("f-string: expecting '}'", pos)
            }
            if isNewline(c) && !triple { throw unterminated(false, start) }
            if c == "\\" { throw syntax("f-string expression part cannot include a backslash", pos) }
            if c == "#" { throw syntax("f-string expression part cannot include '#'", pos) }
            switch c {
            case "(", "[", "{": depth += 1
            case ")", "]": depth -= 1
            case "}" where depth > 0: depth -= 1
            case "'", "\"":
                // A string inside the expression (of the other quote kind): copied whole.
                source.append(c); bump()
                while let d = peek(), d != c {
                    if isNewline(d) && !triple { throw unterminated(false, start) }
                    source.append(d); bump()
                }
                guard peek() == c else { throw unterminated(triple, start) }
                source.append(c); bump()
                continue scan
            default: break
            }
            if depth == 0 {
                let next = peek(1)
                if c == "=" && next != "=" && !(source.last.map { "=!<>".contains($0) } ?? false) {
                    debugText = source + "="
                    bump()
                    continue scan
                }
                if c == "!" && next != "=" {
                    bump()
                    guard let k = peek(), "sra".contains(k) else {
                        throw syntax("f-string: invalid conversion character: expected 's', 'r', or 'a'", pos)
                    }
                    conversion = k
                    bump()
                    guard peek() == ":" || peek() == "}" else { throw syntax("f-string: expecting '}'", pos) }
                    continue scan
                }
                if c == ":" {
                    bump()
                    spec = try lexFStringPieces(quote: q, triple: triple, raw: raw, start: start, specNesting: specNesting + 1)
                    guard peek() == "}" else { throw syntax("f-string: expecting '}'", pos) }
                    bump()
                    break scan
                }
                if c == "}" { bump(); break scan }
            }
            if debugText != nil {
                guard c.isWhitespace else { throw syntax("f-string: expecting '}'", pos) }
                debugText!.append(c)
            }
            source.append(c)
            bump()
        }
        if source.allSatisfy({ $0.isWhitespace }) {
            throw syntax("f-string: empty expression not allowed", open)
        }
        // Tokenized alone, in parentheses (implicit line joining, no indentation), with the
        // positions moved to where the expression stands in the file.
        var tokens = Lexer.tokenize("(" + source + ")")
        for k in tokens.indices {
            tokens[k].pos = Lexer.shift(tokens[k].pos, by: exprStart)
            if case .error(var e) = tokens[k].kind {
                e.pos = Lexer.shift(e.pos, by: exprStart)
                throw e
            }
        }
        if debugText != nil && conversion == nil && spec == nil { conversion = "r" }
        return .field(tokens: tokens, conversion: conversion, spec: spec, debugText: debugText, pos: open)
    }

    /// A position in text tokenized alone with a leading `(` (line 1, column 2 = `at`).
    static func shift(_ p: SourcePos, by at: SourcePos) -> SourcePos {
        p.line == 1 ? SourcePos(line: at.line, column: max(1, at.column + p.column - 2))
                    : SourcePos(line: at.line + p.line - 1, column: p.column)
    }

    private func unterminated(_ triple: Bool, _ start: SourcePos) -> ScenarioError {
        triple
            ? syntax("unterminated triple-quoted string literal (detected at line \(line))", start)
            : syntax("unterminated string literal (detected at line \(line))", start)
    }

    /// Handles the escape whose letter `e` is the current character (the backslash is consumed).
    private mutating func lexEscape(_ e: Character, into value: inout String, at escPos: SourcePos) throws {
        bump()
        switch e {
        case _ where isNewline(e): break  // line continuation inside the string
        case "\\": value.append("\\")
        case "'": value.append("'")
        case "\"": value.append("\"")
        case "a": value.append("\u{07}")
        case "b": value.append("\u{08}")
        case "f": value.append("\u{0C}")
        case "n": value.append("\n")
        case "r": value.append("\r")
        case "t": value.append("\t")
        case "v": value.append("\u{0B}")
        case "0"..."7":
            var v = Int(String(e))!
            var n = 1
            while n < 3, let d = peek(), ("0"..."7").contains(d) {
                v = v * 8 + Int(String(d))!
                bump(); n += 1
            }
            try appendScalar(UInt32(v), to: &value, at: escPos)
        case "x", "u", "U":
            let count = e == "x" ? 2 : (e == "u" ? 4 : 8)
            var v: UInt32 = 0
            for _ in 0..<count {
                guard let d = peek(), d.isASCII, let h = d.hexDigitValue else {
                    let what = e == "x" ? "\\xXX" : (e == "u" ? "\\uXXXX" : "\\UXXXXXXXX")
                    throw syntax("truncated \(what) escape in string literal", escPos)
                }
                v = v * 16 + UInt32(h)
                bump()
            }
            try appendScalar(v, to: &value, at: escPos)
        case "N":
            throw unsupported("\\N{...} escapes are not supported by gctrap", escPos)
        default:
            // Python keeps unknown escapes as they are (with a warning).
            value.append("\\")
            value.append(e)
        }
    }

    private func appendScalar(_ v: UInt32, to value: inout String, at escPos: SourcePos) throws {
        if v > 0x10FFFF {
            throw syntax("illegal Unicode character in string literal", escPos)
        }
        guard let s = Unicode.Scalar(v) else {
            throw unsupported("lone surrogate escapes are not supported by gctrap", escPos)
        }
        value.unicodeScalars.append(s)
    }

    // MARK: - Operators

    private static let ops3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
    private static let ops2: Set<String> = [
        "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    ]
    private static let ops1: Set<Character> = [
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
    ]

    private mutating func lexOperator(_ start: SourcePos) throws {
        let c = peek()!
        if let c1 = peek(1) {
            if let c2 = peek(2), Lexer.ops3.contains(String([c, c1, c2])) {
                bump(); bump(); bump()
                emit(.op(String([c, c1, c2])), start)
                return
            }
            if Lexer.ops2.contains(String([c, c1])) {
                bump(); bump()
                emit(.op(String([c, c1])), start)
                return
            }
        }
        guard Lexer.ops1.contains(c) else {
            if c == "!" { throw syntax("invalid syntax", start) }
            throw syntax("invalid character \(describeChar(c))", start)
        }
        bump()
        switch c {
        case "(", "[", "{":
            brackets.append((c, start))
            if brackets.count > maxBracketNesting {
                throw syntax("too many nested parentheses", start)
            }
        case ")", "]", "}":
            guard let open = brackets.popLast() else {
                throw syntax("unmatched '\(c)'", start)
            }
            let expected: Character = open.ch == "(" ? ")" : (open.ch == "[" ? "]" : "}")
            if c != expected {
                let onLine = open.pos.line == start.line ? "" : " on line \(open.pos.line)"
                throw syntax("closing parenthesis '\(c)' does not match opening parenthesis '\(open.ch)'\(onLine)", start)
            }
        default:
            break
        }
        emit(.op(String(c)), start)
    }

    private func describeChar(_ c: Character) -> String {
        let codes = c.unicodeScalars.map { "U+" + String(format4($0.value)) }.joined(separator: " ")
        let printable = Sanitize.printable(String(c)) == String(c) && !c.isWhitespace
        return printable ? "'\(c)' (\(codes))" : "(\(codes))"
    }

    private func format4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}

// MARK: - Character classes

@inline(__always) func isNewline(_ c: Character) -> Bool {
    c == "\n" || c == "\r\n" || c == "\r"
}

@inline(__always) func isDigit(_ c: Character) -> Bool {
    c >= "0" && c <= "9" && c.isASCII
}

func isIdentStart(_ c: Character) -> Bool {
    if c.isASCII { return c == "_" || c.isLetter }
    var first = true
    for s in c.unicodeScalars {
        if first {
            guard s.properties.isXIDStart || s == "_" else { return false }
            first = false
        } else if !s.properties.isXIDContinue {
            return false
        }
    }
    return true
}

func isIdentContinue(_ c: Character) -> Bool {
    if c.isASCII { return c == "_" || c.isLetter || isDigit(c) }
    for s in c.unicodeScalars where !s.properties.isXIDContinue { return false }
    return true
}
