"""The users export from Python: bytes that import back unchanged, a private file."""
from __future__ import annotations

import os
import stat

import pytest

import onboard

PEOPLE = ("Full Name,Email,Team,Phone,Notes\r\n"
          "Jürgen Müller,juergen@example.com,Sales; Support,+49 30 1234,\"two\nlines\"\r\n"
          "Zoë Ng,zoe@example.com,,@zoe,=1+2\r\n").encode()


def test_an_export_imports_back_as_nothing_changed(world):
    world.dir.import_users(world.org_id, world.admin_id, PEOPLE, file_name="people.csv")
    before = [u for u in world.dir.users(world.org_id, world.admin_id)]
    for fmt in ("csv", "xlsx"):
        data = world.dir.export_users(world.org_id, world.admin_id, format=fmt)
        report = world.dir.import_users(world.org_id, world.admin_id, data, file_name="back." + fmt,
                                        existing="update")
        assert (report.created, report.updated, report.skipped) == (0, 0, 3)
        assert world.dir.users(world.org_id, world.admin_id) == before
    csv = world.dir.export_users(world.org_id, world.admin_id).decode("utf-8-sig")
    assert csv.startswith('"Full Name","First name","Last name","Email"')
    assert "\"'=1+2\"" in csv and "\"'@zoe\"" in csv
    assert "argon2" not in csv


def test_an_export_file_is_private_and_follows_the_filters(world, tmp_path):
    world.dir.import_users(world.org_id, world.admin_id, PEOPLE, file_name="people.csv")
    path = tmp_path / "sales.xlsx"
    assert world.dir.export_users_to_file(world.org_id, world.admin_id, path, team="Sales") == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes()[:2] == b"PK"
    with pytest.raises(onboard.AlreadyExistsError):
        world.dir.export_users_to_file(world.org_id, world.admin_id, path)
    assert world.dir.export_users_to_file(world.org_id, world.admin_id, path, replace=True) == 3
    with pytest.raises(onboard.InvalidInputError):
        world.dir.export_users(world.org_id, world.admin_id, format="pdf")


def test_a_sync_suspends_who_the_file_no_longer_lists(world):
    world.dir.import_users(world.org_id, world.admin_id, PEOPLE, file_name="people.csv")
    hr = "Full Name,Email\r\nJürgen Müller,juergen@example.com\r\n".encode()
    preview = world.dir.import_users(world.org_id, world.admin_id, hr, file_name="hr.csv", existing="update",
                                     missing="suspend", dry_run=True)
    assert preview.suspended == 1
    assert [p["email"] for p in preview.plan if p["action"] == "suspend"] == ["zoe@example.com"]
    assert [u.status for u in world.dir.users(world.org_id, world.admin_id, text_contains="zoe")] == ["active"]
    report = world.dir.import_users(world.org_id, world.admin_id, hr, file_name="hr.csv", existing="update",
                                    missing="suspend")
    assert report.committed and report.suspended == 1
    assert onboard.lib.onb_import_report_suspended(report._pointer()) == 1
    assert [u.status for u in world.dir.users(world.org_id, world.admin_id, text_contains="zoe")] == ["suspended"]
    assert [u.status for u in world.dir.users(world.org_id, world.admin_id, text_contains="ada")] == ["active"]
    with pytest.raises(onboard.InvalidInputError):
        world.dir.import_users(world.org_id, world.admin_id, hr, file_name="hr.csv", missing="suspend")


def test_the_event_feed_resumes_after_its_cursor(world):
    events, cursor = world.dir.events_since(world.org_id, world.admin_id)
    assert [e["type"] for e in events] == ["member.created"]
    world.dir.import_users(world.org_id, world.admin_id, PEOPLE, file_name="people.csv")
    events, after = world.dir.events_since(world.org_id, world.admin_id, cursor, limit=10)
    assert [e["type"] for e in events] == ["import.committed"]
    assert events[0]["data"]["created"] == 2
    assert world.dir.events_since(world.org_id, world.admin_id, after) == ([], after)
    with pytest.raises(onboard.InvalidInputError):
        world.dir.events_since(world.org_id, world.admin_id, "not-a-cursor")


def test_an_expired_invitation_is_noted_once_in_the_feed(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "late@acme.example")
    assert world.dir.note_expired_invitations(world.org_id) == 0
    world.dir.set_time(issued.invitation.expires_at)
    assert world.dir.note_expired_invitations(world.org_id) == 1
    assert world.dir.note_expired_invitations(world.org_id) == 0
    events, _ = world.dir.events_since(world.org_id, world.admin_id)
    expired = [e for e in events if e["type"] == "invitation.expired"]
    assert len(expired) == 1
    assert expired[0]["subject"] == issued.invitation.id
    assert expired[0]["actor"] == "system"
    assert expired[0]["data"]["email"] == "late@acme.example"
    assert events[-1]["type"] == "invitation.expired"


def test_a_webhook_signature_verifies_and_a_changed_body_does_not():
    body = b'{"type":"member.created"}'
    sig = onboard.sign_webhook("whsec_test", 1795251600, body)
    assert sig == "sha256=f2ce0a05369d2658a6eca35b97ee3fd9fa5bd11b900b1fb7d4b7caeef2ec7a78"
    assert onboard.verify_webhook(b"whsec_test", 1795251600, body, sig)
    assert not onboard.verify_webhook(b"whsec_test", 1795251600, body + b" ", sig)
    assert not onboard.verify_webhook(b"whsec_test", 1795251601, body, sig)
