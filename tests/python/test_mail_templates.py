"""Messages in the organization's language through the Python binding."""
import pytest

import onboard


def test_german_invitation_with_html(world):
    d = world.dir
    d.change_organization(world.org_id, world.admin_id, locale="de", time_zone="Europe/Berlin")
    issued = d.invite(world.org_id, world.admin_id, "bob@acme.example")
    (mail,) = d.claim_outbox(world.org_id)
    assert mail.subject == "Einladung zu Acme"
    assert "10:00 MEZ ab (in 7 Tagen)" in mail.body
    assert '<a href="https://acme.example/invite/%s">' % issued.token in mail.html


def test_own_template_checked_and_used(world):
    d = world.dir
    with pytest.raises(onboard.InvalidInputError):
        d.change_mail_template(world.org_id, world.admin_id, "en", "invitation", text_body="Hello {org}")
    d.change_mail_template(world.org_id, world.admin_id, "en", "invitation", subject="Join {org} today")
    d.invite(world.org_id, world.admin_id, "bob@acme.example")
    (mail,) = d.claim_outbox(world.org_id)
    assert mail.subject == "Join Acme today"
    listed = {(t["locale"], t["kind"]): t for t in d.mail_templates(world.org_id, world.admin_id)}
    assert listed[("en", "invitation")]["subject_overridden"]
    assert not listed[("de", "invitation")]["subject_overridden"]
    preview = d.preview_mail_template(world.org_id, world.admin_id, "de", "welcome")
    assert preview["subject"] == "Willkommen bei Acme"
