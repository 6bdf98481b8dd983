/* Bulk import through the C ABI: the fixture files, row problems in
 * onb_error_last(), progress and cancellation, credentials given out once,
 * the annotated file, templates, and misuse. */
#include "fixture.h"

#include <stddef.h>

#ifndef ONBOARD_TEST_DATA
#error "ONBOARD_TEST_DATA must name tests/data"
#endif

typedef struct file_bytes {
  char* data;
  size_t size;
} file_bytes;

/* The bytes of tests/data/<name>; free with free_bytes. */
static file_bytes read_data(const char* name) {
  char path[512];
  file_bytes f = {NULL, 0};
  FILE* in;
  long size;
  snprintf(path, sizeof path, "%s/%s", ONBOARD_TEST_DATA, name);
  in = fopen(path, "rb");
  CHECK(in != NULL);
  CHECK(fseek(in, 0, SEEK_END) == 0);
  size = ftell(in);
  CHECK(size > 0);
  CHECK(fseek(in, 0, SEEK_SET) == 0);
  f.data = (char*)malloc((size_t)size);
  CHECK(f.data != NULL);
  f.size = fread(f.data, 1, (size_t)size, in);
  CHECK(f.size == (size_t)size);
  fclose(in);
  return f;
}

static void free_bytes(file_bytes* f) {
  free(f->data);
  f->data = NULL;
}

/* An organization shaped like the product a fixture comes from. */
static world make_org(const char* preset, const char* const* offices, size_t offices_count,
                      const char* const* teams, size_t teams_count) {
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  char* generated = NULL;
  world w;
  w.dir = open_manual("memory:", NULL);
  opts.name = "Acme";
  opts.role_preset = preset;
  opts.offices = offices;
  opts.offices_count = offices_count;
  opts.teams = teams;
  opts.teams_count = teams_count;
  opts.admin_email = "admin@acme.example";
  opts.admin_name = "Ada Admin";
  opts.admin_password = ADMIN_PASSWORD;
  CHECK_OK(onb_organization_create(&w.org, &w.admin, &generated, w.dir, &opts));
  snprintf(w.org_id, sizeof w.org_id, "%s", onb_organization_id(w.org));
  snprintf(w.admin_id, sizeof w.admin_id, "%s", onb_user_id(w.admin));
  return w;
}

static const char* const workspace_offices[] = {"HQ", "London"};
static const char* const workspace_teams[] = {"Engineering", "Sales"};

static world clearooms_world(void) { return make_org(NULL, workspace_offices, 2, workspace_teams, 2); }

/* The number of users of the organization, as listed by onb_users_list_json. */
static int count_users(world* w) {
  char* json = NULL;
  const char* p;
  int n = 0;
  CHECK_OK(onb_users_list_json(&json, w->dir, w->org_id, w->admin_id, NULL));
  for (p = json; (p = strstr(p, "\"id\":")) != NULL; ++p) ++n;
  onb_free(json);
  return n;
}

static void import_options_macro_equals_function(void) {
  onb_import_options macro = ONB_IMPORT_OPTIONS_INIT;
  onb_import_options fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_import_options_init(&fn, ONB_IMPORT_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_IMPORT_OPTIONS_VERSION);
  CHECK(macro.notify == fn.notify && fn.notify == 0);
  CHECK(macro.mode == fn.mode && fn.mode == NULL);
  CHECK(macro.existing == fn.existing && fn.existing == NULL);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.passwords == fn.passwords && fn.passwords == NULL);
  CHECK(macro.activation == fn.activation && fn.activation == NULL);
  CHECK(macro.unknown_columns == fn.unknown_columns && fn.unknown_columns == NULL);
  CHECK(macro.column_map == fn.column_map && fn.column_map == NULL);
  CHECK(macro.max_rows == fn.max_rows && fn.max_rows == 0);
  CHECK(macro.max_bytes == fn.max_bytes && fn.max_bytes == 0);
  CHECK(macro.threads == fn.threads && fn.threads == 0);
  CHECK(macro.missing == fn.missing && fn.missing == NULL);
  CHECK(macro.allow_weak_hashes == fn.allow_weak_hashes && fn.allow_weak_hashes == 0);
  /* Version 1's fields, unchanged; version 2 appends two, version 3 one, version 4 two. */
  CHECK(offsetof(onb_import_options, threads) ==
        2 * sizeof(uint32_t) + 7 * sizeof(void*) + 2 * sizeof(uint64_t));
  CHECK(offsetof(onb_import_options, allow_weak_hashes) ==
        offsetof(onb_import_options, threads) + 2 * sizeof(uint32_t) + sizeof(void*));
  CHECK(sizeof macro == offsetof(onb_import_options, allow_weak_hashes) + 2 * sizeof(uint32_t));
  CHECK_STATUS(ONB_MISUSE, onb_import_options_init(&fn, ONB_IMPORT_OPTIONS_VERSION + 1));
  CHECK_STATUS(ONB_MISUSE, onb_import_options_init(NULL, ONB_IMPORT_OPTIONS_VERSION));
}

static void every_fixture_file_imports(void) {
  static const char* const it_offices[] = {"HQ", "Dublin"};
  static const char* const messenger_teams[] = {"Vertrieb"};
  static const struct {
    const char* file;
    int kind; /* 0 clearooms, 1 it, 2 claromentis, 3 messenger */
    int64_t created;
  } cases[] = {{"clearooms_users_utf8.csv", 0, 3},  {"clearooms_users_excel_windows1252_semicolon.csv", 0, 3},
               {"clearooms_users_utf8.xlsx", 0, 3}, {"it_connect_users.csv", 1, 4},
               {"it_connect_users.xlsx", 1, 4},     {"it_connect_users_excel_unicode_utf16.txt", 1, 4},
               {"claromentis_people.csv", 2, 3},    {"messenger_users_semicolon_bom.csv", 3, 3}};
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
    onb_import_report* report = NULL;
    file_bytes f = read_data(cases[i].file);
    world w;
    char* json = NULL;
    switch (cases[i].kind) {
      case 1: w = make_org("it", it_offices, 2, NULL, 0); break;
      case 2: w = make_org(NULL, NULL, 0, NULL, 0); break;
      case 3:
        w = make_org(NULL, NULL, 0, messenger_teams, 1);
        opts.passwords = "none";
        opts.activation = "key";
        break;
      default: w = clearooms_world(); break;
    }
    CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, cases[i].file, &opts, NULL,
                            NULL));
    CHECK(onb_import_report_error_count(report) == 0);
    CHECK(onb_import_report_committed(report) == 1);
    CHECK(onb_import_report_created(report) == cases[i].created);
    CHECK(onb_import_report_rows(report) == cases[i].created);
    CHECK(onb_import_report_valid(report) == cases[i].created);
    CHECK(onb_import_report_updated(report) == 0);
    CHECK(onb_import_report_skipped(report) == 0);
    CHECK(count_users(&w) == 1 + (int)cases[i].created);
    CHECK_OK(onb_import_report_json(&json, report));
    CHECK(strstr(json, "\"committed\":true") != NULL);
    onb_free(json);
    onb_import_report_free(report);
    free_bytes(&f);
    free_world(&w);
  }
}

static void the_windows_1252_file_carries_a_warning(void) {
  world w = clearooms_world();
  file_bytes f = read_data("clearooms_users_excel_windows1252_semicolon.csv");
  onb_import_report* report = NULL;
  size_t i;
  int found = 0;
  CHECK_OK(onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "users.csv", NULL, NULL,
                              NULL));
  CHECK(onb_import_report_committed(report) == 0);
  CHECK(onb_import_report_created(report) == 3);
  CHECK(count_users(&w) == 1);
  CHECK(onb_import_report_warning_count(report) > 0);
  for (i = 0; i < onb_import_report_warning_count(report); ++i)
    if (strstr(onb_import_report_warning(report, i), "Windows-1252") != NULL) found = 1;
  CHECK(found);
  CHECK(onb_import_report_warning(report, 99) == NULL);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  onb_import_report_free(report);
  free_bytes(&f);
  free_world(&w);
}

static void row_errors_come_with_their_row_and_column_and_the_report(void) {
  static const char* const teams[] = {"Vertrieb"};
  world w = make_org(NULL, NULL, 0, teams, 1);
  file_bytes f = read_data("messenger_users_semicolon_bom.csv");
  onb_import_report* report = NULL;
  char* annotated = NULL;
  size_t annotated_size = 0;
  /* The default activation is by email: the row without one is a problem. */
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                 "m.csv", NULL, NULL, NULL));
  CHECK(onb_error_last()->row == 3);
  CHECK_STR(onb_error_last()->column, "E-Mail");
  CHECK_STR(onb_error_last()->detail_code, "required.missing");
  CHECK(report != NULL);
  CHECK(onb_import_report_committed(report) == 0);
  CHECK(onb_import_report_rows(report) == 3);
  CHECK(onb_import_report_valid(report) == 2);
  CHECK(onb_import_report_error_count(report) == 1);
  CHECK(onb_import_report_error_row(report, 0) == 3);
  CHECK_STR(onb_import_report_error_column(report, 0), "E-Mail");
  CHECK_STR(onb_import_report_error_code(report, 0), "required.missing");
  CHECK_STR(onb_import_report_error_message(report, 0), onb_error_last()->message);
  CHECK(onb_import_report_error_row(report, 1) == 0);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(onb_import_report_error_column(report, 1) == NULL);
  CHECK(onb_import_report_error_code(report, 1) == NULL);
  CHECK(onb_import_report_error_message(report, 1) == NULL);
  CHECK(count_users(&w) == 1); /* all or nothing */
  CHECK_OK(onb_import_annotated_csv(&annotated, &annotated_size, report, f.data, f.size, "m.csv"));
  CHECK(annotated_size == strlen(annotated));
  CHECK(strstr(annotated, "\"Errors\"") != NULL);
  CHECK(strstr(annotated, "The email is missing") != NULL);
  onb_free(annotated);
  onb_import_report_free(report);
  report = NULL;
  /* A preview says the same. */
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                     "m.csv", NULL, NULL, NULL));
  CHECK(onb_error_last()->row == 3);
  CHECK(report != NULL && onb_import_report_error_count(report) == 1);
  onb_import_report_free(report);
  free_bytes(&f);
  free_world(&w);
}

static void valid_rows_mode_writes_the_good_rows_and_says_ok(void) {
  static const char* const teams[] = {"Vertrieb"};
  world w = make_org(NULL, NULL, 0, teams, 1);
  file_bytes f = read_data("messenger_users_semicolon_bom.csv");
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  opts.mode = "valid-rows";
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "m.csv", &opts, NULL, NULL));
  CHECK(onb_import_report_committed(report) == 1);
  CHECK(onb_import_report_created(report) == 2);
  CHECK(onb_import_report_error_count(report) == 1);
  CHECK(count_users(&w) == 3);
  onb_import_report_free(report);
  free_bytes(&f);
  free_world(&w);
}

static void options_reach_the_import(void) {
  /* Acme's teams are Sales and Support: the file's Engineering is unknown, until ignored. */
  world w = make_world();
  file_bytes f = read_data("clearooms_users_utf8.csv");
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                     "u.csv", NULL, NULL, NULL));
  CHECK_STR(onb_error_last()->detail_code, "team.unknown");
  CHECK_STR(onb_error_last()->column, "Team");
  CHECK(strstr(onb_error_last()->message, "more problem") != NULL);
  onb_import_report_free(report);
  opts.column_map = "Team=ignore";
  CHECK_OK(
      onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", &opts, NULL, NULL));
  onb_import_report_free(report);
  /* A row limit below the file's size. */
  opts.max_rows = 2;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                 "u.csv", &opts, NULL, NULL));
  CHECK_STR(onb_error_last()->detail_code, "limit.rows");
  CHECK(report != NULL);
  onb_import_report_free(report);
  /* An option spelled wrongly is refused before the file is read, without a report. */
  opts.max_rows = 0;
  opts.mode = "sometimes";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                 "u.csv", &opts, NULL, NULL));
  CHECK(report == NULL);
  opts.mode = NULL;
  opts.column_map = "Team";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size,
                                                 "u.csv", &opts, NULL, NULL));
  CHECK(report == NULL);
  CHECK(count_users(&w) == 1);
  free_bytes(&f);
  free_world(&w);
}

typedef struct progress_log {
  int calls;
  int stop_after; /* 0: never */
  uint64_t last_done;
  uint64_t total;
  int went_back;
} progress_log;

static int record_progress(void* user_data, uint64_t done, uint64_t total) {
  progress_log* log = (progress_log*)user_data;
  ++log->calls;
  if (done < log->last_done || done > total) log->went_back = 1;
  log->last_done = done;
  log->total = total;
  return log->stop_after != 0 && log->calls >= log->stop_after;
}

static void progress_reaches_the_host_and_it_can_cancel(void) {
  world w = clearooms_world();
  file_bytes f = read_data("clearooms_users_utf8.csv");
  onb_import_report* report = NULL;
  progress_log log = {0, 0, 0, 0, 0};
  CHECK_OK(onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL,
                              record_progress, &log));
  CHECK(log.calls > 0);
  CHECK(!log.went_back);
  CHECK(log.total == f.size);
  onb_import_report_free(report);
  report = NULL;
  memset(&log, 0, sizeof log);
  log.stop_after = 1;
  CHECK_STATUS(ONB_CANCELLED, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv",
                                             NULL, record_progress, &log));
  CHECK(report == NULL);
  CHECK(log.calls == 1);
  CHECK(count_users(&w) == 1);
  /* Cancelled in the writing pass: still nothing written. */
  memset(&log, 0, sizeof log);
  CHECK_OK(onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL,
                              record_progress, &log));
  onb_import_report_free(report);
  report = NULL;
  log.stop_after = log.calls + 1;
  log.calls = 0;
  log.last_done = 0;
  CHECK_STATUS(ONB_CANCELLED, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv",
                                             NULL, record_progress, &log));
  CHECK(log.total == 2 * f.size);
  CHECK(log.last_done >= f.size);
  CHECK(count_users(&w) == 1);
  /* Without cancelling, the run reports both passes and writes. */
  memset(&log, 0, sizeof log);
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL,
                          record_progress, &log));
  CHECK(!log.went_back);
  CHECK(log.total == 2 * f.size);
  CHECK(count_users(&w) == 4);
  onb_import_report_free(report);
  free_bytes(&f);
  free_world(&w);
}

static void credentials_are_given_out_once(void) {
  world w = clearooms_world();
  file_bytes f = read_data("clearooms_users_utf8.csv");
  onb_import_report* report = NULL;
  char* csv = NULL;
  char* json = NULL;
  size_t size = 0;
  /* A preview makes none. */
  CHECK_OK(
      onb_import_preview(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL, NULL, NULL));
  CHECK(onb_import_report_credential_count(report) == 0);
  CHECK_STATUS(ONB_NOT_FOUND, onb_import_report_credentials_csv(&csv, NULL, report));
  onb_import_report_free(report);
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL, NULL, NULL));
  /* passwords NULL is "auto": François's password in the file is used, the two blank ones generated. */
  CHECK(onb_import_report_credential_count(report) == 2);
  CHECK_OK(onb_import_report_json(&json, report));
  CHECK(strstr(json, "\"credentials\":2") != NULL);
  CHECK(strstr(json, "password\"") == NULL);
  onb_free(json);
  CHECK_OK(onb_import_report_credentials_csv(&csv, &size, report));
  CHECK(size == strlen(csv));
  CHECK(strstr(csv, "\"ada@example.com\"") != NULL);
  CHECK(strstr(csv, "\"Password\"") != NULL);
  memset(csv, 0, size);
  onb_free(csv);
  CHECK_STATUS(ONB_ALREADY_USED, onb_import_report_credentials_csv(&csv, &size, report));
  CHECK(csv == NULL && size == 0);
  /* The count and the JSON still say how many were made. */
  CHECK(onb_import_report_credential_count(report) == 2);
  CHECK_OK(onb_import_report_json(&json, report));
  CHECK(strstr(json, "\"credentials\":2") != NULL);
  onb_free(json);
  onb_import_report_free(report);
  free_bytes(&f);
  free_world(&w);
}

/* The sealed copy stored with the accounts: handed out once by
 * onb_import_take_credentials_csv, the same CSV the report gave; discarded
 * once the host saved the report's copy; unknown jobs are not found. */
static void sealed_credentials_are_handed_out_once(void) {
  world w = clearooms_world();
  file_bytes f = read_data("clearooms_users_utf8.csv");
  onb_import_report* report = NULL;
  char* from_report = NULL;
  char* sealed = NULL;
  size_t size = 0, sealed_size = 0;
  int64_t purged = -1;
  char job[64];
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "u.csv", NULL, NULL, NULL));
  CHECK(strlen(onb_import_report_job_id(report)) > 0 &&
        strlen(onb_import_report_job_id(report)) < sizeof job);
  strcpy(job, onb_import_report_job_id(report));
  CHECK_OK(onb_import_report_credentials_csv(&from_report, &size, report));
  onb_import_report_free(report); /* as if the host died before saving them */
  CHECK_OK(onb_import_take_credentials_csv(&sealed, &sealed_size, w.dir, w.org_id, w.admin_id, job));
  CHECK(sealed_size == size && memcmp(sealed, from_report, size) == 0);
  memset(sealed, 0, sealed_size);
  onb_free(sealed);
  sealed = NULL;
  CHECK_STATUS(ONB_ALREADY_USED,
               onb_import_take_credentials_csv(&sealed, &sealed_size, w.dir, w.org_id, w.admin_id, job));
  CHECK(sealed == NULL && sealed_size == 0);
  CHECK(strstr(onb_error_last()->message, "already handed out") != NULL);
  CHECK_STATUS(ONB_ALREADY_USED, onb_import_discard_credentials(w.dir, w.org_id, w.admin_id, job));
  memset(from_report, 0, size);
  onb_free(from_report);

  /* A host that saved the report's copy discards the sealed one. */
  {
    world w2 = clearooms_world();
    CHECK_OK(
        onb_import_run(&report, w2.dir, w2.org_id, w2.admin_id, f.data, f.size, "u.csv", NULL, NULL, NULL));
    strcpy(job, onb_import_report_job_id(report));
    onb_import_report_free(report);
    CHECK_OK(onb_import_discard_credentials(w2.dir, w2.org_id, w2.admin_id, job));
    CHECK_STATUS(ONB_ALREADY_USED,
                 onb_import_take_credentials_csv(&sealed, NULL, w2.dir, w2.org_id, w2.admin_id, job));
    free_world(&w2);
  }
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_import_take_credentials_csv(&sealed, NULL, w.dir, w.org_id, w.admin_id, "no-such-job"));
  CHECK_OK(onb_import_purge_expired_credentials(&purged, w.dir, w.org_id));
  CHECK(purged == 0);
  CHECK_STATUS(ONB_MISUSE, onb_import_take_credentials_csv(NULL, NULL, w.dir, w.org_id, w.admin_id, job));
  CHECK_STATUS(ONB_MISUSE, onb_import_discard_credentials(w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_import_purge_expired_credentials(NULL, NULL, w.org_id));
  free_world(&w);
  free_bytes(&f);
}

static void templates_come_as_csv_and_xlsx(void) {
  world w = make_world();
  char* bytes = NULL;
  size_t size = 0;
  CHECK_OK(onb_import_template(&bytes, &size, w.dir, w.org_id, NULL));
  CHECK(size > 3 && size == strlen(bytes));
  CHECK(strstr(bytes, "Email") != NULL);
  onb_free(bytes);
  CHECK_OK(onb_import_template(&bytes, &size, w.dir, w.org_id, "csv"));
  onb_free(bytes);
  CHECK_OK(onb_import_template(&bytes, &size, w.dir, w.org_id, "xlsx"));
  CHECK(size > 1000);
  CHECK(bytes[0] == 'P' && bytes[1] == 'K');
  onb_free(bytes);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_template(&bytes, &size, w.dir, w.org_id, "ods"));
  CHECK(bytes == NULL && size == 0);
  CHECK_STATUS(ONB_NOT_FOUND, onb_import_template(&bytes, NULL, w.dir, "no-such-org", "csv"));
  free_world(&w);
}

static void a_member_without_import_rights_is_refused(void) {
  world w = make_world();
  file_bytes f = read_data("claromentis_people.csv");
  onb_import_report* report = NULL;
  char token[256];
  onb_user* bob = NULL;
  invite(&w, "bob@acme.example", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&bob, w.dir, w.org_id, token, "Bob Builder", GOOD_PASSWORD));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_import_run(&report, w.dir, w.org_id, onb_user_id(bob), f.data,
                                                     f.size, "p.csv", NULL, NULL, NULL));
  CHECK(report == NULL);
  onb_user_free(bob);
  free_bytes(&f);
  free_world(&w);
}

static void misuse_is_reported_not_crashed(void) {
  world w = make_world();
  file_bytes f = read_data("claromentis_people.csv");
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  char* text = NULL;
  CHECK_STATUS(ONB_MISUSE,
               onb_import_run(NULL, w.dir, w.org_id, w.admin_id, f.data, f.size, "p.csv", NULL, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_import_run(&report, NULL, w.org_id, w.admin_id, f.data, f.size, "p.csv", NULL,
                                          NULL, NULL));
  CHECK(strstr(onb_error_last()->message, "onb_import_run was given NULL for dir") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_import_preview(&report, w.dir, NULL, w.admin_id, f.data, f.size, "p.csv", NULL,
                                              NULL, NULL));
  CHECK_STATUS(ONB_MISUSE,
               onb_import_preview(&report, w.dir, w.org_id, w.admin_id, NULL, 10, "p.csv", NULL, NULL, NULL));
  opts.version = 7;
  CHECK_STATUS(ONB_MISUSE, onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "p.csv",
                                          &opts, NULL, NULL));
  CHECK(strstr(onb_error_last()->message, "version 7") != NULL);
  CHECK(report == NULL);
  /* An empty file is a problem of the file, with its report. */
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_import_preview(&report, w.dir, w.org_id, w.admin_id, NULL, 0, NULL, NULL, NULL, NULL));
  CHECK(report != NULL);
  onb_import_report_free(report);
  /* Accessors of NULL. */
  CHECK(onb_import_report_rows(NULL) == 0);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(onb_import_report_valid(NULL) == 0);
  CHECK(onb_import_report_committed(NULL) == 0);
  CHECK(onb_import_report_created(NULL) == 0);
  CHECK(onb_import_report_updated(NULL) == 0);
  CHECK(onb_import_report_skipped(NULL) == 0);
  CHECK(onb_import_report_error_count(NULL) == 0);
  CHECK(onb_import_report_error_row(NULL, 0) == 0);
  CHECK(onb_import_report_error_message(NULL, 0) == NULL);
  CHECK(onb_import_report_warning_count(NULL) == 0);
  CHECK(onb_import_report_warning(NULL, 0) == NULL);
  CHECK(onb_import_report_credential_count(NULL) == 0);
  CHECK_STATUS(ONB_MISUSE, onb_import_report_json(&text, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_import_report_credentials_csv(&text, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_import_annotated_csv(&text, NULL, NULL, f.data, f.size, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_import_template(NULL, NULL, w.dir, w.org_id, NULL));
  /* A double free is caught, and so is taking credentials from a freed report. */
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, f.data, f.size, "p.csv", NULL, NULL, NULL));
  onb_import_report_free(report);
  onb_error_clear();
  onb_import_report_free(report);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(strstr(onb_error_last()->message, "an import report handle that was already freed") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_import_report_credentials_csv(&text, NULL, report));
  onb_import_report_free(NULL);
  free_bytes(&f);
  free_world(&w);
}

int main(void) {
  RUN(import_options_macro_equals_function);
  RUN(every_fixture_file_imports);
  RUN(the_windows_1252_file_carries_a_warning);
  RUN(row_errors_come_with_their_row_and_column_and_the_report);
  RUN(valid_rows_mode_writes_the_good_rows_and_says_ok);
  RUN(options_reach_the_import);
  RUN(progress_reaches_the_host_and_it_can_cancel);
  RUN(credentials_are_given_out_once);
  RUN(sealed_credentials_are_handed_out_once);
  RUN(templates_come_as_csv_and_xlsx);
  RUN(a_member_without_import_rights_is_refused);
  RUN(misuse_is_reported_not_crashed);
  return 0;
}
