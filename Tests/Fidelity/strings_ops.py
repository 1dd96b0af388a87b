import gctrap

words = []
for t in gctrap.tasks(6):
    s = "Item-" + str(t) + "  "
    words.append(s.strip().upper())
    words.append(s.lower().startswith("item"))
    words.append(s.strip().endswith(str(t)))
print(words)
print(",".join(["a", "b", "c"]), "x" * 3, "abc"[1], len("héllo"))
print(repr("it's"), repr('say "hi"'), repr("tab\t"), str(None), repr(None), str(True))
print(int("12") + 1, str(-5), abs(-3), min(3, 1, 2), max([4, 9, 2]), sum([1, 2, 3]), bool(0), bool([1]))
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 * 3 - 1, 10 - 2 - 3)
print(1 < 2 < 3, "a" in "cat", [1, 2] == [1, 2], (1, 2) < (1, 3))
