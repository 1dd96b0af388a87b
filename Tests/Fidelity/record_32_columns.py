import gc
import gctrap


class Record:
    def __init__(self, v):
        self.c0 = v
        self.c1 = v
        self.c2 = v
        self.c3 = v
        self.c4 = v
        self.c5 = v
        self.c6 = v
        self.c7 = v
        self.c8 = v
        self.c9 = v
        self.c10 = v
        self.c11 = v
        self.c12 = v
        self.c13 = v
        self.c14 = v
        self.c15 = v
        self.c16 = v
        self.c17 = v
        self.c18 = v
        self.c19 = v
        self.c20 = v
        self.c21 = v
        self.c22 = v
        self.c23 = v
        self.c24 = v
        self.c25 = v
        self.c26 = v
        self.c27 = v
        self.c28 = v
        self.c29 = v
        self.c30 = v
        self.c31 = v


class Small:
    def __init__(self, v):
        self.a = v
        self.b = v


kept = []
for t in gctrap.tasks(60):
    r = Record(t)
    s = Small(t)
    if t % 3 == 0:
        kept.append(r)
    r.extra = t
print(len(kept), kept[0].c31, kept[-1].extra)
