import XCTest
@testable import GCTrapCore

/// The constructs of issue 10 item 2 that scenario authors reach for first (f-strings,
/// slices, dict views, str methods, sets, iteration built-ins, floats): what they print,
/// checked against CPython, and what they refuse with CPython's own errors.
final class CommonConstructsTests: XCTestCase {

    func testFStringsFormatLikeCPython() throws {
        try assertPrints("""
        x = 5
        s = "ab"
        w = 6
        print(f"x={x} s={s!r} {[1, 2]} {x:>4}|{x:<4}|{x:^5}|{x:04d}|{s:>{w}}|{x:+}|{-x:=6}|{12345678:,}|{255:#x}|{255:08b}")
        print(f"{x=}|{ s = }|{{}}|{'q'}" "z", f"", f"{True:>6}|{True}|{None!r}|{s:.1}|{x!s:>3}|{1234:_}|{-5:05}|{65:c}")
        print(f'''a
        {x}''')
        """, """
        x=5 s='ab' [1, 2]    5|5   |  5  |0005|    ab|+5|-    5|12,345,678|0xff|11111111
        x=5| s = 'ab'|{}|qz       1|True|None|a|  5|1_234|-0005|A
        a
        5

        """)
    }

    func testFStringFormatErrorsAreCPythons() throws {
        try assertPrints("""
        try:
            print(f"{'a':d}")
        except ValueError as e:
            print(e)
        try:
            print(f"{[1]:>3}")
        except TypeError as e:
            print(e)
        """, """
        Unknown format code 'd' for object of type 'str'
        unsupported format string passed to list.__format__

        """)
    }

    func testFStringSyntaxErrorsPointIntoTheString() throws {
        for (src, message) in [("x = f'{}'", "f-string: empty expression not allowed"),
                               ("x = f'{a!z}'", "f-string: invalid conversion character"),
                               ("x = f'}'", "f-string: single '}' is not allowed")] {
            XCTAssertThrowsError(try parseModule(source: src, name: "t"), src) { e in
                XCTAssertTrue((e as? ScenarioError)?.message.contains(message) ?? false, "\(e)")
            }
        }
    }

    func testSlicesOfListsTuplesAndStrings() throws {
        try assertPrints("""
        a = [0, 1, 2, 3, 4, 5]
        t = (0, 1, 2, 3)
        s = "abcdef"
        print(a[1:], a[:-1], a[::2], a[::-1], a[5:1:-2], a[10:], a[-100:2], a[3:1])
        print(t[1:], t[:] is t, t[::-1], t[2:2], s[1:], s[::-1], s[-3:])
        b = list(a)
        b[1:3] = [9, 9, 9]
        b[::2] = [7, 7, 7, 7]
        del b[1:3]
        b[1:1] = range(2)
        print(b)
        try:
            b[::2] = [1]
        except ValueError as e:
            print(e)
        try:
            a[::0]
        except ValueError as e:
            print(e)
        """, """
        [1, 2, 3, 4, 5] [0, 1, 2, 3, 4] [0, 2, 4] [5, 4, 3, 2, 1, 0] [5, 3] [] [0, 1] []
        (1, 2, 3) True (3, 2, 1, 0) () bcdef fedcba def
        [7, 0, 1, 9, 7, 4, 7]
        attempt to assign sequence of size 1 to extended slice of size 4
        slice step cannot be zero

        """)
    }

    func testViewsStringMethodsSetsIterationAndFloats() throws {
        try assertPrints("""
        d = {"a": 1, "b": 2}
        print(d.keys(), d.values(), d.items(), len(d.items()), "a" in d.keys(), ("a", 1) in d.items(), 2 in d.values())
        for k, v in d.items():
            print(k, v)
        d2 = d.copy()
        d2.update({"c": 3}, e=5)
        d2.update([("f", 6)])
        print(d2, list(d2.items()), sorted(d2.values()), list(d.keys()))
        l = [3, 1, 2]
        l2 = l.copy()
        l2.sort()
        print(l, l2, sorted(l, reverse=True), sorted(["bb", "a", "ccc"], key=len))
        s = "  a,b,,c  "
        print(s.split(","), s.split(), s.strip().split(",", 1), "a b  c".rsplit(None, 1), "a.b.c".rsplit(".", 1))
        print(s.replace(",", ";"), s.replace(",", "", 1), "abcabc".find("c"), "abcabc".rfind("c"), "abc".find("z"), "abcabc".count("bc"), "abc".index("c"))
        print("{} and {}".format(1, "x"), "{0}-{0}-{1}".format("a", "b"), "{name:>5}|{n:03d}".format(name="ab", n=7), "{!r}".format("q"), "{0[1]}".format([5, 6]))
        print("%d items" % 3, "%s/%s" % ("a", 2), "%5.2f|%-4d|%04d|%x|%r|%%" % (3.14159, 7, 42, 255, "s"), "%(a)s=%(b)d" % {"a": "k", "b": 4})
        print("ab".startswith(("x", "a")), "xax".strip("x"), " a ".lstrip(), " a ".rstrip(), "a=b".partition("="), "5".zfill(3), "ab".center(6, "*"), "ab".ljust(4) + "|", "hello world".title(), "abc".capitalize())
        st = {3, 1, 2}
        st.add(4)
        st.discard(1)
        st.remove(2)
        print(sorted(st), len(st), 3 in st, 9 in st, set(), set([1, 1, 2]) == {1, 2}, bool(set()))
        for i, x in enumerate(["a", "b"]):
            print(i, x)
        for a, b in zip([1, 2, 3], "xy" if False else ["x", "y"]):
            print(a, b)
        def dbl(x):
            return x * 2
        print(list(map(dbl, [1, 2])), list(reversed([1, 2, 3])), any([0, 1]), all([1, 0]), list(enumerate([5, 6], start=1)))
        it = iter([1, 2])
        print(next(it), next(it), next(it, "end"))
        class C:
            pass
        c = C()
        setattr(c, "x", 5)
        print(getattr(c, "x"), getattr(c, "y", None), hasattr(c, "x"), hasattr(c, "y"))
        print(7 / 2, 1 / 3, 2.5 * 2, 10 / 4, -7 / 2, 7.5 // 2, -7.5 % 2, float(3), float("2.5"), int(3.9), 1e16, 1e-5, 123.456, 0.1 + 0.2, round(2.5), round(3.14159, 2), abs(-1.5))
        print(f"{3.14159:.2f}|{2.5}|{1e20}|{0.5:%}|{1234.5:,.1f}|{2.0:.3}|{7:.1f}", 3 == 3.0, 1.5 < 2, max(1.5, 1), min([2.5, 3]), sum([0.5, 1]))
        x = 3
        x /= 2
        print(x, str(2.0), repr(1.0), [1.5], {0.5: "h"}[0.5], 1234567890123456.0, 12345678901234567.0)
        """, """
        dict_keys(['a', 'b']) dict_values([1, 2]) dict_items([('a', 1), ('b', 2)]) 2 True True True
        a 1
        b 2
        {'a': 1, 'b': 2, 'c': 3, 'e': 5, 'f': 6} [('a', 1), ('b', 2), ('c', 3), ('e', 5), ('f', 6)] [1, 2, 3, 5, 6] ['a', 'b']
        [3, 1, 2] [1, 2, 3] [3, 2, 1] ['a', 'bb', 'ccc']
        ['  a', 'b', '', 'c  '] ['a,b,,c'] ['a', 'b,,c'] ['a b', 'c'] ['a.b', 'c']
          a;b;;c     ab,,c   2 5 -1 2 2
        1 and x a-a-b    ab|007 'q' 6
        3 items a/2  3.14|7   |0042|ff|'s'|% k=4
        True a a   a ('a', '=', 'b') 005 **ab** ab  | Hello World Abc
        [3, 4] 2 True False set() True False
        0 a
        1 b
        1 x
        2 y
        [2, 4] [3, 2, 1] True False [(1, 5), (2, 6)]
        1 2 end
        5 None True False
        3.5 0.3333333333333333 5.0 2.5 -3.5 3.0 0.5 3.0 2.5 3 1e+16 1e-05 123.456 0.30000000000000004 2 3.14 1.5
        3.14|2.5|1e+20|50.000000%|1,234.5|2.0|7.0 True True 1.5 2.5 1.5
        1.5 2.0 1.0 [1.5] h 1234567890123456.0 1.2345678901234568e+16

        """)
    }
}
