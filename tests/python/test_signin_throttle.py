"""Sign-in throttling (issue #13, attack 5) through the `source` keyword."""
import pytest

import onboard
from conftest import ADMIN_PASSWORD, GOOD_PASSWORD


def test_the_101st_wrong_password_is_refused_even_when_right_and_says_when(world):
    d = world.dir
    # A generated password: checked by a keyed hash, so a hundred tries are quick.
    navy = d.create_organization("Navy", admin_email="grace@navy.example", admin_name="Grace Hopper")
    org_id, password = navy.organization.id, navy.generated_password
    for i in range(100):
        with pytest.raises(onboard.AuthenticationFailedError):
            d.authenticate(org_id, "grace@navy.example", "wrong %d" % i, source="10.1.0.%d" % i)
    with pytest.raises(onboard.ThrottledError) as throttled:
        d.authenticate(org_id, "grace@navy.example", password, source="198.51.100.1")
    assert throttled.value.message == (
        "Too many failed sign-ins for this account; try again at 10:00:00 UTC on 2026-11-21.")
    assert throttled.value.detail_code == "throttle.account"
    # A wrong password gets the very same answer: the throttle speaks before the password is checked.
    with pytest.raises(onboard.ThrottledError) as wrong:
        d.authenticate(org_id, "grace@navy.example", "wrong again", source="198.51.100.1")
    assert wrong.value.message == throttled.value.message
    with pytest.raises(onboard.ThrottledError):
        d.change_password(org_id, "grace@navy.example", password, GOOD_PASSWORD, source="198.51.100.1")
    d.advance(3600)
    with pytest.raises(onboard.MustChangePasswordError):
        d.authenticate(org_id, "grace@navy.example", password, source="198.51.100.1")
    d.change_password(org_id, "grace@navy.example", password, GOOD_PASSWORD, source="198.51.100.1")
    assert d.authenticate(org_id, "grace@navy.example", GOOD_PASSWORD, source="198.51.100.1").email == (
        "grace@navy.example")


def test_one_source_is_stopped_across_accounts_and_another_is_not(world):
    d = world.dir
    d.update_organization(world.org_id, world.admin_id, settings={"throttle": {"per_source_max_failures": 5}})
    for i in range(5):
        with pytest.raises(onboard.AuthenticationFailedError):  # unknown emails count as well
            d.authenticate(world.org_id, "nobody%d@acme.example" % i, "guess", source="203.0.113.9")
    with pytest.raises(onboard.ThrottledError) as throttled:
        d.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD, source="203.0.113.9")
    assert throttled.value.detail_code == "throttle.source"
    assert "try again at" in throttled.value.message
    assert d.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD, source="203.0.113.10").id == (
        world.admin_id)
    # Without a source only the account counts: the keyword is optional.
    assert d.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD).id == world.admin_id
