"""One exception class per onb_status code, and the function that raises them."""
from __future__ import annotations

from typing import Any, Dict, List, Optional


class OnboardError(Exception):
    """Base of every onboard error: a status `code`, its `name`, a `message`
    for people, and for file problems the spreadsheet `row` and `column`."""

    code: int = -1
    name: str = "unknown"

    def __init__(self, message: str, *, code: Optional[int] = None, row: Optional[int] = None,
                 column: Optional[str] = None, detail_code: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.row = row
        self.column = column
        self.detail_code = detail_code


class InvalidInputError(OnboardError):
    """A value a person typed or a file holds is malformed."""
    code, name = 1, "invalid_input"


class ValidationError(InvalidInputError):
    """An import wrote nothing because of problems in the file: `errors` lists each
    (onboard.RowError: row, column, code, message) and `report` is the whole
    onboard.ImportReport (for its annotated_csv()). `row` and `column` are the first problem's."""

    def __init__(self, message: str, errors: Optional[List[Any]] = None, report: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.errors: List[Any] = list(errors or [])
        self.report = report


class NotFoundError(OnboardError):
    """No such record, or not in this organization."""
    code, name = 2, "not_found"


class AlreadyExistsError(OnboardError):
    """A member, a pending invitation or a duplicate exists."""
    code, name = 3, "already_exists"


class ExpiredError(OnboardError):
    """An invitation, key or link is past its expiry."""
    code, name = 4, "expired"


class AlreadyUsedError(OnboardError):
    """A one-use secret was already used, or its uses ran out."""
    code, name = 5, "already_used"


class RevokedError(OnboardError):
    """An invitation, key or link was revoked or disabled."""
    code, name = 6, "revoked"


class PermissionDeniedError(OnboardError):
    """The actor may not do this."""
    code, name = 7, "permission_denied"


class WeakPasswordError(OnboardError):
    """The password policy refused a password."""
    code, name = 8, "weak_password"


class ThrottledError(OnboardError):
    """Too many failed attempts; try again later."""
    code, name = 9, "throttled"


class LimitExceededError(OnboardError):
    """Seats, file size or row count exceeded."""
    code, name = 10, "limit_exceeded"


class StorageError(OnboardError):
    """The storage backend failed."""
    code, name = 11, "storage"


class BusyError(OnboardError):
    """The storage is locked by another writer; retry."""
    code, name = 12, "busy"


class CancelledError(OnboardError):
    """A callback asked to stop."""
    code, name = 13, "cancelled"


class UnsupportedFormatError(OnboardError):
    """A file is not CSV/XLSX, or is damaged."""
    code, name = 14, "unsupported_format"


class MustChangePasswordError(OnboardError):
    """The password is right but must be replaced first (Directory.change_password)."""
    code, name = 15, "must_change_password"


class AuthenticationFailedError(OnboardError):
    """Wrong email or password."""
    code, name = 16, "authentication_failed"


class MisuseError(OnboardError):
    """The API was called wrongly (a closed directory, a bad argument)."""
    code, name = 17, "misuse"


class InternalError(OnboardError):
    """A bug in onboard."""
    code, name = 18, "internal"


ERROR_CLASSES: Dict[int, type] = {cls.code: cls for cls in (
    InvalidInputError, NotFoundError, AlreadyExistsError, ExpiredError, AlreadyUsedError, RevokedError,
    PermissionDeniedError, WeakPasswordError, ThrottledError, LimitExceededError, StorageError, BusyError,
    CancelledError, UnsupportedFormatError, MustChangePasswordError, AuthenticationFailedError, MisuseError,
    InternalError)}


def raise_last_error(status: int) -> None:
    """Raises the exception for `status` with the calling thread's onb_error_last()."""
    from ._native import ffi, lib

    error = lib.onb_error_last()
    message = ffi.string(error.message).decode("utf-8") or ffi.string(lib.onb_status_name(status)).decode()
    column = ffi.string(error.column).decode("utf-8") or None
    detail = ffi.string(error.detail_code).decode("utf-8") or None
    cls = ERROR_CLASSES.get(status, OnboardError)
    raise cls(message, code=status, row=error.row or None, column=column, detail_code=detail)


def check(status: int) -> None:
    """Returns when `status` is ONB_OK, raises its exception otherwise."""
    if status != 0:
        raise_last_error(status)
