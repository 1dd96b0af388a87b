import gc
import gctrap


def inner(n):
    total = 0
    items = []
    for i in range(n):
        items.append([i])
        total += i
    return total, items


def middle(t):
    acc = 0
    for j in range(3):
        s, items = inner(t + j)
        acc += s + len(items)
    return acc


def main():
    res = []
    for t in gctrap.tasks(15):
        res.append(middle(t))
    return res


print(main())
print(gc.get_count()[0] >= 0)
