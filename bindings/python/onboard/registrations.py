"""Registration keys: 10-digit organization keys, pre-created users with 29-digit keys, and their documents."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Dict, Iterable, List, Optional, Union

from ._handles import CStrings, end_time, handle_json, header_macro, json_out, user_from
from ._native import ffi, lib, string, text
from .confirmations import self_registration_options
from .errors import check
from .records import (IssuedRegistrationKey, IssuedUserKey, LinkRegistration, RegistrationDocument, RegistrationKey,
                      User)

REGISTRATION_KEY_OPTIONS_VERSION = header_macro("ONB_REGISTRATION_KEY_OPTIONS_VERSION")
PRECREATE_OPTIONS_VERSION = header_macro("ONB_PRECREATE_OPTIONS_VERSION")
DOCUMENT_OPTIONS_VERSION = header_macro("ONB_DOCUMENT_OPTIONS_VERSION")
REGISTRATION_KEY_CHANGES_VERSION = header_macro("ONB_REGISTRATION_KEY_CHANGES_VERSION")

# The default of update_registration_key's fields: leave the field as it is.
UNCHANGED: Any = object()


def _key(handle) -> RegistrationKey:
    try:
        return RegistrationKey.from_json(handle_json(lib.onb_registration_key_json, handle))
    finally:
        lib.onb_registration_key_free(handle)


def _issued_key(handle) -> IssuedRegistrationKey:
    try:
        digits = string(lib.onb_registration_key_digits(handle)) or ""
        grouped = string(lib.onb_registration_key_grouped(handle)) or ""
        key = RegistrationKey.from_json(handle_json(lib.onb_registration_key_json, handle))
    finally:
        lib.onb_registration_key_free(handle)
    return IssuedRegistrationKey(key=key, digits=digits, grouped=grouped)


def _issued_user_key(handle) -> IssuedUserKey:
    try:
        digits = string(lib.onb_user_key_digits(handle)) or ""
        grouped = string(lib.onb_user_key_grouped(handle)) or ""
        user_out = ffi.new("onb_user**")
        check(lib.onb_user_key_user(user_out, handle))
    finally:
        lib.onb_user_key_free(handle)
    return IssuedUserKey(user=user_from(user_out[0]), digits=digits, grouped=grouped)


class RegistrationMethods:
    """Directory methods for registration keys (mixed into Directory)."""

    # --- 10-digit organization keys (the actor needs add_users_by_link) ---

    def create_registration_key(self, org_id: str, actor_id: str, *, label: Optional[str] = None,
                                role: Optional[str] = None, team: Optional[str] = None,
                                office: Optional[str] = None,
                                valid_until: Union[None, str, date, datetime] = None,
                                max_uses: Optional[int] = None) -> IssuedRegistrationKey:
        """Creates a key many people may register with; its digits are in the result only.

        `valid_until` is a date (the key works until the following midnight in
        the organization's time zone), an aware datetime or an ISO 8601 text.
        Raises PermissionDeniedError, InvalidInputError.
        """
        c = CStrings()
        opts = ffi.new("onb_registration_key_options*")
        check(lib.onb_registration_key_options_init(opts, REGISTRATION_KEY_OPTIONS_VERSION))
        opts.label, opts.role, opts.team, opts.office = c.text(label), c.text(role), c.text(team), c.text(office)
        opts.valid_until = c.text(end_time(valid_until))
        opts.max_uses = 0 if max_uses is None else max_uses
        out = ffi.new("onb_registration_key**")
        check(lib.onb_registration_key_create(out, self._dir, text(org_id), text(actor_id), opts))
        return _issued_key(out[0])

    def registration_keys(self, org_id: str, actor_id: str) -> List[RegistrationKey]:
        """Every key, newest first, each with the users who registered with it."""
        return [RegistrationKey.from_json(o) for o in
                json_out(lib.onb_registration_keys_list_json, self._dir, text(org_id), text(actor_id))]

    def revoke_registration_key(self, org_id: str, actor_id: str, key_id: str) -> RegistrationKey:
        """Stops a key at once; revoking twice changes nothing. Raises NotFoundError."""
        out = ffi.new("onb_registration_key**")
        check(lib.onb_registration_key_revoke(out, self._dir, text(org_id), text(actor_id), text(key_id)))
        return _key(out[0])

    def update_registration_key(self, org_id: str, actor_id: str, key_id: str, *, label: Any = UNCHANGED,
                                role: Any = UNCHANGED, team: Any = UNCHANGED, office: Any = UNCHANGED,
                                valid_until: Any = UNCHANGED, max_uses: Any = UNCHANGED) -> RegistrationKey:
        """Changes the given fields of a key under the rules of create; its digits stay.

        `team=None`, `valid_until=None` and `max_uses=None` remove them; `max_uses`
        may not be below the uses the key has had. A revoked or expired key is
        not edited (create a new one). Raises NotFoundError, PermissionDeniedError,
        InvalidInputError, RevokedError, ExpiredError.
        """
        c = CStrings()
        changes = ffi.new("onb_registration_key_changes*")
        check(lib.onb_registration_key_changes_init(changes, REGISTRATION_KEY_CHANGES_VERSION))
        if label is not UNCHANGED:
            changes.label = c.text(label or "")
        if role is not UNCHANGED:
            changes.role = c.text(role or "")
        if team is not UNCHANGED:
            changes.team = c.text(team or "")
        if office is not UNCHANGED:
            changes.office = c.text(office or "")
        if valid_until is not UNCHANGED:
            changes.valid_until = c.text(end_time(valid_until) or "")
        if max_uses is not UNCHANGED:
            changes.set_max_uses = 1
            changes.max_uses = 0 if max_uses is None else max_uses
        out = ffi.new("onb_registration_key**")
        check(lib.onb_registration_key_update(out, self._dir, text(org_id), text(actor_id), text(key_id), changes))
        return _key(out[0])

    def redeem_registration_key(self, org_id: str, key: str, *, email: str, name: str, password: str,
                                source: Optional[str] = None, email_verified: bool = False) -> LinkRegistration:
        """Registers a person with a 10-digit key as they typed it.

        The answer is the same whether `email` is free (an account waiting for the
        confirmation link mailed to it is made), a member's (the owner is told by mail) or
        waiting for a confirmation, so a stranger learns nothing. With `email_verified` (the
        host checked the address itself) the account is active at once. `source` is the
        caller's IP address or device id: failures are throttled per source. Raises
        InvalidInputError (a typo: no attempt counted), ThrottledError, NotFoundError,
        RevokedError, ExpiredError, AlreadyUsedError, WeakPasswordError, LimitExceededError.
        """
        check(lib.onb_registration_key_redeem_v2(self._dir, text(org_id), text(key), text(email), text(name),
                                                 text(password), text(source),
                                                 self_registration_options(email_verified)))
        return LinkRegistration(email=email.strip())

    # --- pre-created users and 29-digit keys (the actor needs add_users) ---

    def precreate_user(self, org_id: str, actor_id: str, first_name: str, last_name: str, *,
                       email: Optional[str] = None, role: Optional[str] = None, teams: Iterable[str] = (),
                       office: Optional[str] = None, external_id: Optional[str] = None,
                       attributes: Optional[Dict[str, str]] = None) -> IssuedUserKey:
        """Creates a user waiting for activation, whose names they cannot change, and their
        29-digit key (in the result only). With `email` the key is also mailed (outbox).
        Raises PermissionDeniedError, InvalidInputError, AlreadyExistsError, LimitExceededError.
        """
        c = CStrings()
        opts = ffi.new("onb_precreate_options*")
        check(lib.onb_precreate_options_init(opts, PRECREATE_OPTIONS_VERSION))
        opts.email, opts.role, opts.office = c.text(email), c.text(role), c.text(office)
        opts.external_id = c.text(external_id)
        opts.teams, opts.teams_count = c.array(teams)
        items = list((attributes or {}).items())
        opts.attribute_names, opts.attributes_count = c.array(k for k, _ in items)
        opts.attribute_values, _ = c.array(v for _, v in items)
        out = ffi.new("onb_user_key**")
        check(lib.onb_user_precreate(out, self._dir, text(org_id), text(actor_id), text(first_name),
                                     text(last_name), opts))
        return _issued_user_key(out[0])

    def redeem_user_key(self, org_id: str, key: str, *, password: str, email: Optional[str] = None,
                        source: Optional[str] = None) -> User:
        """Activates the user a 29-digit key belongs to; `email` replaces the one the admin gave.
        Raises as redeem_registration_key, plus PermissionDeniedError for a suspended account."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_key_redeem(out, self._dir, text(org_id), text(key), text(password), text(email),
                                      text(source)))
        return user_from(out[0])

    def inspect_user_key(self, org_id: str, key: str, *, source: Optional[str] = None) -> User:
        """The user a 29-digit key belongs to, read without using the key (the activation page
        shows the locked names). A wrong key counts against `source` like redeem_user_key's.
        Raises InvalidInputError, ThrottledError, NotFoundError, AlreadyUsedError (already
        active), PermissionDeniedError (suspended)."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_key_inspect(out, self._dir, text(org_id), text(key), text(source)))
        return user_from(out[0])

    def resend_user_key(self, org_id: str, actor_id: str, user_id: str, *,
                        email: Optional[str] = None) -> IssuedUserKey:
        """Replaces a not-activated user's key (the old one dies) and mails it again, to `email`
        if given. Raises NotFoundError, AlreadyUsedError (already active), AlreadyExistsError."""
        out = ffi.new("onb_user_key**")
        check(lib.onb_user_key_resend(out, self._dir, text(org_id), text(actor_id), text(user_id), text(email)))
        return _issued_user_key(out[0])

    def registration_documents(self, org_id: str, actor_id: str, user_ids: Optional[Iterable[str]] = None, *,
                               format: str = "pdf") -> RegistrationDocument:
        """One printable page per not-activated user (all of them when `user_ids` is None),
        as "pdf" or "html". Raises NotFoundError, InvalidInputError, PermissionDeniedError."""
        c = CStrings()
        opts = ffi.new("onb_document_options*")
        check(lib.onb_document_options_init(opts, DOCUMENT_OPTIONS_VERSION))
        opts.format = c.text(format)
        opts.user_ids, opts.user_ids_count = c.array(user_ids or ())
        out = ffi.new("onb_document**")
        check(lib.onb_document_create(out, self._dir, text(org_id), text(actor_id), opts))
        try:
            size = lib.onb_document_size(out[0])
            content = bytes(ffi.buffer(lib.onb_document_data(out[0]), size)) if size else b""
            pages = lib.onb_document_pages(out[0])
        finally:
            lib.onb_document_free(out[0])
        return RegistrationDocument(format=format, content=content, pages=pages)
