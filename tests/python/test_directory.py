"""Opening stores, keys and clocks."""
from datetime import timedelta

import pytest

import onboard
from conftest import ADMIN_PASSWORD, START, create_acme


def test_a_sqlite_store_keeps_its_data_with_its_key_file(tmp_path):
    uri, key_file = "sqlite:%s" % (tmp_path / "acme.db"), tmp_path / "acme.key"
    with onboard.Directory.open(uri, key_file=key_file, now=START) as d:
        org_id = create_acme(d).org_id
    assert (key_file.stat().st_mode & 0o077) == 0
    with onboard.Directory.open(uri, key_file=key_file) as d:
        assert d.organization(org_id).name == "Acme"
        assert [o.id for o in d.organizations()] == [org_id]
        assert d.authenticate(org_id, "ada@acme.example", ADMIN_PASSWORD).role == "Admin"


def test_a_store_sealed_with_another_key_is_refused(tmp_path):
    uri, key_file = "sqlite:%s" % (tmp_path / "acme.db"), tmp_path / "acme.key"
    with onboard.Directory.open(uri, key_file=key_file, now=START) as d:
        create_acme(d)
    with pytest.raises(onboard.StorageError, match="sealed with another master key"):
        onboard.Directory.open(uri, key=bytes(range(32)))


def test_a_missing_key_file_for_a_used_store_is_an_error_never_a_new_key(tmp_path):
    uri, key_file = "sqlite:%s" % (tmp_path / "acme.db"), tmp_path / "acme.key"
    with onboard.Directory.open(uri, key_file=key_file, now=START) as d:
        create_acme(d)
    key_file.rename(tmp_path / "moved.key")
    with pytest.raises(onboard.StorageError, match="is missing"):
        onboard.Directory.open(uri, key_file=key_file)
    assert not key_file.exists()


def test_a_raw_key_opens_a_store(tmp_path):
    with onboard.Directory.open("sqlite:%s" % (tmp_path / "k.db"), key=bytes(range(32))) as d:
        assert d.organizations() == []


def test_a_manual_clock_moves_only_when_told(world):
    assert world.dir.now() == START
    world.dir.advance(timedelta(hours=2))
    assert world.dir.now() == START + timedelta(hours=2)
    world.dir.set_time(START)
    assert world.dir.now() == START


def test_the_system_clock_cannot_be_set():
    with onboard.Directory.open("memory:") as d:
        with pytest.raises(onboard.MisuseError):
            d.set_time(START)


def test_organization_settings_are_updated_by_key(world):
    org = world.dir.update_organization(world.org_id, world.admin_id, seat_limit=3,
                                        settings={"invitation_ttl_seconds": 7200})
    assert org.seat_limit == 3 and org.invitation_ttl == timedelta(hours=2)
    assert org.offices == ["HQ", "London"]  # untouched keys keep their values
    with pytest.raises(onboard.InvalidInputError):
        world.dir.update_organization(world.org_id, world.admin_id, settings={"invitation_ttl_seconds": 60})
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.update_organization(world.org_id, "nobody", seat_limit=4)


def test_a_generated_admin_password_must_be_changed_first():
    with onboard.Directory.open("memory:", now=START) as d:
        created = d.create_organization("Initech", admin_email="bill@initech.example", admin_name="Bill Lumbergh",
                                        role_preset="it", seat_limit=5, time_zone="Europe/Berlin")
        assert created.generated_password and len(created.generated_password) >= 20
        assert created.admin.must_change_password and created.admin.role == "Privileged"
        assert created.organization.time_zone == "Europe/Berlin" and created.organization.seat_limit == 5
        with pytest.raises(onboard.MustChangePasswordError) as info:
            d.authenticate(created.organization.id, "bill@initech.example", created.generated_password)
        assert info.value.detail_code == "auth.must_change_password"
        user = d.change_password(created.organization.id, "bill@initech.example", created.generated_password,
                                 "violet tangerine kayak membrane 42")
        assert not user.must_change_password


def test_a_refused_organization_raises_with_a_sentence():
    with onboard.Directory.open("memory:") as d:
        with pytest.raises(onboard.InvalidInputError) as info:
            d.create_organization("Acme", admin_email="not an email", admin_name="Ada")
        assert info.value.message
        with pytest.raises(onboard.WeakPasswordError):
            d.create_organization("Acme", admin_email="ada@acme.example", admin_name="Ada L", admin_password="short")
    with pytest.raises(onboard.NotFoundError):
        with onboard.Directory.open("memory:") as d:
            d.organization("nope")
