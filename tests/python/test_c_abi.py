"""The C functions the Directory class does not need, called directly: the
accessors (checked against the JSON of the same handle), misuse, double free."""
import json

import pytest

import onboard
from onboard import _native, errors
from conftest import ADMIN_PASSWORD, START

ffi, lib = onboard.ffi, onboard.lib


def s(pointer):
    return _native.string(pointer)


@pytest.fixture
def raw():
    """A raw onb_directory* on a manual clock, with an organization."""
    opts = ffi.new("onb_open_options*")
    errors.check(lib.onb_open_options_init(opts, _native.OPEN_OPTIONS_VERSION))
    opts.clock_mode = lib.ONB_CLOCK_MANUAL
    opts.now_unix = int(START.timestamp())
    out = ffi.new("onb_directory**")
    errors.check(lib.onb_directory_open(out, b"memory:", opts))
    org_opts = ffi.new("onb_organization_options*")
    errors.check(lib.onb_organization_options_init(org_opts, _native.ORGANIZATION_OPTIONS_VERSION))
    keep = [ffi.new("char[]", b"Acme"), ffi.new("char[]", b"ada@acme.example"),
            ffi.new("char[]", b"Ada Lovelace"), ffi.new("char[]", ADMIN_PASSWORD.encode())]
    org_opts.name, org_opts.admin_email, org_opts.admin_name, org_opts.admin_password = keep
    org, admin = ffi.new("onb_organization**"), ffi.new("onb_user**")
    errors.check(lib.onb_organization_create(org, admin, ffi.NULL, out[0], org_opts))
    yield out[0], org[0], admin[0]
    lib.onb_user_free(admin[0])
    lib.onb_organization_free(org[0])
    lib.onb_directory_free(out[0])


def handle_json(fn, handle):
    out = ffi.new("char**")
    errors.check(fn(out, handle))
    return json.loads(_native.take_string(out))


def test_organization_accessors_agree_with_its_json(raw):
    _, org, _ = raw
    j = handle_json(lib.onb_organization_json, org)
    assert s(lib.onb_organization_id(org)) == j["id"]
    assert s(lib.onb_organization_name(org)) == j["name"] == "Acme"
    assert s(lib.onb_organization_base_url(org)) == j["base_url"]
    assert s(lib.onb_organization_time_zone(org)) == j["time_zone"]
    assert s(lib.onb_organization_default_office(org)) == j["default_office"]
    assert lib.onb_organization_seat_limit(org) == 0 and j["seat_limit"] is None
    assert lib.onb_organization_invitation_ttl(org) == j["settings"]["invitation_ttl_seconds"]


def test_user_accessors_agree_with_its_json(raw):
    _, _, admin = raw
    j = handle_json(lib.onb_user_json, admin)
    assert s(lib.onb_user_id(admin)) == j["id"]
    assert s(lib.onb_user_email(admin)) == j["email"]
    assert s(lib.onb_user_display_name(admin)) == j["display_name"]
    assert s(lib.onb_user_first_name(admin)) == j["first_name"]
    assert s(lib.onb_user_last_name(admin)) == j["last_name"]
    assert s(lib.onb_user_role(admin)) == j["role"]
    assert s(lib.onb_user_office(admin)) == j["office"]
    assert s(lib.onb_user_status(admin)) == j["status"]
    assert lib.onb_user_must_change_password(admin) == int(j["must_change_password"])
    assert lib.onb_user_created_at(admin) == int(START.timestamp())


def test_invitation_accessors_agree_with_its_json(raw):
    dir_, org, admin = raw
    out = ffi.new("onb_invitation**")
    errors.check(lib.onb_invitation_create(out, dir_, lib.onb_organization_id(org), lib.onb_user_id(admin),
                                           b"grace@acme.example", ffi.NULL))
    inv = out[0]
    try:
        j = handle_json(lib.onb_invitation_json, inv)
        assert s(lib.onb_invitation_id(inv)) == j["id"]
        assert s(lib.onb_invitation_email(inv)) == j["email"]
        assert s(lib.onb_invitation_role(inv)) == j["role"]
        assert s(lib.onb_invitation_team(inv)) == j["team"] == ""
        assert s(lib.onb_invitation_office(inv)) == j["office"]
        assert s(lib.onb_invitation_status(inv)) == j["status"] == "pending"
        assert lib.onb_invitation_resend_count(inv) == j["resend_count"] == 0
        assert lib.onb_invitation_expires_at(inv) == int(START.timestamp()) + 7 * 86400
        assert s(lib.onb_invitation_link(inv)).endswith(s(lib.onb_invitation_token(inv)))
    finally:
        lib.onb_invitation_free(inv)


def test_null_handles_are_misuse_not_crashes():
    assert lib.onb_user_email(ffi.NULL) == ffi.NULL
    assert lib.onb_error_last().code == lib.ONB_MISUSE
    assert lib.onb_invitation_token(ffi.NULL) == ffi.NULL
    assert lib.onb_organization_seat_limit(ffi.NULL) == 0
    out = ffi.new("char**")
    assert lib.onb_user_json(out, ffi.NULL) == lib.ONB_MISUSE
    assert lib.onb_outbox_ack(ffi.NULL, b"o", b"m") == lib.ONB_MISUSE
    assert lib.onb_invitation_inspect(ffi.new("onb_invitation**"), ffi.NULL, b"o", b"t") == lib.ONB_MISUSE


def test_options_of_an_unknown_version_are_misuse():
    for init, ctype in ((lib.onb_open_options_init, "onb_open_options*"),
                        (lib.onb_organization_options_init, "onb_organization_options*"),
                        (lib.onb_invite_options_init, "onb_invite_options*"),
                        (lib.onb_user_filter_init, "onb_user_filter*")):
        assert init(ffi.new(ctype), 99) == lib.ONB_MISUSE
        assert "version 99" in ffi.string(lib.onb_error_last().message).decode()


def test_a_handle_freed_twice_is_detected():
    out = ffi.new("onb_directory**")
    errors.check(lib.onb_directory_open(out, b"memory:", ffi.NULL))
    lib.onb_directory_free(out[0])
    lib.onb_error_clear()
    lib.onb_directory_free(out[0])
    assert lib.onb_error_last().code == lib.ONB_MISUSE
    assert lib.onb_directory_now(ffi.new("int64_t*"), out[0]) == lib.ONB_MISUSE


def test_status_names_are_stable():
    assert ffi.string(lib.onb_status_name(lib.ONB_EXPIRED)) == b"expired"
    assert ffi.string(lib.onb_status_name(99)) == b"unknown"
    lib.onb_free(ffi.NULL)
