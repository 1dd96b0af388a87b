"""kept_results.py: a results list that keeps every agent, and with it an open connection.

Each task builds an agent that opens a session, runs, and is appended to `results`
for the end-of-batch report. No reference cycle and nothing unreachable: the
collector has nothing to free, every connection is still reachable ("held", not
leaked). Open sessions grow by one per task until the server's limit: task 300's
connect() is refused with db.TooManyConnections and the program dies with a traceback.

    KEEP_AGENTS=False      keep only the answer string: each agent, and its
                           connection, is freed when `agent` is rebound
    CLOSE_AFTER_RUN=True   close the agent's connection as soon as its answer is in:
                           the agents are kept but hold closed connections
"""
import db
import gctrap

TASKS = 1000

KEEP_AGENTS = True        # results.append(agent); False: results.append(agent.answer)
CLOSE_AFTER_RUN = False   # agent.close() right after agent.run()


class Agent:
    def __init__(self, task_id):
        self.task_id = task_id
        self.conn = db.connect()
        self.answer = None

    def run(self):
        self.answer = self.conn.execute("MATCH (d:Doc) WHERE id(d) == " + str(self.task_id) + " RETURN d")
        return self.answer

    def close(self):
        self.conn.close()


results = []


def main():
    for task_id in gctrap.tasks(TASKS):
        agent = Agent(task_id)
        agent.run()
        if CLOSE_AFTER_RUN:
            agent.close()
        if KEEP_AGENTS:
            results.append(agent)
        else:
            results.append(agent.answer)


main()
