"""Self-registration links through the C ABI. Few registrations: each costs an Argon2 hash."""
import json
from datetime import date, datetime, timezone

import pytest

import onboard
from onboard import _native, errors
from conftest import GOOD_PASSWORD

ffi, lib = onboard.ffi, onboard.lib


def test_a_link_is_shown_once_and_listed_without_its_token(world):
    issued = world.dir.create_signup_link(world.org_id, world.admin_id, label="Career fair", role="Manager",
                                          team="Sales", office="London", expires=date(2026, 12, 31), max_uses=50,
                                          allowed_domains=["acme.example", "@Partner.example"])
    link = issued.link
    assert (link.label, link.role, link.team, link.office, link.status, link.max_uses, link.enabled) == (
        "Career fair", "Manager", "Sales", "London", "active", 50, True)
    assert link.expires_at == datetime(2027, 1, 1, tzinfo=timezone.utc)
    assert link.allowed_domains == ["acme.example", "partner.example"]
    assert issued.url == "https://acme.example/join/" + issued.token
    assert issued.token not in repr(issued)
    assert [l.id for l in world.dir.signup_links(world.org_id, world.admin_id)] == [link.id]
    svg = world.dir.signup_link_qr_svg(world.org_id, world.admin_id, link.id)
    assert svg.lstrip().startswith("<") and "<svg" in svg and issued.token not in svg


def test_inspecting_a_link_reads_it_without_using_it(world):
    d = world.dir
    issued = d.create_signup_link(world.org_id, world.admin_id, max_uses=1)
    for _ in range(2):
        assert d.inspect_signup_link(world.org_id, issued.url).id == issued.link.id
    assert d.inspect_signup_link(world.org_id, issued.token).use_count == 0
    d.disable_signup_link(world.org_id, world.admin_id, issued.link.id)
    with pytest.raises(onboard.RevokedError):
        d.inspect_signup_link(world.org_id, issued.token)


def test_an_email_with_an_account_gets_the_same_answer_and_its_owner_a_message(world):
    d = world.dir
    issued = d.create_signup_link(world.org_id, world.admin_id, role="Manager")
    new = d.register_with_link(world.org_id, issued.token, email="newbie@acme.example", name="New Bie",
                               password=GOOD_PASSWORD)
    [waiting] = d.users(world.org_id, world.admin_id, status="pending_verification")
    assert (waiting.role, waiting.email, waiting.source) == ("Manager", "newbie@acme.example", "link")
    before = d.users(world.org_id, world.admin_id)
    existing = d.register_with_link(world.org_id, issued.token, email="ada@acme.example", name="Someone Else",
                                    password=GOOD_PASSWORD)
    assert (new.check_email, existing.check_email) == (True, True)
    assert type(new) is type(existing) and set(vars(new)) == set(vars(existing))
    assert d.users(world.org_id, world.admin_id) == before
    kinds = sorted(m.kind for m in d.outbox(world.org_id, world.admin_id, "queued"))
    assert kinds == ["already_registered", "email_confirmation"]


def test_an_edited_link_keeps_its_url_and_obeys_its_new_limits(world):
    d = world.dir
    issued = d.create_signup_link(world.org_id, world.admin_id, team="Sales", expires="2026-12-31")
    edited = d.edit_signup_link(world.org_id, world.admin_id, issued.link.id, label="Partners", team=None,
                                expires=None, max_uses=1, allowed_domains=["partner.example"])
    assert (edited.label, edited.team, edited.expires_at, edited.max_uses, edited.allowed_domains, edited.role) == (
        "Partners", "", None, 1, ["partner.example"], "User")
    unchanged = d.edit_signup_link(world.org_id, world.admin_id, issued.link.id)
    assert unchanged.label == "Partners" and unchanged.max_uses == 1
    with pytest.raises(onboard.InvalidInputError) as refused:
        d.register_with_link(world.org_id, issued.token, email="eve@acme.example", name="Eve Out",
                             password=GOOD_PASSWORD)
    assert refused.value.detail_code == "link.domain"
    lifted = d.edit_signup_link(world.org_id, world.admin_id, issued.link.id, max_uses=None, allowed_domains=[])
    assert (lifted.max_uses, lifted.allowed_domains) == (None, [])
    with pytest.raises(onboard.InvalidInputError):
        d.edit_signup_link(world.org_id, world.admin_id, issued.link.id, max_uses=-1)
    with pytest.raises(onboard.NotFoundError):
        d.edit_signup_link(world.org_id, world.admin_id, "no-such-link", label="x")


def test_a_disabled_or_expired_link_refuses_registrations(world):
    d = world.dir
    issued = d.create_signup_link(world.org_id, world.admin_id, expires="2026-12-31")
    off = d.disable_signup_link(world.org_id, world.admin_id, issued.link.id)
    assert (off.enabled, off.status) == (False, "disabled")
    with pytest.raises(onboard.RevokedError):
        d.register_with_link(world.org_id, issued.token, email="x@acme.example", name="X Y", password=GOOD_PASSWORD)
    assert d.enable_signup_link(world.org_id, world.admin_id, issued.link.id).status == "active"
    d.set_time(issued.link.expires_at)
    with pytest.raises(onboard.ExpiredError):
        d.register_with_link(world.org_id, issued.token, email="x@acme.example", name="X Y", password=GOOD_PASSWORD)
    with pytest.raises(onboard.PermissionDeniedError):
        d.signup_links(world.org_id, "nobody")


def test_the_link_handles_accessors_agree_with_their_json(world):
    c = [ffi.new("char[]", s) for s in (world.org_id.encode(), world.admin_id.encode(), b"Desk", b"Support")]
    opts = ffi.new("onb_signup_link_options*")
    errors.check(lib.onb_signup_link_options_init(opts, onboard.signup_links.SIGNUP_LINK_OPTIONS_VERSION))
    opts.label, opts.team, opts.max_uses = c[2], c[3], 3
    out = ffi.new("onb_signup_link**")
    errors.check(lib.onb_signup_link_create(out, world.dir._dir, c[0], c[1], opts))
    link = out[0]
    try:
        text = ffi.new("char**")
        errors.check(lib.onb_signup_link_json(text, link))
        j = json.loads(_native.take_string(text))
        assert _native.string(lib.onb_signup_link_id(link)) == j["id"]
        assert _native.string(lib.onb_signup_link_label(link)) == j["label"] == "Desk"
        assert _native.string(lib.onb_signup_link_role(link)) == j["role"] == "User"
        assert _native.string(lib.onb_signup_link_team(link)) == j["team"] == "Support"
        assert _native.string(lib.onb_signup_link_office(link)) == j["office"] == "HQ"
        assert _native.string(lib.onb_signup_link_status(link)) == j["status"] == "active"
        assert lib.onb_signup_link_expires_at(link) == 0 and j["expires_at"] is None
        assert lib.onb_signup_link_max_uses(link) == j["max_uses"] == 3
        assert lib.onb_signup_link_use_count(link) == j["use_count"] == 0
        assert lib.onb_signup_link_enabled(link) == 1 and j["enabled"] is True
        assert _native.string(lib.onb_signup_link_token(link)) not in json.dumps(j)
    finally:
        lib.onb_signup_link_free(link)
    lib.onb_error_clear()
    lib.onb_signup_link_free(link)
    assert lib.onb_error_last().code == lib.ONB_MISUSE
