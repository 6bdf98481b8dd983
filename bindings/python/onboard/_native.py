"""Loads libonboard.so with cffi in ABI mode, declared from onboard.h itself.

The declarations are read from the header between its ONB_CDEF_BEGIN and
ONB_CDEF_END markers, so the binding is a real client of the C ABI: a
header change shows up in the Python tests, not only in C.
"""
from __future__ import annotations

import ctypes.util
import glob
import os
import re
from pathlib import Path
from typing import Optional

from cffi import FFI

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent.parent.parent


def _header_path() -> Path:
    """The onboard.h to read: $ONBOARD_HEADER, a copy installed beside the package, or the source tree's."""
    candidates = [os.environ.get("ONBOARD_HEADER"), _PACKAGE_DIR / "onboard.h",
                  _REPO_ROOT / "capi" / "include" / "onboard" / "onboard.h"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ImportError("onboard.h was not found; set ONBOARD_HEADER to its path.")


def _library_path() -> str:
    """The libonboard.so to load: $ONBOARD_LIBRARY, a build directory of the source tree, or the system's."""
    explicit = os.environ.get("ONBOARD_LIBRARY")
    if explicit:
        return explicit
    for pattern in ("build/capi/libonboard.so", "build-*/capi/libonboard.so"):
        found = sorted(glob.glob(str(_REPO_ROOT / pattern)))
        if found:
            return found[0]
    system = ctypes.util.find_library("onboard")
    if system:
        return system
    raise ImportError("libonboard.so was not found; set ONBOARD_LIBRARY to its path.")


def _declarations(header: str) -> str:
    """The C declarations cffi can parse: the marked region, without preprocessor lines or ONB_API."""
    match = re.search(r"ONB_CDEF_BEGIN.*?\*/(.*)/\*\s*ONB_CDEF_END", header, re.S)
    if not match:
        raise ImportError("onboard.h has no ONB_CDEF_BEGIN/ONB_CDEF_END region.")
    body = re.sub(r"/\*.*?\*/", "", match.group(1), flags=re.S)
    lines = [line for line in body.splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\bONB_API\b", "", "\n".join(lines))


def _macro(header: str, name: str) -> int:
    match = re.search(r"#define\s+%s\s+(\d+)" % name, header)
    if not match:
        raise ImportError("onboard.h does not define %s." % name)
    return int(match.group(1))


HEADER_PATH = _header_path()
_HEADER_TEXT = HEADER_PATH.read_text(encoding="utf-8")

#: The release the header describes, as (major, minor, patch).
HEADER_VERSION = tuple(_macro(_HEADER_TEXT, n) for n in ("ONB_VERSION_MAJOR", "ONB_VERSION_MINOR", "ONB_VERSION_PATCH"))
HEADER_VERSION_NUMBER = HEADER_VERSION[0] * 10000 + HEADER_VERSION[1] * 100 + HEADER_VERSION[2]
#: Options versions the header knows.
OPEN_OPTIONS_VERSION = _macro(_HEADER_TEXT, "ONB_OPEN_OPTIONS_VERSION")
ORGANIZATION_OPTIONS_VERSION = _macro(_HEADER_TEXT, "ONB_ORGANIZATION_OPTIONS_VERSION")
INVITE_OPTIONS_VERSION = _macro(_HEADER_TEXT, "ONB_INVITE_OPTIONS_VERSION")
USER_FILTER_VERSION = _macro(_HEADER_TEXT, "ONB_USER_FILTER_VERSION")

ffi = FFI()
ffi.cdef(_declarations(_HEADER_TEXT))
LIBRARY_PATH = _library_path()
lib = ffi.dlopen(LIBRARY_PATH)

_runtime = lib.onb_version_number()
# Same major and minor: the functions this header declares exist and keep their signatures.
if _runtime // 100 != HEADER_VERSION_NUMBER // 100 or _runtime < HEADER_VERSION_NUMBER:
    raise ImportError("libonboard %s at %s does not match onboard.h %s; use the library built with this header."
                      % (ffi.string(lib.onb_version_string()).decode(), LIBRARY_PATH,
                         ".".join(map(str, HEADER_VERSION))))

#: The size of a master key in bytes, from the library (libsodium style: no frozen constant).
KEY_SIZE: int = lib.onb_key_size()


def text(value: Optional[str]):
    """A str as a NUL-terminated UTF-8 char array for cffi (None stays NULL)."""
    if value is None:
        return ffi.NULL
    if "\0" in value:
        from .errors import InvalidInputError
        raise InvalidInputError("Text given to onboard must not contain NUL characters.", code=1)
    return ffi.new("char[]", value.encode("utf-8"))


def string(pointer) -> Optional[str]:
    """A library-owned C string as str (NULL is None)."""
    if pointer == ffi.NULL:
        return None
    return ffi.string(pointer).decode("utf-8")


def take_string(out) -> str:
    """The string in a `char**` out-parameter, freed with onb_free."""
    try:
        return ffi.string(out[0]).decode("utf-8")
    finally:
        lib.onb_free(out[0])
        out[0] = ffi.NULL
