import gc
import gctrap

log = []


class Node:
    def __init__(self, n):
        self.n = n
        self.child = None

    def __del__(self):
        log.append(self.n)


for t in gctrap.tasks(5):
    a = Node(t)
    a.child = Node(t + 100)
    del a.child
    b = Node(t + 200)
    c = [b, Node(t + 300)]
    del c[1]
    del b
    del c
    del a
print(log)
try:
    print(a)
except NameError as e:
    print("NameError", e)
o = Node(9)
try:
    del o.missing
except AttributeError as e:
    print("AttributeError", e)
