"""The admin pages of onboard-web over HTTP (stdlib only): what each page
promises an administrator, beyond the security tests."""
import json
import os
import re
import struct
import sys
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webclient import ADMIN_PW, Server  # noqa: E402

BUILD = os.environ.get("ONBOARD_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class AdminPages(unittest.TestCase):
    def setUp(self):
        self.server = Server(BUILD)
        self.server.env["ONBOARD_NOW"] = "2026-11-21T09:00:00Z"
        self.server.ob("org", "set", "--time-zone", "Europe/Berlin")
        self.server.start()
        self.admin = self.server.browser()
        self.admin.sign_in("ada@acme.example", ADMIN_PW)

    def tearDown(self):
        self.server.stop()

    def test_every_field_has_a_label(self):
        for path in ("/admin/people", "/admin/import", "/admin/invitations", "/admin/keys", "/admin/links",
                     "/admin/org"):
            html = self.admin.get(path).text
            for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
                self.assertIn('for="%s"' % field_id, html, path)
            for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
                if 'type="hidden"' not in tag:
                    self.assertIn(" id=", tag, path)
            self.assertIn('<meta name="viewport"', html)
            self.assertIn('<main id="main"', html)

    def test_an_invitation_shows_its_expiry_in_the_organizations_time_zone(self):
        r = self.admin.form("/admin/invitations", "/admin/invitations",
                            {"email": "neo@acme.example", "role": "User", "team": "Sales"})
        self.assertEqual(r.status, 200)
        # 7 days after 09:00 UTC is 10:00 in Berlin (UTC+1 in November).
        self.assertIn("2026-11-28 10:00 +01:00", r.text)
        self.assertRegex(r.text, r"https://acme\.example/invite/[A-Za-z0-9_-]{20,}")
        page = self.admin.get("/admin/invitations")
        self.assertIn("neo@acme.example", page.text)
        self.assertIn("2026-11-28 10:00 +01:00", page.text)
        self.assertNotRegex(page.text, r"/invite/[A-Za-z0-9_-]{20,}")  # the link is shown once

    def test_a_refused_invitation_is_explained_in_place(self):
        r = self.admin.form("/admin/invitations", "/admin/invitations",
                            {"email": "not an address", "role": "User", "team": ""})
        self.assertEqual(r.status, 400)
        self.assertIn('role="alert"', r.text)
        self.assertIn('value="not an address"', r.text)  # what was typed stays

    def test_a_key_is_shown_once_and_lists_who_registered(self):
        r = self.admin.form("/admin/keys", "/admin/keys", {"label": "Front desk", "role": "User", "team": "",
                                                           "office": "HQ", "valid_until": "", "max_uses": "3"})
        self.assertEqual(r.status, 200)
        grouped = re.search(r"\b(\d{5} \d{5})\b", r.text).group(1)
        self.server.ob("register", "--key", grouped.replace(" ", ""), "--email", "kim@acme.example", "--name",
                       "Kim Key", "--email-verified", "--password-stdin", stdin="violet tangerine kayak membrane 42\n")
        listing = self.admin.get("/admin/keys")
        self.assertNotIn(grouped, listing.text)
        self.assertIn("Kim Key", listing.text)
        self.assertIn("1 of 3", text_of(listing.text))

    def test_a_key_is_edited_in_place_and_keeps_its_digits(self):
        r = self.admin.form("/admin/keys", "/admin/keys", {"label": "Desk", "role": "User", "team": "",
                                                           "office": "HQ", "valid_until": "", "max_uses": "3"})
        self.assertEqual(r.status, 200)
        digits = re.search(r"\b(\d{5} \d{5})\b", r.text).group(1).replace(" ", "")
        page = "/admin/keys/" + re.search(r'href="/admin/keys/([A-Za-z0-9_-]+)"', r.text).group(1)
        form = self.admin.get(page).text
        self.assertIn('name="max_uses"', form)
        self.assertIn('value="3"', form)  # the form holds the key's settings
        saved = self.admin.form(page, page, {"action": "save", "label": "Front desk", "role": "Manager",
                                             "team": "Sales", "office": "London", "valid_until": "2026-12-31",
                                             "valid_until_was": "", "max_uses": "5"})
        self.assertEqual(saved.status, 303, saved.text[:500])
        html = self.admin.get(page).text
        shown = text_of(html)
        self.assertIn("Saved the key", shown)
        self.assertIn("0 of 5", shown)
        self.assertIn("Manager", shown)
        self.assertIn('value="2026-12-31"', html)
        self.assertNotIn(digits, html)
        # The same digits register people with the new role and team.
        self.server.ob("register", "--key", digits, "--email", "kim@acme.example", "--name", "Kim Key",
                       "--email-verified", "--password-stdin", stdin="violet tangerine kayak membrane 42\n")
        people = json.loads(self.server.ob("--json", "users", "list", "--search", "kim@acme.example"))["items"]
        self.assertEqual([(u["role"], u["teams"]) for u in people], [("Manager", ["Sales"])])
        # Refusals are explained in place: an end in the past, a limit below the uses so far.
        past = self.admin.form(page, page, {"action": "save", "label": "Front desk", "role": "Manager",
                                            "team": "Sales", "office": "London", "valid_until": "2020-01-01",
                                            "valid_until_was": "2026-12-31", "max_uses": "5"})
        self.assertEqual(past.status, 400)
        self.assertIn('role="alert"', past.text)
        self.assertIn("valid-until", past.text)
        # A revoked key shows no form, and a forged save is refused with a sentence.
        self.assertEqual(self.admin.form(page, page, {"action": "revoke"}).status, 303)
        revoked = self.admin.get(page)
        self.assertIn("cannot be edited", revoked.text)
        self.assertNotIn('name="max_uses"', revoked.text)
        forged = self.admin.post(page, {"action": "save", "max_uses": "", "csrf": revoked.csrf()})
        self.assertEqual(forged.status, 410)
        self.assertIn("create a new one", forged.text)

    def test_a_member_who_must_change_their_password_chooses_one_after_signing_in(self):
        people = os.path.join(self.server.dir, "people.csv")
        with open(people, "w") as f:
            f.write("Full Name,Email\r\nGrace Hopper,grace@acme.example\r\n")
        credentials = os.path.join(self.server.dir, "credentials.csv")
        self.server.ob("import", people, "--passwords", "generate", "--credentials-out", credentials)
        with open(credentials, encoding="utf-8-sig") as f:
            generated = f.read().splitlines()[1].split(",")[4].strip('"')
        grace = self.server.browser()
        r = grace.form("/signin", "/signin", {"login": "grace@acme.example", "password": generated})
        self.assertEqual(r.status, 200)
        self.assertIn("Choose a new password", r.text)
        self.assertIn('action="/signin/new-password"', r.text)
        self.assertNotIn(generated, r.text)  # the current password never goes back into a page
        self.assertNotIn("onb_session", grace.cookies)  # not signed in yet
        fields = {"login": "grace@acme.example", "current_password": generated, "next": "/admin"}
        differ = grace.post("/signin/new-password", dict(fields, new_password="violet tangerine kayak membrane 42",
                                                          new_password_again="violet tangerine kayak membrane 43",
                                                          csrf=r.csrf()))
        self.assertEqual(differ.status, 400)
        self.assertIn("differ", differ.text)
        wrong = grace.post("/signin/new-password", dict(fields, current_password="not the one",
                                                         new_password="violet tangerine kayak membrane 42",
                                                         new_password_again="violet tangerine kayak membrane 42",
                                                         csrf=differ.csrf()))
        self.assertGreaterEqual(wrong.status, 400)
        self.assertIn('role="alert"', wrong.text)
        self.assertNotIn("onb_session", grace.cookies)
        done = grace.post("/signin/new-password", dict(fields, new_password="violet tangerine kayak membrane 42",
                                                        new_password_again="violet tangerine kayak membrane 42",
                                                        csrf=wrong.csrf()))
        self.assertEqual(done.status, 303, done.text[:500])
        self.assertEqual(done.header("Location"), "/admin")
        self.assertIn("onb_session", grace.cookies)
        # The new password signs in at once; the generated one no longer does.
        later = self.server.browser()
        self.assertEqual(later.form("/signin", "/signin", {"login": "grace@acme.example",
                                                           "password": "violet tangerine kayak membrane 42"}).status,
                         303)
        old = self.server.browser().form("/signin", "/signin", {"login": "grace@acme.example", "password": generated})
        self.assertNotEqual(old.status, 303)
        self.assertNotIn("Choose a new password", old.text)

    def test_a_links_qr_code_is_shown_and_downloads_as_svg_and_png(self):
        r = self.admin.form("/admin/links", "/admin/links", {"label": "Poster", "role": "User", "team": "",
                                                             "office": "HQ", "expires": "", "max_uses": "",
                                                             "domains": ""})
        self.assertEqual(r.status, 200)
        link_id = re.search(r'/admin/links/([A-Za-z0-9_-]+)/qr\.svg', r.text).group(1)
        self.assertIn('<img class="qr" src="/admin/links/%s/qr.svg"' % link_id, r.text)
        svg = self.admin.get("/admin/links/%s/qr.svg" % link_id)
        self.assertEqual(svg.header("Content-Type"), "image/svg+xml")
        self.assertTrue(svg.text.startswith("<svg"))
        png = self.admin.get("/admin/links/%s/qr.png" % link_id)
        self.assertEqual(png.header("Content-Type"), "image/png")
        self.assertEqual(png.body[:8], b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", png.body[16:24])
        self.assertEqual(width, height)
        # The PNG is the SVG's drawing: the same dark modules.
        side = int(re.search(r'viewBox="0 0 (\d+) ', svg.text).group(1))
        self.assertEqual(width, side * 8)
        idat = png.body[png.body.index(b"IDAT") + 4:]
        raw = zlib.decompress(idat[: struct.unpack(">I", png.body[png.body.index(b"IDAT") - 4:
                                                               png.body.index(b"IDAT")])[0]])
        dark = set()
        for x, y, run in re.findall(r"M(\d+),(\d+)h(\d+)", svg.text):
            for i in range(int(run)):
                dark.add((int(x) + i, int(y)))
        for my in range(side):
            for mx in range(side):
                pixel = raw[(my * 8 + 4) * (width + 1) + 1 + mx * 8 + 4]
                self.assertEqual(pixel == 0, (mx, my) in dark, (mx, my))

    def test_editing_a_link_keeps_its_address_and_a_date_shows_as_typed(self):
        r = self.admin.form("/admin/links", "/admin/links", {"label": "Poster", "role": "User", "team": "",
                                                             "office": "HQ", "expires": "", "max_uses": "",
                                                             "domains": ""})
        link_id = re.search(r'/admin/links/([A-Za-z0-9_-]+)/qr\.svg', r.text).group(1)
        before = self.admin.get("/admin/links/%s/qr.svg" % link_id).text
        r = self.admin.post("/admin/links/" + link_id,
                            {"csrf": r.csrf(), "action": "save", "label": "Poster 2", "role": "User",
                             "team": "Sales", "office": "HQ", "expires": "2026-12-31", "max_uses": "10",
                             "domains": "acme.example"})
        self.assertEqual(r.status, 303)
        page = self.admin.get("/admin/links/" + link_id)
        self.assertIn('value="2026-12-31"', page.text)
        self.assertIn("2027-01-01 00:00 +01:00", page.text)
        self.assertIn("0 of 10", page.text)
        self.assertEqual(self.admin.get("/admin/links/%s/qr.svg" % link_id).text, before)

    def test_people_are_paged_and_filtered(self):
        for i in range(30):
            self.server.ob("users", "create", "--first", "P%02d" % i, "--last", "Person", "--email",
                           "p%02d@acme.example" % i)
        first = self.admin.get("/admin/people")
        self.assertIn("Next page", first.text)
        self.assertEqual(first.text.count('href="/admin/people/'), 25)
        second = self.admin.get("/admin/people?page=2")
        self.assertEqual(second.text.count('href="/admin/people/'), 6)
        self.assertNotIn("Next page", second.text)
        found = self.admin.get("/admin/people?q=p07")
        self.assertEqual(found.text.count('href="/admin/people/'), 1)
        active = self.admin.get("/admin/people?status=active")
        self.assertEqual(active.text.count('href="/admin/people/'), 1)  # only Ada

    def test_delete_asks_first_and_suspend_reactivate_round_trip(self):
        out = json.loads(self.server.ob("--json", "users", "create", "--first", "Sam", "--last", "Smith",
                                        "--email", "sam@acme.example"))
        sam = out.get("id") or out["user"]["id"]
        confirm = self.admin.get("/admin/people/%s/delete" % sam)
        self.assertEqual(confirm.status, 200)
        self.assertIn("Delete Sam Smith", confirm.text)
        self.assertIn("sam@acme.example", self.server.ob("users", "list"))
        r = self.admin.post("/admin/people/%s/suspend" % sam, {"csrf": confirm.csrf()})
        self.assertEqual(r.status, 303)
        self.assertIn("suspended", self.admin.get("/admin/people/" + sam).text)
        r = self.admin.post("/admin/people/%s/reactivate" % sam, {"csrf": confirm.csrf()})
        self.assertEqual(r.status, 303)
        r = self.admin.post("/admin/people/%s/delete" % sam, {"csrf": confirm.csrf()})
        self.assertEqual(r.status, 303)
        self.assertNotIn("sam@acme.example", self.server.ob("users", "list"))

    def test_resend_to_a_corrected_address(self):
        out = json.loads(self.server.ob("--json", "users", "create", "--first", "Ria", "--last", "Typo",
                                        "--email", "ria@acme.exmaple"))
        ria = out.get("id") or out["user"]["id"]
        page = self.admin.get("/admin/people/" + ria)
        r = self.admin.post("/admin/people/%s/resend" % ria, {"csrf": page.csrf(), "email": "ria@acme.example"})
        self.assertEqual(r.status, 303)
        self.assertIn("A new key was sent to ria@acme.example", self.admin.get("/admin/people/" + ria).text)
        pdf = self.admin.get("/admin/people/%s/registration.pdf" % ria)
        self.assertEqual(pdf.header("Content-Type"), "application/pdf")
        self.assertTrue(pdf.body.startswith(b"%PDF"))
        self.assertEqual(pdf.header("Cache-Control"), "no-store")

    def test_org_settings_are_saved_and_a_refusal_names_the_field(self):
        page = self.admin.get("/admin/org")
        fields = {"csrf": page.csrf(), "time_zone": "Europe/Berlin", "seat_limit": "40", "pending_hold_seats": "1",
                  "invitation_ttl_days": "7", "password_min_length": "15", "offices": "HQ\nLondon\nParis",
                  "default_office": "HQ", "teams": "Sales\nSupport"}
        self.assertEqual(self.admin.post("/admin/org", fields).status, 303)
        org = json.loads(self.server.ob("--json", "org", "show"))
        self.assertEqual(org["seat_limit"], 40)
        self.assertIn("Paris", org["offices"])
        r = self.admin.post("/admin/org", dict(fields, time_zone="Mars/Olympus"))
        self.assertEqual(r.status, 400)
        self.assertIn("Mars/Olympus", r.text)
        self.assertIn("Seats taken", self.admin.get("/admin/org").text)

    def test_the_xlsx_and_csv_templates_download(self):
        csv = self.admin.get("/admin/import/template.csv")
        self.assertIn("attachment", csv.header("Content-Disposition"))
        self.assertIn("Email", csv.text)
        xlsx = self.admin.get("/admin/import/template.xlsx")
        self.assertTrue(xlsx.body.startswith(b"PK"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
