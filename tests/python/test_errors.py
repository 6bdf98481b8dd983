"""Exceptions: one class per status, with the library's sentence."""
import pytest

import onboard
from onboard import errors


def test_validation_error_is_an_invalid_input_error_with_row_errors():
    e = onboard.ValidationError("2 rows have problems.", errors=[{"row": 2, "column": "Email"}])
    assert isinstance(e, onboard.InvalidInputError) and isinstance(e, onboard.OnboardError)
    assert e.errors[0]["row"] == 2 and e.code == 1


def test_a_misuse_raises_misuse_error_naming_the_function():
    out = onboard.ffi.new("onb_directory**")
    status = onboard.lib.onb_directory_open(out, onboard.ffi.NULL, onboard.ffi.NULL)
    with pytest.raises(onboard.MisuseError, match="onb_directory_open was given NULL for uri"):
        errors.check(status)


def test_the_last_error_is_cleared_by_success_and_by_onb_error_clear():
    onboard.lib.onb_open_options_init(onboard.ffi.NULL, 1)
    assert onboard.lib.onb_error_last().code == onboard.lib.ONB_MISUSE
    onboard.lib.onb_error_clear()
    assert onboard.lib.onb_error_last().code == onboard.lib.ONB_OK


def test_a_closed_directory_raises_misuse():
    d = onboard.Directory.open("memory:")
    d.close()
    d.close()
    with pytest.raises(onboard.MisuseError):
        d.now()


def test_an_unknown_scheme_is_invalid_input():
    with pytest.raises(onboard.InvalidInputError):
        onboard.Directory.open("gopher:x", key=bytes(32))


def test_a_persistent_store_without_key_is_misuse():
    with pytest.raises(onboard.MisuseError, match="key"):
        onboard.Directory.open("sqlite:/tmp/never.db")


def test_a_short_key_is_invalid_input():
    with pytest.raises(onboard.InvalidInputError, match="32 bytes"):
        onboard.Directory.open("memory:", key=b"short")


def test_nul_in_text_is_refused_before_reaching_c(world):
    with pytest.raises(onboard.InvalidInputError):
        world.dir.find_user_by_email(world.org_id, "ada@acme.example\0evil")
