"""Measure the count0 footprint of one gctrap.tasks() boundary.

    python3 scenarios/expected/measure_boundary.py

Runs a 3-task loop whose body does nothing except, in task 0, put some objects on the
free lists; prints how much count0 grew across the first and second boundaries
(rows 1 - 0 and 2 - 1 of the CSV, minus nothing: the body allocates nothing else).
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCEN = os.path.dirname(HERE)

CASES = [
    ("nothing (all free lists empty)", "pass"),
    ("2 lists", "a = []; b = []; del a; del b"),
    ("1 list", "a = []; del a"),
    ("3 dicts", "a = {}; b = {}; c = {}; del a; del b; del c"),
    ("4 dicts", "a = {}; b = {}; c = {}; d = {}; del a; del b; del c; del d"),
    ("1 tuple of 1", "t = (i,); del t"),
    ("1 tuple of 3", "t = (i, i, i); del t"),
    ("1 tuple of 2 (not used)", "t = (i, i); del t"),
]

d = tempfile.mkdtemp()
try:
    for f in ("db.py", "gctrap.py"):
        shutil.copy(os.path.join(SCEN, f), d)
    print("python", sys.version.split()[0])
    print("%-32s %s" % ("pre-filled in task 0", "row0  boundary0  boundary1"))
    for label, code in CASES:
        path = os.path.join(d, "pre.py")
        with open(path, "w") as out:
            out.write("import db, gctrap\n\ndef run():\n    for i in gctrap.tasks(3):\n"
                      "        if i == 0:\n            " + code + "\n\nrun()\n")
        rows = subprocess.run([sys.executable, path], capture_output=True, text=True).stdout.split()
        c = [int(r.split(",")[10]) for r in rows[1:]]
        print("%-32s %4d  %9d  %9d" % (label, c[0], c[1] - c[0], c[2] - c[1]))
finally:
    shutil.rmtree(d)
