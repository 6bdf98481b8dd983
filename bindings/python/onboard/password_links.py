"""One-use set-password links.

An import with generated passwords and ``notify=True`` mails each person a
link, "<base_url>/set-password/<token>" (outbox kind "set_password"), to choose
their own password; the generated password is never mailed unless
``mail_passwords=True``. A link works once, until the organization's
invitation lifetime ends, and dies when the password changes by any route.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ._handles import user_from
from ._native import ffi, lib, text
from .errors import check
from .records import User


@dataclass(frozen=True)
class PendingPasswordLink:
    """A set-password link read without using it: whose password it sets, and until when."""
    user: User
    expires_at: datetime


class PasswordLinkMethods:
    """Mixed into Directory: reading and using set-password links."""

    _dir: object

    def inspect_password_link(self, org_id: str, token: str) -> PendingPasswordLink:
        """Reads a set-password link (its token, or the whole URL) without using it; safe for
        mail scanners. Raises InvalidInputError (not such a link), NotFoundError (unknown,
        forged or already used), ExpiredError, PermissionDeniedError (account not active)."""
        out = ffi.new("onb_user**")
        expires = ffi.new("int64_t*")
        check(lib.onb_password_link_inspect(out, expires, self._dir, text(org_id), text(token)))
        return PendingPasswordLink(user=user_from(out[0]),
                                   expires_at=datetime.fromtimestamp(expires[0], tz=timezone.utc))

    def set_password_with_link(self, org_id: str, token: str, password: str) -> User:
        """Uses a set-password link once (token or whole URL): the password is checked against
        the organization's policy and must_change_password is cleared. Raises as
        inspect_password_link, plus WeakPasswordError (the link stays unused)."""
        out = ffi.new("onb_user**")
        check(lib.onb_password_link_use(out, self._dir, text(org_id), text(token), text(password)))
        return user_from(out[0])
