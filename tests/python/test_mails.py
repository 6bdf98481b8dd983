"""Mails that work, through the Python binding: links with codes, and one-use
set-password links instead of mailed passwords."""
import re

import pytest

import onboard
from conftest import GOOD_PASSWORD

PEOPLE = b"Full Name,Email,Role,Office,Team\r\nGrace Hopper,grace@acme.example,User,HQ,Sales\r\n"


def claim(d, org_id):
    out = []
    for m in d.claim_outbox(org_id, limit=1000):
        d.ack_outbox(org_id, m.id)
        out.append(m)
    return out


def test_an_invitation_mail_carries_the_link_and_the_code(world):
    d = world.dir
    issued = d.invite(world.org_id, world.admin_id, "bob@acme.example")
    (mail,) = claim(d, world.org_id)
    assert "https://acme.example/invite/" + issued.token in mail.body
    assert "paste this code: " + issued.token in mail.body


def test_notify_mails_a_set_password_link_that_works_once(world):
    d = world.dir
    report = d.import_users(world.org_id, world.admin_id, PEOPLE, file_name="p.csv", notify=True)
    (mail,) = claim(d, world.org_id)
    assert mail.kind == "set_password"
    credentials = report.credentials_csv().decode("utf-8")
    password = credentials.splitlines()[1].split(",")[4].strip('"')
    assert len(password) >= 20
    assert password not in mail.body
    link = re.search(r"https://acme\.example/set-password/\S+", mail.body).group(0)
    pending = d.inspect_password_link(world.org_id, link)
    assert pending.user.email == "grace@acme.example"
    with pytest.raises(onboard.WeakPasswordError):
        d.set_password_with_link(world.org_id, link, "grace")
    user = d.set_password_with_link(world.org_id, link, GOOD_PASSWORD)
    assert not user.must_change_password
    d.authenticate(world.org_id, "grace@acme.example", GOOD_PASSWORD)
    with pytest.raises(onboard.NotFoundError):
        d.set_password_with_link(world.org_id, link, "another long passphrase for me 99")


def test_mail_passwords_mails_the_password_itself(world):
    d = world.dir
    d.import_users(world.org_id, world.admin_id, PEOPLE, file_name="p.csv", notify=True, mail_passwords=True)
    (mail,) = claim(d, world.org_id)
    assert mail.kind == "login_details"
    assert "with this password: " in mail.body
