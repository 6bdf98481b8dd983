"""A bulk import and its error report: the file has a person without email, the
import refuses it with every problem, and the same file goes in with 29-digit
activation keys instead.

Run from the repository with the library built:
    PYTHONPATH=bindings/python python3 examples/python/import_report.py [tests/data]
"""
import sys
from pathlib import Path

import onboard

DATA = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "tests" / "data")
FILE = DATA / "messenger_users_semicolon_bom.csv"

with onboard.Directory.open("memory:") as directory:
    created = directory.create_organization(
        "Acme", admin_email="ada@acme.example", admin_name="Ada Lovelace",
        admin_password="correct horse battery staple orbit", teams=["Vertrieb"])
    org, ada = created.organization, created.admin

    # A blank file for the people who fill it in.
    print("template:", len(directory.import_template(org.id, "xlsx")), "bytes of XLSX")

    # Activation by email (the default) needs an email in every row.
    try:
        directory.import_users(org.id, ada.id, FILE)
    except onboard.ValidationError as e:
        print("Nothing was imported:")
        for problem in e.errors:
            print("  Row %s, %s: %s (%s)" % (problem.row, problem.column, problem.message, problem.code))
        fixed = e.report.annotated_csv()  # the file with an "Errors" column, to fix and upload again
        print("annotated copy:", fixed.count(b"\n"), "lines")

    # Everyone gets a 29-digit key to activate with, printed for those without email.
    seen = []

    def progress(done, total):  # bytes of the file, read twice by a run; return False to cancel
        seen.append(100 * done // total)

    report = directory.import_users(org.id, ada.id, FILE, passwords="none", activation="key", progress=progress)
    print("Imported %d people (progress reached %d%%); %d keys to hand out."
          % (report.created, max(seen), report.credential_count))
    credentials = report.credentials_csv()  # shown once: hand it to the admin, do not keep it
    print("credentials:", credentials.count(b"\n") - 1, "rows")
