"""Password hashes from other systems through Python: passwords="hash", the count per scheme,
sign-in with the old password, and weak schemes behind allow_weak_hashes=True."""
from pathlib import Path

import pytest

import onboard

from conftest import START, create_acme

HASHES = Path(__file__).resolve().parents[1] / "data" / "hashes"


def fixture(scheme: str):
    for line in (HASHES / "fixtures.tsv").read_text(encoding="utf-8").splitlines():
        name, password, hashed = line.split("\t")
        if name == scheme:
            return password, hashed
    raise AssertionError("no fixture for " + scheme)


@pytest.fixture
def w():
    with onboard.Directory.open("memory:", now=START) as d:
        yield create_acme(d)


def test_imported_hashes_sign_in_with_the_old_passwords(w):
    report = w.dir.import_users(w.org_id, w.admin_id, HASHES / "legacy_users.csv", passwords="hash")
    assert report.committed and report.created == 9 and report.credential_count == 0
    assert {"scheme": "sha512-crypt", "rows": 1, "weak": False} in report.password_hashes
    for line in (HASHES / "legacy_users_passwords.tsv").read_text(encoding="utf-8").splitlines():
        email, _scheme, password = line.split("\t")
        assert w.dir.authenticate(w.org_id, email, password).email == email
    with pytest.raises(onboard.AuthenticationFailedError) as caught:
        w.dir.authenticate(w.org_id, "alan@example.com", "django pw 2")
    assert caught.value.message == "The email or username, or the password, is not right."


def test_a_weak_scheme_is_refused_unless_allow_weak_hashes(w):
    password, hashed = fixture("django-sha1")
    data = ("Full Name,Email,Password Hash\nOld Django,old@example.com,%s\n" % hashed).encode()
    with pytest.raises(onboard.ValidationError) as caught:
        w.dir.import_users(w.org_id, w.admin_id, data, file_name="weak.csv", passwords="hash")
    e = caught.value
    assert (e.row, e.column, e.detail_code) == (2, "Password Hash", "password_hash.weak")
    assert "--allow-weak-hashes" in e.message and hashed.split("$")[2] not in e.message
    preview = w.dir.import_users(w.org_id, w.admin_id, data, file_name="weak.csv", passwords="hash",
                                 allow_weak_hashes=True, dry_run=True)
    assert preview.password_hashes == [{"scheme": "django-sha1", "rows": 1, "weak": True}]
    report = w.dir.import_users(w.org_id, w.admin_id, data, file_name="weak.csv", passwords="hash",
                                allow_weak_hashes=True)
    assert report.created == 1
    assert w.dir.authenticate(w.org_id, "old@example.com", password).email == "old@example.com"
