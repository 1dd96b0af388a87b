import db
import gctrap

# Rates and averages with true division and floats (not GC objects: they never move the
# counter) in a loop whose failed tasks keep their connection in an exception cycle.


class Slow(Exception):
    pass


def run_task(t, conn):
    elapsed = (t % 13) * 0.25 + 0.5
    rate = t / elapsed
    if rate > 60.0:
        raise Slow(f"task {t}: {rate:.2f}/s")
    return rate


total = 0.0
errors = []
avg = 0.0
for t in gctrap.tasks(450):
    conn = db.connect()
    try:
        total += run_task(t, conn)
    except Slow as e:
        if len(errors) < 200:
            errors.append(e)          # the traceback keeps run_task's frame, so conn, alive
    avg = total / (t + 1)
    share = round(len(errors) / (t + 1) * 100, 1)
    conn = None
print(len(errors), round(total, 3), f"{avg:.4f}", share, float(len(errors)) / 3, 7 // 2.0, -1.5 % 1, db.peak_open)
