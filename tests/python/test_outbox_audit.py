"""The outbox the host drains, and the audit log."""
import pytest

import onboard
from conftest import GOOD_PASSWORD


def test_a_claimed_invitation_message_carries_the_link_and_is_acknowledged_once(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "mail@acme.example")
    queued = world.dir.outbox(world.org_id, world.admin_id, "queued")
    assert [m.recipient for m in queued] == ["mail@acme.example"]
    assert issued.token not in queued[0].body and queued[0].carries_secret
    claimed = world.dir.claim_outbox(world.org_id, limit=10)
    assert len(claimed) == 1 and issued.link in claimed[0].body and claimed[0].kind == "invitation"
    assert world.dir.claim_outbox(world.org_id) == []
    world.dir.ack_outbox(world.org_id, claimed[0].id)
    with pytest.raises(onboard.NotFoundError):
        world.dir.ack_outbox(world.org_id, claimed[0].id)
    assert [m.state for m in world.dir.outbox(world.org_id, world.admin_id)] == ["sent"]
    with pytest.raises(onboard.InvalidInputError):
        world.dir.outbox(world.org_id, world.admin_id, "lost")


def test_an_unacknowledged_claim_lapses(world):
    world.dir.invite(world.org_id, world.admin_id, "retry@acme.example")
    world.dir.claim_outbox(world.org_id, limit=1, lease=60)
    world.dir.advance(61)
    again = world.dir.claim_outbox(world.org_id, limit=1, lease=60)
    assert again[0].attempts == 2


def test_the_audit_log_lists_what_happened_newest_first(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "audit@acme.example")
    user = world.dir.accept_invitation(world.org_id, issued.token, name="Audit Ann", password=GOOD_PASSWORD)
    actions = [e.action for e in world.dir.audit_log(world.org_id, world.admin_id)]
    assert actions[-1] == "user.created" or "organization.created" in actions
    assert "invitation.created" in actions and "invitation.accepted" in actions
    assert len(world.dir.audit_log(world.org_id, world.admin_id, limit=2)) == 2
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.audit_log(world.org_id, user.id)
