"""pool_runs_dry.py: a bounded pool with a missed release.

A request handler checks a connection out of one shared pool (max_size=10) per task.
One path through the handler (a cache hit, every 7th task) returns early and forgets
POOL.release(conn). The pool is psycopg2's kind (on_lost="hold"): it keeps a reference
to every connection it hands out, so a forgotten one is never freed: its slot and its
server session stay taken. After 10 missed releases the pool has nothing left to hand
out and acquire() raises db.PoolExhausted, at task 67, with 10 sessions open: the pool
bounds the damage (the server stays far below its limit of 300), and the failure
points at the pool instead of at the database.

    MISSED_RELEASE=False   every path releases: the pool reuses one connection
    USE_WITH=True          `with POOL.connection() as conn:` releases on every path,
                           the early return included
"""
import db
import gctrap

TASKS = 100
POOL_SIZE = 10

MISSED_RELEASE = True   # the cache-hit path returns before POOL.release(conn)
USE_WITH = False        # check out with `with POOL.connection() as conn:`, which releases on every path

# on_lost="hold": psycopg2's pool, which keeps what it hands out. With db.Pool's default,
# nebula3's (and SQLAlchemy's) behaviour, the dropped connection's finalizer would give
# the slot back at once (reference counting frees it here), and the pool would not run
# dry: the missed release would go unnoticed until the connection sits in a cycle
# (the incident with USE_POOL=True: the slots then wait for the collector).
POOL = db.Pool(max_size=POOL_SIZE, on_lost="hold")


def serve(conn, task_id):
    if task_id % 7 == 3:
        return "cached"         # answered from the cache: the connection was not needed
    return conn.execute("MATCH (u:User) WHERE id(u) == " + str(task_id) + " RETURN u")


def handle(task_id):
    if USE_WITH:
        with POOL.connection() as conn:
            return serve(conn, task_id)
    conn = POOL.acquire()
    answer = serve(conn, task_id)
    if MISSED_RELEASE:
        if answer == "cached":
            return answer       # the bug: the slot is never given back
    POOL.release(conn)
    return answer


def main():
    for task_id in gctrap.tasks(TASKS):
        handle(task_id)


main()
