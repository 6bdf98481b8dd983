#!/usr/bin/env bash
# Issue 15 (workflow): a header-only file, a title row above the header,
# passwords from the file by default, update mode, the text preview.
source "$(dirname "$0")/lib.sh" "$1"
DATA=${ONBOARD_TEST_DATA:-$(dirname "$0")/../data}
init_org --teams Engineering,Sales

# A header and nobody under it: a file problem, exit 1.
printf 'Full Name,Email,Role\n' > "$WORK/header_only.csv"
expect 1 ob import "$WORK/header_only.csv" --dry-run
contains "$OUT" "The file has no people in it"
expect 1 ob --json import "$WORK/header_only.csv"
contains "$OUT" '"code":"file.no_people"'
contains "$OUT" '"committed":false'
expect 1 ob --json import "$DATA/header_only.xlsx" --dry-run
contains "$OUT" '"code":"file.no_people"'

# A merged title row above the header (openpyxl): the header is found in row 3,
# the report says so, and rows are numbered as the spreadsheet shows them.
expect 1 ob --json import "$DATA/staff_list_title_row.xlsx" --dry-run
contains "$OUT" 'The header is row 3; rows above it were skipped.'
contains "$OUT" '"header_row":3'
contains "$OUT" '"row":6,"column":"Email"'
expect 1 ob import "$DATA/staff_list_title_row.xlsx" --mode valid-rows --credentials-out "$WORK/title-creds.csv"
contains "$OUT" "Imported: 2 created"
expect 0 ob --json users list --search "Zo"
contains "$OUT" '"office":"London"'
# The annotated copy keeps the title rows and puts "Errors" beside the header row.
printf 'Staff list March 2026,,\n\nFull Name,Email,Office\nAda Byron,ada@example.com,HQ\nBad,nope,HQ\n' > "$WORK/title.csv"
expect 1 ob import "$WORK/title.csv" --dry-run --annotated-out "$WORK/title-annotated.csv"
contains "$(sed -n 2p "$WORK/title-annotated.csv")" '"Full Name","Email","Office","Errors"'
contains "$(cat "$WORK/title-annotated.csv")" '"Bad","nope","HQ","Email: The email address'
# No header in the first rows: the error says where it must be and what was there.
printf 'Ada Byron,ada@example.com\nAlan Turing,alan@example.com\n' > "$WORK/no_header.csv"
expect 1 ob import "$WORK/no_header.csv" --dry-run
contains "$OUT" 'The header must be in the first row; it holds "Ada Byron", "ada@example.com".'

# Passwords: by default (auto) a password in the file is used, a blank one generated and handed out once.
DB="$WORK/passwords.db"
init_org
expect 0 ob --json import "$DATA/passwords_given_and_blank.xlsx" --credentials-out "$WORK/pw-creds.csv"
contains "$OUT" '"created":2'
contains "$(cat "$WORK/pw-creds.csv")" "bo@example.com"
lacks "$(cat "$WORK/pw-creds.csv")" "pia@example.com"
expect 0 bash -c "echo 'violet tangerine kayak membrane 42' | '$ONBOARD' --db '$DB' login pia@example.com --password-stdin"
# --passwords generate ignores the column; an unknown source names the choices.
DB="$WORK/generate.db"
init_org
expect 0 ob --json import "$DATA/passwords_given_and_blank.xlsx" --passwords generate --credentials-out "$WORK/gen-creds.csv"
contains "$OUT" 'The Password column was not used, because passwords are generated.'
contains "$(cat "$WORK/gen-creds.csv")" "pia@example.com"
expect 2 ob import "$DATA/passwords_given_and_blank.xlsx" --passwords random
contains "$ERR" "auto, generate, file, hash, none"

# Update mode: a blank cell changes nothing; Email + metadata only works; the plan shows before -> after.
DB="$WORK/update.db"
init_org --teams Engineering,Sales
printf 'First name,Last name,Email,External ID\nJürgen,Müller,juergen@example.com,E-100\nZoë,Ng,zoe@example.com,Z-200\n' > "$WORK/people.csv"
expect 0 ob import "$WORK/people.csv" --credentials-out "$WORK/up-creds.csv"
printf 'First name,Last name,Email\nJürgen,,juergen@example.com\n' > "$WORK/blank_last.csv"
expect 0 ob --json import "$WORK/blank_last.csv" --existing update
contains "$OUT" '"updated":0'
expect 0 ob --json users list --search "juergen"
contains "$OUT" '"display_name":"Jürgen Müller"'
expect 0 ob import "$DATA/update_metadata_only.xlsx" --existing update --dry-run
contains "$OUT" 'update'
contains "$OUT" 'Phone: "" → "+49 30 1234"'
contains "$OUT" 'teams: "" → "Engineering"'
contains "$OUT" 'Dry run: would create 0, update 2'
expect 0 ob --json import "$DATA/update_metadata_only.xlsx" --existing update
contains "$OUT" '"updated":2'
expect 0 ob --json users list --search "zoe"
contains "$OUT" '"Phone":"+44 20 5678"'

# The text preview: a table of the plan, the problems grouped by row, no colour when not a terminal.
cat > "$WORK/mixed.csv" <<'CSV'
Full Name,Email,Role,Office
Grace Hopper,grace@navy.example,Manager,HQ
Alan Turing,alan@@bletchley.example,Wizard,HQ
Zoë Ng,zoe@example.com,,London
CSV
expect 1 ob import "$WORK/mixed.csv" --dry-run --existing skip
contains "$OUT" 'Row  Action  Name'
contains "$OUT" 'Reason or changes'
contains "$OUT" 'create  Grace Hopper'
contains "$OUT" 'skip    Zoë Ng'
contains "$OUT" 'already a member'
contains "$OUT" 'Problems:'
contains "$OUT" '  Row 3:'
contains "$OUT" '    Role: There is no role called'
lacks "$OUT" $'\033['
# Colour only on a terminal, and never with NO_COLOR (script(1) gives a terminal when it is installed).
if command -v script >/dev/null; then
  expect 1 script -qec "'$ONBOARD' --db '$DB' import '$WORK/mixed.csv' --dry-run --existing skip --mode valid-rows" /dev/null
  contains "$OUT" $'\033[32mcreate'
  expect 1 script -qec "NO_COLOR=1 '$ONBOARD' --db '$DB' import '$WORK/mixed.csv' --dry-run --existing skip --mode valid-rows" /dev/null
  lacks "$OUT" $'\033[32m'
fi

finish
