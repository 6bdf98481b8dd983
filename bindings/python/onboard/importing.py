"""Bulk import from CSV and XLSX: preview or run, the report with every problem, credentials once, templates."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from ._handles import CStrings, header_macro, threads_option
from ._native import ffi, lib, text
from .errors import ValidationError, check

IMPORT_OPTIONS_VERSION = header_macro("ONB_IMPORT_OPTIONS_VERSION")
NOTIFY_LINKS = header_macro("ONB_NOTIFY_LINKS")
NOTIFY_PASSWORDS = header_macro("ONB_NOTIFY_PASSWORDS")

#: A progress callback: called with (done, total) bytes of the file; return False to cancel.
Progress = Callable[[int, int], Optional[bool]]
ImportData = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


@dataclass(frozen=True)
class RowError:
    """One problem of an import: spreadsheet `row` (header = 1; None for the whole file),
    `column` as written in the file (None when none), a stable `code` and a sentence."""
    row: Optional[int]
    column: Optional[str]
    code: str
    message: str

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "RowError":
        return cls(row=o.get("row"), column=o.get("column"), code=o["code"], message=o["message"])


class _ReportHandle:
    """Owns the onb_import_report behind an ImportReport, and the bytes its annotated copy needs."""

    def __init__(self, pointer, data: bytes, file_name: Optional[str]) -> None:
        self.pointer = ffi.gc(pointer, lib.onb_import_report_free)
        self.data = data
        self.file_name = file_name


@dataclass(frozen=True)
class ImportReport:
    """What an import found and did. `errors` lists every problem (at most 1000;
    `error_rows` counts all rows with one). The credentials this run made are
    given out once, by credentials_csv()."""
    file_name: str
    format: str
    encoding: str
    delimiter: str
    headers: List[str]
    rows: int
    valid: int
    committed: bool
    dry_run: bool
    created: int
    updated: int
    skipped: int
    error_rows: int
    conflicts: int
    errors: List[RowError]
    warnings: List[str]
    plan: List[Dict[str, Any]]
    credential_count: int
    job_id: Optional[str] = None
    file_digest: Optional[str] = None
    suspended: int = 0  # members not in the file, suspended (missing="suspend")
    #: Rows that create a person with an imported Password Hash, per scheme:
    #: [{"scheme": "bcrypt", "rows": 3, "weak": False}, ...]; empty when the file gives none.
    password_hashes: List[Dict[str, Any]] = field(default_factory=list)
    _handle: Optional[_ReportHandle] = field(default=None, repr=False, compare=False)

    @classmethod
    def from_json(cls, o: Dict[str, Any], handle: Optional[_ReportHandle] = None) -> "ImportReport":
        return cls(file_name=o["file_name"], format=o["format"], encoding=o["encoding"], delimiter=o["delimiter"],
                   headers=list(o.get("headers", [])), rows=o["rows"], valid=o["valid"], committed=o["committed"],
                   dry_run=o["dry_run"], created=o["created"], updated=o["updated"], skipped=o["skipped"],
                   error_rows=o["error_rows"], conflicts=o["conflicts"],
                   errors=[RowError.from_json(e) for e in o["errors"]], warnings=list(o["warnings"]),
                   plan=list(o["plan"]), credential_count=o["credentials"], job_id=o.get("job_id"),
                   file_digest=o.get("file_digest"), suspended=o.get("suspended", 0),
                   password_hashes=list(o.get("password_hashes", [])), _handle=handle)

    def _pointer(self):
        if self._handle is None:
            raise ValueError("This report was not made by an import.")
        return self._handle.pointer

    def credentials_csv(self) -> bytes:
        """The generated passwords and activation keys of this run, as formula-safe CSV
        (UTF-8 with BOM). Given out once: a second call raises AlreadyUsedError; a report
        that made none raises NotFoundError. Show it to the admin, do not keep it."""
        out = ffi.new("char**")
        size = ffi.new("size_t*")
        check(lib.onb_import_report_credentials_csv(out, size, self._pointer()))
        try:
            return bytes(ffi.buffer(out[0], size[0]))
        finally:
            ffi.memmove(out[0], b"\0" * size[0], size[0])
            lib.onb_free(out[0])

    def annotated_csv(self) -> bytes:
        """The uploaded file as formula-safe CSV with an "Errors" column, to fix and upload again."""
        handle = self._handle
        pointer = self._pointer()
        out = ffi.new("char**")
        size = ffi.new("size_t*")
        c = CStrings()
        check(lib.onb_import_annotated_csv(out, size, pointer, handle.data, len(handle.data),
                                           c.text(handle.file_name)))
        try:
            return bytes(ffi.buffer(out[0], size[0]))
        finally:
            lib.onb_free(out[0])


def _report(pointer, data: bytes, file_name: Optional[str]) -> ImportReport:
    handle = _ReportHandle(pointer, data, file_name)
    out = ffi.new("char**")
    check(lib.onb_import_report_json(out, handle.pointer))
    try:
        document = json.loads(ffi.string(out[0]).decode("utf-8"))
    finally:
        lib.onb_free(out[0])
    return ImportReport.from_json(document, handle)


def _read(data: ImportData, file_name: Optional[str]):
    """The bytes to import and the file name to tell the format by."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data), file_name
    path = os.fspath(data)
    with open(path, "rb") as f:
        return f.read(), file_name if file_name is not None else os.path.basename(path)


def _column_map(mapping: Union[None, str, Mapping[str, str]]) -> Optional[str]:
    if mapping is None or isinstance(mapping, str):
        return mapping
    for header, target in mapping.items():
        if "," in header or "=" in header:
            raise ValueError("The header %r holds a comma or '='; rename it in the file to map it." % header)
    return ",".join("%s=%s" % (header, target) for header, target in mapping.items())


class ImportMethods:
    """Directory methods for bulk import (mixed into Directory). The actor needs import_users."""

    def import_users(self, org_id: str, actor_id: str, data: ImportData, *, file_name: Optional[str] = None,
                     dry_run: bool = False, mode: str = "all-or-nothing", existing: str = "error",
                     role: Optional[str] = None, passwords: str = "auto", activation: str = "email",
                     notify: bool = False, unknown_columns: str = "attribute",
                     column_map: Union[None, str, Mapping[str, str]] = None, max_rows: Optional[int] = None,
                     max_bytes: Optional[int] = None, progress: Optional[Progress] = None,
                     threads: Optional[int] = None, mail_passwords: bool = False,
                     missing: str = "keep", allow_weak_hashes: bool = False) -> ImportReport:
        """Imports people from a CSV or XLSX file: `data` is its bytes or a path.

        `dry_run` previews: nothing is written and the report (with every
        problem) is returned. Otherwise the rows are written in one
        transaction; when problems keep them from being written (any problem
        in "all-or-nothing" mode), ValidationError is raised with `.errors`
        (RowError) and `.report`. `mode` is "all-or-nothing" or "valid-rows";
        `existing` "error", "skip" or "update"; `passwords` "auto" (a password
        given in the Password column is used, a blank one generated),
        "generate", "file", "hash" (the Password Hash column: hashes made by another
        system, bcrypt, sha512-crypt, PBKDF2…; see docs/migration.md) or "none" (with
        `activation` "email" or "key"); `allow_weak_hashes` accepts hashes of weak schemes
        (salted SHA-1/MD5, md5-crypt, PBKDF2-SHA1), refused otherwise; `column_map` maps
        headers to fields ({"Mail": "email", "Notes": "ignore"});
        `max_rows`/`max_bytes` override the organization's limits.
        `progress(done, total)` gets bytes of the file (a run reads it twice,
        so total is twice its size) and cancels by returning False or by
        raising, which is raised again here; nothing is written then.
        `notify` queues mail: activation links with `passwords="none"`, and
        for generated passwords a one-use set-password link per person (kind
        "set_password"), never the password; `mail_passwords=True` mails the
        generated password itself instead ("login_details", weaker: see
        docs/security.md).
        `threads` lowers the directory's (Directory.open) for this import:
        1 starts no thread; None takes the directory's. The report is the
        same whatever the number (ValueError below 1).
        `missing="suspend"` (with `existing="update"`, all-or-nothing, and
        manage_users) suspends the members no row matches, never the actor
        or a higher rank: an HR file's sync. They are in `suspended` and in
        the plan with action "suspend".
        Raises ValidationError, PermissionDeniedError, InvalidInputError
        (options), CancelledError, StorageError.
        """
        thread_count = threads_option(threads)
        payload, name = _read(data, file_name)
        c = CStrings()
        opts = ffi.new("onb_import_options*")
        check(lib.onb_import_options_init(opts, IMPORT_OPTIONS_VERSION))
        opts.mode, opts.existing, opts.role = c.text(mode), c.text(existing), c.text(role)
        opts.passwords, opts.activation = c.text(passwords), c.text(activation)
        opts.unknown_columns, opts.column_map = c.text(unknown_columns), c.text(_column_map(column_map))
        opts.notify = (NOTIFY_PASSWORDS if mail_passwords else NOTIFY_LINKS) if notify else 0
        opts.max_rows = max_rows or 0
        opts.max_bytes = max_bytes or 0
        opts.threads = thread_count
        opts.missing = c.text(missing)
        opts.allow_weak_hashes = 1 if allow_weak_hashes else 0

        raised: List[BaseException] = []
        callback = ffi.NULL
        if progress is not None:
            def on_progress(_user_data, done: int, total: int) -> int:
                try:
                    return 1 if progress(done, total) is False else 0
                except BaseException as e:  # cancel, and raise it again once the call is over
                    raised.append(e)
                    return 1
            callback = ffi.callback("onb_progress_fn", on_progress, error=1)

        out = ffi.new("onb_import_report**")
        call = lib.onb_import_preview if dry_run else lib.onb_import_run
        status = call(out, self._dir, text(org_id), text(actor_id), ffi.from_buffer(payload), len(payload),
                      c.text(name), opts, callback, ffi.NULL)
        if raised:
            if out[0] != ffi.NULL:
                lib.onb_import_report_free(out[0])
            raise raised[0]
        if out[0] == ffi.NULL:
            check(status)
            raise AssertionError("onboard returned no report and no error.")
        if status == 0 or dry_run:
            return _report(out[0], payload, name)
        # Problems kept the rows from being written: the error and the whole report.
        error = lib.onb_error_last()
        message = ffi.string(error.message).decode("utf-8")
        row, column = error.row or None, ffi.string(error.column).decode("utf-8") or None
        detail = ffi.string(error.detail_code).decode("utf-8") or None
        report = _report(out[0], payload, name)
        raise ValidationError(message, errors=report.errors, report=report, code=status, row=row, column=column,
                              detail_code=detail)

    def take_import_credentials(self, org_id: str, actor_id: str, job_id: str) -> bytes:
        """The credentials of committed import `job_id` (ImportReport.job_id) as formula-safe CSV,
        from the sealed copy the import stored with the accounts, for when the report's copy was
        never saved (a crash, a full disk). Handed out once: the sealed copy is deleted. Allowed to
        the member who ran the import, or one with import_users whose role ranks at least as high.
        Raises AlreadyUsedError (handed out before), ExpiredError (wiped unclaimed after the
        organization's credentials_ttl), NotFoundError, PermissionDeniedError."""
        out = ffi.new("char**")
        size = ffi.new("size_t*")
        check(lib.onb_import_take_credentials_csv(out, size, self._dir, text(org_id), text(actor_id), text(job_id)))
        try:
            return bytes(ffi.buffer(out[0], size[0]))
        finally:
            ffi.memmove(out[0], b"\0" * size[0], size[0])
            lib.onb_free(out[0])

    def discard_import_credentials(self, org_id: str, actor_id: str, job_id: str) -> None:
        """Deletes the sealed copy of import `job_id`'s credentials without reading it: call it once
        the report's credentials_csv() is durably saved. Same rules and errors as
        take_import_credentials."""
        check(lib.onb_import_discard_credentials(self._dir, text(org_id), text(actor_id), text(job_id)))

    def purge_expired_import_credentials(self, org_id: str) -> int:
        """Wipes the organization's sealed credentials that expired unclaimed (imports and takes do
        it too); returns how many parts were deleted."""
        purged = ffi.new("int64_t*")
        check(lib.onb_import_purge_expired_credentials(purged, self._dir, text(org_id)))
        return int(purged[0])

    def import_template(self, org_id: str, format: str = "csv") -> bytes:
        """A blank import file with the headers onboard knows: "csv", or "xlsx" with
        drop-down lists of the organization's roles, offices and teams."""
        out = ffi.new("char**")
        size = ffi.new("size_t*")
        check(lib.onb_import_template(out, size, self._dir, text(org_id), text(format)))
        try:
            return bytes(ffi.buffer(out[0], size[0]))
        finally:
            lib.onb_free(out[0])
