# @contextlib.contextmanager around db.connect() in the incident's shape: an agent with a
# back reference (a cycle per task) takes its session from a generator-based context
# manager. `session()` releases the connection in a finally block, so it closes when the
# with block ends, even when the body raises (the exception is thrown into the generator).
# `graph_session()` closes only after its yield, the common mistake: when the body
# raises, the close is skipped and the connection stays with the agent's cycle until the
# collector frees it (its generator, finished by the exception, no longer holds it).
import contextlib
from contextlib import contextmanager

import db
import gctrap


@contextmanager
def session():
    conn = db.connect()
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def graph_session(agent):
    conn = db.connect()
    agent.conn = conn
    yield conn
    conn.close()


class Context:
    def __init__(self, agent):
        self.agent = agent


class Agent:
    def __init__(self, task_id):
        self.task_id = task_id
        self.context = Context(self)


def run(task_id):
    agent = Agent(task_id)
    with session() as conn:
        conn.execute("MATCH (t) RETURN t")
        if task_id % 7 == 3:
            raise ValueError("bad row %d" % task_id)
    with graph_session(agent) as g:
        g.execute("MATCH (a) RETURN a")
        if task_id % 5 == 0:
            raise KeyError(task_id)
    return agent.task_id


failures = 0
done = 0
for t in gctrap.tasks(400):
    try:
        done += run(t)
    except ValueError:
        failures += 1
    except KeyError:
        failures += 10
print(done, failures, db.peak_open, db.open_now)
