import gc
import gctrap

count = 0
names = []


def bump(n):
    global count
    count += n
    names.append(str(count))


def reset():
    global count, names
    count = 0
    names = []


for t in gctrap.tasks(9):
    bump(t)
    if t == 4:
        reset()
print(count, names)
