"""The binding is a real client of onboard.h: declarations, versions, coverage."""
import re
from pathlib import Path

import onboard
from onboard import _native

ROOT = Path(__file__).resolve().parents[2]


def header_functions():
    text = _native.HEADER_PATH.read_text()
    return sorted(set(re.findall(r"ONB_API\s+[^;(]*?\b(onb_[a-z0-9_]+)\s*\(", text)))


def test_the_runtime_version_matches_the_header():
    assert onboard.lib.onb_version_number() == _native.HEADER_VERSION_NUMBER
    assert onboard.__version__ == ".".join(map(str, onboard.HEADER_VERSION))


def test_every_declared_function_is_loadable():
    functions = header_functions()
    assert len(functions) > 50
    for name in functions:
        assert callable(getattr(onboard.lib, name)), name


def test_every_c_function_is_called_by_the_python_binding_or_suite():
    sources = "".join(p.read_text() for p in (ROOT / "bindings" / "python" / "onboard").glob("*.py"))
    sources += "".join(p.read_text() for p in (ROOT / "tests" / "python").glob("*.py") if p.name != "test_native.py")
    missing = [f for f in header_functions() if not re.search(r"\b%s\b" % f, sources)]
    assert missing == []


def test_every_c_function_is_called_by_the_c_tests():
    sources = "".join(p.read_text() for p in (ROOT / "tests" / "c").glob("*.[ch]"))
    missing = [f for f in header_functions() if not re.search(r"\b%s\s*\(" % f, sources)]
    assert missing == []


def test_the_status_enum_matches_the_exception_classes():
    names = [n for n in dir(onboard.lib) if n.startswith("ONB_") and n not in ("ONB_CLOCK_SYSTEM", "ONB_CLOCK_MANUAL")]
    for name in names:
        code = getattr(onboard.lib, name)
        if code == 0:
            continue
        cls = onboard.errors.ERROR_CLASSES[code]
        assert cls.name == onboard.ffi.string(onboard.lib.onb_status_name(code)).decode()
        assert issubclass(cls, onboard.OnboardError)
    assert len(onboard.errors.ERROR_CLASSES) == len(names) - 1


def test_key_size_is_32():
    assert onboard.lib.onb_key_size() == 32
