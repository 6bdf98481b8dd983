"""Self-registration proven by the mailbox (issue #13, attack 2), through the Python
binding: someone registers the CEO's address before the CEO does."""
from datetime import timedelta

import pytest

import onboard
from conftest import ADMIN_PASSWORD, GOOD_PASSWORD, START

SQUATTER_PASSWORD = "squatter chose this password 77"


def mailed_link(d, org_id, recipient):
    """The newest confirmation link mailed to `recipient` (the mail is claimed and acknowledged)."""
    found = None
    for m in d.claim_outbox(org_id, limit=1000):
        d.ack_outbox(org_id, m.id)
        if m.kind == "email_confirmation" and m.recipient == recipient:
            found = next(word for word in m.body.split() if "/confirm/" in word)
    return found


def sign_in_answer(d, org_id, email, password):
    try:
        d.authenticate(org_id, email, password)
        return "signed in"
    except onboard.OnboardError as e:
        return (type(e).__name__, str(e), e.detail_code)


def test_a_squatter_cannot_sign_in_and_hears_what_a_wrong_password_hears(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="ceo@acme.example", name="Not The CEO",
                         password=SQUATTER_PASSWORD)
    wrong = sign_in_answer(d, world.org_id, "ada@acme.example", "not the admin password at all")
    assert wrong[0] == "AuthenticationFailedError"
    assert sign_in_answer(d, world.org_id, "ceo@acme.example", SQUATTER_PASSWORD) == wrong
    with pytest.raises(onboard.NotFoundError):
        d.find_user_by_email(world.org_id, "ceo@acme.example")


def test_join_and_register_answer_alike_for_free_taken_and_pending_addresses(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    key = d.create_registration_key(world.org_id, world.admin_id)
    answers, logins = [], []
    for email in ("free@acme.example", "ada@acme.example", "free@acme.example"):  # free, a member's, pending
        a = d.register_with_link(world.org_id, link.token, email=email, name="Some One", password=SQUATTER_PASSWORD)
        answers.append((a.check_email, type(a)))
        logins.append(sign_in_answer(d, world.org_id, email, SQUATTER_PASSWORD))
    for email in ("free-key@acme.example", "ada@acme.example", "free@acme.example"):
        a = d.redeem_registration_key(world.org_id, key.digits, email=email, name="Some One",
                                      password=SQUATTER_PASSWORD, source="10.0.0.9")
        answers.append((a.check_email, type(a)))
        logins.append(sign_in_answer(d, world.org_id, email, SQUATTER_PASSWORD))
    assert len(set(answers)) == 1
    assert len(set(logins)) == 1 and logins[0][0] == "AuthenticationFailedError"
    d.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD)  # the owner's password is untouched


def test_the_real_ceo_confirms_and_signs_in_and_the_squatters_link_is_dead(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    key = d.create_registration_key(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="ceo@acme.example", name="Not The CEO",
                         password=SQUATTER_PASSWORD)
    squatter_link = mailed_link(d, world.org_id, "ceo@acme.example")
    d.redeem_registration_key(world.org_id, key.digits, email="ceo@acme.example", name="The CEO",
                              password=GOOD_PASSWORD)
    ceo_link = mailed_link(d, world.org_id, "ceo@acme.example")
    assert ceo_link and ceo_link != squatter_link and ceo_link.startswith("https://acme.example/confirm/")
    with pytest.raises(onboard.NotFoundError):
        d.confirm_email(world.org_id, squatter_link, SQUATTER_PASSWORD)
    # Reading, as a mail scanner does, never uses the link.
    for _ in range(3):
        seen = d.inspect_confirmation(world.org_id, ceo_link)
        assert (seen.user.email, seen.user.status) == ("ceo@acme.example", "pending_verification")
        assert seen.expires_at == START + timedelta(hours=24)
    ceo = d.confirm_email(world.org_id, ceo_link.rsplit("/", 1)[1], GOOD_PASSWORD)
    assert (ceo.status, ceo.first_name) == ("active", "The")
    with pytest.raises(onboard.NotFoundError):
        d.confirm_email(world.org_id, ceo_link, GOOD_PASSWORD)  # one use
    d.authenticate(world.org_id, "ceo@acme.example", GOOD_PASSWORD)
    with pytest.raises(onboard.AuthenticationFailedError):
        d.authenticate(world.org_id, "ceo@acme.example", SQUATTER_PASSWORD)


def test_a_confirmation_link_expires_after_24_hours(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="late@acme.example", name="Late Larry",
                         password=GOOD_PASSWORD)
    late = mailed_link(d, world.org_id, "late@acme.example")
    d.advance(timedelta(hours=24))
    with pytest.raises(onboard.ExpiredError):
        d.inspect_confirmation(world.org_id, late)
    with pytest.raises(onboard.ExpiredError):
        d.confirm_email(world.org_id, late, GOOD_PASSWORD)


def test_email_verified_makes_an_active_account_at_once(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    key = d.create_registration_key(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="sso@acme.example", name="S So", password=GOOD_PASSWORD,
                         email_verified=True)
    assert d.authenticate(world.org_id, "sso@acme.example", GOOD_PASSWORD).status == "active"
    d.redeem_registration_key(world.org_id, key.digits, email="sso2@acme.example", name="S So",
                              password=GOOD_PASSWORD, email_verified=True)
    assert d.authenticate(world.org_id, "sso2@acme.example", GOOD_PASSWORD).status == "active"
    assert mailed_link(d, world.org_id, "sso@acme.example") is None
    # A member's address: the same answer, nothing changed.
    answer = d.register_with_link(world.org_id, link.token, email="ada@acme.example", name="Eve",
                                  password=SQUATTER_PASSWORD, email_verified=True)
    assert answer.check_email
    d.authenticate(world.org_id, "ada@acme.example", ADMIN_PASSWORD)


def test_the_older_c_calls_make_accounts_that_wait_for_their_confirmation(world):
    d, ffi, lib = world.dir, onboard.ffi, onboard.lib
    link = d.create_signup_link(world.org_id, world.admin_id)
    key = d.create_registration_key(world.org_id, world.admin_id)
    assert lib.onb_signup_link_redeem(d._dir, world.org_id.encode(), link.token.encode(), b"old-link@acme.example",
                                      b"Old Link", SQUATTER_PASSWORD.encode()) == lib.ONB_OK
    out = ffi.new("onb_user**")
    assert lib.onb_registration_key_redeem(out, d._dir, world.org_id.encode(), key.digits.encode(),
                                           b"old-key@acme.example", b"Old Key", SQUATTER_PASSWORD.encode(),
                                           b"10.0.0.1") == lib.ONB_OK
    assert ffi.string(lib.onb_user_status(out[0])) == b"pending_verification"
    lib.onb_user_free(out[0])
    for email in ("old-link@acme.example", "old-key@acme.example"):
        with pytest.raises(onboard.AuthenticationFailedError):
            d.authenticate(world.org_id, email, SQUATTER_PASSWORD)


def test_the_ceo_opening_the_squatters_link_with_their_own_password_does_not_activate_it(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="ceo@acme.example", name="Not The CEO",
                         password=SQUATTER_PASSWORD)
    squatter_link = mailed_link(d, world.org_id, "ceo@acme.example")
    with pytest.raises(onboard.AuthenticationFailedError) as refused:
        d.confirm_email(world.org_id, squatter_link, GOOD_PASSWORD, source="192.0.2.1")
    assert str(refused.value) == ("The password is not the one chosen when registering; if you did not "
                                  "register, ignore the mail and the claim lapses.")
    assert refused.value.detail_code == "confirmation.wrong_password"
    # The link is unused, the claim still waiting, and nobody signs in.
    assert d.inspect_confirmation(world.org_id, squatter_link).user.status == "pending_verification"
    for password in (SQUATTER_PASSWORD, GOOD_PASSWORD):
        with pytest.raises(onboard.AuthenticationFailedError):
            d.authenticate(world.org_id, "ceo@acme.example", password)
    # The CEO registers, and confirms their own link with their own password.
    d.register_with_link(world.org_id, link.token, email="ceo@acme.example", name="The CEO",
                         password=GOOD_PASSWORD)
    ceo = d.confirm_email(world.org_id, mailed_link(d, world.org_id, "ceo@acme.example"), GOOD_PASSWORD)
    assert (ceo.status, ceo.first_name) == ("active", "The")
    d.authenticate(world.org_id, "ceo@acme.example", GOOD_PASSWORD)
    with pytest.raises(onboard.AuthenticationFailedError):
        d.authenticate(world.org_id, "ceo@acme.example", SQUATTER_PASSWORD)


def test_the_101st_wrong_confirmation_password_is_throttled_and_the_link_stays_unused(world):
    d = world.dir
    link = d.create_signup_link(world.org_id, world.admin_id)
    d.register_with_link(world.org_id, link.token, email="grace@navy.example", name="Grace Hopper",
                         password=GOOD_PASSWORD)
    token = mailed_link(d, world.org_id, "grace@navy.example")
    for i in range(100):
        with pytest.raises(onboard.AuthenticationFailedError):
            d.confirm_email(world.org_id, token, f"guess number {i}")
    with pytest.raises(onboard.ThrottledError) as locked:
        d.confirm_email(world.org_id, token, GOOD_PASSWORD)
    assert "try again at" in str(locked.value)
    d.inspect_confirmation(world.org_id, token)  # still unused
    d.advance(timedelta(hours=1))
    assert d.confirm_email(world.org_id, token, GOOD_PASSWORD).status == "active"
