// Names real CPython (3.11-3.13) knows: its builtins, the attributes of its built-in types
// and the globals every module has. The load-time check (LoadCheck.swift) refuses the ones
// gctrap does not model instead of letting them fail later as a made-up NameError or
// AttributeError (a misread).

enum PythonNames {
    /// dir(builtins) on 3.11-3.13 (3.13's PythonFinalizationError included), minus the dunders.
    static let builtins: Set<String> = [
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
        "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
        "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
        "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
        "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
        "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
        "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented", "NotImplementedError",
        "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError",
        "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
        "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
        "ValueError", "Warning", "ZeroDivisionError",
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
        "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
        "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr",
        "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter",
        "len", "license", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open",
        "ord", "pow", "print", "property", "quit", "range", "repr", "reversed", "round", "set", "setattr",
        "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
    ]

    /// Globals every module (and the builtins) provide besides `__name__`.
    static let moduleDunders: Set<String> = [
        "__file__", "__doc__", "__builtins__", "__spec__", "__loader__", "__package__", "__annotations__",
        "__cached__", "__dict__", "__build_class__", "__debug__", "__import__",
    ]

    /// Public attributes of the built-in types a scenario meets (dir() minus object's, 3.11-3.13).
    static let typeAttributes: [(type: String, names: Set<String>)] = [
        ("str", ["capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
                 "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
                 "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper",
                 "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
                 "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
                 "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill"]),
        ("list", ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"]),
        ("dict", ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"]),
        ("set", ["add", "clear", "copy", "difference", "difference_update", "discard", "intersection",
                 "intersection_update", "isdisjoint", "issubset", "issuperset", "pop", "remove",
                 "symmetric_difference", "symmetric_difference_update", "union", "update"]),
        ("tuple", ["count", "index"]),
        ("generator", ["close", "gi_code", "gi_frame", "gi_running", "gi_suspended", "gi_yieldfrom", "send", "throw"]),
        ("int", ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                 "numerator", "real", "to_bytes"]),
        ("float", ["as_integer_ratio", "conjugate", "fromhex", "hex", "imag", "is_integer", "real"]),
        ("BaseException", ["add_note", "with_traceback", "__notes__"]),
        ("object", ["__dict__", "__doc__", "__module__", "__qualname__", "__mro__", "__bases__", "__base__",
                    "__subclasses__", "__weakref__", "__slots__", "__annotations__", "__code__", "__defaults__",
                    "__closure__", "__globals__", "__wrapped__", "__getattribute__", "__setattr__", "__delattr__",
                    "__dir__", "__sizeof__", "__reduce__", "__reduce_ex__", "__getstate__", "__format__",
                    "__hash__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__new__",
                    "__init_subclass__", "__subclasshook__", "__repr__"]),
    ]

    /// The public names of CPython's weakref module (3.11-3.13).
    static let weakrefMembers: Set<String> = [
        "CallableProxyType", "KeyedRef", "ProxyType", "ProxyTypes", "ReferenceType", "WeakKeyDictionary",
        "WeakMethod", "WeakSet", "WeakValueDictionary", "finalize", "getweakrefcount", "getweakrefs", "proxy", "ref",
    ]

    /// Python modules a scenario may import and what gctrap offers instead; the rest get a
    /// generic hint.
    static let moduleHints: [String: String] = [
        "logging": "use print() (gctrap models its allocations) or drop the logging calls",
        "sys": "gctrap has no sys module; drop the import (for sys.exit, let the program end or raise)",
        "os": "scenarios do no file or process I/O; drop the import",
        "time": "simulated time does not pass; drop the sleeps and timers",
        "random": "scenarios must be deterministic; use a counter or a fixed list instead",
        "typing": "drop the annotations' imports (annotations themselves are not supported either)",
        "dataclasses": "write the class with an explicit __init__",
        "collections": "use a dict or a list",
        "functools": "write the function out",
        "threading": "gctrap simulates one thread; drop the threads",
        "asyncio": "gctrap simulates synchronous code only",
        "traceback": "print the exception with print(repr(e))",
    ]
}
