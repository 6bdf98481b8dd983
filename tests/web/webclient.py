"""A small HTTP client for the onboard-web tests (stdlib only): a cookie jar
per visitor, a chosen source address, forms with their CSRF token."""
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

ADMIN_PW = "correct horse battery staple orbit"
GOOD_PW = "violet tangerine kayak membrane 42"


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def csrf(self):
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', self.text)
        return m.group(1) if m else None


class Browser:
    """One visitor: cookies, an optional source address (127.0.0.x)."""

    def __init__(self, port, source="127.0.0.1"):
        self.port = port
        self.source = source
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, cookies=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                          source_address=(self.source, 0))
        h = {"Host": "127.0.0.1:%d" % self.port}
        jar = self.cookies if cookies is None else cookies
        if jar:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in jar.items())
        if headers:
            h.update(headers)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        if cookies is None:
            for value in resp.all("Set-Cookie"):
                name, _, rest = value.partition("=")
                val = rest.split(";", 1)[0]
                if "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        from urllib.parse import urlencode
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers.update(kw.pop("headers", {}) or {})
        return self.request("POST", path, body=urlencode(fields).encode(), headers=headers, **kw)

    def post_multipart(self, path, fields, files, **kw):
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (boundary, k, v)).encode())
        for k, (filename, content, ctype) in files.items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                          "Content-Type: %s\r\n\r\n" % (boundary, k, filename, ctype)).encode()
                         + content + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        headers = {"Content-Type": "multipart/form-data; boundary=%s" % boundary}
        headers.update(kw.pop("headers", {}) or {})
        return self.request("POST", path, body=b"".join(parts), headers=headers, **kw)

    def form(self, page_path, action, fields, **kw):
        """GET the page, then POST `fields` with its CSRF token."""
        page = self.get(page_path)
        token = page.csrf()
        assert token, "no CSRF field on " + page_path
        return self.post(action, dict(fields, csrf=token), **kw)

    def sign_in(self, login, password):
        r = self.form("/signin", "/signin", {"login": login, "password": password})
        assert r.status == 303, (r.status, r.text[:500])
        return r


class Server:
    """A temp database made with the CLI, and onboard-web serving it."""

    def __init__(self, build_dir, extra_init=()):
        self.build = build_dir
        self.cli = os.path.join(build_dir, "onboard")
        self.web = os.path.join(build_dir, "onboard-web")
        self.dir = tempfile.mkdtemp(prefix="onboard-web-")
        self.db = os.path.join(self.dir, "test.db")
        self.env = dict(os.environ)
        self.ob("init", "--org", "Acme", "--admin-email", "ada@acme.example", "--admin-name",
                "Ada Lovelace", "--offices", "HQ,London", "--teams", "Sales,Support",
                "--base-url", "https://acme.example", "--password-stdin", *extra_init,
                stdin=ADMIN_PW + "\n")
        self.proc = None
        self.port = None

    def ob(self, *args, stdin=None):
        r = subprocess.run([self.cli, "--db", self.db, *args], input=stdin, capture_output=True,
                           text=True, env=self.env)
        if r.returncode != 0:
            raise RuntimeError("onboard %s failed: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def start(self, *extra):
        self.proc = subprocess.Popen([self.web, "--db", self.db, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=self.env)
        line = self.proc.stdout.readline()
        m = re.search(r":(\d+)/\s*$", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("onboard-web did not start: %r %s" % (line, self.proc.stderr.read()))
        self.port = int(m.group(1))
        return self

    def browser(self, source="127.0.0.1"):
        return Browser(self.port, source)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
