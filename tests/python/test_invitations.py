"""Invitations end to end, through the C ABI."""
from datetime import timedelta

import pytest

import onboard
from conftest import GOOD_PASSWORD, START


def test_an_invitation_carries_its_token_and_link_once(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "grace@acme.example", role="Manager", team="Sales",
                              office="London")
    inv = issued.invitation
    assert (inv.email, inv.role, inv.team, inv.office, inv.status) == (
        "grace@acme.example", "Manager", "Sales", "London", "pending")
    assert inv.expires_at == START + timedelta(days=7)
    assert issued.link == "https://acme.example/invite/" + issued.token
    assert issued.token not in repr(issued)
    seen = world.dir.inspect_invitation(world.org_id, issued.token)
    assert seen.id == inv.id and seen.status == "pending"


def test_an_accepted_invitation_creates_the_member_once(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "grace@acme.example")
    user = world.dir.accept_invitation(world.org_id, issued.token, name="Grace Hopper", password=GOOD_PASSWORD)
    assert (user.email, user.first_name, user.last_name, user.role, user.status, user.source) == (
        "grace@acme.example", "Grace", "Hopper", "User", "active", "invite")
    with pytest.raises(onboard.AlreadyUsedError):
        world.dir.accept_invitation(world.org_id, issued.token, name="Grace Hopper", password=GOOD_PASSWORD)


def test_an_invitation_expires_at_its_expiry_and_not_a_second_before(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "late@acme.example")
    world.dir.set_time(issued.invitation.expires_at - timedelta(seconds=1))
    world.dir.inspect_invitation(world.org_id, issued.token)
    world.dir.set_time(issued.invitation.expires_at)
    with pytest.raises(onboard.ExpiredError):
        world.dir.accept_invitation(world.org_id, issued.token, name="Late Larry", password=GOOD_PASSWORD)
    assert world.dir.invitations(world.org_id, world.admin_id)[0].status == "expired"


def test_a_resent_invitation_kills_the_old_link(world):
    first = world.dir.invite(world.org_id, world.admin_id, "re@acme.example")
    second = world.dir.resend_invitation(world.org_id, world.admin_id, first.invitation.id)
    assert second.invitation.resend_count == 1 and second.token != first.token
    with pytest.raises(onboard.NotFoundError):
        world.dir.inspect_invitation(world.org_id, first.token)
    world.dir.inspect_invitation(world.org_id, second.token)


def test_a_revoked_invitation_cannot_be_used(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "gone@acme.example")
    assert world.dir.revoke_invitation(world.org_id, world.admin_id, issued.invitation.id).status == "revoked"
    with pytest.raises(onboard.RevokedError):
        world.dir.inspect_invitation(world.org_id, issued.token)


def test_refusals_raise_their_own_class(world):
    with pytest.raises(onboard.AlreadyExistsError) as info:
        world.dir.invite(world.org_id, world.admin_id, "ada@acme.example")
    assert info.value.detail_code == "invitation.member"
    with pytest.raises(onboard.InvalidInputError):
        world.dir.invite(world.org_id, world.admin_id, "a..b@x.com")
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.invite(world.org_id, "nobody", "x@acme.example")
    with pytest.raises(onboard.InvalidInputError):
        world.dir.inspect_invitation(world.org_id, "not-a-token")


def test_seats_run_out(world):
    world.dir.update_organization(world.org_id, world.admin_id, seat_limit=1)
    with pytest.raises(onboard.LimitExceededError):
        world.dir.invite(world.org_id, world.admin_id, "extra@acme.example")


def test_invitations_are_listed_newest_first(world):
    world.dir.invite(world.org_id, world.admin_id, "one@acme.example")
    world.dir.advance(1)
    world.dir.invite(world.org_id, world.admin_id, "two@acme.example")
    assert [i.email for i in world.dir.invitations(world.org_id, world.admin_id)] == [
        "two@acme.example", "one@acme.example"]
