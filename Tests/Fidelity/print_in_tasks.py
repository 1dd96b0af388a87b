import gc
import gctrap

for t in gctrap.tasks(8):
    print("task", t, gc.get_count())
    x = [t]
    y = {"t": x}
print("done")
