class A:
    def __init__(self):
        self.x = 1


def go(a):
    return a.y + 1


print("start")
go(A())
