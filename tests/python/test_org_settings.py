"""Organization settings after creation: catalogs, seats, invitations by status."""
import pytest

import onboard

from conftest import GOOD_PASSWORD


def test_update_organization_takes_the_teams_it_is_given(world):
    org = world.dir.update_organization(world.org_id, world.admin_id, teams=["Sales", "Engineering"])
    assert org.teams == ["Sales", "Engineering"]
    assert world.dir.organization(world.org_id).teams == ["Sales", "Engineering"]


def test_update_organization_refuses_to_drop_a_team_in_use(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "ana@example.com", team="Sales")
    world.dir.accept_invitation(world.org_id, issued.token, name="Ana Lima", password=GOOD_PASSWORD)
    with pytest.raises(onboard.InvalidInputError) as info:
        world.dir.update_organization(world.org_id, world.admin_id, teams=["Support"])
    assert str(info.value).startswith("The team Sales is used by 1 person (e.g. ana@example.com)")
    assert world.dir.organization(world.org_id).teams == ["Sales", "Support"]


def test_change_organization_renames_a_team_for_its_members_and_audits_it(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "ana@example.com", team="Sales")
    ana = world.dir.accept_invitation(world.org_id, issued.token, name="Ana Lima", password=GOOD_PASSWORD)
    org = world.dir.change_organization(world.org_id, world.admin_id, rename_teams={"Sales": "Revenue"},
                                        seat_limit=10, invitation_days=3, locale="de")
    assert org.teams == ["Revenue", "Support"] and org.seat_limit == 10
    assert org.settings["locale"] == "de" and org.settings["invitation_ttl_seconds"] == 3 * 86400
    assert world.dir.user(world.org_id, world.admin_id, ana.id).teams == ["Revenue"]
    event = next(e for e in world.dir.audit_log(world.org_id, world.admin_id) if e.action == "organization.updated")
    assert event.details["before"]["teams"] == ["Sales", "Support"]
    assert event.details["after"]["teams"] == ["Revenue", "Support"]
    org = world.dir.change_organization(world.org_id, world.admin_id, seat_limit=None)
    assert org.seat_limit is None


def test_change_organization_needs_manage_users(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "max@example.com", role="Manager")
    manager = world.dir.accept_invitation(world.org_id, issued.token, name="Max Power", password=GOOD_PASSWORD)
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.change_organization(world.org_id, manager.id, add_teams=["Ops"])
    with pytest.raises(TypeError):
        world.dir.change_organization(world.org_id, world.admin_id, add_teams="Ops")


def test_seats_show_reserved_invitations_and_refuse_the_one_too_many(world):
    world.dir.change_organization(world.org_id, world.admin_id, seat_limit=2)
    world.dir.invite(world.org_id, world.admin_id, "bob@example.com")
    seats = world.dir.seat_usage(world.org_id, world.admin_id)
    assert seats == {"limit": 2, "used": 1, "not_activated": 0, "pending_invitations": 1,
                     "pending_hold_seats": True, "reserved": 1, "free": 0}
    with pytest.raises(onboard.LimitExceededError) as info:
        world.dir.invite(world.org_id, world.admin_id, "cy@example.com")
    assert "has used all 2 of its seats (1 person, 1 pending invitation)" in str(info.value)


def test_invitations_are_listed_by_status(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "acc@example.com")
    world.dir.accept_invitation(world.org_id, issued.token, name="Acc Epted", password=GOOD_PASSWORD)
    world.dir.invite(world.org_id, world.admin_id, "pen@example.com")
    assert [i.email for i in world.dir.invitations(world.org_id, world.admin_id, status="pending")] == ["pen@example.com"]
    assert [i.email for i in world.dir.invitations(world.org_id, world.admin_id, status="accepted")] == ["acc@example.com"]
    assert len(world.dir.invitations(world.org_id, world.admin_id, status="all")) == 2
    assert len(world.dir.invitations(world.org_id, world.admin_id)) == 2
    with pytest.raises(onboard.InvalidInputError):
        world.dir.invitations(world.org_id, world.admin_id, status="open")
