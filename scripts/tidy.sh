#!/usr/bin/env bash
# clang-tidy over the library and the C ABI: every tracked .cpp/.c under src/
# and capi/, with the repo's .clang-tidy; headers under include/, src/ and
# capi/ are checked through the .cpp files that include them (each finding in
# a header is printed once). Uses the compile_commands.json of a build tree
# (default: build, the tree of `make test`; configured here if it is missing).
#
#   scripts/tidy.sh [BUILD_DIR] [FILE...]   e.g. scripts/tidy.sh build src/model/email.cpp
#
# Exits 1 if there is any finding. Runs one clang-tidy per core (JOBS).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
shift || true
jobs=${JOBS:-$(nproc)}

if [[ ! -f "$build/compile_commands.json" ]]; then
  cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.c' 'capi/*.cpp' 'capi/*.c')
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The compile commands are GCC's: -Wno-unknown-warning-option lets clang
# accept the GCC-only -Wno-maybe-uninitialized (CMakeLists.txt) silently.
# The header filter is anchored at this checkout, so that /usr/include never
# matches "include/".
printf '%s\n' "${files[@]}" |
  xargs -P "$jobs" -I{} sh -c '
    f=$1; log=$2/$(printf %s "$f" | tr / _).log
    clang-tidy -p "$3" --quiet --extra-arg=-Wno-unknown-warning-option \
      --header-filter="^$4/(include|src|capi)/" "$f" >"$log" 2>&1 || echo "$f" >>"$2/failed"
  ' _ {} "$out" "$build" "$root"

# A finding in a header appears once per .cpp that includes it: print each once.
# Keep each finding with the lines that follow it (source line, caret, notes).
python3 - "$out" "$root" <<'EOF'
import os, re, sys
out, root = sys.argv[1], sys.argv[2] + "/"
head = re.compile(r"^(/[^:]+):(\d+):(\d+): (warning|error): ")
seen, blocks = set(), []
for name in sorted(os.listdir(out)):
    if not name.endswith(".log"):
        continue
    block = None
    for line in open(os.path.join(out, name), errors="replace"):
        if re.match(r"^\d+ warnings? (and \d+ errors? )?generated\.$", line.strip()) or \
           line.startswith("Suppressed ") or line.startswith("Use -header-filter") or \
           line.startswith("Error while processing") or \
           re.match(r"^\d+ errors? generated\.$", line.strip()):
            continue
        m = head.match(line)
        if m:
            key = (m.group(1), m.group(2), m.group(3), line.split(": ", 2)[-1])
            block = None if key in seen else []
            if block is not None:
                seen.add(key)
                blocks.append((m.group(1), int(m.group(2)), block))
        if block is not None:
            block.append(line.replace(root, ""))
blocks.sort(key=lambda b: (b[0], b[1]))
per_file = {}
for path, _, block in blocks:
    sys.stdout.write("".join(block))
    rel = path.replace(root, "")
    per_file[rel] = per_file.get(rel, 0) + 1
if per_file:
    print("\nclang-tidy findings per file:")
    for rel, n in sorted(per_file.items()):
        print(f"  {n:4d}  {rel}")
    print(f"  {sum(per_file.values()):4d}  in all")
open(os.path.join(out, "count"), "w").write(str(len(blocks)))
EOF
count=$(cat "$out/count")
if [[ -f "$out/failed" && "$count" -eq 0 ]]; then
  echo "clang-tidy failed on:" >&2
  cat "$out/failed" >&2
  exit 1
fi
if [[ "$count" -ne 0 ]]; then
  exit 1
fi
echo "clang-tidy: no findings in ${#files[@]} files"
