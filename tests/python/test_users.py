"""Sign-in and reading users."""
import pytest

import onboard
from conftest import ADMIN_PASSWORD, GOOD_PASSWORD


def add_member(world, email, name, role=None):
    issued = world.dir.invite(world.org_id, world.admin_id, email, role=role)
    return world.dir.accept_invitation(world.org_id, issued.token, name=name, password=GOOD_PASSWORD)


def test_a_member_signs_in_with_the_right_password_only(world):
    assert world.dir.authenticate(world.org_id, "ADA@acme.example", ADMIN_PASSWORD).id == world.admin_id
    with pytest.raises(onboard.AuthenticationFailedError):
        world.dir.authenticate(world.org_id, "ada@acme.example", "wrong password")
    with pytest.raises(onboard.AuthenticationFailedError):
        world.dir.authenticate(world.org_id, "nobody@acme.example", ADMIN_PASSWORD)


def test_a_changed_password_replaces_the_old_one(world):
    world.dir.change_password(world.org_id, "ada@acme.example", ADMIN_PASSWORD, GOOD_PASSWORD)
    world.dir.authenticate(world.org_id, "ada@acme.example", GOOD_PASSWORD)
    with pytest.raises(onboard.AuthenticationFailedError):
        world.dir.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD)
    with pytest.raises(onboard.WeakPasswordError):
        world.dir.change_password(world.org_id, "ada@acme.example", GOOD_PASSWORD, "password1")


def test_a_user_is_read_by_id_and_by_email(world):
    assert world.dir.user(world.org_id, world.admin_id, world.admin_id).email == "ada@acme.example"
    assert world.dir.find_user_by_email(world.org_id, "Ada@ACME.example").id == world.admin_id
    with pytest.raises(onboard.NotFoundError):
        world.dir.find_user_by_email(world.org_id, "who@acme.example")


def test_a_member_without_manage_users_sees_only_itself(world):
    grace = add_member(world, "grace@acme.example", "Grace Hopper")
    assert world.dir.user(world.org_id, grace.id, grace.id).id == grace.id
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.user(world.org_id, grace.id, world.admin_id)
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.users(world.org_id, grace.id)


def test_users_are_filtered_and_paged(world):
    grace = add_member(world, "grace@acme.example", "Grace Hopper", role="Manager")
    assert [u.email for u in world.dir.users(world.org_id, world.admin_id)] == [
        "ada@acme.example", "grace@acme.example"]
    assert [u.id for u in world.dir.users(world.org_id, world.admin_id, text_contains="hopper")] == [grace.id]
    assert [u.id for u in world.dir.users(world.org_id, world.admin_id, role="Manager", status="active",
                                          office="HQ")] == [grace.id]
    assert world.dir.users(world.org_id, world.admin_id, team="Sales", registered_via="x") == []
    page = world.dir.users(world.org_id, world.admin_id, limit=1)
    assert [u.id for u in page] == [world.admin_id]
    rest = world.dir.users(world.org_id, world.admin_id, after_id=page[0].id, include_deleted=True)
    assert [u.id for u in rest] == [grace.id]
    with pytest.raises(onboard.InvalidInputError):
        world.dir.users(world.org_id, world.admin_id, status="sleeping")
