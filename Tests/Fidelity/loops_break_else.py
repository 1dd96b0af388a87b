import gctrap

out = []
for t in gctrap.tasks(5):
    for i in range(t + 2):
        if i == 3:
            out.append("break " + str(t))
            break
        if i % 2:
            continue
        out.append(i)
    else:
        out.append("else " + str(t))
    n = t
    while n > 0:
        n -= 1
        if n == 10:
            break
    else:
        out.append("while-else " + str(t))
    for x in (1, 2, 3):
        pass
    for k in {"a": 1, "b": 2}:
        out.append(k)
print(out)
