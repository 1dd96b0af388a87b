import XCTest
@testable import GCTrapCore

/// Arguments that do not bind (TypeError from the call itself): what CPython's
/// initialize_locals allocated before it gave up stays on the free lists (measured on
/// 3.11.7, 3.12.1, 3.13.0 with the program below: docs/cpython-model.md I.2).
final class BindingErrorTests: XCTestCase {

    func testAMissingArgumentLeavesItsNamesListAndAKwargsDictOnTheFreeLists() throws {
        let src = """
        import gc
        def plain(a, b): pass
        def kw(a, b, **k): pass
        def kwonly(a, *, b): pass
        def probe(fn):
            gc.collect()
            c0 = gc.get_count()[0]
            try:
                fn()
            except TypeError:
                pass
            return gc.get_count()[0] - c0 - 1
        print(probe(lambda: plain(1)), probe(lambda: kw(1)), probe(lambda: plain(1, 2, 3)),
              probe(lambda: kw(1, 2, 3)), probe(lambda: kwonly(1)), probe(lambda: plain(1, 2, c=3)))
        """
        // the error's 1-tuple and the caller's frame object (2), + the list of missing
        // names, + the **kwargs dict made before the check; 3.13's "Did you mean" list
        XCTAssertEqual(try simulate(src, profile: .py311).output, "3 4 2 3 3 2\n")
        XCTAssertEqual(try simulate(src, profile: .py312).output, "3 4 2 3 3 2\n")
        XCTAssertEqual(try simulate(src, profile: .py313).output, "3 4 2 3 3 3\n")
    }
}
