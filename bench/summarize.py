#!/usr/bin/env python3
"""Turn bench/run.sh measurements into the markdown of docs/performance.md.

usage: summarize.py RESULTS.tsv ROWS PLOT.dat < facts.tsv
RESULTS.tsv lines: kind tool rows wall user sys rss_kib (one per run).
Kind import_pg: tool onboard is the CLI importing into PostgreSQL; kind
copy_pg: tool psql is a raw COPY of the same rows into the same schema
(bench/postgres.sh); tool postgres is the server's CPU during that run (wall
repeated, rss 0).
facts.tsv lines: label<TAB>text, printed as a list above the table.
Writes the medians per row count to PLOT.dat for gnuplot.
"""
import statistics
import sys
from collections import defaultdict

GOALS = {"validate": 20.0, "import": 10.0}
PG_GOAL = 1.5  # onboard's PostgreSQL import at most this many times a raw COPY of the same rows
NAMES = {"validate": "validation only (--dry-run)", "import": "full import, generated passwords, SQLite"}


def main():
    results, rows, plot = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    runs = defaultdict(list)  # (kind, tool, rows) -> [(wall, user, sys, rss)]
    with open(results) as f:
        for line in f:
            kind, tool, n, wall, user, system, rss = line.split()
            runs[(kind, tool, int(n))].append((float(wall), float(user), float(system), int(rss)))

    def med(kind, tool, n, i):
        return statistics.median(r[i] for r in runs[(kind, tool, n)])

    for line in sys.stdin:
        label, text = line.rstrip("\n").split("\t", 1)
        print(f"- {label}: {text}")
    print()
    count = len(runs[("import", "onboard", rows)])
    print(f"{rows:,} rows, median of {count} alternating runs (wall seconds; CPU = user + sys).\n")
    print("| measure | onboard wall | peer wall | ratio (goal) | onboard CPU | peer CPU | CPU ratio |"
          " onboard peak RSS | peer peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in ("validate", "import"):
        o, p = med(kind, "onboard", rows, 0), med(kind, "peer", rows, 0)
        oc = med(kind, "onboard", rows, 1) + med(kind, "onboard", rows, 2)
        pc = med(kind, "peer", rows, 1) + med(kind, "peer", rows, 2)
        orss, prss = med(kind, "onboard", rows, 3) / 1024, med(kind, "peer", rows, 3) / 1024
        goal = GOALS[kind]
        mark = "met" if p / o >= goal else "not met"
        print(f"| {NAMES[kind]} | {o:.3f} s | {p:.2f} s | {p / o:.1f}× (≥ {goal:.0f}×, {mark}) |"
              f" {oc:.2f} s | {pc:.2f} s | {pc / oc:.1f}× | {orss:.0f} MiB | {prss:.0f} MiB |")

    pg = runs[("import_pg", "onboard", rows)]
    if pg:
        def server(kind):
            got = runs[(kind, "postgres", rows)]
            return f"{statistics.median(r[1] + r[2] for r in got):.2f} s" if got else "—"

        oc = med("import_pg", "onboard", rows, 1) + med("import_pg", "onboard", rows, 2)
        print(f"\nPostgreSQL, {rows:,} rows, median of {len(pg)} runs, each into a fresh database, alternating"
              " with a raw COPY of the same rows into the same schema (psql `\\copy … (FORMAT binary)`, one"
              " statement). The server's CPU is counted apart, since it runs in other processes.\n")
        print("| measure | wall | client CPU | server CPU | client peak RSS |")
        print("|---|---|---|---|---|")
        o = med("import_pg", "onboard", rows, 0)
        print(f"| onboard: full import, generated passwords, PostgreSQL | {o:.2f} s | {oc:.2f} s |"
              f" {server('import_pg')} | {med('import_pg', 'onboard', rows, 3) / 1024:.0f} MiB |")
        if runs[("copy_pg", "psql", rows)]:
            r = med("copy_pg", "psql", rows, 0)
            rc = med("copy_pg", "psql", rows, 1) + med("copy_pg", "psql", rows, 2)
            print(f"| raw COPY of the same rows | {r:.2f} s | {rc:.2f} s | {server('copy_pg')} |"
                  f" {med('copy_pg', 'psql', rows, 3) / 1024:.0f} MiB |")
            mark = "met" if o / r <= PG_GOAL else "not met"
            pairs = [a[0] / b[0] for a, b in zip(pg, runs[("copy_pg", "psql", rows)])]
            print(f"\nonboard / raw COPY: {o / r:.2f}× of the medians (≤ {PG_GOAL}×, {mark}); run by run "
                  + ", ".join(f"{p:.2f}×" for p in pairs) + ".")

    sizes = sorted({n for (k, _, n) in runs if k in ("validate", "import")})
    fixed = {k: med(k + "0", "onboard", 0, 0) if (k + "0", "onboard", 0) in runs else 0.0
             for k in ("validate", "import")}

    def growth(kind, n, less=0.0):  # time(n) / time(n/10) for onboard, less a fixed cost
        if (kind, "onboard", n // 10) not in runs:
            return "—"
        below = med(kind, "onboard", n // 10, 0) - less
        if below <= 0:
            return "—"
        return f"{(med(kind, 'onboard', n, 0) - less) / below:.1f}"

    print("\nScaling (median wall seconds). ×10 columns: onboard's time(N) / time(N/10), linear = 10;"
          f" net: less the fixed cost of a run, measured on a header-only file ({fixed['validate']:.3f} s"
          f" validation, {fixed['import']:.3f} s import):\n")
    print("| rows | onboard validate | peer validate | onboard import | peer import |"
          " validate ×10 (net) | import ×10 (net) |")
    print("|---|---|---|---|---|---|---|")
    with open(plot, "w") as out:
        for n in sizes:
            cols = [med(k, t, n, 0) for k in ("validate", "import") for t in ("onboard", "peer")]
            v, i = growth("validate", n), growth("import", n)
            vn, inet = growth("validate", n, fixed["validate"]), growth("import", n, fixed["import"])
            print(f"| {n:,} | {cols[0]:.3f} | {cols[1]:.3f} | {cols[2]:.3f} | {cols[3]:.3f} |"
                  f" {v} ({vn}) | {i} ({inet}) |")
            out.write(f"{n} {cols[0]} {cols[1]} {cols[2]} {cols[3]}\n")


if __name__ == "__main__":
    main()
