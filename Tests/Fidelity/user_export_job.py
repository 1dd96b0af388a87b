# Written the way a user would (issue 10: hunting for differences with the new constructs):
# a per-customer exporter with sets, enumerate, dict.get, f-strings, % formatting, floats
# and round, whose duplicate-row errors keep the exporter (and its session) in a cycle.
import db
import gctrap


class Exporter:
    """Exports one customer's rows; keeps an error log that points back at itself."""

    def __init__(self, customer_id, columns):
        self.customer_id = customer_id
        self.columns = columns
        self.conn = db.connect()
        self.errors = []
        self.stats = {"rows": 0, "bytes": 0}

    def export(self, rows):
        seen = set()
        for i, row in enumerate(rows):
            key = row.get("id")
            if key in seen:
                self.errors.append({"row": i, "exporter": self, "why": f"duplicate id {key!r}"})
                continue
            seen.add(key)
            line = self.render(row)
            self.stats["rows"] += 1
            self.stats["bytes"] += len(line)
        return self.stats

    def render(self, row):
        parts = []
        for name in self.columns:
            parts.append("%s=%s" % (name, row.get(name, "")))
        return "; ".join(parts)


COLUMNS = ["id", "name", "amount"]
summary = {}
for t in gctrap.tasks(400):
    rows = [{"id": t % 7, "name": f"cust-{t:04d}", "amount": t * 1.5},
            {"id": (t * 3) % 5, "name": "x", "amount": 2.25}]
    if t % 4 == 0:
        rows.append(dict(rows[0]))          # a duplicate: the error entry keeps the exporter
    exp = Exporter(t, COLUMNS)
    stats = exp.export(rows)
    ratio = stats["bytes"] / max(1, stats["rows"])
    summary[t % 10] = round(ratio, 2)
    exp = None
top = sorted(summary.items())
print(top[:3], f"{sum(summary.values()) / len(summary):.3f}", db.peak_open)
