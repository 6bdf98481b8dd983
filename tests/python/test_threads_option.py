"""The host's `threads=` choice from Python: 1 opens a store that starts no thread, an import gives the same
report with any number, and a number below 1 is refused with a sentence."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import onboard

from conftest import START, create_acme

CSV = b"Email,First Name,Last Name\nalan@acme.example,Alan,Turing\nbad-address,Bad,Row\ngrace@acme.example,Grace,Hopper\n"


# Run in a fresh interpreter: threads of earlier tests' directories (closed when collected) would blur the count.
SCENARIO = r"""
import os, sys
import onboard
from conftest import START, create_acme

def thread_count():
    return len(os.listdir("/proc/self/task"))

db, threads = sys.argv[1], (int(sys.argv[2]) or None)
with onboard.Directory.open("sqlite:" + db, key_file=db + ".key", now=START, threads=threads) as d:
    w = create_acme(d)
    # Each commit appends every page it touched to the WAL: 400 invitations pass the 1,000 pages after
    # which the SQLite store checkpoints.
    for i in range(400):
        d.invite(w.org_id, w.admin_id, "person%d@acme.example" % i)
    print(thread_count())
"""


def threads_after_writing_a_lot(tmp_path, threads: int) -> int:
    db = tmp_path / ("threads%d.db" % threads)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", SCENARIO, str(db), str(threads)], cwd=Path(__file__).parent,
                         env=env, check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1])


def test_one_thread_opens_a_store_that_starts_no_thread(tmp_path):
    assert threads_after_writing_a_lot(tmp_path, 1) == 1
    if (os.cpu_count() or 1) > 1:  # the default checkpoints on a thread of its own after the same writes
        assert threads_after_writing_a_lot(tmp_path, 0) == 2


def test_an_import_gives_the_same_report_with_any_number_of_threads():
    reports = []
    for threads in (1, 2, None):
        with onboard.Directory.open("memory:", now=START, threads=threads) as d:
            w = create_acme(d)
            for per_call in (1, None):
                report = d.import_users(w.org_id, w.admin_id, CSV, file_name="people.csv", dry_run=True,
                                        passwords="none", threads=per_call)
                reports.append((report.rows, report.valid, [(e.row, e.column, e.code) for e in report.errors]))
    assert reports[0] == (3, 2, [(3, "Email", "email.invalid")])
    assert all(r == reports[0] for r in reports)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_threads_below_one_or_not_a_number_are_refused(bad, world):
    with pytest.raises(ValueError, match="threads must be a whole number of 1 or more"):
        onboard.Directory.open("memory:", threads=bad)
    with pytest.raises(ValueError, match="threads must be a whole number of 1 or more"):
        world.dir.import_users(world.org_id, world.admin_id, CSV, file_name="people.csv", dry_run=True,
                               threads=bad)
