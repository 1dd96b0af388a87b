# Written the way a user would: a tenant cache whose entries reach their cache through
# weakref.proxy (no cycle, so sessions close with the cache), with set literals, sorted,
# enumerate, f-strings, % formatting and true division.
import db
import gctrap
import weakref


class Cache:
    """A per-worker cache of sessions by tenant; entries point back at the cache."""

    def __init__(self, name):
        self.name = name
        self.entries = {}
        self.hits = 0

    def session(self, tenant):
        entry = self.entries.get(tenant)
        if entry is None:
            entry = Entry(self, tenant)
            self.entries[tenant] = entry
        else:
            self.hits += 1
        return entry


class Entry:
    def __init__(self, cache, tenant):
        self.cache = weakref.proxy(cache)
        self.tenant = tenant
        self.conn = db.connect()
        self.tags = {tenant % 3, "fresh"}

    def describe(self):
        return f"{self.cache.name}/{self.tenant:02d} [{len(self.tags)}]"


report = []
for t in gctrap.tasks(300):
    cache = Cache(f"worker-{t % 4}")
    tenants = sorted({t % 5, (t * 7) % 5, 2})
    for i, tenant in enumerate(tenants):
        e = cache.session(tenant)
        e.tags.discard("fresh")
        if i == 0 and t % 50 == 0:
            report.append(e.describe())
    ratio = cache.hits / len(tenants)
    if t % 100 == 0:
        report.append("%s: %.2f hit ratio, %d entries" % (cache.name, ratio, len(cache.entries)))
print(report, db.peak_open, db.open_now)
