"""Showing and editing one person through the C ABI: show_user, edit_user."""
import pytest

import onboard
from conftest import GOOD_PASSWORD


def test_an_edit_changes_only_what_is_given_and_is_found_again(world):
    kim = world.dir.precreate_user(world.org_id, world.admin_id, "Kim", "Lee").user
    edited = world.dir.edit_user(world.org_id, world.admin_id, kim.id, role="Manager", teams=["sales"],
                                 email="kim@acme.example", username="kim", external_id="E-7")
    assert (edited.role, edited.teams, edited.email, edited.username, edited.external_id) == \
        ("Manager", ["Sales"], "kim@acme.example", "kim", "E-7")
    assert edited.office == kim.office and edited.display_name == "Kim Lee"
    assert world.dir.show_user(world.org_id, world.admin_id, "KIM@acme.example").id == kim.id
    assert world.dir.show_user(world.org_id, world.admin_id, "Kim").id == kim.id


def test_refusals_name_the_field(world):
    kim = world.dir.precreate_user(world.org_id, world.admin_id, "Kim", "Lee").user
    with pytest.raises(onboard.InvalidInputError) as locked:
        world.dir.edit_user(world.org_id, world.admin_id, kim.id, first_name="Kimberly")
    assert "locked" in str(locked.value)
    with pytest.raises(onboard.AlreadyExistsError) as taken:
        world.dir.edit_user(world.org_id, world.admin_id, kim.id, email="ada@acme.example")
    assert "ada@acme.example" in str(taken.value)
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.edit_user(world.org_id, world.admin_id, world.admin_id, role="User")
    with pytest.raises(onboard.NotFoundError):
        world.dir.show_user(world.org_id, world.admin_id, "nobody@acme.example")


def test_a_member_signs_in_by_username_and_unknown_names_get_one_answer(world):
    token = world.dir.invite(world.org_id, world.admin_id, "pat@acme.example").token
    pat = world.dir.accept_invitation(world.org_id, token, name="Pat Lee", password=GOOD_PASSWORD)
    world.dir.edit_user(world.org_id, world.admin_id, pat.id, username="pat.lee")
    assert world.dir.authenticate(world.org_id, "PAT.LEE", GOOD_PASSWORD, source="10.0.0.1").id == pat.id
    with pytest.raises(onboard.AuthenticationFailedError) as unknown:
        world.dir.authenticate(world.org_id, "nobody", GOOD_PASSWORD, source="10.0.0.2")
    with pytest.raises(onboard.AuthenticationFailedError) as wrong:
        world.dir.authenticate(world.org_id, "pat.lee", "not the password at all", source="10.0.0.3")
    assert str(unknown.value) == str(wrong.value) == "The email or username, or the password, is not right."
