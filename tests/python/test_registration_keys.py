"""Registration keys through the C ABI: 10-digit organization keys, pre-created users
with 29-digit keys, and their documents. Few registrations: each costs an Argon2 hash."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

import onboard
from onboard import _native, errors
from onboard.registrations import REGISTRATION_KEY_OPTIONS_VERSION
from conftest import GOOD_PASSWORD, START

ffi, lib = onboard.ffi, onboard.lib
END_OF_2026 = datetime(2027, 1, 1, tzinfo=timezone.utc)


def typo_of(digits):
    """The key with its check digit changed: a typo the check digit catches."""
    return digits[:-1] + str((int(digits[-1]) + 1) % 10)


def test_a_key_is_shown_once_and_registers_people_with_its_role(world):
    issued = world.dir.create_registration_key(world.org_id, world.admin_id, label="Spring intake", role="Manager",
                                               team="Sales", office="London", valid_until=date(2026, 12, 31),
                                               max_uses=2)
    key = issued.key
    assert (key.label, key.role, key.team, key.office, key.status, key.max_uses, key.use_count) == (
        "Spring intake", "Manager", "Sales", "London", "active", 2, 0)
    assert key.valid_until == END_OF_2026
    assert len(issued.digits) == 10 and issued.digits.isdigit()
    assert issued.grouped == issued.digits[:5] + " " + issued.digits[5:]
    assert issued.digits not in repr(issued)

    answer = world.dir.redeem_registration_key(world.org_id, issued.digits[:5] + "-" + issued.digits[5:],
                                               email="kim@acme.example", name="Kim Lee", password=GOOD_PASSWORD,
                                               source="10.0.0.1")
    assert (answer.email, answer.check_email) == ("kim@acme.example", True)
    [user] = world.dir.users(world.org_id, world.admin_id, status="pending_verification")
    assert (user.role, user.teams, user.office, user.status, user.source) == (
        "Manager", ["Sales"], "London", "pending_verification", "key")
    [listed] = world.dir.registration_keys(world.org_id, world.admin_id)
    assert (listed.id, listed.use_count) == (key.id, 1)
    assert [u.email for u in listed.registered] == ["kim@acme.example"]


def test_a_key_after_revoke_after_valid_until_and_after_its_last_use_is_refused(world):
    d = world.dir
    revoked = d.create_registration_key(world.org_id, world.admin_id)
    assert d.revoke_registration_key(world.org_id, world.admin_id, revoked.key.id).status == "revoked"
    with pytest.raises(onboard.RevokedError):
        d.redeem_registration_key(world.org_id, revoked.digits, email="r@acme.example", name="R R",
                                  password=GOOD_PASSWORD)
    ends = START + timedelta(hours=1)
    expiring = d.create_registration_key(world.org_id, world.admin_id, valid_until=ends)
    assert expiring.key.valid_until == ends
    d.set_time(ends)
    with pytest.raises(onboard.ExpiredError) as expired:
        d.redeem_registration_key(world.org_id, expiring.digits, email="e@acme.example", name="E E",
                                  password=GOOD_PASSWORD)
    assert expired.value.detail_code == "key.expired"
    once = d.create_registration_key(world.org_id, world.admin_id, max_uses=1)
    d.redeem_registration_key(world.org_id, once.grouped, email="one@acme.example", name="One Person",
                              password=GOOD_PASSWORD)
    with pytest.raises(onboard.AlreadyUsedError):
        d.redeem_registration_key(world.org_id, once.digits, email="two@acme.example", name="Two Person",
                                  password=GOOD_PASSWORD)
    with pytest.raises(onboard.NotFoundError):
        d.revoke_registration_key(world.org_id, world.admin_id, "no-such-key")


def test_guesses_are_throttled_per_source_and_typos_cost_nothing(world):
    d = world.dir
    d.update_organization(world.org_id, world.admin_id, settings={"throttle": {"per_source_max_failures": 3}})
    other = d.create_organization("Globex", admin_email="hank@globex.example", admin_name="Hank Scorpio",
                                  admin_password=GOOD_PASSWORD)
    foreign = d.create_registration_key(other.organization.id, other.admin.id).digits
    mine = d.create_registration_key(world.org_id, world.admin_id).digits

    def redeem(key, source="198.51.100.7"):
        return d.redeem_registration_key(world.org_id, key, email="g@acme.example", name="Guess Who",
                                         password=GOOD_PASSWORD, source=source)

    for _ in range(2):
        with pytest.raises(onboard.NotFoundError):
            redeem(foreign)
    with pytest.raises(onboard.InvalidInputError):
        redeem(typo_of(foreign))
    with pytest.raises(onboard.NotFoundError):
        redeem(foreign)
    with pytest.raises(onboard.ThrottledError) as throttled:
        redeem(mine)
    assert "try again at" in throttled.value.message
    with pytest.raises(onboard.InvalidInputError):
        redeem("１２３４５")


def test_a_precreated_user_activates_with_their_key_and_keeps_the_names(world):
    issued = world.dir.precreate_user(world.org_id, world.admin_id, "Marie", "Curie", role="Manager",
                                      teams=["Sales", "Support"], office="London", external_id="E-1",
                                      attributes={"phone": "+44 20 7946 0000"})
    user = issued.user
    assert (user.status, user.display_name, user.role, user.teams, user.office, user.external_id) == (
        "pending_activation", "Marie Curie", "Manager", ["Sales", "Support"], "London", "E-1")
    assert user.name_locked and user.attributes == {"phone": "+44 20 7946 0000"} and user.email == ""
    assert len(issued.digits) == 29 and issued.grouped.replace(" ", "") == issued.digits
    assert issued.digits not in repr(issued)
    active = world.dir.redeem_user_key(world.org_id, issued.grouped, password=GOOD_PASSWORD,
                                       email="marie@acme.example", source="10.0.0.2")
    assert (active.id, active.status, active.email, active.display_name) == (
        user.id, "active", "marie@acme.example", "Marie Curie")
    # Used once: typed again it says so (issue #16), rather than "not valid".
    with pytest.raises(onboard.AlreadyUsedError):
        world.dir.redeem_user_key(world.org_id, issued.digits, password=GOOD_PASSWORD)


def test_inspecting_a_user_key_shows_the_locked_names_without_using_it(world):
    issued = world.dir.precreate_user(world.org_id, world.admin_id, "Lise", "Meitner")
    for _ in range(2):
        seen = world.dir.inspect_user_key(world.org_id, issued.grouped, source="10.0.0.4")
        assert (seen.id, seen.first_name, seen.last_name, seen.status) == (
            issued.user.id, "Lise", "Meitner", "pending_activation")
    world.dir.redeem_user_key(world.org_id, issued.digits, password=GOOD_PASSWORD, email="lise@acme.example")
    with pytest.raises(onboard.AlreadyUsedError):
        world.dir.inspect_user_key(world.org_id, issued.digits)


def test_a_resent_key_goes_to_the_corrected_email_and_kills_the_old_one(world):
    d = world.dir
    first = d.precreate_user(world.org_id, world.admin_id, "Lise", "Meitner", email="lise@acme.exmaple")
    assert [m.kind for m in d.outbox(world.org_id, world.admin_id, "queued")] == ["registration_key"]
    second = d.resend_user_key(world.org_id, world.admin_id, first.user.id, email="lise@acme.example")
    assert second.user.id == first.user.id and second.user.email == "lise@acme.example"
    assert second.digits != first.digits
    with pytest.raises(onboard.NotFoundError):
        d.redeem_user_key(world.org_id, first.digits, password=GOOD_PASSWORD)
    mail = [m for m in d.claim_outbox(world.org_id) if m.recipient == "lise@acme.example"]
    assert len(mail) == 1 and second.grouped in mail[0].body
    # The mail to the wrong address is cancelled, never claimed (issue #16).
    assert [m.recipient for m in d.outbox(world.org_id, world.admin_id, "cancelled")] == ["lise@acme.exmaple"]
    assert all(m.recipient != "lise@acme.exmaple" for m in d.claim_outbox(world.org_id))


def test_documents_carry_one_page_per_waiting_user(world):
    d = world.dir
    marie = d.precreate_user(world.org_id, world.admin_id, "Marie", "Curie")
    lise = d.precreate_user(world.org_id, world.admin_id, "Lise", "Meitner")
    pdf = d.registration_documents(world.org_id, world.admin_id)
    assert pdf.pages == 2 and pdf.content.startswith(b"%PDF-") and pdf.format == "pdf"
    assert b"%PDF" not in repr(pdf).encode()
    html = d.registration_documents(world.org_id, world.admin_id, [lise.user.id], format="html")
    page = html.content.decode()
    assert html.pages == 1 and lise.grouped in page and "Meitner" in page and marie.grouped not in page
    with pytest.raises(onboard.InvalidInputError):
        d.registration_documents(world.org_id, world.admin_id, format="docx")
    with pytest.raises(onboard.NotFoundError):
        d.registration_documents(world.org_id, world.admin_id, ["no-such-user"])


def test_the_key_handles_accessors_agree_with_their_json(world):
    c = [ffi.new("char[]", s) for s in (world.org_id.encode(), world.admin_id.encode(), b"Desk", b"2026-12-31")]
    opts = ffi.new("onb_registration_key_options*")
    errors.check(lib.onb_registration_key_options_init(opts, REGISTRATION_KEY_OPTIONS_VERSION))
    opts.label, opts.valid_until, opts.max_uses = c[2], c[3], 5
    out = ffi.new("onb_registration_key**")
    errors.check(lib.onb_registration_key_create(out, world.dir._dir, c[0], c[1], opts))
    key = out[0]
    try:
        j = json.loads(_take_json(lib.onb_registration_key_json, key))
        assert _native.string(lib.onb_registration_key_id(key)) == j["id"]
        assert _native.string(lib.onb_registration_key_label(key)) == j["label"] == "Desk"
        assert _native.string(lib.onb_registration_key_role(key)) == j["role"] == "User"
        assert _native.string(lib.onb_registration_key_team(key)) == j["team"] == ""
        assert _native.string(lib.onb_registration_key_office(key)) == j["office"] == "HQ"
        assert _native.string(lib.onb_registration_key_status(key)) == j["status"] == "active"
        assert lib.onb_registration_key_valid_until(key) == int(END_OF_2026.timestamp())
        assert lib.onb_registration_key_max_uses(key) == j["max_uses"] == 5
        assert lib.onb_registration_key_use_count(key) == j["use_count"] == 0
        assert _native.string(lib.onb_registration_key_digits(key)) not in json.dumps(j)
    finally:
        lib.onb_registration_key_free(key)
    lib.onb_error_clear()
    lib.onb_registration_key_free(key)
    assert lib.onb_error_last().code == lib.ONB_MISUSE


def test_the_user_key_handle_names_its_user(world):
    issued = world.dir.precreate_user(world.org_id, world.admin_id, "Ada", "Byron")
    c = [ffi.new("char[]", s) for s in (world.org_id.encode(), world.admin_id.encode(), issued.user.id.encode())]
    out = ffi.new("onb_user_key**")
    errors.check(lib.onb_user_key_resend(out, world.dir._dir, c[0], c[1], c[2], ffi.NULL))
    try:
        assert _native.string(lib.onb_user_key_user_id(out[0])) == issued.user.id
    finally:
        lib.onb_user_key_free(out[0])


def test_a_closed_directory_and_nul_characters_are_refused(world):
    with pytest.raises(onboard.InvalidInputError):
        world.dir.create_registration_key(world.org_id, world.admin_id, label="a\0b")
    with pytest.raises(onboard.PermissionDeniedError):
        world.dir.precreate_user(world.org_id, "nobody", "A", "B")
    world.dir.close()
    with pytest.raises(onboard.MisuseError):
        world.dir.registration_keys(world.org_id, world.admin_id)


def _take_json(fn, handle):
    out = ffi.new("char**")
    errors.check(fn(out, handle))
    return _native.take_string(out)
