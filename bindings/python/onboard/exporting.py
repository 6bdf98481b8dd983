"""The users export: the members as a CSV or XLSX file that imports back."""
from __future__ import annotations

import os
from typing import Any, Optional, Union

from . import _native
from ._native import ffi, lib, text
from .errors import check


def _filter(status: Optional[str], role: Optional[str], office: Optional[str], team: Optional[str],
            text_contains: Optional[str]) -> Any:
    f = ffi.new("onb_user_filter*")
    check(lib.onb_user_filter_init(f, _native.USER_FILTER_VERSION))
    keep = [text(status), text(role), text(office), text(team), text(text_contains)]
    f.status, f.role, f.office, f.team, f.text = keep
    return f, keep


class ExportMethods:
    """Mixed into Directory."""

    _dir: Any

    def export_users(self, org_id: str, actor_id: str, *, format: str = "csv", status: Optional[str] = None,
                     role: Optional[str] = None, office: Optional[str] = None, team: Optional[str] = None,
                     text_contains: Optional[str] = None) -> bytes:
        """The members matching the filters (as users()) as a "csv" or "xlsx" file
        that imports back with existing="update" as "nothing changed": the
        import template's columns, every attribute and Status, never a secret.
        It holds personal data: store it privately (export_users_to_file does).
        Needs manage_users; audited. Raises PermissionDeniedError, InvalidInputError."""
        f, _keep = _filter(status, role, office, team, text_contains)
        out = ffi.new("char**")
        size = ffi.new("size_t*")
        check(lib.onb_users_export(out, size, self._dir, text(org_id), text(actor_id), f, text(format)))
        try:
            return bytes(ffi.buffer(out[0], size[0]))
        finally:
            lib.onb_free(out[0])

    def export_users_to_file(self, org_id: str, actor_id: str, path: Union[str, "os.PathLike[str]"], *,
                             format: Optional[str] = None, replace: bool = False, status: Optional[str] = None,
                             role: Optional[str] = None, office: Optional[str] = None, team: Optional[str] = None,
                             text_contains: Optional[str] = None) -> int:
        """export_users written to `path`, mode 0600, never through a symbolic link
        and never over an existing file unless `replace`; `format` defaults to
        "xlsx" for a .xlsx name, else "csv". Returns how many people it holds.
        Raises AlreadyExistsError, StorageError besides those of export_users."""
        target = os.fspath(path)
        kind = format or ("xlsx" if target.endswith(".xlsx") else "csv")
        f, _keep = _filter(status, role, office, team, text_contains)
        count = ffi.new("size_t*")
        check(lib.onb_users_export_file(count, self._dir, text(org_id), text(actor_id), f, text(kind), text(target),
                                        1 if replace else 0))
        return int(count[0])
