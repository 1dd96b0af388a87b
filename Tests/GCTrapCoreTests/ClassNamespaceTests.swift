import XCTest
@testable import GCTrapCore

/// A class namespace can change after instances exist (`C.x = ...`, `del C.x`): what a
/// class call, an attribute store or load and a free look up on the class (cached per class,
/// ClassFacts) must follow, as CPython's type version tags do.
final class ClassNamespaceTests: XCTestCase {

    func testPropertyFinalizerAndInitAddedOrRemovedAfterInstancesExistAreHonoured() throws {
        let src = """
        class Base:
            pass


        class Node(Base):
            def __init__(self, n):
                self.n = n


        def get_v(self):
            return self.raw * 10


        def set_v(self, value):
            self.raw = value


        def fin(self):
            log.append(self.n)


        def init_times_100(self, n):
            self.n = n * 100


        def init_plus(self, n, m=0):
            self.n = n + m


        log = []
        a = Node(1)
        a.v = 1
        b = Node(2)
        b.v = 2
        Base.v = property(get_v, set_v)
        b.v = 3
        print(b.v, b.raw)
        del Base.v
        b.v = 4
        print(b.v)
        Node.__del__ = fin
        del a
        print(log)
        Node.__init__ = init_times_100
        c = Node(5)
        print(c.n)
        del Node.__init__
        Base.__init__ = init_plus
        d = Node(6)
        print(d.n)
        del Node.__del__
        del d
        print(log)

        """
        try assertPrints(src, "30 3\n4\n[1]\n500\n6\n[1]\n")
    }
}
