import gc
import gctrap


class CodedError(Exception):
    def __init__(self, msg, code):
        Exception.__init__(self, msg)
        self.code = code


class Sub(CodedError):
    def __init__(self, msg):
        CodedError.__init__(self, msg, 42)
        self.extra = [msg]


kept = []
for t in gctrap.tasks(10):
    try:
        if t % 2:
            raise CodedError("odd " + str(t), t)
        raise Sub("even " + str(t))
    except CodedError as e:
        kept.append(e)

for e in kept:
    print(type(e).__name__, e.args, str(e), repr(e), e.code, isinstance(e, Sub), isinstance(e, Exception))
e = CodedError("x", 1)
print(len(e.args), e.args[0])
print(repr(Exception()), repr(Exception(1, "two")), str(Exception(1, "two")), str(Exception()))
print(repr(ValueError("a'b")), str(KeyError("k")), repr(KeyError("k")))
