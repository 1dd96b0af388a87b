import XCTest
@testable import GCTrapCore

final class ParserTests: XCTestCase {

    // MARK: - Helpers

    private func parse(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> [Stmt] {
        do {
            return try parseModule(source: src, name: "t").body
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
            return []
        }
    }

    private func expr(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
        let body = parse(src, file: file, line: line)
        guard body.count == 1, case .expr(let e) = body[0].kind else {
            XCTFail("not one expression statement", file: file, line: line)
            return nil
        }
        return e
    }

    @discardableResult
    private func fails(_ src: String, _ kind: ScenarioError.Kind, _ fragment: String,
                       line errLine: Int? = nil, column: Int? = nil,
                       file: StaticString = #filePath, line: UInt = #line) -> ScenarioError? {
        do {
            _ = try parseModule(source: src, name: "t")
            XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
            return nil
        } catch let e as ScenarioError {
            XCTAssertEqual(e.kind, kind, "\(e.message)", file: file, line: line)
            XCTAssertTrue(e.message.contains(fragment), "message was: \(e.message)", file: file, line: line)
            if let errLine { XCTAssertEqual(e.pos.line, errLine, "\(e.message)", file: file, line: line) }
            if let column { XCTAssertEqual(e.pos.column, column, "\(e.message)", file: file, line: line) }
            return e
        } catch {
            XCTFail("not a ScenarioError: \(error)", file: file, line: line)
            return nil
        }
    }

    /// A compact rendering of expressions, to compare shapes in one assertion.
    private func show(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n): return n
        case .int(let v): return String(v)
        case .float(let v): return String(v)
        case .str(let s): return "'\(s)'"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let es): return "(" + es.map(show).joined(separator: ", ") + (es.count == 1 ? ",)" : ")")
        case .list(let es): return "[" + es.map(show).joined(separator: ", ") + "]"
        case .set(let es): return "{" + es.map(show).joined(separator: ", ") + "}"
        case .dict(let kv): return "{" + kv.map { show($0.key) + ": " + show($0.value) }.joined(separator: ", ") + "}"
        case .attribute(let o, let a): return show(o) + "." + a
        case .subscript(let o, let i): return show(o) + "[" + show(i) + "]"
        case .call(let f, let args, let kws):
            return show(f) + "(" + (args.map(show) + kws.map { "\($0.name)=\(show($0.value))" }).joined(separator: ", ") + ")"
        case .binary(let op, let l, let r): return "(\(show(l)) \(op.rawValue) \(show(r)))"
        case .unary(let op, let x): return op == .not ? "(not \(show(x)))" : "(\(op.rawValue)\(show(x)))"
        case .compare(let first, let rest):
            return "(" + show(first) + rest.map { " \($0.op.rawValue) \(show($0.right))" }.joined() + ")"
        case .boolOp(let op, let vs): return "(" + vs.map(show).joined(separator: " \(op.rawValue) ") + ")"
        case .conditional(let t, let b, let o): return "(\(show(b)) if \(show(t)) else \(show(o)))"
        case .lambda(let ps, let b): return "(lambda \(ps.map(\.name).joined(separator: ", ")): \(show(b)))"
        case .comprehension(let k, let el, _, let gens):
            return "\(k.rawValue)(\(show(el))" + gens.map { " for \(show($0.target)) in \(show($0.iter))" }.joined() + ")"
        case .yield(let x): return "(yield \(x.map(show) ?? ""))"
        case .yieldFrom(let x): return "(yield from \(show(x)))"
        case .starred(let x): return "*" + show(x)
        case .joinedStr(let parts): return "f(" + parts.map(show).joined(separator: " ") + ")"
        case .formatted(let v, let c, let spec):
            return "{" + show(v) + (c.map { "!\($0)" } ?? "") + (spec.map { ":" + show($0) } ?? "") + "}"
        case .slice(let a, let b, let c): return [a, b, c].map { $0.map(show) ?? "" }.joined(separator: ":")
        }
    }

    private func shown(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        expr(src, file: file, line: line).map(show) ?? "<none>"
    }

    // MARK: - Lexer

    func test_lexerEmitsIndentDedentAndNewlines() {
        let toks = Lexer.tokenize("if x:\n    y\nz\n").map(\.kind)
        XCTAssertEqual(toks, [.keyword("if"), .name("x"), .op(":"), .newline, .indent, .name("y"),
                              .newline, .dedent, .name("z"), .newline, .eof])
    }

    func test_lexerJoinsLinesInsideBracketsAndAfterBackslash() {
        let toks = Lexer.tokenize("x = (1,\n     2) + \\\n  3\n").map(\.kind)
        XCTAssertEqual(toks, [.name("x"), .op("="), .op("("), .int(1), .op(","), .int(2), .op(")"),
                              .op("+"), .int(3), .newline, .eof])
    }

    func test_lexerSkipsCommentsAndBlankLines() {
        let toks = Lexer.tokenize("# c\n\n   \nx = 1  # trailing\n  # indented comment\ny\n").map(\.kind)
        XCTAssertEqual(toks, [.name("x"), .op("="), .int(1), .newline, .name("y"), .newline, .eof])
    }

    func test_tabsAdvanceToMultipleOfEight() {
        // "  \t" and "\t  " ... widths: a tab advances to the next multiple of 8.
        let body = parse("if x:\n  \ty = 1\n  \tif y:\n  \t    z = 2\n  \tw = 3\n")
        guard case .if(_, let b, _) = body.first?.kind else { return XCTFail() }
        XCTAssertEqual(b.count, 3)
    }

    func test_ambiguousMixOfTabsAndSpacesIsRejectedLikeCPython() {
        fails("if x:\n\ty = 1\n        z = 2\n", .syntax, "inconsistent use of tabs and spaces in indentation", line: 3)
    }

    func test_integerLiteralsInAllBasesWithUnderscores() {
        XCTAssertEqual(shown("[1_000, 0x1F, 0o17, 0b101, 0, 00]"), "[1000, 31, 15, 5, 0, 0]")
    }

    func test_stringEscapesRawAndTripleQuotedStrings() {
        XCTAssertEqual(shown(#""a\n\t\\\'\"\x41\u00e9""#), "'a\n\t\\'\"Aé'")
        XCTAssertEqual(shown(#"r'a\nb'"#), #"'a\nb'"#)
        XCTAssertEqual(shown("'''one\ntwo'''"), "'one\ntwo'")
        XCTAssertEqual(shown("\"\"\"say \"hi\" \"\"\""), "'say \"hi\" '")
    }

    func test_adjacentStringLiteralsConcatenate() {
        XCTAssertEqual(shown("('abc'\n 'def' \"g\")"), "'abcdefg'")
    }

    func test_unicodeNamesAreAccepted() {
        XCTAssertEqual(shown("café + π"), "(café + π)")
    }

    func test_positionsAreOneBasedLineAndCharacterColumn() {
        let body = parse("x = 1\nif é:\n    yy = 'é' + zz\n")
        guard case .if(let t, let b, _) = body[1].kind else { return XCTFail() }
        XCTAssertEqual(body[1].pos, SourcePos(line: 2, column: 1))
        XCTAssertEqual(t.pos, SourcePos(line: 2, column: 4))
        guard case .assign(_, let v) = b[0].kind, case .binary(_, _, let r) = v.kind else { return XCTFail() }
        XCTAssertEqual(r.pos, SourcePos(line: 3, column: 16))
    }

    func test_moduleKeepsSourceLines() throws {
        let m = try parseModule(source: "a = 1\r\nb = 2\n\nc = 3", name: "scn")
        XCTAssertEqual(m.name, "scn")
        XCTAssertEqual(m.lines, ["a = 1", "b = 2", "", "c = 3"])
        XCTAssertEqual(m.body.count, 3)
    }

    // MARK: - Expressions

    func test_precedenceFollowsPython() {
        XCTAssertEqual(shown("a or b and not c == d + e * -f"), "(a or (b and (not (c == (d + (e * (-f)))))))")
        XCTAssertEqual(shown("a - b - c"), "((a - b) - c)")
        XCTAssertEqual(shown("a // b % c * d"), "(((a // b) % c) * d)")
        XCTAssertEqual(shown("not a or b"), "((not a) or b)")
        XCTAssertEqual(shown("-a.b(c)[d]"), "(-a.b(c)[d])")
    }

    func test_chainedComparisonParsesAsOneCompare() {
        XCTAssertEqual(shown("a < b <= c != d"), "(a < b <= c != d)")
        XCTAssertEqual(shown("a is not b"), "(a is not b)")
        XCTAssertEqual(shown("a not in b in c is d"), "(a not in b in c is d)")
    }

    func test_conditionalExpressionIsRightAssociative() {
        XCTAssertEqual(shown("a if b else c if d else e"), "(a if b else (c if d else e))")
    }

    func test_callsWithPositionalThenKeywordArguments() {
        XCTAssertEqual(shown("f(a, b + 1, c=2, d=g(x=1),)"), "f(a, (b + 1), c=2, d=g(x=1))")
    }

    func test_tuplesListsAndDicts() {
        XCTAssertEqual(shown("()"), "()")
        XCTAssertEqual(shown("(x,)"), "(x,)")
        XCTAssertEqual(shown("(x)"), "x")
        XCTAssertEqual(shown("1, 2,"), "(1, 2)")
        XCTAssertEqual(shown("[1, [2], []]"), "[1, [2], []]")
        XCTAssertEqual(shown("{'a': 1, 2: (3, 4),}"), "{'a': 1, 2: (3, 4)}")
        XCTAssertEqual(shown("{}"), "{}")
        XCTAssertEqual(shown("d[1, 2]"), "d[(1, 2)]")
    }

    func test_literalsTrueFalseNone() {
        XCTAssertEqual(shown("[True, False, None]"), "[True, False, None]")
    }

    // MARK: - Statements

    func test_chainedAssignmentKeepsAllTargets() {
        guard case .assign(let targets, let value) = parse("a = b.c = d[0] = 1").first?.kind else { return XCTFail() }
        XCTAssertEqual(targets.map(show), ["a", "b.c", "d[0]"])
        XCTAssertEqual(show(value), "1")
    }

    func test_tupleAndListUnpackingTargets() {
        guard case .assign(let t1, let v1) = parse("a, (b, [c, d]) = x, y").first?.kind else { return XCTFail() }
        XCTAssertEqual(show(t1[0]), "(a, (b, [c, d]))")
        XCTAssertEqual(show(v1), "(x, y)")
        guard case .assign(let t2, _) = parse("[a, b] = f()").first?.kind else { return XCTFail() }
        XCTAssertEqual(show(t2[0]), "[a, b]")
    }

    func test_augmentedAssignmentOperators() {
        let ops = parse("a += 1\na -= 1\na *= 1\na //= 1\na %= 1\nx.y[0] += 2").compactMap { s -> BinaryOp? in
            if case .augAssign(_, let op, _) = s.kind { return op }
            return nil
        }
        XCTAssertEqual(ops, [.add, .sub, .mul, .floorDiv, .mod, .add])
    }

    func test_ifElifElseNestsElifInOrelse() {
        let src = "if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n"
        guard case .if(let t, _, let orelse) = parse(src).first?.kind else { return XCTFail() }
        XCTAssertEqual(show(t), "a")
        XCTAssertEqual(orelse.count, 1)
        guard case .if(let t2, _, let orelse2) = orelse[0].kind else { return XCTFail() }
        XCTAssertEqual(show(t2), "b")
        XCTAssertEqual(orelse[0].pos.line, 3)
        XCTAssertEqual(orelse2.count, 1)
    }

    func test_loopsWithElseBreakContinue() {
        let src = """
        for i, x in enumerate(xs):
            if x:
                break
            continue
        else:
            pass
        while n > 0:
            n -= 1
        else:
            done = True
        """
        let body = parse(src)
        guard case .for(let target, let iter, let b, let orelse) = body[0].kind else { return XCTFail() }
        XCTAssertEqual(show(target), "(i, x)")
        XCTAssertEqual(show(iter), "enumerate(xs)")
        XCTAssertEqual(b.count, 2)
        XCTAssertEqual(orelse.count, 1)
        guard case .while(_, _, let welse) = body[1].kind else { return XCTFail() }
        XCTAssertEqual(welse.count, 1)
    }

    func test_singleLineCompoundBodies() {
        let body = parse("if x: pass\nwhile y: y -= 1\ndef f(): return 1\nclass C: pass\n")
        XCTAssertEqual(body.count, 4)
    }

    func test_defWithParamsDefaultsAndAnnotations() {
        let src = "def f(a, b: int, c=1, d: str = 'x') -> int:\n    \"\"\"doc\"\"\"\n    return a, b\n"
        guard case .functionDef(let fd) = parse(src).first?.kind else { return XCTFail() }
        XCTAssertEqual(fd.name, "f")
        XCTAssertEqual(fd.params.map(\.name), ["a", "b", "c", "d"])
        XCTAssertEqual(fd.params.map { $0.defaultValue.map(show) }, [nil, nil, "1", "'x'"])
        XCTAssertEqual(fd.body.count, 2)
        guard case .expr(let doc) = fd.body[0].kind, case .str("doc") = doc.kind else { return XCTFail() }
        guard case .return(let r?) = fd.body[1].kind else { return XCTFail() }
        XCTAssertEqual(show(r), "(a, b)")
    }

    func test_classWithBaseAndMethods() {
        let src = "class Conn(db.Error):\n    def __init__(self):\n        self.open = True\n\n    def __del__(self):\n        pass\n"
        guard case .classDef(let name, let bases, let body) = parse(src).first?.kind else { return XCTFail() }
        XCTAssertEqual(name, "Conn")
        XCTAssertEqual(bases.map(show), ["db.Error"])
        XCTAssertEqual(body.count, 2)
    }

    func test_tryExceptElseFinally() {
        let src = """
        try:
            x = 1
        except (KeyError, ValueError) as e:
            pass
        except db.Error:
            pass
        except:
            raise
        else:
            y = 2
        finally:
            z = 3
        """
        guard case .try(let body, let hs, let orelse, let fin) = parse(src).first?.kind else { return XCTFail() }
        XCTAssertEqual(body.count, 1)
        XCTAssertEqual(hs.map { $0.type.map(show) }, ["(KeyError, ValueError)", "db.Error", nil])
        XCTAssertEqual(hs.map(\.name), ["e", nil, nil])
        XCTAssertEqual(hs.map(\.pos.line), [3, 5, 7])
        XCTAssertEqual(orelse.count, 1)
        XCTAssertEqual(fin.count, 1)
    }

    func test_withMultipleItems() {
        guard case .with(let items, _) = parse("with a as b, c() as (d, e), f:\n    pass\n").first?.kind else { return XCTFail() }
        XCTAssertEqual(items.map { show($0.context) }, ["a", "c()", "f"])
        XCTAssertEqual(items.map { $0.target.map(show) }, ["b", "(d, e)", nil])
    }

    func test_raiseDelGlobalAssertImports() {
        let src = """
        import gc, db as database
        import os.path
        from db import Pool as P, connect
        from gctrap import (tasks,
                            checkpoint,)
        global a, b
        del a, b[0]
        assert x, 'msg'
        raise ValueError('x') from err
        """
        let body = parse(src)
        guard case .import(let names) = body[0].kind else { return XCTFail() }
        XCTAssertEqual(names.map(\.name), ["gc", "db"])
        XCTAssertEqual(names.map(\.asName), [nil, "database"])
        guard case .import(let n2) = body[1].kind else { return XCTFail() }
        XCTAssertEqual(n2.map(\.name), ["os.path"])
        guard case .importFrom(let m, let fromNames) = body[2].kind else { return XCTFail() }
        XCTAssertEqual(m, "db")
        XCTAssertEqual(fromNames.map(\.name), ["Pool", "connect"])
        XCTAssertEqual(fromNames.map(\.asName), ["P", nil])
        guard case .importFrom(_, let n4) = body[3].kind else { return XCTFail() }
        XCTAssertEqual(n4.count, 2)
        guard case .global(let g) = body[4].kind else { return XCTFail() }
        XCTAssertEqual(g, ["a", "b"])
        guard case .del(let d) = body[5].kind else { return XCTFail() }
        XCTAssertEqual(d.map(show), ["a", "b[0]"])
        guard case .assert(let t, let msg) = body[6].kind else { return XCTFail() }
        XCTAssertEqual(show(t), "x")
        XCTAssertEqual(msg.map(show), "'msg'")
        guard case .raise(let exc, let cause) = body[7].kind else { return XCTFail() }
        XCTAssertEqual(exc.map(show), "ValueError('x')")
        XCTAssertEqual(cause.map(show), "err")
    }

    func test_annotatedAssignmentWithValueIsAnAssignment() {
        guard case .assign(let t, let v) = parse("LIMIT: int = 300").first?.kind else { return XCTFail() }
        XCTAssertEqual(t.map(show), ["LIMIT"])
        XCTAssertEqual(show(v), "300")
    }

    func test_realisticScenarioParses() {
        let src = """
        import gc
        import db
        import gctrap

        LEAK = True  # toggle

        class Holder:
            def __init__(self, pool, size=10):
                self.conn = db.connect()
                self.me = self if LEAK else None
                self.items = {'a': [1, 2], 'b': ()}

            def __enter__(self):
                return self

            def __exit__(self, a, b, c):
                self.conn.close()
                return False

        def work(n):
            total = 0
            for i in gctrap.tasks(n):
                h = Holder(None, size=i % 3)
                if i // 2 >= 1 and not h.conn is None:
                    total += len(h.items)
                elif i in (1, 2):
                    continue
            return total, n

        try:
            print(work(5))
        except db.TooManyConnections as e:
            print('boom', e)
        finally:
            gc.collect()
        """
        XCTAssertEqual(parse(src).count, 7)
    }

    // MARK: - Syntax errors

    func test_inconsistentDedentIsSyntaxErrorWithPosition() {
        fails("if x:\n        a = 1\n    b = 2\n", .syntax, "unindent does not match any outer indentation level", line: 3, column: 5)
    }

    func test_unexpectedIndent() {
        fails("a = 1\n    b = 2\n", .syntax, "unexpected indent", line: 2)
    }

    func test_missingIndentedBlockNamesTheStatementAndLine() {
        fails("x = 1\n\nif x:\npass\n", .syntax, "expected an indented block after 'if' statement on line 3", line: 4)
        fails("def f():\n", .syntax, "expected an indented block after function definition on line 1")
        fails("class C:\nx = 1", .syntax, "expected an indented block after class definition on line 1")
    }

    func test_missingColon() {
        fails("if x\n    pass\n", .syntax, "expected ':'", line: 1, column: 5)
        fails("while True\n    pass\n", .syntax, "expected ':'")
    }

    func test_unterminatedStringsAndBrackets() {
        fails("x = 'abc\n", .syntax, "unterminated string literal", line: 1, column: 5)
        fails("x = '''abc\n\n", .syntax, "unterminated triple-quoted string literal", line: 1)
        fails("x = f(1,\n  2\n", .syntax, "'(' was never closed", line: 1, column: 6)
        fails("x = [1)\n", .syntax, "closing parenthesis ')' does not match opening parenthesis '['")
        fails("x = 1)\n", .syntax, "unmatched ')'")
    }

    func test_invalidAssignmentTargets() {
        fails("f() = 1", .syntax, "cannot assign to function call", column: 1)
        fails("a, 1 = x", .syntax, "cannot assign to literal", column: 4)
        fails("None = 1", .syntax, "cannot assign to None")
        fails("a + b += 1", .syntax, "illegal expression for augmented assignment")
        fails("a, b += 1", .syntax, "'tuple' is an illegal expression for augmented assignment")
        fails("for f() in x: pass", .syntax, "cannot assign to function call")
        fails("del f()", .syntax, "cannot delete function call")
    }

    func test_nonDefaultParameterAfterDefaultIsSyntaxError() {
        fails("def f(a=1, b):\n    pass\n", .syntax, "parameter without a default follows parameter with a default", line: 1, column: 12)
        fails("def f(a, a):\n    pass\n", .syntax, "duplicate argument 'a'")
    }

    func test_callArgumentOrderingErrors() {
        fails("f(a=1, b)", .syntax, "positional argument follows keyword argument", column: 8)
        fails("f(a=1, a=2)", .syntax, "keyword argument repeated: a")
    }

    func test_misplacedReturnBreakContinue() {
        fails("return 1", .syntax, "'return' outside function")
        fails("break", .syntax, "'break' outside loop")
        fails("while x:\n    def f():\n        continue\n", .syntax, "'continue' not properly in loop")
        fails("def f():\n    class C:\n        return 1\n", .syntax, "'return' outside function")
    }

    func test_tryNeedsExceptOrFinallyAndBareExceptLast() {
        fails("try:\n    pass\nx = 1\n", .syntax, "expected 'except' or 'finally' block")
        fails("try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n", .syntax, "default 'except:' must be last")
    }

    func test_generalSyntaxErrors() {
        fails("x = ", .syntax, "invalid syntax")
        fails("x y", .syntax, "invalid syntax", column: 3)
        fails("if x = 1:\n    pass", .syntax, "Maybe you meant '=='")
        fails("else:\n    pass", .syntax, "invalid syntax")
        fails("x = 012", .syntax, "leading zeros")
        fails("x = 1abc", .syntax, "invalid decimal literal")
        fails("x = $", .syntax, "invalid character")
        fails("print 'hi'", .syntax, "Missing parentheses in call to 'print'")
        fails("x = 1\0", .syntax, "null bytes")
    }

    func test_errorsAreReportedInSourceOrder() {
        // The complex literal on line 3 is never reached: the syntax error on line 2 comes first.
        fails("a = 1\nb = = 2\nc = 1.5j\n", .syntax, "invalid syntax", line: 2)
    }

    // MARK: - Unsupported constructs

    func test_powerOperatorIsRejectedNamingTheConstructAndLine() {
        fails("x = 1\ny = x ** 2\n", .unsupported, "the ** operator is not supported by gctrap", line: 2, column: 7)
    }

    func test_lambdasComprehensionsYieldAndNonlocalParse() throws {
        let m = try parseModule(source: """
        f = lambda a, b=1: a + b
        xs = [i * 2 for i in y if i for j in z]
        d = {k: v for k in y}
        s = sum(i for i in y)
        g = (i for i in y)
        def gen():
            n = 0
            def inc():
                nonlocal n
                n += 1
            x = yield n
            yield from y
        """, name: "t")
        guard case .assign(_, let lam) = m.body[0].kind, case .lambda(let ps, _) = lam.kind else { return XCTFail("lambda") }
        XCTAssertEqual(ps.map(\.name), ["a", "b"])
        guard case .assign(_, let lc) = m.body[1].kind, case .comprehension(.list, _, nil, let gens) = lc.kind else { return XCTFail("listcomp") }
        XCTAssertEqual(gens.count, 2)
        XCTAssertEqual(gens[0].ifs.count, 1)
        guard case .assign(_, let dc) = m.body[2].kind, case .comprehension(.dict, _, .some, _) = dc.kind else { return XCTFail("dictcomp") }
        guard case .assign(_, let call) = m.body[3].kind, case .call(_, let args, _) = call.kind,
              case .comprehension(.generator, _, _, _) = args[0].kind else { return XCTFail("genexp argument") }
        guard case .assign(_, let ge) = m.body[4].kind, case .comprehension(.generator, _, _, _) = ge.kind else { return XCTFail("genexp") }
        guard case .functionDef(let d) = m.body[5].kind, case .functionDef(let inner) = d.body[1].kind,
              case .nonlocal(["n"]) = inner.body[0].kind else { return XCTFail("nonlocal") }
        guard case .assign(_, let y) = d.body[2].kind, case .yield(.some) = y.kind else { return XCTFail("yield") }
        guard case .expr(let yf) = d.body[3].kind, case .yieldFrom = yf.kind else { return XCTFail("yield from") }
        fails("yield 1", .syntax, "'yield' outside function")
        fails("nonlocal x", .syntax, "nonlocal declaration not allowed at module level")
    }

    func test_complexLiteralIsRejectedWithPosition() {
        fails("a = 1\n\nb = 2 + 1.5j\n", .unsupported, "complex literals are not supported by gctrap", line: 3, column: 9)
        fails("b = 2j", .unsupported, "complex literals")
    }

    func test_floatLiteralsParse() {
        XCTAssertEqual(shown("1.5 + .5 + 1e3 + 2.5E-2 + 1_0.0 + 3."), "(((((1.5 + 0.5) + 1000.0) + 0.025) + 10.0) + 3.0)")
    }

    func test_unsupportedConstructsAreNamed() {
        let cases: [(String, String)] = [
            ("@dataclass\nclass C:\n    pass", "class decorators"),
            ("def f(a, /):\n    pass", "positional-only parameters"),
            ("a, *b = c", "star-unpacking"),
            ("x = t'{a}'", "t-strings"),
            ("x = b'ab'", "bytes literals"),
            ("async def f():\n    pass", "async functions"),
            ("x = a ** 2", "the ** operator"),
            ("match x:\n    case 1:\n        pass", "`match` statements"),
            ("if (n := 10) > 5:\n    pass", "`:=`"),
            ("x = a | b", "bitwise operators"),
            ("x = ~a", "bitwise operators"),
            ("x = a << 1", "bitwise operators"),
            ("x = 1; y = 2", "semicolon-separated statements"),
            ("x = ...", "Ellipsis"),
            ("from . import x", "relative imports"),
            ("from m import *", "wildcard imports"),
            ("class C(metaclass=M):\n    pass", "class keyword arguments"),
            ("x: int", "variable annotations without a value"),
            ("x = {**a}", "dict unpacking"),
            ("try:\n    pass\nexcept* E:\n    pass", "except*"),
            ("x = 99999999999999999999", "larger than 64 bits"),
            ("type X = int", "`type` alias"),
            ("with (a as b):\n    pass", "parenthesized context managers"),
        ]
        for (src, construct) in cases {
            let e = fails(src, .unsupported, construct)
            XCTAssertTrue(e?.message.contains("not supported by gctrap") ?? false, src)
        }
    }

    func test_unsupportedMessagesReadAsSentences() {
        fails("x = [*a]", .unsupported, "star-unpacking is not supported by gctrap", column: 6)
        fails("x = (a as b)", .syntax, "invalid syntax")
    }

    func test_matchAndTypeRemainUsableAsNames() {
        XCTAssertEqual(parse("match = 1\nmatch.x = type(a)\ntype = 3\nprint(match, type)").count, 4)
    }

    // MARK: - Robustness

    func test_deepNestingIsAnErrorNotACrash() {
        fails(String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000),
              .syntax, "too many nested parentheses")
        fails("x = " + String(repeating: "-", count: 5000) + "1", .syntax, "too deeply nested")
        fails("x = " + String(repeating: "not ", count: 5000) + "1", .syntax, "too deeply nested")
        fails("x = " + Array(repeating: "a", count: 5000).joined(separator: " + "), .syntax, "too deeply nested")
        fails("x = " + String(repeating: "a if b else ", count: 2000) + "c", .syntax, "too deeply nested")
        fails("x = " + String(repeating: "f(", count: 190) + String(repeating: ")", count: 190)
              + String(repeating: ".a", count: 300), .syntax, "too deeply nested")
        var deep = ""
        for i in 0..<150 { deep += String(repeating: " ", count: i) + "if x:\n" }
        deep += String(repeating: " ", count: 150) + "pass\n"
        fails(deep, .syntax, "too many levels of indentation")
    }

    func test_moderateNestingParses() {
        XCTAssertNotNil(expr(String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)))
        XCTAssertNotNil(expr(String(repeating: "[", count: 150) + String(repeating: "]", count: 150)))
        var deep = ""
        for i in 0..<60 { deep += String(repeating: " ", count: i) + "if x:\n" }
        deep += String(repeating: " ", count: 60) + "pass\n"
        XCTAssertEqual(parse(deep).count, 1)
    }

    func test_randomMutationsNeverCrash() {
        let base = """
        import db
        class A(Exception):
            def __init__(self, x, y=2):
                self.x = [x, (y,), {'k': x}]
        def f(n):
            for i in range(n):
                if i % 2 == 0 and not i in (1, 2):
                    continue
                elif i is not None:
                    a, b = i, -i
                else:
                    break
            try:
                raise A(1) from None
            except (A, KeyError) as e:
                del e
            finally:
                pass
            while n > 0:
                n //= 2
            with db.connect() as c:
                c.execute("q\\n" 'r')
            return n if n else 0
        """
        let alphabet = Array("()[]{}:,.=+-*/%<>!'\"\\#\n\t     abcxyz019_éifelsedfnotandorisin\0")
        var rng = SplitMix64(seed: 0x5EED)
        let chars = Array(base)
        var parsed = 0
        var failed = 0
        for _ in 0..<2000 {
            var s = chars
            let edits = 1 + Int(rng.next() % 4)
            for _ in 0..<edits {
                let at = Int(rng.next() % UInt64(s.count + 1))
                switch rng.next() % 4 {
                case 0: if at < s.count { s.remove(at: at) }
                case 1: s.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 2: if at < s.count { s[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                default:
                    // Duplicate a slice: grows nesting and repetition.
                    let len = Int(rng.next() % 12)
                    if at + len <= s.count { s.insert(contentsOf: s[at..<(at + len)], at: at) }
                }
            }
            do {
                _ = try parseModule(source: String(s), name: "fuzz")
                parsed += 1
            } catch is ScenarioError {
                failed += 1
            } catch {
                XCTFail("non-ScenarioError thrown: \(error)")
            }
        }
        XCTAssertEqual(parsed + failed, 2000)
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertGreaterThan(failed, 0)
    }

    func test_randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let n = Int(rng.next() % 200)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let src = String(decoding: bytes, as: UTF8.self)
            do { _ = try parseModule(source: src, name: "r") } catch is ScenarioError {} catch {
                XCTFail("non-ScenarioError thrown: \(error)")
            }
        }
    }
}

