"""The event feed and webhook signatures (docs/events.md)."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple, Union

from ._native import ffi, lib, text
from .errors import AuthenticationFailedError, check

Bytes = Union[str, bytes]


def _bytes(value: Bytes) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def sign_webhook(secret: Bytes, timestamp: int, body: Bytes) -> str:
    """The X-Onboard-Signature of `body` sent at `timestamp` (Unix seconds, sent in
    X-Onboard-Timestamp): "sha256=" and the hex HMAC-SHA-256 of "<timestamp>.<body>"."""
    key, payload = _bytes(secret), _bytes(body)
    out = ffi.new("char**")
    check(lib.onb_webhook_sign(out, key, len(key), int(timestamp), payload, len(payload)))
    try:
        return ffi.string(out[0]).decode()
    finally:
        lib.onb_free(out[0])


def verify_webhook(secret: Bytes, timestamp: int, body: Bytes, signature: str) -> bool:
    """True when `signature` is sign_webhook's for these (constant time). Also refuse
    timestamps far from your clock."""
    key, payload = _bytes(secret), _bytes(body)
    try:
        check(lib.onb_webhook_verify(key, len(key), int(timestamp), payload, len(payload), text(signature)))
    except AuthenticationFailedError:
        return False
    return True


class EventMethods:
    """Mixed into Directory."""

    _dir: Any

    def note_expired_invitations(self, org_id: str, limit: int = 1000) -> int:
        """Writes the feed's "invitation.expired" once for each invitation past its expiry,
        neither accepted nor revoked, and not yet noted for that expiry (a resend clears the
        mark), the earliest first, at most `limit` (0: 1000). A maintenance call: no actor;
        the library starts no thread, so call it when you like (e.g. before reading the feed).
        Returns how many were written."""
        noted = ffi.new("int64_t*")
        check(lib.onb_invitations_note_expired(noted, self._dir, text(org_id), limit))
        return int(noted[0])

    def events_since(self, org_id: str, actor_id: str, cursor: Optional[str] = None,
                     limit: int = 100) -> Tuple[List[Dict[str, Any]], str]:
        """Up to `limit` events after `cursor` (None: from the first), in commit order,
        and the cursor to pass next. At least once: store the cursor after handling
        the events and de-duplicate by "id". Needs manage_users. Raises
        PermissionDeniedError, InvalidInputError."""
        out = ffi.new("char**")
        next_cursor = ffi.new("char**")
        check(lib.onb_events_since_json(out, next_cursor, self._dir, text(org_id), text(actor_id), text(cursor),
                                        limit))
        try:
            events = json.loads(ffi.string(out[0]).decode())
            return events, ffi.string(next_cursor[0]).decode()
        finally:
            lib.onb_free(out[0])
            lib.onb_free(next_cursor[0])
