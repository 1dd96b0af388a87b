import gc
import gctrap


class Node:
    def __init__(self):
        self.me = self


print(gc.get_threshold()[1], gc.isenabled())
gc.set_threshold(50, 5, 5)
keep = []
for t in gctrap.tasks(40):
    for i in range(5):
        Node()
    keep.append([t])
    if t == 10:
        gc.disable()
    if t == 20:
        gc.enable()
    if t == 30:
        gc.set_threshold(10)
print(gc.get_threshold(), gc.isenabled())
