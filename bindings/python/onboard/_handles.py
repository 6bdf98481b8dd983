"""What the method modules share: C strings kept alive for a call, JSON out-parameters, handles turned into records."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _native
from ._native import ffi, lib, text
from .errors import check
from .records import User


def header_macro(name: str) -> int:
    """A number #defined in onboard.h (an options version)."""
    match = re.search(r"#define\s+%s\s+(\d+)" % name, _native._HEADER_TEXT)
    if not match:
        raise ImportError("onboard.h does not define %s." % name)
    return int(match.group(1))


class CStrings:
    """C strings and arrays that must outlive the call they are passed to."""

    def __init__(self) -> None:
        self._keep: List[Any] = []

    def text(self, value: Optional[str]):
        self._keep.append(text(value))
        return self._keep[-1]

    def array(self, values: Iterable[str]) -> Tuple[Any, int]:
        items = [self.text(v) for v in values]
        array = ffi.new("const char*[]", items) if items else ffi.NULL
        self._keep.append(array)
        return array, len(items)


def end_time(value: Union[None, str, date, datetime]) -> Optional[str]:
    """An expiry as onboard reads it: a date (its end in the organization's time zone) or an instant."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("Give an aware datetime (with a time zone) so the instant is unambiguous.")
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def threads_option(threads: Optional[int]) -> int:
    """A `threads=` keyword as the C options hold it: None is 0 (the default); otherwise 1 or more."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1 or threads > 0xFFFFFFFF:
        raise ValueError("threads must be a whole number of 1 or more (1: onboard starts no thread), "
                         "or None for the default; got %r." % (threads,))
    return threads


def json_out(call, *args: Any) -> Any:
    """Calls a `char** out` function and returns its JSON, parsed."""
    out = ffi.new("char**")
    check(call(out, *args))
    return json.loads(_native.take_string(out))


def handle_json(to_json, handle) -> Dict[str, Any]:
    out = ffi.new("char**")
    check(to_json(out, handle))
    return json.loads(_native.take_string(out))


def user_from(handle) -> User:
    """A User from an onb_user handle, which it frees."""
    try:
        return User.from_json(handle_json(lib.onb_user_json, handle))
    finally:
        lib.onb_user_free(handle)
