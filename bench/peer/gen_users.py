#!/usr/bin/env python3
# Copied unchanged (apart from this line) from ../shared/bench/gen_users.py, the peer of issue 6.
"""Write a deterministic users CSV (Full Name, Email, Role, Office, Team, Password).

usage: gen_users.py ROWS OUT.csv [--errors PERMILLE]
Offices: HQ, London. Teams: Team 0 .. Team 49. Roles: the workspace preset.
With --errors, that many rows in a thousand carry one mistake (bad email,
unknown role, duplicate email) so validation has work to report.
"""
import random
import sys


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    errors = int(sys.argv[sys.argv.index("--errors") + 1]) if "--errors" in sys.argv else 0
    rnd = random.Random(20261121)
    roles = ["User", "Super User", "Manager", "Admin"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    with open(out, "w", newline="", encoding="utf-8") as f:
        f.write("Full Name,Email,Role,Office,Team,Password\r\n")
        for i in range(rows):
            first = "".join(rnd.choices(letters, k=6)).capitalize()
            last = "".join(rnd.choices(letters, k=8)).capitalize()
            email = f"{first.lower()}.{last.lower()}{i}@example.com"
            role = roles[i % 4]
            if errors and rnd.randrange(1000) < errors:
                kind = rnd.randrange(3)
                if kind == 0:
                    email = email.replace("@", "")
                elif kind == 1:
                    role = "Overlord"
                elif i > 0:
                    email = f"{first.lower()}.{last.lower()}{i - 1}@example.com"
            f.write(f"{first} {last},{email},{role},{'HQ' if i % 3 else 'London'},Team {i % 50},\r\n")


if __name__ == "__main__":
    main()
