"""Managing members through the C ABI: pages, delete, suspend, reactivate.
Users are pre-created (no password to hash), so these stay fast."""
import pytest

import onboard
from conftest import GOOD_PASSWORD


def waiting(world, first, **kwargs):
    return world.dir.precreate_user(world.org_id, world.admin_id, first, "Tester", **kwargs)


def test_every_user_is_reached_page_by_page(world):
    ids = [world.admin_id] + [waiting(world, "Page%d" % i).user.id for i in range(4)]
    first = world.dir.users_page(world.org_id, world.admin_id, limit=2)
    assert [u.id for u in first.users] == ids[:2] and first.next_after == ids[1]
    second = world.dir.users_page(world.org_id, world.admin_id, limit=2, after=first.next_after)
    assert [u.id for u in second.users] == ids[2:4]
    assert [u.id for u in world.dir.iter_users(world.org_id, world.admin_id, page_size=2)] == ids
    last = world.dir.users_page(world.org_id, world.admin_id, after=ids[3])
    assert [u.id for u in last.users] == ids[4:] and last.next_after is None


def test_a_page_is_filtered_and_refuses_unknown_values(world):
    sales = waiting(world, "Sally", teams=["Sales"]).user
    page = world.dir.users_page(world.org_id, world.admin_id, status="pending_activation", team="Sales",
                                role="User", office="HQ", text_contains="sally")
    assert [u.id for u in page.users] == [sales.id]
    with pytest.raises(onboard.InvalidInputError):
        world.dir.users_page(world.org_id, world.admin_id, team="Marketing")
    with pytest.raises(onboard.InvalidInputError):
        world.dir.users_page(world.org_id, world.admin_id, status="sleeping")
    with pytest.raises(onboard.InvalidInputError):
        world.dir.users_page(world.org_id, world.admin_id, limit=10001)


def test_deleting_is_all_or_none_and_kills_the_key(world):
    gone = waiting(world, "Gone")
    other = waiting(world, "Other").user
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.delete_users(world.org_id, world.admin_id, [gone.user.id, world.admin_id])
    with pytest.raises(onboard.NotFoundError):
        world.dir.delete_users(world.org_id, world.admin_id, [gone.user.id, "no-such-user"])
    assert len(world.dir.users_page(world.org_id, world.admin_id).users) == 3
    deleted = world.dir.delete_users(world.org_id, world.admin_id, [gone.user.id, other.id])
    assert [(u.id, u.status) for u in deleted] == [(gone.user.id, "deleted"), (other.id, "deleted")]
    with pytest.raises(onboard.NotFoundError):
        world.dir.redeem_user_key(world.org_id, gone.digits, password=GOOD_PASSWORD, email="gone@acme.example")
    assert [u.id for u in world.dir.iter_users(world.org_id, world.admin_id)] == [world.admin_id]
    assert len(list(world.dir.iter_users(world.org_id, world.admin_id, include_deleted=True))) == 3
    assert world.dir.delete_users(world.org_id, world.admin_id, []) == []


def test_a_suspended_user_cannot_redeem_until_reactivated(world):
    paused = waiting(world, "Paused")
    assert world.dir.suspend_user(world.org_id, world.admin_id, paused.user.id).status == "suspended"
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.redeem_user_key(world.org_id, paused.digits, password=GOOD_PASSWORD, email="p@acme.example")
    back = world.dir.reactivate_user(world.org_id, world.admin_id, paused.user.id)
    assert back.status == "pending_activation"
    with pytest.raises(onboard.InvalidInputError):
        world.dir.reactivate_user(world.org_id, world.admin_id, paused.user.id)
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.suspend_user(world.org_id, world.admin_id, world.admin_id)
