#!/usr/bin/env bash
# make bench: onboard against the Python peer (bench/peer) on the same
# generated users file, alternating, in one run; then accept/redeem
# throughput, the rows-vs-time plot and the raw limits of this machine.
#
# The largest file is also imported into PostgreSQL (a throwaway cluster made
# by scripts/test_postgres.sh), when the server binaries and libpq are there,
# side by side with a raw COPY of the same rows (bench/postgres.sh, which
# also runs alone).
#
# usage: bench/run.sh [RELEASE_BUILD_DIR]      (default build-release)
# env:   BENCH_ROWS (1000000)  BENCH_RUNS (3)  BENCH_SIZES ("10000 100000")
#        BENCH_PLOT (docs/performance.png; empty: no plot)
#        BENCH_POSTGRES (1; 0: skip the PostgreSQL import)
# Output: a markdown table on stdout (progress on stderr). Never run in CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REL=${1:-build-release}
[[ $REL = /* ]] || REL="$ROOT/$REL"
ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-3}
SIZES=${BENCH_SIZES:-"10000 100000"}
PLOT=${BENCH_PLOT-$ROOT/docs/performance.png}
PEER="$ROOT/bench/peer"

ONBOARD_SETUP_EXTRA=bench bash "$ROOT/scripts/setup.sh"
echo "bench: building $REL (Release)" >&2
cmake -S "$ROOT" -B "$REL" -DCMAKE_BUILD_TYPE=Release -DONBOARD_BUILD_TESTS=OFF >/dev/null
cmake --build "$REL" -j "$(nproc)" --target onboard_cli bench_throughput >/dev/null
ONBOARD="$REL/onboard"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/onboard-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"  # kind tool rows wall user sys rss_kib
: >"$RESULTS"

TEAMS=$(python3 -c 'print(",".join(f"Team {i}" for i in range(50)))')
LIMITS=(--max-rows 100000000 --max-bytes 100000000000)

# measure KIND TOOL ROWS CMD...: one timed run, appended to $RESULTS.
measure() {
  local kind=$1 tool=$2 rows=$3
  shift 3
  # Wall time to the microsecond from the shell's clock (time's %e has 10 ms
  # steps, coarse for a 0.2 s run); CPU and peak RSS from /usr/bin/time.
  local started ended
  started=$(date +%s%N)
  if ! /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"; then
    echo "bench: $tool $kind failed:" >&2
    cat "$WORK/out.txt" "$WORK/err.txt" >&2
    exit 1
  fi
  ended=$(date +%s%N)
  printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$tool" "$rows" \
    "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')" \
    "$(tr ' ' '\t' <"$WORK/time.txt")" >>"$RESULTS"
}

fresh_org() {  # [--db URI --key-file K]: a new organization with the catalogs the file uses (not timed)
  local where=("$@")
  if [[ $# -eq 0 ]]; then
    rm -f "$WORK/onboard.db" "$WORK/onboard.db-wal" "$WORK/onboard.db-shm" "$WORK/onboard.db.key"
    where=(--db "$WORK/onboard.db")
  fi
  echo 'correct horse battery staple orbit' |
    "$ONBOARD" "${where[@]}" init --org Bench --admin-email admin@bench.example \
      --admin-name "Bench Admin" --offices HQ,London --teams "$TEAMS" --roles workspace \
      --password-stdin >/dev/null
}

run_pair() {  # ROWS FILE: dry run and full import, onboard then the peer
  local rows=$1 file=$2
  fresh_org
  measure validate onboard "$rows" "$ONBOARD" --db "$WORK/onboard.db" import "$file" --dry-run "${LIMITS[@]}"
  measure validate peer "$rows" python3 "$PEER/baseline_import.py" "$file" "$WORK/peer.db" --dry-run
  measure import onboard "$rows" "$ONBOARD" --db "$WORK/onboard.db" import "$file" "${LIMITS[@]}" \
    --credentials-out "$WORK/credentials.csv"
  rm -f "$WORK/credentials.csv"
  measure import peer "$rows" python3 "$PEER/baseline_import.py" "$file" "$WORK/peer.db"
  rm -f "$WORK"/peer.db*
}

# The fixed cost of a run (process start, opening the database, the commit):
# onboard on a file with the header only, so scaling can be judged per row.
# Runs of a few tens of milliseconds vary by more than their differences:
# they, and the header-only file, get more runs than the largest file.
SMALL_RUNS=$((RUNS < 7 ? 7 : RUNS))
echo "bench: a header-only file, $SMALL_RUNS runs" >&2
python3 "$PEER/gen_users.py" 1 "$WORK/users.csv"
head -n 1 "$WORK/users.csv" >"$WORK/header.csv"
for ((i = 1; i <= SMALL_RUNS; ++i)); do
  fresh_org
  measure validate0 onboard 0 "$ONBOARD" --db "$WORK/onboard.db" import "$WORK/header.csv" --dry-run "${LIMITS[@]}"
  measure import0 onboard 0 "$ONBOARD" --db "$WORK/onboard.db" import "$WORK/header.csv" "${LIMITS[@]}"
done

for rows in $SIZES $ROWS; do
  runs=$RUNS
  if ((rows < ROWS)); then runs=$SMALL_RUNS; fi
  echo "bench: $rows rows, $runs runs of each" >&2
  python3 "$PEER/gen_users.py" "$rows" "$WORK/users.csv"
  for ((i = 1; i <= runs; ++i)); do run_pair "$rows" "$WORK/users.csv"; done
done

# PostgreSQL: the largest file, full imports, each into a fresh database,
# alternating with a raw COPY of the same rows into the same schema on the
# same server (bench/postgres.sh).
PG_BIN=${ONBOARD_PG_BIN:-}
if [[ -z $PG_BIN ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/postgres" ]] && PG_BIN=$candidate; done
fi
PG_FACT=
if [[ ${BENCH_POSTGRES:-1} == 0 ]]; then
  PG_FACT="not measured (BENCH_POSTGRES=0)"
elif [[ -z $PG_BIN || ! -x $PG_BIN/postgres ]]; then
  PG_FACT="not measured: no PostgreSQL server binaries under ${PG_BIN:-/usr/lib/postgresql/*/bin}"
elif ! pkg-config --exists libpq; then
  PG_FACT="not measured: libpq is not installed, so onboard is built without PostgreSQL"
fi
if [[ -n $PG_FACT ]]; then
  echo "bench: PostgreSQL $PG_FACT" >&2
else
  BENCH_ROWS=$ROWS BENCH_RUNS=$RUNS BENCH_FILE="$WORK/users.csv" BENCH_RESULTS="$RESULTS" \
    bash "$ROOT/bench/postgres.sh" "$REL"
  PG_FACT="$("$PG_BIN/postgres" --version | sed 's/.*) //;s/^/PostgreSQL /'), a throwaway local cluster \
(scripts/test_postgres.sh: TCP on 127.0.0.1, fsync, synchronous_commit and full_page_writes off, \
shared_buffers 32MB) on the same machine, a fresh database per run"
fi

# The limits of this machine: reading the file, and SQLite's own insert rate
# for rows of the same size (WAL, synchronous=NORMAL, one transaction).
WC_S=$( { /usr/bin/time -f "%e" wc -l "$WORK/users.csv" >/dev/null; } 2>&1)
raw_sqlite() {  # SECONDS for $ROWS rows of ~300 bytes, with or without a random unique text index
  rm -f "$WORK"/raw.db*
  local index=$1
  { /usr/bin/time -f "%e" sqlite3 "$WORK/raw.db" >/dev/null <<SQL; } 2>&1
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL);
$index
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $ROWS)
INSERT INTO t SELECT x, hex(randomblob(16)) || '@example.com', printf('%.260c', 'x') FROM c;
COMMIT;
SQL
}
RAW_PLAIN=$(raw_sqlite "")
RAW_INDEXED=$(raw_sqlite "CREATE UNIQUE INDEX t_k ON t(k);")
rm -f "$WORK"/raw.db*

echo "bench: accept and key redemption throughput" >&2
"$REL/bench/bench_throughput" 20 >"$WORK/throughput.md"

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
python3 "$ROOT/bench/summarize.py" "$RESULTS" "$ROWS" "$WORK/plot.dat" <<EOF
machine	$CPU, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)
versions	onboard $(sed -n 's/^project(onboard VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt"), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/SQLite /'), $(python3 --version), libsodium $(pkg-config --modversion libsodium)
file	$ROWS rows, $(wc -c <"$WORK/users.csv") bytes; wc -l takes ${WC_S} s
sqlite	raw SQLite insert of $ROWS rows of ~300 bytes in one WAL transaction: ${RAW_PLAIN} s without and ${RAW_INDEXED} s with a random unique text index
postgresql	$PG_FACT
EOF
echo
cat "$WORK/throughput.md"

if [[ -n $PLOT ]]; then
  gnuplot <<EOF
set terminal pngcairo size 800,500 noenhanced
set output "$PLOT"
set title "Import time against rows: onboard and the Python peer (medians)"
set xlabel "rows"
set ylabel "wall time (s)"
set logscale xy
set key top left
set grid
plot "$WORK/plot.dat" using 1:2 with linespoints title "onboard --dry-run", \
     "" using 1:3 with linespoints title "peer --dry-run", \
     "" using 1:4 with linespoints title "onboard import (SQLite)", \
     "" using 1:5 with linespoints title "peer import (SQLite)"
EOF
  echo "bench: plot written to $PLOT" >&2
fi
