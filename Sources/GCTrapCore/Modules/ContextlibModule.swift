// contextlib, as gctrap models it: `@contextmanager` only, interpreted from Python source
// like the db module. The source is CPython's Lib/contextlib.py (3.11-3.13) for the parts
// that run, statement for statement where they allocate, so what a `with` over a
// generator-based context manager costs and keeps alive comes out of the same rules as
// any other code: `helper(*args, **kwds)` (the kwds dict), the class call (its 3-tuple),
// `func(*args, **kwds)` (the dict `**kwds` is merged into), the generator and its frame,
// StopIteration at the end, and on an exception in the body the throw into the generator,
// its traceback entries and `exc.__traceback__ = traceback`. Measured in
// docs/cpython-model.md I.4.
//
// Left out because they allocate nothing in CPython: functools.wraps (it runs once, when
// the decorator is applied: the load check accepts @contextmanager only on module-level
// and class-level functions), the `__doc__` copy, ContextDecorator. The class stands for
// an ABC (AbstractContextManager's metaclass is ABCMeta): `_abc_impl`, as CPython's ABCs
// have, keeps 3.13 from specializing its calls (CALL_ALLOC_AND_ENTER_INIT needs a class
// whose metaclass is `type`), so every call builds its argument tuple, as measured.

enum ContextlibModule {
    static let name = "contextlib"

    /// What a scenario may import from it.
    static let members: Set<String> = ["contextmanager"]

    /// The names CPython's contextlib has (3.11-3.13) and what to write instead of each.
    static func hint(_ member: String) -> String {
        switch member {
        case "suppress": return "write try/except around the statements"
        case "closing": return "write try/finally calling close()"
        case "ExitStack": return "nest the with statements"
        case "nullcontext": return "write the block without a with statement"
        case "redirect_stdout", "redirect_stderr": return "scenarios do no I/O redirection; drop it"
        case "AbstractContextManager": return "write a class with __enter__ and __exit__"
        default: return "write a class with __enter__ and __exit__, or a generator function decorated with @contextmanager"
        }
    }

    /// The module's source for a profile: 3.12 made `__exit__` close the generator when it
    /// does not stop (gen.close() in a finally); 3.11 leaves it to the generator's freeing.
    static func source(minor: Int) -> String {
        minor >= 12 ? source312 : source312
            .replacing("                try:\n                    raise RuntimeError(\"generator didn't stop\")\n                finally:\n                    self.gen.close()\n",
                                  with: "                raise RuntimeError(\"generator didn't stop\")\n")
            .replacing("            try:\n                raise RuntimeError(\"generator didn't stop after throw()\")\n            finally:\n                self.gen.close()\n",
                                  with: "            raise RuntimeError(\"generator didn't stop after throw()\")\n")
    }

    /// 3.12 and 3.13's text (the parts that run).
    static let source312 = """
    \"\"\"Utilities for with-statement contexts (gctrap's model: contextmanager only).\"\"\"


    class AbstractContextManager:
        \"\"\"An abstract base class for context managers.\"\"\"
        _abc_impl = None


    class _GeneratorContextManager(AbstractContextManager):
        \"\"\"Helper for @contextmanager decorator.\"\"\"

        def __init__(self, func, args, kwds):
            self.gen = func(*args, **kwds)
            self.func, self.args, self.kwds = func, args, kwds

        def __enter__(self):
            del self.args, self.kwds, self.func
            try:
                return next(self.gen)
            except StopIteration:
                raise RuntimeError("generator didn't yield") from None

        def __exit__(self, typ, value, traceback):
            if typ is None:
                try:
                    next(self.gen)
                except StopIteration:
                    return False
                else:
                    try:
                        raise RuntimeError("generator didn't stop")
                    finally:
                        self.gen.close()
            else:
                if value is None:
                    value = typ()
                try:
                    self.gen.throw(value)
                except StopIteration as exc:
                    return exc is not value
                except RuntimeError as exc:
                    if exc is value:
                        exc.__traceback__ = traceback
                        return False
                    if isinstance(value, StopIteration) and exc.__cause__ is value:
                        value.__traceback__ = traceback
                        return False
                    raise
                except BaseException as exc:
                    if exc is not value:
                        raise
                    exc.__traceback__ = traceback
                    return False
                try:
                    raise RuntimeError("generator didn't stop after throw()")
                finally:
                    self.gen.close()


    def contextmanager(func):
        \"\"\"@contextmanager decorator: a generator function becomes a context manager factory.\"\"\"
        def helper(*args, **kwds):
            return _GeneratorContextManager(func, args, kwds)
        return helper

    """
}
