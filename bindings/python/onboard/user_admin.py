"""Managing members: pages of users, delete, suspend, reactivate (the actor needs manage_users)."""
from __future__ import annotations

import json
from typing import Iterable, Iterator, List, Optional

from ._handles import CStrings, header_macro, user_from
from ._native import ffi, lib, take_string, text
from .errors import check
from .records import User, UserPage

USER_QUERY_VERSION = header_macro("ONB_USER_QUERY_VERSION")


class UserAdminMethods:
    """Directory methods for managing members (mixed into Directory)."""

    def users_page(self, org_id: str, actor_id: str, *, status: Optional[str] = None, role: Optional[str] = None,
                   office: Optional[str] = None, team: Optional[str] = None, text_contains: Optional[str] = None,
                   include_deleted: bool = False, after: Optional[str] = None, limit: int = 100) -> UserPage:
        """One page (1 to 10,000 users) matching every given filter, oldest first; pass the
        page's `next_after` as `after` for the next. Raises PermissionDeniedError,
        InvalidInputError (an unknown role, office, team or status)."""
        c = CStrings()
        q = ffi.new("onb_user_query*")
        check(lib.onb_user_query_init(q, USER_QUERY_VERSION))
        q.status, q.role, q.office, q.team = c.text(status), c.text(role), c.text(office), c.text(team)
        q.text, q.after = c.text(text_contains), c.text(after)
        q.include_deleted = 1 if include_deleted else 0
        q.limit = limit
        out = ffi.new("char**")
        next_after = ffi.new("char**")
        check(lib.onb_users_page_json(out, next_after, self._dir, text(org_id), text(actor_id), q))
        users = [User.from_json(o) for o in json.loads(take_string(out))]
        return UserPage(users=users, next_after=take_string(next_after) if next_after[0] != ffi.NULL else None)

    def iter_users(self, org_id: str, actor_id: str, *, page_size: int = 100, **filters) -> Iterator[User]:
        """Every user matching the filters of users_page, fetched page by page."""
        after: Optional[str] = None
        while True:
            page = self.users_page(org_id, actor_id, after=after, limit=page_size, **filters)
            yield from page.users
            if page.next_after is None:
                return
            after = page.next_after

    def delete_users(self, org_id: str, actor_id: str, user_ids: Iterable[str]) -> List[User]:
        """Deletes users, all or none: their keys die and invitations to them are revoked.
        Raises NotFoundError, PermissionDeniedError (yourself, a role above your own)."""
        c = CStrings()
        ids, count = c.array(user_ids)
        out = ffi.new("char**")
        check(lib.onb_users_delete_json(out, self._dir, text(org_id), text(actor_id), ids, count))
        return [User.from_json(o) for o in json.loads(take_string(out))]

    def suspend_user(self, org_id: str, actor_id: str, user_id: str) -> User:
        """The user can no longer sign in or redeem their key. Raises NotFoundError,
        PermissionDeniedError, InvalidInputError (deleted)."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_suspend(out, self._dir, text(org_id), text(actor_id), text(user_id)))
        return user_from(out[0])

    def reactivate_user(self, org_id: str, actor_id: str, user_id: str) -> User:
        """Undoes suspend_user. Raises NotFoundError, PermissionDeniedError, InvalidInputError (not suspended)."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_reactivate(out, self._dir, text(org_id), text(actor_id), text(user_id)))
        return user_from(out[0])

    def show_user(self, org_id: str, actor_id: str, who: str) -> User:
        """One person by id, email or username, without secrets. Raises NotFoundError,
        PermissionDeniedError."""
        out = ffi.new("onb_user**")
        check(lib.onb_user_show(out, self._dir, text(org_id), text(actor_id), text(who)))
        return user_from(out[0])

    def edit_user(self, org_id: str, actor_id: str, who: str, *, role: Optional[str] = None,
                  teams: Optional[Iterable[str]] = None, office: Optional[str] = None,
                  first_name: Optional[str] = None, last_name: Optional[str] = None,
                  email: Optional[str] = None, username: Optional[str] = None,
                  external_id: Optional[str] = None) -> User:
        """Changes what is given (None: unchanged; "" removes an email, username or external id),
        as one audited edit with each field before and after. The rank rule applies to the
        person's role and to a new one. Raises PermissionDeniedError, NotFoundError,
        InvalidInputError (an unknown catalog value, locked names of a pre-created person),
        AlreadyExistsError (the email, username or external id is someone else's)."""
        changes = {name: value for name, value in (
            ("role", role), ("office", office), ("first_name", first_name), ("last_name", last_name),
            ("email", email), ("username", username), ("external_id", external_id)) if value is not None}
        if teams is not None:
            changes["teams"] = list(teams)
        out = ffi.new("onb_user**")
        check(lib.onb_user_edit_json(out, self._dir, text(org_id), text(actor_id), text(who),
                                     text(json.dumps(changes))))
        return user_from(out[0])
