"""Self-registration links: create, edit, switch on and off, list, QR code, register."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, List, Optional, Union

from ._handles import CStrings, end_time, handle_json, header_macro, json_out
from ._native import ffi, lib, string, take_string, text
from .confirmations import self_registration_options
from .errors import check
from .records import IssuedSignupLink, LinkRegistration, SignupLink

SIGNUP_LINK_OPTIONS_VERSION = header_macro("ONB_SIGNUP_LINK_OPTIONS_VERSION")
SIGNUP_LINK_CHANGES_VERSION = header_macro("ONB_SIGNUP_LINK_CHANGES_VERSION")

#: The default of edit_signup_link's arguments: leave that field as it is.
UNCHANGED: Any = object()


def _link(handle) -> SignupLink:
    try:
        return SignupLink.from_json(handle_json(lib.onb_signup_link_json, handle))
    finally:
        lib.onb_signup_link_free(handle)


class SignupLinkMethods:
    """Directory methods for self-registration links (mixed into Directory). They need manage_links."""

    def create_signup_link(self, org_id: str, actor_id: str, *, label: Optional[str] = None,
                           role: Optional[str] = None, team: Optional[str] = None, office: Optional[str] = None,
                           expires: Union[None, str, date, datetime] = None, max_uses: Optional[int] = None,
                           allowed_domains: Iterable[str] = ()) -> IssuedSignupLink:
        """Creates a link; its URL and token are in the result only.

        `expires` is a date (the link works until the following midnight in
        the organization's time zone), an aware datetime or ISO 8601 text.
        Raises PermissionDeniedError, InvalidInputError.
        """
        c = CStrings()
        opts = ffi.new("onb_signup_link_options*")
        check(lib.onb_signup_link_options_init(opts, SIGNUP_LINK_OPTIONS_VERSION))
        opts.label, opts.role, opts.team, opts.office = c.text(label), c.text(role), c.text(team), c.text(office)
        opts.expires = c.text(end_time(expires))
        opts.allowed_domains, opts.allowed_domains_count = c.array(allowed_domains)
        opts.max_uses = 0 if max_uses is None else max_uses
        out = ffi.new("onb_signup_link**")
        check(lib.onb_signup_link_create(out, self._dir, text(org_id), text(actor_id), opts))
        handle = out[0]
        try:
            token = string(lib.onb_signup_link_token(handle)) or ""
            url = string(lib.onb_signup_link_url(handle)) or ""
            link = SignupLink.from_json(handle_json(lib.onb_signup_link_json, handle))
        finally:
            lib.onb_signup_link_free(handle)
        return IssuedSignupLink(link=link, token=token, url=url)

    def edit_signup_link(self, org_id: str, actor_id: str, link_id: str, *, label: Any = UNCHANGED,
                         role: Any = UNCHANGED, team: Any = UNCHANGED, office: Any = UNCHANGED,
                         expires: Any = UNCHANGED, max_uses: Any = UNCHANGED,
                         allowed_domains: Any = UNCHANGED) -> SignupLink:
        """Changes the given fields; the URL stays. `team=None`, `expires=None` and
        `max_uses=None` remove them; `allowed_domains=[]` allows any domain.
        Raises NotFoundError, PermissionDeniedError, InvalidInputError."""
        c = CStrings()
        changes = ffi.new("onb_signup_link_changes*")
        check(lib.onb_signup_link_changes_init(changes, SIGNUP_LINK_CHANGES_VERSION))
        if label is not UNCHANGED:
            changes.label = c.text(label or "")
        if role is not UNCHANGED:
            changes.role = c.text(role or "")
        if team is not UNCHANGED:
            changes.team = c.text(team or "")
        if office is not UNCHANGED:
            changes.office = c.text(office or "")
        if expires is not UNCHANGED:
            changes.expires = c.text(end_time(expires) or "")
        if max_uses is not UNCHANGED:
            changes.set_max_uses = 1
            changes.max_uses = 0 if max_uses is None else max_uses
        if allowed_domains is not UNCHANGED:
            changes.set_allowed_domains = 1
            changes.allowed_domains, changes.allowed_domains_count = c.array(allowed_domains or ())
        out = ffi.new("onb_signup_link**")
        check(lib.onb_signup_link_edit(out, self._dir, text(org_id), text(actor_id), text(link_id), changes))
        return _link(out[0])

    def enable_signup_link(self, org_id: str, actor_id: str, link_id: str) -> SignupLink:
        """Switches a link on again. Raises NotFoundError."""
        out = ffi.new("onb_signup_link**")
        check(lib.onb_signup_link_enable(out, self._dir, text(org_id), text(actor_id), text(link_id)))
        return _link(out[0])

    def disable_signup_link(self, org_id: str, actor_id: str, link_id: str) -> SignupLink:
        """Switches a link off: it refuses registrations until enabled. Raises NotFoundError."""
        out = ffi.new("onb_signup_link**")
        check(lib.onb_signup_link_disable(out, self._dir, text(org_id), text(actor_id), text(link_id)))
        return _link(out[0])

    def inspect_signup_link(self, org_id: str, token: str) -> SignupLink:
        """Reads a link by its token (or the whole URL) without using it, to render the
        registration page; needs no member. Raises InvalidInputError, NotFoundError,
        RevokedError (switched off), ExpiredError, AlreadyUsedError (no uses left)."""
        out = ffi.new("onb_signup_link**")
        check(lib.onb_signup_link_inspect(out, self._dir, text(org_id), text(token)))
        return _link(out[0])

    def signup_links(self, org_id: str, actor_id: str) -> List[SignupLink]:
        """Every link of the organization, newest first, with its use count."""
        return [SignupLink.from_json(o)
                for o in json_out(lib.onb_signup_links_list_json, self._dir, text(org_id), text(actor_id))]

    def signup_link_qr_svg(self, org_id: str, actor_id: str, link_id: str) -> str:
        """The link's URL as a QR code: a standalone SVG document. Raises NotFoundError."""
        out = ffi.new("char**")
        check(lib.onb_signup_link_qr_svg(out, self._dir, text(org_id), text(actor_id), text(link_id)))
        return take_string(out)

    def register_with_link(self, org_id: str, token: str, *, email: str, name: str,
                           password: str, email_verified: bool = False) -> LinkRegistration:
        """Registers a person through a link. The answer is the same whether `email` is free
        (an account waiting for the confirmation link mailed to it is made), already has an
        account (nobody is made, its owner is told by mail) or waits for a confirmation (a
        fresh link replaces the old), so a stranger learns nothing. With `email_verified`
        (the host checked the address itself) the account is active at once. Raises
        InvalidInputError, NotFoundError, RevokedError (switched off), ExpiredError,
        AlreadyUsedError, WeakPasswordError, LimitExceededError."""
        check(lib.onb_signup_link_redeem_v2(self._dir, text(org_id), text(token), text(email), text(name),
                                            text(password), self_registration_options(email_verified)))
        return LinkRegistration(email=email.strip())
