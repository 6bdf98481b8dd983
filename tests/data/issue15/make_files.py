#!/usr/bin/python3
"""Writes the issue-15 fixtures the way admins make them: openpyxl workbooks,
then LibreOffice Calc (headless) saving the same sheets as ODS and CSV.

Run from this directory:  /usr/bin/python3 make_files.py
Needs python3-openpyxl and libreoffice-calc-nogui (Debian 12: openpyxl 3.0.9,
LibreOffice 7.4.7). See ../README.md for what each file checks."""
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))


def soffice(src, fmt, out_name):
    """LibreOffice saves `src` as `fmt` (a --convert-to argument) under out_name."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", fmt,
                        "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
        produced = [f for f in os.listdir(tmp) if f != "profile"]
        assert len(produced) == 1, produced
        shutil.move(os.path.join(tmp, produced[0]), os.path.join(HERE, out_name))


# 1. Cells as admins leave them: a pasted tab around an email, a row of
# spaces, tabs and no-break spaces, a two-line address (Alt+Enter), an
# External ID with number format 00000, a price-like 0.00 and a #,##0 number.
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Staff"
sheet.append(["Full Name", "Email", "External ID", "Address", "Notes", "Phone"])
sheet.append(["Ada Lovelace", "\tada@example.com\t", 123, "1 Main Street\nLondon", "first line\nsecond line",
              "0201234567"])
sheet.append(["   ", "\t", "\u00a0", " \u00a0\t", None, None])
sheet.append(["J\u00fcrgen M\u00fcller", "juergen@example.com", 42, "Hauptstra\u00dfe 5", None, None])
sheet.append(["Zo\u00eb \u0141ukasz", "\u00a0zoe@example.com ", 7, None, None, None])
for row in range(2, 6):
    sheet.cell(row=row, column=3).number_format = "00000"
sheet.cell(row=2, column=6).number_format = "@"
book.save(os.path.join(HERE, "cells_as_admins_leave_them.xlsx"))
soffice(os.path.join(HERE, "cells_as_admins_leave_them.xlsx"), "ods", "cells_as_admins_leave_them.ods")
# CSV as LibreOffice writes it: comma, double quotes, UTF-8 (76), first row
# as header; number formats applied as shown.
soffice(os.path.join(HERE, "cells_as_admins_leave_them.xlsx"), 'csv:Text - txt - csv (StarCalc):44,34,76,1',
        "cells_as_admins_leave_them.csv")

# 2. Windows-1252 from LibreOffice (charset 1), and the mixed file: the
# UTF-8 export with its Jürgen row replaced by the Windows-1252 export's.
book = openpyxl.Workbook()
sheet = book.active
sheet.append(["Full Name", "Email"])
sheet.append(["Ada Lovelace", "ada@example.com"])
sheet.append(["Zo\u00eb Brontë", "zoe@example.com"])
sheet.append(["J\u00fcrgen M\u00fcller", "juergen@example.com"])
sheet.append(["Ren\u00e9e Faure", "renee@example.com"])
path = os.path.join(tempfile.gettempdir(), "names.xlsx")
book.save(path)
soffice(path, 'csv:Text - txt - csv (StarCalc):44,34,1,1', "names_windows1252.csv")
soffice(path, 'csv:Text - txt - csv (StarCalc):44,34,76,1', "names_utf8.csv")
with open(os.path.join(HERE, "names_utf8.csv"), "rb") as f:
    utf8_lines = f.read().split(b"\n")
with open(os.path.join(HERE, "names_windows1252.csv"), "rb") as f:
    cp1252_lines = f.read().split(b"\n")
utf8_lines[3] = cp1252_lines[3]  # row 4, Jürgen Müller, as Windows-1252
with open(os.path.join(HERE, "names_mixed_row4_windows1252.csv"), "wb") as f:
    f.write(b"\n".join(utf8_lines))

# 3. Formulas written by a script: openpyxl stores them without a value.
book = openpyxl.Workbook()
sheet = book.active
sheet.append(["Full Name", "Email"])
sheet.append(["Ada Lovelace", '=LOWER(LEFT(A2,3))&"@example.com"'])
sheet.append(["Grace Hopper", '=LOWER(LEFT(A3,5))&"@example.com"'])
book.save(os.path.join(HERE, "formulas_without_values.xlsx"))
# The same opened and saved by LibreOffice keeps the values it computed.
soffice(os.path.join(HERE, "formulas_without_values.xlsx"), "xlsx", "formulas_saved_by_libreoffice.xlsx")
