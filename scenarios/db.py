"""db: a simulated graph-database client (NebulaGraph flavour).

The same file serves twice: real CPython imports it as the `db` module beside the
scenarios, and gctrap interprets it as its `db` module, so both run exactly the same
allocations. That is why it is written in gctrap's Python subset: no f-strings, no
comprehensions, no list methods but append, strings built with + and str().

The "server" is a set of module counters. A Connection is open from connect() until
close() or its finalizer (like a socket, it closes itself when freed while still open).
The server refuses new sessions beyond max_connections, with graphd's own message.
"""

# --- the server side: module counters -------------------------------------

max_connections = 300     # graphd's default max_sessions_per_ip_per_user
open_now = 0              # sessions open on the server right now
peak_open = 0             # highest open_now so far
peak_in_task = 0          # highest open_now in the running task (gctrap.tasks resets it to open_now at each boundary)
opened_total = 0          # sessions ever opened
closed_explicit = 0       # closed by Connection.close()
closed_by_finalizer = 0   # closed by Connection.__del__ (refcount or collector freed it)
refused = 0               # connect() calls refused with TooManyConnections
next_id = 1               # id of the next connection
in_use_total = 0          # pooled connections checked out, all pools together
idle_total = 0            # pooled connections waiting in an idle list, all pools together


class Error(Exception):
    pass


class TooManyConnections(Error):
    pass


class ConnectionClosed(Error):
    pass


class PoolExhausted(Error):
    pass


def configure(max_connections=300):
    # a parameter cannot share the global's name, hence the detour through _set_limit
    _set_limit(max_connections)


def _set_limit(limit):
    global max_connections
    max_connections = limit


def open_connections():
    return open_now


def connect():
    """Open a session, or fail like graphd does when the per-user limit is reached."""
    global open_now, peak_open, peak_in_task, opened_total, refused, next_id
    if open_now >= max_connections:
        refused += 1
        raise TooManyConnections("Create Session failed: Too many sessions created from 127.0.0.1 by user root. the threshold is " + str(max_connections) + ". You can change it by modifying 'max_sessions_per_ip_per_user' in nebula-graphd.conf")
    conn = Connection(next_id)
    next_id += 1
    open_now += 1
    if open_now > peak_open: peak_open = open_now
    if open_now > peak_in_task: peak_in_task = open_now
    opened_total += 1
    return conn


class Connection:
    """One server session. Create it with connect() (or through a Pool)."""

    def __init__(self, cid):
        self.id = cid
        self.closed = False
        self.pool = None    # the Pool it belongs to, if any (set by Pool.acquire)

    def execute(self, query):
        if self.closed:
            raise ConnectionClosed("connection " + str(self.id) + " is closed")
        return "rows for " + query

    def close(self):
        global open_now, closed_explicit
        if self.closed:
            return          # idempotent, like socket.close()
        self.closed = True
        open_now -= 1
        closed_explicit += 1

    def __del__(self):
        # The finalizer of a socket: an open connection freed by reference counting
        # or by the cyclic collector is closed here, and counted apart.
        global open_now, closed_by_finalizer
        if not self.closed:
            self.closed = True
            open_now -= 1
            closed_by_finalizer += 1


class Pool:
    """A bounded pool. Checked-out connections are only counted, never referenced:
    a connection whose owner drops it without release() is lost to the pool for good
    (in_use never comes down), which is how real pools run dry."""

    def __init__(self, max_size=10):
        self.max_size = max_size
        self.idle = []      # idle connections, reused last-in first-out
        self.in_use = 0

    def acquire(self):
        global in_use_total, idle_total
        n = len(self.idle)
        if n > 0:
            conn = self.idle[n - 1]
            del self.idle[n - 1]
            idle_total -= 1
        elif self.in_use < self.max_size:
            conn = connect()
            conn.pool = self
        else:
            raise PoolExhausted("pool exhausted: " + str(self.in_use) + " of " + str(self.max_size) + " connections in use, none idle (a checked-out connection was never released?)")
        self.in_use += 1
        in_use_total += 1
        return conn

    def release(self, conn):
        global in_use_total, idle_total
        self.in_use -= 1
        in_use_total -= 1
        if conn.closed:
            return          # closed while checked out: the slot is free, nothing to keep
        self.idle.append(conn)
        idle_total += 1

    def connection(self):
        """with pool.connection() as conn: ... acquires, and releases at block exit."""
        return PoolCheckout(self)


class PoolCheckout:
    """The context manager returned by Pool.connection()."""

    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    def __enter__(self):
        self.conn = self.pool.acquire()
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        conn = self.conn
        self.conn = None
        self.pool.release(conn)
        return False
