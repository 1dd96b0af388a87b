import db
import gctrap

# A program cannot change a built-in type's namespace: storing or deleting an attribute
# of object, an exception class or int raises TypeError (the same text on 3.11-3.13),
# so a connection stored there is not kept; one stored on a user class is.


class Registry:
    pass


def attempt(label, action):
    try:
        action()
        print(label, "stored")
    except TypeError as e:
        print(label, "TypeError", e)


for t in gctrap.tasks(6):
    c = db.connect()
    if t == 0:
        def store():
            Exception.conn = c
        attempt("Exception.conn", store)
    elif t == 1:
        def store():
            object.conn = c
        attempt("object.conn", store)
    elif t == 2:
        attempt("setattr(ValueError)", lambda: setattr(ValueError, "conn", c))
    elif t == 3:
        def store():
            int.conn = c
        attempt("int.conn", store)
    elif t == 4:
        def remove():
            del KeyError.args
        attempt("del KeyError.args", remove)
    else:
        def store():
            Registry.conn = c
        attempt("Registry.conn", store)
    if t != 5:
        c.close()
print(hasattr(Exception, "conn"), hasattr(Registry, "conn"))
