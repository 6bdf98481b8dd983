"""Directory: onboard's use cases for Python hosts, over the C ABI."""
from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native
from ._handles import threads_option
from ._native import ffi, lib, take_string, text
from .errors import MisuseError, check
from .records import (AuditEvent, CreatedOrganization, Invitation, IssuedInvitation, Organization, OutboxMessage,
                      User)
from .confirmations import ConfirmationMethods
from .events import EventMethods
from .exporting import ExportMethods
from .importing import ImportMethods
from .mail_templates import MailTemplateMethods
from .password_links import PasswordLinkMethods
from .registrations import RegistrationMethods
from .signup_links import SignupLinkMethods
from .user_admin import UserAdminMethods

Instant = Union[datetime, int, float]


def _unix(value: Instant) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("Give an aware datetime (with a time zone) so the instant is unambiguous.")
        return int(value.timestamp())
    return int(value)


_UNCHANGED: Any = object()


def _json_out(call, *args: Any) -> Any:
    """Calls a `char** out` function and returns its JSON, parsed."""
    out = ffi.new("char**")
    check(call(out, *args))
    return json.loads(take_string(out))


def _handle_json(to_json, handle) -> Dict[str, Any]:
    out = ffi.new("char**")
    check(to_json(out, handle))
    return json.loads(take_string(out))


def _user(handle) -> User:
    """A User from an onb_user handle, which it frees."""
    try:
        return User.from_json(_handle_json(lib.onb_user_json, handle))
    finally:
        lib.onb_user_free(handle)


def _organization(handle) -> Organization:
    try:
        return Organization.from_json(_handle_json(lib.onb_organization_json, handle))
    finally:
        lib.onb_organization_free(handle)


def _invitation(handle) -> Invitation:
    try:
        return Invitation.from_json(_handle_json(lib.onb_invitation_json, handle))
    finally:
        lib.onb_invitation_free(handle)


def _issued(handle) -> IssuedInvitation:
    try:
        token = _native.string(lib.onb_invitation_token(handle))
        link = _native.string(lib.onb_invitation_link(handle))
        invitation = Invitation.from_json(_handle_json(lib.onb_invitation_json, handle))
    finally:
        lib.onb_invitation_free(handle)
    return IssuedInvitation(invitation=invitation, token=token or "", link=link or "")


class Directory(RegistrationMethods, SignupLinkMethods, UserAdminMethods, ImportMethods, ConfirmationMethods,
                PasswordLinkMethods, MailTemplateMethods, ExportMethods, EventMethods):
    """An open onboard store. Thread-safe: share one per process.

    Use it as a context manager, or call close(). Calls made by a member take
    the organization id and the member's user id (`actor_id`); calls made for
    someone not yet a member (accepting an invitation) take the secret.
    """

    def __init__(self, handle) -> None:
        self._handle = handle
        self._lock = threading.Lock()

    @classmethod
    def open(cls, uri: str, *, key_file: Optional[Union[str, os.PathLike]] = None, key: Optional[bytes] = None,
             now: Optional[Instant] = None, threads: Optional[int] = None) -> "Directory":
        """Opens the store at `uri` ("memory:", "sqlite:acme.db", "postgresql://…").

        A persistent store needs `key_file` or the `key` of _native.KEY_SIZE
        (32) bytes. A missing key file is created (mode 0600) only for an empty
        store; for a store that was used it is a StorageError, never a new key.
        A store sealed with another key raises StorageError. Giving `now` runs the directory on a
        manual clock starting then (tests, demos); see set_time().
        `threads` is how many threads one call may keep busy, the caller's
        included: 1 means onboard starts no thread at all (the SQLite
        checkpoint runs on the committing thread); None, the default, is the
        machine's cores (1 to 4). An import may lower it (import_users).
        Raises InvalidInputError, StorageError, MisuseError; ValueError for a
        `threads` below 1.
        """
        opts = ffi.new("onb_open_options*")
        check(lib.onb_open_options_init(opts, _native.OPEN_OPTIONS_VERSION))
        keep = []  # the C strings must outlive the call
        if key_file is not None:
            keep.append(text(os.fspath(key_file)))
            opts.key_file = keep[-1]
        if key is not None:
            keep.append(ffi.new("uint8_t[]", bytes(key)))
            opts.key = keep[-1]
            opts.key_size = len(key)
        opts.threads = threads_option(threads)
        if now is not None:
            opts.clock_mode = lib.ONB_CLOCK_MANUAL
            opts.now_unix = _unix(now)
        out = ffi.new("onb_directory**")
        check(lib.onb_directory_open(out, text(uri), opts))
        return cls(out[0])

    def close(self) -> None:
        """Closes the store; later calls raise MisuseError. Closing twice is harmless."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            lib.onb_directory_free(handle)

    def __enter__(self) -> "Directory":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    @property
    def _dir(self):
        handle = self._handle
        if handle is None:
            raise MisuseError("This directory is closed.", code=17)
        return handle

    # --- time ---

    def now(self) -> datetime:
        """The directory's current time (UTC)."""
        out = ffi.new("int64_t*")
        check(lib.onb_directory_now(out, self._dir))
        return datetime.fromtimestamp(out[0], tz=timezone.utc)

    def set_time(self, when: Instant) -> None:
        """Moves a manual clock (opened with `now=`). Raises MisuseError on the system clock."""
        check(lib.onb_directory_set_time(self._dir, _unix(when)))

    def advance(self, delta: Union[timedelta, int]) -> None:
        """Moves a manual clock forward by `delta` (seconds or a timedelta)."""
        seconds = int(delta.total_seconds()) if isinstance(delta, timedelta) else int(delta)
        self.set_time(int(self.now().timestamp()) + seconds)

    # --- organizations ---

    def create_organization(self, name: str, *, admin_email: str, admin_name: str,
                            admin_password: Optional[str] = None, base_url: Optional[str] = None,
                            time_zone: Optional[str] = None, role_preset: Optional[str] = None,
                            offices: Iterable[str] = (), default_office: Optional[str] = None,
                            teams: Iterable[str] = (), seat_limit: Optional[int] = None) -> CreatedOrganization:
        """Creates an organization and its first administrator.

        Without `admin_password` one is generated and returned once in
        `generated_password`; the admin must change it at first sign-in.
        Raises InvalidInputError, WeakPasswordError.
        """
        opts = ffi.new("onb_organization_options*")
        check(lib.onb_organization_options_init(opts, _native.ORGANIZATION_OPTIONS_VERSION))
        keep: List[Any] = []

        def c(value: Optional[str]):
            keep.append(text(value))
            return keep[-1]

        def c_list(values: Iterable[str]):
            items = [c(v) for v in values]
            array = ffi.new("const char*[]", items) if items else ffi.NULL
            keep.append(array)
            return array, len(items)

        opts.name = c(name)
        opts.base_url = c(base_url)
        opts.time_zone = c(time_zone)
        opts.role_preset = c(role_preset)
        opts.offices, opts.offices_count = c_list(offices)
        opts.default_office = c(default_office)
        opts.teams, opts.teams_count = c_list(teams)
        opts.seat_limit = seat_limit or 0
        opts.admin_email = c(admin_email)
        opts.admin_name = c(admin_name)
        opts.admin_password = c(admin_password)
        org_out = ffi.new("onb_organization**")
        admin_out = ffi.new("onb_user**")
        password_out = ffi.new("char**")
        check(lib.onb_organization_create(org_out, admin_out, password_out, self._dir, opts))
        password = take_string(password_out) if password_out[0] != ffi.NULL else None
        return CreatedOrganization(organization=_organization(org_out[0]), admin=_user(admin_out[0]),
                                   generated_password=password)

    def organization(self, org_id: str) -> Organization:
        """One organization. Raises NotFoundError."""
        out = ffi.new("onb_organization**")
        check(lib.onb_organization_get(out, self._dir, text(org_id)))
        return _organization(out[0])

    def organizations(self) -> List[Organization]:
        """Every organization in the store."""
        return [Organization.from_json(o) for o in _json_out(lib.onb_organizations_list_json, self._dir)]

    def update_organization(self, org_id: str, actor_id: str, **changes: Any) -> Organization:
        """Changes settings by key of the organization's JSON (e.g. seat_limit=5,
        base_url=…, settings={"invitation_ttl_seconds": 7200}); nested dicts are
        merged. teams=[...] and offices=[...] add the new entries and remove the
        missing ones (InvalidInputError while one is in use); renames are
        change_organization's. Needs manage_users. Raises InvalidInputError,
        PermissionDeniedError."""
        current = ffi.new("onb_organization**")
        check(lib.onb_organization_get(current, self._dir, text(org_id)))
        try:
            document = _handle_json(lib.onb_organization_json, current[0])
        finally:
            lib.onb_organization_free(current[0])

        def merge(into: Dict[str, Any], update: Dict[str, Any]) -> None:
            for k, v in update.items():
                if isinstance(v, dict) and isinstance(into.get(k), dict):
                    merge(into[k], v)
                else:
                    into[k] = v

        merge(document, changes)
        handle = ffi.new("onb_organization**")
        check(lib.onb_organization_update_json(handle, self._dir, text(org_id), text(actor_id),
                                               text(json.dumps(document))))
        return _organization(handle[0])

    def change_organization(self, org_id: str, actor_id: str, *,
                            seat_limit: Any = _UNCHANGED,
                            invitation_days: Optional[int] = None,
                            add_teams: Sequence[str] = (), rename_teams: Optional[Dict[str, str]] = None,
                            remove_teams: Sequence[str] = (),
                            add_offices: Sequence[str] = (), rename_offices: Optional[Dict[str, str]] = None,
                            remove_offices: Sequence[str] = (),
                            default_office: Optional[str] = None, time_zone: Optional[str] = None,
                            password_min_length: Optional[int] = None, locale: Optional[str] = None,
                            pending_hold_seats: Optional[bool] = None) -> Organization:
        """Changes what is given (as `onboard org set`), in one audited step.

        seat_limit=None makes the seats unlimited. Renaming a team or office
        renames it for the people, pending invitations, keys and links that
        have it; removing one in use raises InvalidInputError naming who uses
        it. Needs manage_users. Raises InvalidInputError, PermissionDeniedError,
        AlreadyExistsError, LimitExceededError.
        """
        change: Dict[str, Any] = {}
        if seat_limit is not _UNCHANGED:
            change["seat_limit"] = seat_limit
        for key, value in (("invitation_days", invitation_days), ("default_office", default_office),
                           ("time_zone", time_zone), ("password_min_length", password_min_length),
                           ("locale", locale), ("pending_hold_seats", pending_hold_seats),
                           ("rename_teams", rename_teams), ("rename_offices", rename_offices)):
            if value is not None:
                change[key] = value
        for key, items in (("add_teams", add_teams), ("remove_teams", remove_teams),
                           ("add_offices", add_offices), ("remove_offices", remove_offices)):
            if isinstance(items, str):
                raise TypeError("%s takes a list of names, not one string" % key)
            if items:
                change[key] = list(items)
        handle = ffi.new("onb_organization**")
        check(lib.onb_organization_change_json(handle, self._dir, text(org_id), text(actor_id),
                                               text(json.dumps(change))))
        return _organization(handle[0])

    def seat_usage(self, org_id: str, actor_id: str) -> Dict[str, Any]:
        """Seats: limit (None: unlimited), used, not_activated,
        pending_invitations, pending_hold_seats, reserved, free. Needs invite_users."""
        return _json_out(lib.onb_organization_seats_json, self._dir, text(org_id), text(actor_id))

    # --- invitations ---

    def invite(self, org_id: str, actor_id: str, email: str, *, role: Optional[str] = None,
               team: Optional[str] = None, office: Optional[str] = None) -> IssuedInvitation:
        """Invites `email` on behalf of member `actor_id` and queues the mail.

        The token and link are in the result only. Raises InvalidInputError,
        PermissionDeniedError, AlreadyExistsError, LimitExceededError.
        """
        opts = ffi.new("onb_invite_options*")
        check(lib.onb_invite_options_init(opts, _native.INVITE_OPTIONS_VERSION))
        keep = [text(role), text(team), text(office)]
        opts.role, opts.team, opts.office = keep
        out = ffi.new("onb_invitation**")
        check(lib.onb_invitation_create(out, self._dir, text(org_id), text(actor_id), text(email), opts))
        return _issued(out[0])

    def inspect_invitation(self, org_id: str, token: str) -> Invitation:
        """Reads an invitation by its token without using it. Raises NotFoundError,
        ExpiredError, AlreadyUsedError, RevokedError."""
        out = ffi.new("onb_invitation**")
        check(lib.onb_invitation_inspect(out, self._dir, text(org_id), text(token)))
        return _invitation(out[0])

    def accept_invitation(self, org_id: str, token: str, *, name: str, password: str) -> User:
        """Uses the invitation once and returns the new member. Raises as
        inspect_invitation, plus WeakPasswordError, AlreadyExistsError."""
        out = ffi.new("onb_user**")
        check(lib.onb_invitation_accept(out, self._dir, text(org_id), text(token), text(name), text(password)))
        return _user(out[0])

    def resend_invitation(self, org_id: str, actor_id: str, invitation_id: str) -> IssuedInvitation:
        """A new token and expiry; the old link stops working."""
        out = ffi.new("onb_invitation**")
        check(lib.onb_invitation_resend(out, self._dir, text(org_id), text(actor_id), text(invitation_id)))
        return _issued(out[0])

    def revoke_invitation(self, org_id: str, actor_id: str, invitation_id: str) -> Invitation:
        """Withdraws a pending invitation; its link stops working."""
        out = ffi.new("onb_invitation**")
        check(lib.onb_invitation_revoke(out, self._dir, text(org_id), text(actor_id), text(invitation_id)))
        return _invitation(out[0])

    def invitations(self, org_id: str, actor_id: str, *, status: Optional[str] = None) -> List[Invitation]:
        """The organization's invitations, newest first: every one, or those
        whose status is now `status` ("pending", "accepted", "expired",
        "revoked"; "all" is every one)."""
        if status is None:
            items = _json_out(lib.onb_invitations_list_json, self._dir, text(org_id), text(actor_id))
        else:
            items = _json_out(lib.onb_invitations_list_status_json, self._dir, text(org_id), text(actor_id),
                              text(status))
        return [Invitation.from_json(o) for o in items]

    # --- users and sign-in ---

    def authenticate(self, org_id: str, email: str, password: str, *, source: Optional[str] = None) -> User:
        """Checks an email or a username (`email` may be either) and a password.
        Raises AuthenticationFailedError (the same for an unknown name and a wrong
        password), MustChangePasswordError, PermissionDeniedError, ThrottledError.

        Throttled per account and, given `source` (the caller's IP address or
        device id; only its keyed hash is stored), per source: after 100
        consecutive failures ThrottledError says when to try again, whether
        the password is right or not, and each further failure doubles the
        wait. Without a source only the account is counted."""
        out = ffi.new("onb_user**")
        if source is None:
            check(lib.onb_user_authenticate(out, self._dir, text(org_id), text(email), text(password)))
        else:
            check(lib.onb_user_authenticate_v2(out, self._dir, text(org_id), text(email), text(password),
                                               text(source)))
        return _user(out[0])

    def change_password(self, org_id: str, email: str, current_password: str, new_password: str, *,
                        source: Optional[str] = None) -> User:
        """Replaces a password after checking the current one. Raises
        AuthenticationFailedError, WeakPasswordError, ThrottledError (counted
        like authenticate: it checks the current password)."""
        out = ffi.new("onb_user**")
        if source is None:
            check(lib.onb_user_change_password(out, self._dir, text(org_id), text(email), text(current_password),
                                               text(new_password)))
        else:
            check(lib.onb_user_change_password_v2(out, self._dir, text(org_id), text(email),
                                                  text(current_password), text(new_password), text(source)))
        return _user(out[0])

    def user(self, org_id: str, actor_id: str, user_id: str) -> User:
        """One user, as seen by `actor_id`. Raises NotFoundError, PermissionDeniedError."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_get(out, self._dir, text(org_id), text(actor_id), text(user_id)))
        return _user(out[0])

    def find_user_by_email(self, org_id: str, email: str) -> User:
        """The member with this email. Raises InvalidInputError, NotFoundError."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_find_by_email(out, self._dir, text(org_id), text(email)))
        return _user(out[0])

    def users(self, org_id: str, actor_id: str, *, status: Optional[str] = None, role: Optional[str] = None,
              office: Optional[str] = None, team: Optional[str] = None, text_contains: Optional[str] = None,
              registered_via: Optional[str] = None, include_deleted: bool = False, after_id: Optional[str] = None,
              limit: int = 0) -> List[User]:
        """The users matching every given filter, oldest first. Needs manage_users."""
        f = ffi.new("onb_user_filter*")
        check(lib.onb_user_filter_init(f, _native.USER_FILTER_VERSION))
        keep = [text(status), text(role), text(office), text(team), text(text_contains), text(registered_via),
                text(after_id)]
        f.status, f.role, f.office, f.team, f.text, f.registered_via, f.after_id = keep
        f.include_deleted = 1 if include_deleted else 0
        f.limit = limit
        return [User.from_json(o)
                for o in _json_out(lib.onb_users_list_json, self._dir, text(org_id), text(actor_id), f)]

    # --- outbox and audit ---

    def claim_outbox(self, org_id: str, limit: int = 10, lease: Union[timedelta, int] = 300) -> List[OutboxMessage]:
        """Claims up to `limit` messages for `lease` and returns them ready to
        send; call ack_outbox for each one sent."""
        seconds = int(lease.total_seconds()) if isinstance(lease, timedelta) else int(lease)
        return [OutboxMessage.from_json(o)
                for o in _json_out(lib.onb_outbox_claim_json, self._dir, text(org_id), limit, seconds)]

    def ack_outbox(self, org_id: str, message_id: str) -> None:
        """Marks a claimed message as sent. Raises NotFoundError when it is not claimed."""
        check(lib.onb_outbox_ack(self._dir, text(org_id), text(message_id)))

    def outbox(self, org_id: str, actor_id: str, state: Optional[str] = None) -> List[OutboxMessage]:
        """Messages in `state` ("queued", "claimed", "sent", "cancelled"; None: all), secrets hidden."""
        return [OutboxMessage.from_json(o)
                for o in _json_out(lib.onb_outbox_list_json, self._dir, text(org_id), text(actor_id), text(state))]

    def audit_log(self, org_id: str, actor_id: str, limit: int = 0) -> List[AuditEvent]:
        """The newest `limit` audit events (0: all), newest first. Needs manage_users."""
        return [AuditEvent.from_json(o)
                for o in _json_out(lib.onb_audit_list_json, self._dir, text(org_id), text(actor_id), limit)]
