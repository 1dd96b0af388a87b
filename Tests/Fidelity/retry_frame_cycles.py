import db
import gctrap


class Client:
    def __init__(self):
        self.conn = db.connect()
        self.last_error = None


class Payload:
    def __init__(self, n):
        self.n = n


def attempt(client, t, i):
    client.tries = i
    raise ValueError("timeout " + str(t))


def run_task(t):
    try:
        attempt(None, t, -1)
    except AttributeError:
        pass
    scratch = []
    for k in range(t % 7 * 5):
        scratch.append(Payload(k))
    client = Client()
    for i in range(3):
        try:
            attempt(client, t, i)
        except ValueError as e:
            client.last_error = e
    return client.tries


total = 0
for t in gctrap.tasks(300):
    total += run_task(t)
print(total, db.peak_open)
