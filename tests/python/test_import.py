"""Bulk import from Python: the fixture files, ValidationError with its rows, progress and cancellation,
credentials once, the annotated file and templates."""
import io
from csv import reader
from pathlib import Path

import pytest

import onboard
from onboard import ffi, lib

from conftest import ADMIN_PASSWORD, START, World

DATA = Path(__file__).resolve().parents[1] / "data"


def make_org(d: onboard.Directory, *, preset=None, offices=("HQ", "London"), teams=("Engineering", "Sales")) -> World:
    created = d.create_organization("Acme", admin_email="admin@acme.example", admin_name="Ada Admin",
                                    admin_password=ADMIN_PASSWORD, role_preset=preset, offices=offices, teams=teams)
    return World(d, created.organization, created.admin)


@pytest.fixture
def directory():
    with onboard.Directory.open("memory:", now=START) as d:
        yield d


def people(w: World):
    return w.dir.users(w.org_id, w.admin_id)


FIXTURES = [
    ("clearooms_users_utf8.csv", {}, {}, 3, "ada@example.com"),
    ("clearooms_users_excel_windows1252_semicolon.csv", {}, {}, 3, "asa.oberg@example.com"),
    ("clearooms_users_utf8.xlsx", {}, {}, 3, "francois@example.com"),
    ("it_connect_users.csv", {"preset": "it", "offices": ("HQ", "Dublin"), "teams": ()}, {}, 4,
     "maria.garcia@example.org"),
    ("it_connect_users.xlsx", {"preset": "it", "offices": ("HQ", "Dublin"), "teams": ()}, {}, 4,
     "priya.patel@example.org"),
    ("it_connect_users_excel_unicode_utf16.txt", {"preset": "it", "offices": ("HQ", "Dublin"), "teams": ()}, {}, 4,
     "tomas.diaz@example.org"),
    ("claromentis_people.csv", {"teams": ()}, {}, 3, "joe.bloggs@example.net"),
    ("messenger_users_semicolon_bom.csv", {"teams": ("Vertrieb",)}, {"passwords": "none", "activation": "key"}, 3,
     "juergen.weiss@example.de"),
]


@pytest.mark.parametrize("name,org,options,created,email", FIXTURES, ids=[f[0] for f in FIXTURES])
def test_every_fixture_file_imports(directory, name, org, options, created, email):
    w = make_org(directory, **org)
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / name, **options)
    assert report.errors == [] and report.committed and not report.dry_run
    assert report.created == created and report.rows == created and report.valid == created
    assert report.file_name == name and report.job_id
    assert len(people(w)) == 1 + created
    assert w.dir.find_user_by_email(w.org_id, email).source == "import"


def test_row_problems_raise_validation_error_with_every_row_and_the_report(directory):
    w = make_org(directory, teams=("Vertrieb",))
    data = (DATA / "messenger_users_semicolon_bom.csv").read_bytes()
    with pytest.raises(onboard.ValidationError) as caught:
        w.dir.import_users(w.org_id, w.admin_id, data, file_name="messenger.csv")
    e = caught.value
    assert isinstance(e, onboard.InvalidInputError)
    assert e.row == 3 and e.column == "E-Mail" and e.detail_code == "required.missing"
    assert len(e.errors) == 1
    first = e.errors[0]
    assert isinstance(first, onboard.RowError)
    assert (first.row, first.column, first.code) == (3, "E-Mail", "required.missing")
    assert first.message == e.message
    assert not e.report.committed and e.report.rows == 3 and e.report.valid == 2
    assert len(people(w)) == 1  # all or nothing
    annotated = e.report.annotated_csv()
    assert b'"Errors"' in annotated and first.message.encode() in annotated


def test_a_dry_run_returns_the_problems_without_raising_or_writing(directory):
    w = make_org(directory, teams=("Vertrieb",))
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "messenger_users_semicolon_bom.csv", dry_run=True)
    assert report.dry_run and not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(3, "E-Mail")]
    clean = w.dir.import_users(w.org_id, w.admin_id, DATA / "messenger_users_semicolon_bom.csv", dry_run=True,
                               passwords="none", activation="key")
    assert clean.errors == [] and clean.created == 3
    assert len(people(w)) == 1


def test_valid_rows_mode_writes_the_good_rows(directory):
    w = make_org(directory, teams=("Vertrieb",))
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "messenger_users_semicolon_bom.csv", mode="valid-rows")
    assert report.committed and report.created == 2 and len(report.errors) == 1
    assert len(people(w)) == 3


def test_the_accessors_agree_with_the_report(directory):
    w = make_org(directory)
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_excel_windows1252_semicolon.csv")
    p = report._handle.pointer
    assert lib.onb_import_report_rows(p) == report.rows == 3
    assert lib.onb_import_report_valid(p) == report.valid
    assert lib.onb_import_report_committed(p) == 1
    assert lib.onb_import_report_created(p) == report.created
    assert lib.onb_import_report_updated(p) == report.updated == 0
    assert lib.onb_import_report_skipped(p) == report.skipped == 0
    assert lib.onb_import_report_error_count(p) == 0
    # passwords "auto" (the default): François's password from the file is used.
    assert lib.onb_import_report_credential_count(p) == report.credential_count == 2
    warnings = [ffi.string(lib.onb_import_report_warning(p, i)).decode()
                for i in range(lib.onb_import_report_warning_count(p))]
    assert warnings == report.warnings and any("Windows-1252" in x for x in warnings)
    assert lib.onb_import_report_warning(p, 99) == ffi.NULL


def test_the_error_accessors_agree_with_the_errors(directory):
    w = make_org(directory, teams=("Vertrieb",))
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "messenger_users_semicolon_bom.csv", dry_run=True)
    p = report._handle.pointer
    assert lib.onb_import_report_error_count(p) == len(report.errors) == 1
    assert lib.onb_import_report_error_row(p, 0) == report.errors[0].row
    assert ffi.string(lib.onb_import_report_error_column(p, 0)).decode() == report.errors[0].column
    assert ffi.string(lib.onb_import_report_error_code(p, 0)).decode() == report.errors[0].code
    assert ffi.string(lib.onb_import_report_error_message(p, 0)).decode() == report.errors[0].message
    assert lib.onb_import_report_error_message(p, 1) == ffi.NULL
    assert lib.onb_error_last().code == lib.ONB_MISUSE


def test_credentials_are_given_out_once(directory):
    w = make_org(directory)
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv")
    assert report.credential_count == 2  # "auto": François's own password is not handed out
    csv = report.credentials_csv()
    assert csv.startswith(b"\xef\xbb\xbf") and b'"ada@example.com"' in csv
    assert b"francois@example.com" not in csv
    rows = list(reader(io.StringIO(csv.decode("utf-8-sig"))))
    assert rows[0][4] == "Password" and len(rows) == 3
    assert all(len(row[4]) >= 20 and row[4] not in repr(report) for row in rows[1:])
    with pytest.raises(onboard.AlreadyUsedError):
        report.credentials_csv()
    preview = w.dir.import_users(w.org_id, w.admin_id, DATA / "claromentis_people.csv", dry_run=True)
    with pytest.raises(onboard.NotFoundError):
        preview.credentials_csv()


def test_sealed_credentials_are_handed_out_once_when_the_report_was_lost(directory):
    w = make_org(directory)
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv")
    job = report.job_id
    assert job
    assert ffi.string(lib.onb_import_report_job_id(report._handle.pointer)).decode() == job
    from_report = report.credentials_csv()
    del report  # the host never saved them
    taken = w.dir.take_import_credentials(w.org_id, w.admin_id, job)
    assert taken == from_report
    assert [e.target for e in w.dir.audit_log(w.org_id, w.admin_id, 1)] == [job]
    with pytest.raises(onboard.AlreadyUsedError, match="already handed out"):
        w.dir.take_import_credentials(w.org_id, w.admin_id, job)
    with pytest.raises(onboard.NotFoundError):
        w.dir.take_import_credentials(w.org_id, w.admin_id, "no-such-job")
    assert w.dir.purge_expired_import_credentials(w.org_id) == 0


def test_a_host_that_saved_the_report_discards_the_sealed_copy(directory):
    w = make_org(directory)
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv")
    assert report.credentials_csv()
    w.dir.discard_import_credentials(w.org_id, w.admin_id, report.job_id)
    with pytest.raises(onboard.AlreadyUsedError):
        w.dir.take_import_credentials(w.org_id, w.admin_id, report.job_id)


def test_progress_counts_the_bytes_of_both_passes(directory):
    w = make_org(directory)
    data = (DATA / "clearooms_users_utf8.csv").read_bytes()
    seen = []
    w.dir.import_users(w.org_id, w.admin_id, data, progress=lambda done, total: seen.append((done, total)))
    assert seen, "progress was never reported"
    assert all(total == 2 * len(data) for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] > len(data)


def test_returning_false_from_progress_cancels_and_writes_nothing(directory):
    w = make_org(directory)
    with pytest.raises(onboard.CancelledError):
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", progress=lambda d, t: False)
    assert len(people(w)) == 1


def test_an_exception_in_progress_cancels_and_is_raised_again(directory):
    w = make_org(directory)

    class Stop(Exception):
        pass

    def progress(done, total):
        if done > total // 2:  # in the writing pass
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", progress=progress)
    assert len(people(w)) == 1
    # The directory works on.
    assert w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv").created == 3


def test_options_reach_the_import(directory):
    w = make_org(directory, teams=("Sales",))
    with pytest.raises(onboard.ValidationError) as caught:
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv")
    assert {e.code for e in caught.value.errors} == {"team.unknown"}
    report = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", column_map={"Team": "ignore"},
                                role="User", max_rows=3, max_bytes=10_000)
    assert report.created == 3
    assert w.dir.find_user_by_email(w.org_id, "ada@example.com").role == "User"


def test_limits_and_wrong_options_are_refused(directory):
    w = make_org(directory)
    with pytest.raises(onboard.ValidationError) as caught:
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", max_rows=2)
    assert caught.value.detail_code == "limit.rows"
    with pytest.raises(onboard.InvalidInputError) as wrong:
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", mode="sometimes")
    assert not isinstance(wrong.value, onboard.ValidationError)
    assert len(people(w)) == 1


def test_templates_are_bytes_in_csv_and_xlsx(directory):
    w = make_org(directory)
    csv = w.dir.import_template(w.org_id)
    assert csv.startswith(b"\xef\xbb\xbf") and b"Email" in csv
    assert w.dir.import_template(w.org_id, "xlsx")[:2] == b"PK"
    with pytest.raises(onboard.InvalidInputError):
        w.dir.import_template(w.org_id, "ods")
    with pytest.raises(onboard.NotFoundError):
        w.dir.import_template("no-such-org")


def test_passwords_auto_is_the_default_and_generate_ignores_the_column(directory):
    w = make_org(directory)
    auto = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", dry_run=True,
                              passwords="auto")
    assert auto.errors == [] and not any("Password column" in x for x in auto.warnings)
    generated = w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", passwords="generate")
    assert generated.credential_count == 3
    assert any("Password column was not used" in x for x in generated.warnings)
    with pytest.raises(onboard.InvalidInputError):
        w.dir.import_users(w.org_id, w.admin_id, DATA / "clearooms_users_utf8.csv", passwords="random")
