#!/usr/bin/env python3
# Copied unchanged (apart from this line) from ../shared/bench/baseline_import.py, the peer of issue 6.
"""The peer: what a team would write instead of onboard, with Python's standard library.

usage: baseline_import.py USERS.csv DB.sqlite [--dry-run]
Reads the CSV (csv module), validates every row (required name and email,
the WHATWG email pattern, role/office/team in the catalogs, duplicate emails
case-insensitively), and unless --dry-run inserts every user in one SQLite
transaction with a generated 20-character password stored as a salted
SHA-256. Prints the row and error counts. All-or-nothing: with any error,
nothing is written.
"""
import csv
import hashlib
import os
import re
import secrets
import sqlite3
import sys
import uuid

EMAIL = re.compile(
    r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")
ROLES = {r.lower(): r for r in ["User", "Super User", "Manager", "Admin"]}
OFFICES = {o.lower(): o for o in ["HQ", "London"]}
TEAMS = {f"team {i}": f"Team {i}" for i in range(50)}
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def main():
    path, db_path = sys.argv[1], sys.argv[2]
    dry = "--dry-run" in sys.argv
    errors, users, seen = [], [], {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        col = {name: header.index(name) for name in header}
        for rowno, cells in enumerate(reader, start=2):
            get = lambda name: cells[col[name]].strip() if name in col and col[name] < len(cells) else ""
            name, email = get("full name"), get("email")
            role, office, team = get("role") or "User", get("office") or "HQ", get("team")
            if not name:
                errors.append((rowno, "Full Name", "required"))
            if not EMAIL.match(email):
                errors.append((rowno, "Email", "invalid"))
            key = email.lower()
            if key in seen:
                errors.append((rowno, "Email", f"duplicate of row {seen[key]}"))
            seen.setdefault(key, rowno)
            if role.lower() not in ROLES:
                errors.append((rowno, "Role", "unknown"))
            if office.lower() not in OFFICES:
                errors.append((rowno, "Office", "unknown"))
            if team and team.lower() not in TEAMS:
                errors.append((rowno, "Team", "unknown"))
            users.append((name, email, key, ROLES.get(role.lower()), OFFICES.get(office.lower()), TEAMS.get(team.lower())))
    print(f"rows={len(users)} errors={len(errors)}")
    if errors or dry:
        return 1 if errors else 0
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE users(id BLOB PRIMARY KEY, display_name TEXT, email TEXT, email_key TEXT UNIQUE,"
               " role TEXT, office TEXT, team TEXT, password_hash TEXT)")
    credentials = []

    def rows():
        for name, email, key, role, office, team in users:
            password = "".join(secrets.choice(ALPHABET) for _ in range(20))
            salt = secrets.token_bytes(16)
            digest = hashlib.sha256(salt + password.encode()).hexdigest()
            credentials.append((email, password))
            yield uuid.uuid4().bytes, name, email, key, role, office, team, salt.hex() + "$" + digest

    with db:
        db.executemany("INSERT INTO users VALUES (?,?,?,?,?,?,?,?)", rows())
    print(f"created={len(credentials)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
