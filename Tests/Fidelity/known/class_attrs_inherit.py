import gc
import gctrap


class Base:
    kind = "base"
    registry = []

    def __init__(self, n):
        self.n = n
        Base.registry.append(self)

    def describe(self):
        return self.kind + ":" + str(self.n) + ":" + self.extra()

    def extra(self):
        return "b"


class Child(Base):
    kind = "child"

    def __init__(self, n):
        Base.__init__(self, n * 2)

    def extra(self):
        return "c" + Base.extra(self)


out = []
for t in gctrap.tasks(6):
    o = Child(t) if t % 2 else Base(t)
    out.append(o.describe())
    out.append(isinstance(o, Base))
    out.append(isinstance(o, Child))
    out.append(type(o).__name__)
print(out)
print(len(Base.registry), Child.registry is Base.registry, Child.kind, Base.kind)
Child.kind = "changed"
o = Child(5)
o.kind = "inst"
print(o.kind, Child.kind, Base.kind, issubclass(Child, Base), issubclass(Base, Child))
