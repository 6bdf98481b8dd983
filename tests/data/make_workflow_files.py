#!/usr/bin/python3
"""Writes the workflow fixtures of issue 15 with openpyxl (python3-openpyxl).

Run from the repository root: /usr/bin/python3 tests/data/make_workflow_files.py
"""
import os

from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))


def save(wb, name):
    wb.save(os.path.join(HERE, name))


# A title row merged over the columns, a blank row, then the header (row 3).
wb = Workbook()
ws = wb.active
ws.title = "Staff"
ws["A1"] = "Staff list March 2026"
ws.merge_cells("A1:E1")
ws.append([])
ws.append(["Full Name", "Email", "Role", "Office", "Team"])
ws.append(["Jürgen Müller", "juergen@example.com", "User", "HQ", "Sales"])
ws.append(["Zoë Ng", "zoe@example.com", "Manager", "London", "Engineering"])
ws.append(["Ola Nordmann", "not-an-email", "User", "HQ", ""])
save(wb, "staff_list_title_row.xlsx")

# A header with nobody under it (a template saved as it came).
wb = Workbook()
wb.active.append(["Full Name", "Email", "Role", "Office", "Team"])
save(wb, "header_only.xlsx")

# Passwords from the file: one given (strong), one blank (generated).
wb = Workbook()
ws = wb.active
ws.append(["Full Name", "Email", "Password"])
ws.append(["Pia Given", "pia@example.com", "violet tangerine kayak membrane 42"])
ws.append(["Bo Blank", "bo@example.com", None])
save(wb, "passwords_given_and_blank.xlsx")

# Update mode: only Email plus metadata; one row matched by External ID
# alone, one with an email whose domain is in capitals.
wb = Workbook()
ws = wb.active
ws.append(["Email", "External ID", "Phone", "Teams"])
ws.append(["juergen@EXAMPLE.COM", "E-100", "+49 30 1234", "Engineering"])
ws.append([None, "Z-200", "+44 20 5678", None])
save(wb, "update_metadata_only.xlsx")
