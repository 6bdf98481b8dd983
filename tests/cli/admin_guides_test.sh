# The "for admins" pages (docs/admins/*.md) are sessions a person pastes
# into a shell: every `sh` block of a page runs, in order, in a fresh
# directory, with `onboard` on the PATH and the clock pinned. A command or
# a check of the page that fails fails this test.
source "$(dirname "$0")/lib.sh" "$1"
DOCS="$(cd "$(dirname "$0")/../../docs/admins" && pwd)"
mkdir -p "$WORK/bin"
ln -s "$(realpath "$ONBOARD")" "$WORK/bin/onboard"

# sh_blocks FILE: the lines of its ```sh … ``` blocks.
sh_blocks() { awk '/^```sh$/ {inside = 1; next} /^```$/ {inside = 0} inside' "$1"; }

pages=0
for page in "$DOCS"/*.md; do
  [[ $(basename "$page") == README.md ]] && continue
  pages=$((pages + 1))
  dir="$WORK/$(basename "$page" .md)"
  mkdir -p "$dir"
  sh_blocks "$page" >"$dir/session.sh"
  CHECKS=$((CHECKS + 1))
  if ! (cd "$dir" && PATH="$WORK/bin:$PATH" bash -euo pipefail session.sh >"$dir/out.txt" 2>&1); then
    echo "FAIL: the session of docs/admins/$(basename "$page") stopped:"
    tail -n 20 "$dir/out.txt"
    FAILURES=$((FAILURES + 1))
  fi
  # A session must hold commands, not only prose.
  contains "$(cat "$dir/session.sh")" "onboard "
done
CHECKS=$((CHECKS + 1))
[[ $pages -eq 4 ]] || { echo "FAIL: expected 4 pages in docs/admins, found $pages"; FAILURES=$((FAILURES + 1)); }
finish
