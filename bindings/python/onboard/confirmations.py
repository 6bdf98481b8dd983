"""Self-registration proven by the mailbox: the confirmation link.

A registration through a link or a 10-digit key makes an account in status
"pending_verification": it cannot sign in (the answer is a wrong password's),
holds no seat and never blocks the address, until the person opens the
one-use confirmation link mailed to the address (outbox kind
"email_confirmation", "<base_url>/confirm/<token>", valid 24 hours). A host
that verified the address itself passes ``email_verified=True`` to
``register_with_link`` or ``redeem_registration_key`` and skips the step.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ._handles import header_macro, user_from
from ._native import ffi, lib, text
from .errors import check
from .records import User

SELF_REGISTRATION_OPTIONS_VERSION = header_macro("ONB_SELF_REGISTRATION_OPTIONS_VERSION")


def self_registration_options(email_verified: bool):
    """An onb_self_registration_options for the _v2 registration calls."""
    opts = ffi.new("onb_self_registration_options*")
    check(lib.onb_self_registration_options_init(opts, SELF_REGISTRATION_OPTIONS_VERSION))
    opts.email_verified = 1 if email_verified else 0
    return opts


@dataclass(frozen=True)
class PendingConfirmation:
    """A confirmation link read without using it: the account it would activate."""
    user: User
    expires_at: datetime


class ConfirmationMethods:
    """Mixed into Directory: reading and using confirmation links."""

    _dir: object

    def inspect_confirmation(self, org_id: str, token: str) -> PendingConfirmation:
        """Reads a confirmation link (its token, or the whole URL) without using it, to render
        a page; safe for mail scanners. Raises InvalidInputError, NotFoundError (unknown,
        replaced or already used), ExpiredError."""
        out = ffi.new("onb_user**")
        expires = ffi.new("int64_t*")
        check(lib.onb_email_confirmation_inspect(out, expires, self._dir, text(org_id), text(token)))
        return PendingConfirmation(user=user_from(out[0]),
                                   expires_at=datetime.fromtimestamp(expires[0], tz=timezone.utc))

    def confirm_email(self, org_id: str, token: str, password: str,
                      source: str | None = None) -> User:
        """Uses a confirmation link once (token or whole URL) and returns the account, now
        active. ``password`` must be the one chosen when registering (as typed): the link
        alone does not activate a stranger's claim of the address. ``source`` is the caller's
        IP address or device id, for throttling (None: the account alone is counted). Raises
        as inspect_confirmation, plus AuthenticationFailedError (not the registrant's
        password; the link stays unused), ThrottledError (too many wrong passwords, counted
        with sign-in's) and LimitExceededError (no seat left; the link keeps working until it
        expires)."""
        out = ffi.new("onb_user**")
        check(lib.onb_email_confirm(out, self._dir, text(org_id), text(token), text(password),
                                    text(source)))
        return user_from(out[0])
