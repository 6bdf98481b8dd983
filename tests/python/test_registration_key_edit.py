"""Editing a 10-digit registration key through the C ABI: the fields change under the
rules of create, the digits stay, a revoked or expired key is not edited."""
from datetime import date, datetime, timedelta, timezone

import pytest

import onboard
from conftest import GOOD_PASSWORD, START

END_OF_2026 = datetime(2027, 1, 1, tzinfo=timezone.utc)


def test_an_edited_key_keeps_its_digits_and_registers_with_its_new_role(world):
    d = world.dir
    issued = d.create_registration_key(world.org_id, world.admin_id, label="Desk", role="User", max_uses=2)
    key = d.update_registration_key(world.org_id, world.admin_id, issued.key.id, role="Manager", team="Sales",
                                    office="London", valid_until=date(2026, 12, 31), max_uses=5)
    assert (key.id, key.label, key.role, key.team, key.office, key.max_uses, key.valid_until) == (
        issued.key.id, "Desk", "Manager", "Sales", "London", 5, END_OF_2026)
    key = d.update_registration_key(world.org_id, world.admin_id, key.id, team=None, valid_until=None,
                                    max_uses=None)
    assert (key.role, key.team, key.valid_until, key.max_uses) == ("Manager", "", None, None)
    d.redeem_registration_key(world.org_id, issued.digits, email="kim@acme.example", name="Kim Lee",
                              password=GOOD_PASSWORD)
    [user] = d.users(world.org_id, world.admin_id, status="pending_verification")
    assert user.role == "Manager"


def test_a_key_edit_below_its_uses_of_an_unknown_role_or_of_a_revoked_key_is_refused(world):
    d = world.dir
    issued = d.create_registration_key(world.org_id, world.admin_id, max_uses=3)
    d.redeem_registration_key(world.org_id, issued.digits, email="a@acme.example", name="A Person",
                              password=GOOD_PASSWORD)
    d.redeem_registration_key(world.org_id, issued.digits, email="b@acme.example", name="B Person",
                              password=GOOD_PASSWORD)
    with pytest.raises(onboard.InvalidInputError) as below:
        d.update_registration_key(world.org_id, world.admin_id, issued.key.id, max_uses=1)
    assert below.value.detail_code == "uses.below_used"
    with pytest.raises(onboard.InvalidInputError):
        d.update_registration_key(world.org_id, world.admin_id, issued.key.id, role="Emperor")
    with pytest.raises(onboard.NotFoundError):
        d.update_registration_key(world.org_id, world.admin_id, "no-such-key", max_uses=None)
    d.revoke_registration_key(world.org_id, world.admin_id, issued.key.id)
    with pytest.raises(onboard.RevokedError):
        d.update_registration_key(world.org_id, world.admin_id, issued.key.id, max_uses=None)


def test_an_expired_key_is_not_edited_back_to_life(world):
    d = world.dir
    ends = START + timedelta(hours=1)
    issued = d.create_registration_key(world.org_id, world.admin_id, valid_until=ends)
    d.set_time(ends)
    with pytest.raises(onboard.ExpiredError) as expired:
        d.update_registration_key(world.org_id, world.admin_id, issued.key.id, valid_until=date(2026, 12, 31))
    assert "create a new one" in str(expired.value)
