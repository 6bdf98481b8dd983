"""SCIM 2.0 provisioning (docs/scim.md): tokens, and a handler a web framework hands each request to.

    from onboard import scim
    issued = scim.create_token(d, org_id, admin_id, "Okta")      # issued.secret is shown once
    handler = scim.Handler(d, org_id, base_url="https://acme.example/scim/v2")
    response = handler.handle("GET", "/Users", query="filter=...", headers={"Authorization": "Bearer " + token})
    response.status, response.headers, response.body
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ._handles import CStrings, header_macro, json_out
from ._native import ffi, lib, string, take_string, text
from .errors import check

SCIM_OPTIONS_VERSION = header_macro("ONB_SCIM_OPTIONS_VERSION")


@dataclass(frozen=True)
class IssuedScimToken:
    """A new token: `secret` exists only here (the store keeps its keyed hash)."""
    id: str
    name: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class ScimResponse:
    status: int
    headers: List[Tuple[str, str]]
    body: str

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def create_token(directory, org_id: str, actor_id: str, name: str) -> IssuedScimToken:
    """A SCIM bearer token acting as `actor_id` (needs manage_users). Raises PermissionDeniedError."""
    secret = ffi.new("char**")
    token_id = ffi.new("char**")
    check(lib.onb_scim_token_create(secret, token_id, directory._dir, text(org_id), text(actor_id), text(name)))
    id_text = take_string(token_id)
    return IssuedScimToken(id=id_text, name=name, secret=take_string(secret))


def tokens(directory, org_id: str, actor_id: str) -> List[Dict[str, Any]]:
    """Every SCIM token of the organization (without secrets), oldest first."""
    return json_out(lib.onb_scim_token_list_json, directory._dir, text(org_id), text(actor_id))


def revoke_token(directory, org_id: str, actor_id: str, token_id: str) -> None:
    """Revokes a token for good. Raises NotFoundError, PermissionDeniedError."""
    check(lib.onb_scim_token_revoke(directory._dir, text(org_id), text(actor_id), text(token_id)))


class Handler:
    """Serves SCIM requests for one organization; owns no socket."""

    def __init__(self, directory, org_id: str, *, base_url: Optional[str] = None, delete_removes: bool = False,
                 max_bulk_operations: int = 0, max_payload_bytes: int = 0) -> None:
        self._directory = directory
        self._org_id = org_id
        self._base_url = base_url
        self._delete_removes = delete_removes
        self._max_bulk_operations = max_bulk_operations
        self._max_payload_bytes = max_payload_bytes

    def handle(self, method: str, path: str, *, query: str = "", headers: Optional[Mapping[str, str]] = None,
               body: str | bytes = b"", actor_id: Optional[str] = None) -> ScimResponse:
        """One request. Without `actor_id` it needs an Authorization: Bearer header with a SCIM token."""
        c = CStrings()
        opts = ffi.new("onb_scim_options*")
        check(lib.onb_scim_options_init(opts, SCIM_OPTIONS_VERSION))
        opts.base_url = c.text(self._base_url)
        opts.delete_removes = 1 if self._delete_removes else 0
        opts.max_bulk_operations = self._max_bulk_operations
        opts.max_payload_bytes = self._max_payload_bytes
        items = list((headers or {}).items())
        names, count = c.array([k for k, _ in items])
        values, _ = c.array([v for _, v in items])
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        buffer = ffi.new("char[]", raw) if raw else ffi.NULL
        out = ffi.new("onb_scim_response**")
        check(lib.onb_scim_handle(out, self._directory._dir, c.text(self._org_id), c.text(actor_id), opts,
                                  c.text(method), c.text(path), c.text(query), names, values, count, buffer,
                                  len(raw)))
        r = out[0]
        try:
            status = lib.onb_scim_response_status(r)
            got = [(string(lib.onb_scim_response_header_name(r, i)) or "",
                    string(lib.onb_scim_response_header_value(r, i)) or "")
                   for i in range(lib.onb_scim_response_header_count(r))]
            payload = ffi.unpack(lib.onb_scim_response_body(r), lib.onb_scim_response_body_size(r)).decode("utf-8")
        finally:
            lib.onb_scim_response_free(r)
        return ScimResponse(status=status, headers=got, body=payload)
