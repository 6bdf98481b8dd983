#!/usr/bin/env bash
# Issue 15 through the CLI: files made by openpyxl and LibreOffice
# (tests/data/issue15/make_files.py) import as the people in them, or are
# refused with a sentence naming the cell to fix.
source "$(dirname "$0")/lib.sh" "$1"
DATA=${ONBOARD_TEST_DATA:-$(dirname "$0")/../data}/issue15
init_org --teams Engineering,Sales

# ODS from LibreOffice: a pasted tab, a row of spaces, a two-line address, 00123.
expect 0 ob --json import "$DATA/cells_as_admins_leave_them.ods"
contains "$OUT" '"format":"ods"'
contains "$OUT" '"created":3'
expect 0 ob --json users list
contains "$OUT" '"external_id":"00123"'
contains "$OUT" '1 Main Street\nLondon'

# A UTF-8 file with one row in Windows-1252: exit 1, the row and column named, nothing stored.
expect 1 ob import "$DATA/names_mixed_row4_windows1252.csv"
contains "$OUT$ERR" 'Row 4, Full Name: these bytes are not UTF-8'
expect 0 ob --json users list
lacks "$OUT" 'renee@example.com'
lacks "$OUT" $'\xC3\x83'

# Formulas without saved values: one sentence with the fix, not a missing email per row.
expect 1 ob import "$DATA/formulas_without_values.xlsx"
contains "$OUT$ERR" 'formula with no saved value'
lacks "$OUT$ERR" 'email is missing'
finish
