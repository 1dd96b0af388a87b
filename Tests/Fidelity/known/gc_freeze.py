import gc
import gctrap


class Node:
    def __init__(self, n):
        self.n = n
        self.me = self


held = []
for i in range(20):
    held.append(Node(i))
gc.freeze()
print(gc.get_count())
for t in gctrap.tasks(30):
    Node(t)
    if t == 15:
        gc.unfreeze()
        print(gc.collect())
print(gc.get_count())
