"""HTTP-level security tests of onboard-web (issue 17): CSRF, session
fixation, roles, rate limits by client address, headers, cookies, and the
import's credentials (once, never cached). Each test is an attack or a
promise that would fail if the attack worked or the promise broke.

Run by ctest (tests/web/CMakeLists.txt) with ONBOARD_BUILD_DIR set; stdlib only."""
import http.client
import json
import os
import re
import secrets
import ssl
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webclient import ADMIN_PW, GOOD_PW, Browser, Server  # noqa: E402

BUILD = os.environ.get("ONBOARD_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def make_manager(server, email="mo@acme.example"):
    """A Manager, invited and accepted with the CLI."""
    out = json.loads(server.ob("--json", "invite", email, "--role", "Manager"))
    server.ob("accept", out["token"], "--name", "Mo Manager", "--password-stdin", stdin=GOOD_PW + "\n")
    return email


def invitations(server):
    return server.ob("invitations", "list", "--status", "all")


class WebTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(BUILD).start()

    def tearDown(self):
        self.server.stop()

    def admin(self, source="127.0.0.1"):
        b = self.server.browser(source)
        b.sign_in("ada@acme.example", ADMIN_PW)
        return b


class SecurityHeaders(WebTest):
    def test_every_answer_has_the_security_headers(self):
        b = self.server.browser()
        answers = [b.get("/signin"), b.get("/static/app.css"), b.get("/static/app.js"), b.get("/no/such/page"),
                   b.get("/admin/people"), b.post("/signin", {"login": "x", "password": "y"})]
        a = self.admin()
        answers += [a.get("/admin/people"), a.get("/admin/import"), a.get("/admin/org")]
        for r in answers:
            self.assertEqual(r.header("Content-Security-Policy"), CSP)
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
            self.assertEqual(r.header("Referrer-Policy"), "no-referrer")

    def test_pages_with_personal_data_are_not_cacheable(self):
        a = self.admin()
        for path in ("/admin/people", "/admin/invitations", "/admin/keys", "/admin/links", "/admin/org",
                     "/signin"):
            self.assertEqual(a.get(path).header("Cache-Control"), "no-store", path)

    def test_no_inline_script_in_pages(self):
        a = self.admin()
        for path in ("/signin", "/admin/people", "/admin/import", "/admin/invitations", "/admin/keys",
                     "/admin/links", "/admin/org"):
            text = a.get(path).text
            for tag in re.findall(r"<script[^>]*>", text):
                self.assertIn('src="/static/', tag, path)
            self.assertNotRegex(text, r"\son[a-z]+=", path)
            self.assertNotIn("style=", text, path)

    def test_error_pages_say_what_happened_and_what_to_do(self):
        r = self.server.browser().get("/no/such/page")
        self.assertEqual(r.status, 404)
        self.assertIn("<!DOCTYPE html>", r.text)
        self.assertIn("There is no page at this address", r.text)


class Cookies(WebTest):
    def test_cookie_flags_over_http(self):
        b = self.server.browser()
        pre = b.get("/signin").header("Set-Cookie")
        self.assertRegex(pre, r"^onb_pre=[0-9a-f]{64}; ")
        for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
            self.assertIn(flag, pre)
        self.assertNotIn("Secure", pre)
        r = b.form("/signin", "/signin", {"login": "ada@acme.example", "password": ADMIN_PW})
        session = [c for c in r.all("Set-Cookie") if c.startswith("onb_session=")][0]
        for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
            self.assertIn(flag, session)


class TlsCookies(unittest.TestCase):
    def test_cookies_are_secure_over_tls(self):
        server = Server(BUILD)
        try:
            cert, key = os.path.join(server.dir, "cert.pem"), os.path.join(server.dir, "key.pem")
            made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                                   "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], capture_output=True)
            if made.returncode != 0:
                self.skipTest("openssl cannot make a test certificate")
            server.start("--tls-cert", cert, "--tls-key", key)
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=ctx, timeout=30)
            conn.request("GET", "/signin")
            r = conn.getresponse()
            r.read()
            cookie = r.getheader("Set-Cookie")
            self.assertIn("Secure", cookie)
            self.assertIn("HttpOnly", cookie)
            self.assertEqual(r.getheader("Strict-Transport-Security"), "max-age=31536000")
        finally:
            server.stop()


class Csrf(WebTest):
    def invite_fields(self, email):
        return {"email": email, "role": "User", "team": ""}

    def test_a_post_without_a_token_is_refused(self):
        a = self.admin()
        r = a.post("/admin/invitations", self.invite_fields("x1@acme.example"))
        self.assertEqual(r.status, 403)
        self.assertIn("Reload the page", r.text)
        self.assertNotIn("x1@acme.example", invitations(self.server))

    def test_a_wrong_token_is_refused(self):
        a = self.admin()
        r = a.post("/admin/invitations", dict(self.invite_fields("x2@acme.example"), csrf="0" * 64))
        self.assertEqual(r.status, 403)
        self.assertNotIn("x2@acme.example", invitations(self.server))

    def test_another_sessions_token_is_refused(self):
        a = self.admin()
        other = self.admin()  # the same admin, signed in elsewhere: another session, another token
        token = other.get("/admin/invitations").csrf()
        r = a.post("/admin/invitations", dict(self.invite_fields("x3@acme.example"), csrf=token))
        self.assertEqual(r.status, 403)
        # An anonymous visitor's token (the attacker's own pre-session) is no better.
        attacker = self.server.browser()
        token = attacker.get("/signin").csrf()
        r = a.post("/admin/invitations", dict(self.invite_fields("x4@acme.example"), csrf=token))
        self.assertEqual(r.status, 403)
        self.assertNotIn("x3@acme.example", invitations(self.server))
        self.assertNotIn("x4@acme.example", invitations(self.server))

    def test_a_form_from_another_site_is_refused_even_with_the_token(self):
        a = self.admin()
        token = a.get("/admin/invitations").csrf()
        r = a.post("/admin/invitations", dict(self.invite_fields("x5@acme.example"), csrf=token),
                   headers={"Origin": "https://evil.example"})
        self.assertEqual(r.status, 403)
        r = a.post("/admin/invitations", dict(self.invite_fields("x6@acme.example"), csrf=token),
                   headers={"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(r.status, 403)
        self.assertNotIn("x5@acme.example", invitations(self.server))
        self.assertNotIn("x6@acme.example", invitations(self.server))
        # The same form from the page itself goes through.
        r = a.post("/admin/invitations", dict(self.invite_fields("x7@acme.example"), csrf=token),
                   headers={"Origin": "http://127.0.0.1:%d" % self.server.port, "Sec-Fetch-Site": "same-origin"})
        self.assertEqual(r.status, 200)
        self.assertIn("x7@acme.example", invitations(self.server))

    def test_sign_in_and_sign_out_need_the_token_too(self):
        b = self.server.browser()
        b.get("/signin")
        r = b.post("/signin", {"login": "ada@acme.example", "password": ADMIN_PW})
        self.assertEqual(r.status, 403)
        self.assertNotIn("onb_session", b.cookies)
        a = self.admin()
        r = a.post("/signout", {})
        self.assertEqual(r.status, 403)
        self.assertEqual(a.get("/admin/people").status, 200)  # still signed in


class SessionFixation(WebTest):
    def test_a_planted_session_cookie_never_becomes_signed_in(self):
        planted = secrets.token_hex(32)
        b = self.server.browser()
        b.cookies["onb_session"] = planted
        r = b.get("/admin/people")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("Location").startswith("/signin"))
        r = b.form("/signin", "/signin", {"login": "ada@acme.example", "password": ADMIN_PW})
        self.assertEqual(r.status, 303)
        self.assertNotEqual(b.cookies["onb_session"], planted)
        # The planted id is still nobody's session.
        victim = self.server.browser()
        victim.cookies["onb_session"] = planted
        self.assertEqual(victim.get("/admin/people").status, 303)

    def test_the_id_changes_at_sign_in(self):
        b = self.server.browser()
        b.get("/signin")
        pre = b.cookies["onb_pre"]
        b.sign_in("ada@acme.example", ADMIN_PW)
        self.assertNotIn("onb_pre", b.cookies)
        self.assertNotEqual(b.cookies["onb_session"], pre)
        # The pre-session id an attacker could have planted (or read) signs nobody in,
        # neither as onb_pre nor as onb_session.
        for name in ("onb_pre", "onb_session"):
            other = self.server.browser()
            other.cookies[name] = pre
            self.assertEqual(other.get("/admin/people").status, 303, name)

    def test_signing_out_ends_the_session(self):
        a = self.admin()
        old = a.cookies["onb_session"]
        token = a.get("/admin/people").csrf()
        r = a.post("/signout", {"csrf": token})
        self.assertEqual(r.status, 303)
        self.assertNotIn("onb_session", a.cookies)
        thief = self.server.browser()
        thief.cookies["onb_session"] = old
        self.assertEqual(thief.get("/admin/people").status, 303)


class Roles(WebTest):
    def setUp(self):
        super().setUp()
        make_manager(self.server)

    def test_a_manager_cannot_reach_admin_only_actions(self):
        m = self.server.browser()
        m.sign_in("mo@acme.example", GOOD_PW)
        # What a Manager may do is served ...
        for path in ("/admin/import", "/admin/invitations", "/admin/keys", "/admin/links"):
            self.assertEqual(m.get(path).status, 200, path)
        # ... what only an Admin may do is refused with the library's sentence.
        r = m.get("/admin/people")
        self.assertEqual(r.status, 403)
        self.assertIn("Not allowed", r.text)
        token = m.get("/admin/invitations").csrf()
        ada = json.loads(self.server.ob("--json", "users", "show", "ada@acme.example"))
        ada_id = ada.get("id") or ada.get("user", {}).get("id")
        for path in ("/admin/people/%s/suspend" % ada_id, "/admin/people/%s/delete" % ada_id):
            self.assertEqual(m.post(path, {"csrf": token}).status, 403, path)
        r = m.post("/admin/org", {"csrf": token, "seat_limit": "1", "time_zone": "UTC"})
        self.assertEqual(r.status, 403)
        self.assertEqual(m.get("/admin/people/%s" % ada_id).status, 403)
        # Inviting someone with a role above one's own is refused too.
        r = m.post("/admin/invitations", {"csrf": token, "email": "boss@acme.example", "role": "Admin"})
        self.assertEqual(r.status, 403)
        self.assertNotIn("boss@acme.example", invitations(self.server))
        # Nothing changed: Ada is still active and the organization has no seat limit.
        self.assertIn("active", self.server.ob("users", "show", "ada@acme.example"))
        self.assertIsNone(json.loads(self.server.ob("--json", "org", "show"))["seat_limit"])

    def test_the_org_page_shows_a_manager_no_settings_form(self):
        m = self.server.browser()
        m.sign_in("mo@acme.example", GOOD_PW)
        r = m.get("/admin/org")
        self.assertEqual(r.status, 200)
        self.assertNotIn('action="/admin/org"', r.text)


class RateLimits(WebTest):
    LIMIT = 10

    def hammer(self, path, fields, source):
        b = self.server.browser(source)
        statuses = []
        for _ in range(self.LIMIT + 1):
            statuses.append(b.post(path, fields).status)
        return statuses, b

    def check_class(self, path, fields):
        statuses, b = self.hammer(path, fields, "127.0.0.2")
        self.assertNotIn(429, statuses[: self.LIMIT], statuses)
        self.assertEqual(statuses[self.LIMIT], 429, statuses)
        r = b.post(path, fields)
        self.assertEqual(r.status, 429)
        self.assertGreaterEqual(int(r.header("Retry-After")), 1)
        self.assertIn("try again", r.text)
        # Another address is still served.
        other = self.server.browser("127.0.0.3").post(path, fields)
        self.assertNotEqual(other.status, 429)

    def test_sign_in_is_limited_per_client_address(self):
        self.check_class("/signin", {"login": "nobody@acme.example", "password": "wrong password here"})
        # The rightful admin from another address signs in.
        b = self.server.browser("127.0.0.4")
        b.sign_in("ada@acme.example", ADMIN_PW)
        self.assertEqual(b.get("/admin/people").status, 200)

    def test_key_forms_are_limited_per_client_address(self):
        self.check_class("/register", {"key": "1234567890", "email": "k@acme.example", "name": "K",
                                       "password": GOOD_PW})

    def test_link_forms_are_limited_per_client_address(self):
        self.check_class("/join/" + "A" * 43, {"email": "l@acme.example", "name": "L", "password": GOOD_PW})

    def test_invitation_forms_are_limited_per_client_address(self):
        self.check_class("/invite/" + "A" * 43, {"name": "I", "password": GOOD_PW})


class ImportSecrets(WebTest):
    CSV = (b"Email,First name,Last name,Role\r\nbob@acme.example,Bob,Builder,User\r\n"
           b"not-an-email,Carl,C,User\r\n")

    def upload_and_commit(self, a):
        token = a.get("/admin/import").csrf()
        r = a.post_multipart("/admin/import/preview", {"csrf": token, "existing": "add"},
                             {"file": ("people.csv", self.CSV, "text/csv")})
        self.assertEqual(r.status, 303)
        job = r.header("Location")
        page = a.get(job)
        self.assertIn("not-an-email", page.text)  # the problem, in place
        self.assertIn("<td>3</td><td>Email</td>", page.text)
        r = a.post(job + "/commit", {"csrf": page.csrf(), "mode": "valid"})
        self.assertEqual(r.status, 303)
        for _ in range(100):
            p = json.loads(a.get(job + "/progress").text)
            if p["state"] != "running":
                break
            time.sleep(0.1)
        self.assertEqual(p["state"], "done")
        return job

    def test_credentials_are_handed_out_once_and_never_cached(self):
        a = self.admin()
        job = self.upload_and_commit(a)
        self.assertIn("only time", a.get(job).text)
        r = a.get(job + "/credentials")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn("attachment", r.header("Content-Disposition"))
        self.assertIn("bob@acme.example", r.text)
        again = a.get(job + "/credentials")
        self.assertEqual(again.status, 410)
        self.assertIn("downloaded before", again.text)
        self.assertNotIn("bob@acme.example", again.text)

    def test_the_annotated_file_is_not_cacheable(self):
        a = self.admin()
        job = self.upload_and_commit(a)
        r = a.get(job + "/annotated.csv")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn("has no @", r.text)

    def test_another_member_cannot_see_an_import(self):
        a = self.admin()
        job = self.upload_and_commit(a)
        make_manager(self.server)
        m = self.server.browser()
        m.sign_in("mo@acme.example", GOOD_PW)
        for suffix in ("", "/credentials", "/annotated.csv"):
            self.assertEqual(m.get(job + suffix).status, 404, suffix)
        # The admin still gets the credentials: the manager's tries took nothing.
        self.assertEqual(a.get(job + "/credentials").status, 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
