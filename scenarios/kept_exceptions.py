"""kept_exceptions.py: saved exceptions keep their tracebacks, frames, locals, connections.

Every third task's query times out. The batch loop collects the errors for a report
at the end (`except db.Error as e: errors.append(e)`). An exception holds its
traceback, the traceback holds the frames the exception went through, and a frame
holds its local variables: here `conn`, the open connection of the failed lookup,
which was never closed because the exception skipped the close() call. Every saved
error keeps one session open; all of them are reachable, so the collector cannot
help. The 300th failure (task 899) fills the server: task 900's connect() is refused
and the batch dies with db.TooManyConnections.

    KEEP_EXCEPTIONS=False  keep only the message (str(e)): the traceback, its frames
                           and the connection are freed when the except clause ends
    USE_FINALLY=True       close the connection in a finally clause: the saved
                           exceptions still keep frames alive, but the connections
                           in them are closed
"""
import db
import gctrap

TASKS = 1000
FAIL_EVERY = 3

KEEP_EXCEPTIONS = True   # errors.append(e); False: errors.append(str(e))
USE_FINALLY = False      # lookup() closes its connection in a finally clause


class QueryTimeout(db.Error):
    pass


def run_query(conn, task_id):
    if task_id % FAIL_EVERY == 2:
        raise QueryTimeout("query for task " + str(task_id) + " timed out after 30000 ms")
    return conn.execute("MATCH (n) WHERE id(n) == " + str(task_id) + " RETURN n")


def lookup(task_id):
    conn = db.connect()
    if USE_FINALLY:
        try:
            rows = run_query(conn, task_id)
        finally:
            conn.close()
        return rows
    rows = run_query(conn, task_id)
    conn.close()            # skipped when run_query raises
    return rows


errors = []


def main():
    for task_id in gctrap.tasks(TASKS):
        try:
            lookup(task_id)
        except db.TooManyConnections:
            raise           # the server is full: the batch job gives up here
        except db.Error as e:
            if KEEP_EXCEPTIONS:
                errors.append(e)
            else:
                errors.append(str(e))


main()
