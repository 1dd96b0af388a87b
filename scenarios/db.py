"""db: a simulated graph-database client (NebulaGraph flavour).

The same file serves twice: real CPython imports it as the `db` module beside the
scenarios, and gctrap interprets it as its `db` module, so both run exactly the same
allocations. That is why it is written in gctrap's Python subset: no f-strings, no
comprehensions, no list methods but append and remove, strings built with + and str().

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
        self.checked_out = False    # handed out by its pool and not yet released

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
        if self.checked_out:
            self.pool._reclaim(self)   # nebula3: Session.__del__ calls release()


class PoolMisuse(Error):
    pass


class Pool:
    """A bounded pool of at most max_size connections (idle ones reused last-in first-out).

    on_lost says what happens to a checked-out connection whose owner drops it without
    release(), as the real clients do (../shared/reference/pools.md):

      "return"  (default) nebula3's pool: Session.__del__ calls release(), so when
                reference counting or the collector frees the connection, its session
                closes (closed_by_finalizer) and its slot returns to the pool
                (in_use comes down, reclaimed counts it).
      "hold"    psycopg2's pool: the pool keeps every checked-out connection (its
                _used dict), so a dropped one is never freed: slot and session stay
                taken until release(), and the pool runs dry with the sessions open.
      "lose"    a pool that only counts: the finalizer closes the session but the slot
                is lost for good (in_use never comes down) and the pool runs dry.

    Releasing a connection twice, or one the pool did not hand out, raises PoolMisuse;
    a connection closed while idle is dropped at the next acquire(), never handed out.
    """

    def __init__(self, max_size=10, on_lost="return"):
        if on_lost != "return" and on_lost != "hold" and on_lost != "lose":
            raise ValueError("on_lost must be 'return', 'hold' or 'lose', not " + repr(on_lost))
        self.max_size = max_size
        self.on_lost = on_lost
        self.idle = []      # idle connections, reused last-in first-out
        self.used = []      # "hold": the checked-out connections, referenced
        self.in_use = 0
        self.reclaimed = 0  # "return": slots given back by finalizers

    def acquire(self):
        global in_use_total, idle_total
        conn = None
        n = len(self.idle)
        while conn is None and n > 0:
            n -= 1
            candidate = self.idle[n]
            del self.idle[n]
            idle_total -= 1
            if not candidate.closed:
                conn = candidate    # one closed while idle is dropped, never handed out
        if conn is None:
            if self.in_use >= self.max_size:
                raise PoolExhausted("pool exhausted: " + str(self.in_use) + " of " + str(self.max_size) + " connections in use, none idle (a checked-out connection was never released?)")
            conn = connect()
            conn.pool = self
        conn.checked_out = True
        if self.on_lost == "hold":
            self.used.append(conn)
        self.in_use += 1
        in_use_total += 1
        return conn

    def release(self, conn):
        global in_use_total, idle_total
        if conn.pool is not self:
            raise PoolMisuse("connection " + str(conn.id) + " does not belong to this pool")
        if not conn.checked_out:
            raise PoolMisuse("connection " + str(conn.id) + " released twice: it is not checked out")
        conn.checked_out = False
        if self.on_lost == "hold":
            self.used.remove(conn)
        self.in_use -= 1
        in_use_total -= 1
        if conn.closed:
            return          # closed while checked out: the slot is free, nothing to keep
        self.idle.append(conn)
        idle_total += 1

    def _reclaim(self, conn):
        # A checked-out connection is being freed (its __del__ runs).
        global in_use_total
        conn.checked_out = False
        if self.on_lost == "return":
            self.in_use -= 1
            in_use_total -= 1
            self.reclaimed += 1

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
