/* The users export through the C ABI: the bytes, a private file, and a
 * file that imports back as "nothing changed". */
#include "fixture.h"

#include <sys/stat.h>

/* A pre-created user with an external ID, which an update matches them by. */
static void add_waiting_user(world* w, const char* first, const char* external_id) {
  onb_user_key* key = NULL;
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  opts.external_id = external_id;
  CHECK_OK(onb_user_precreate(&key, w->dir, w->org_id, w->admin_id, first, "Tester", &opts));
  onb_user_key_free(key);
}

static void an_export_imports_back_unchanged(void) {
  world w = make_world();
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  char* csv = NULL;
  char* xlsx = NULL;
  size_t size = 0;
  add_waiting_user(&w, "=Formula", "X-1");
  CHECK_OK(onb_users_export(&csv, &size, w.dir, w.org_id, w.admin_id, NULL, NULL));
  CHECK(size == strlen(csv));
  CHECK(strstr(csv, "\"Full Name\",\"First name\",\"Last name\",\"Email\"") != NULL);
  CHECK(strstr(csv, "\"Status\"") != NULL);
  CHECK(strstr(csv, "\"pending_activation\"") != NULL);
  CHECK(strstr(csv, "\"'=Formula\"") != NULL);
  CHECK(strstr(csv, "argon2") == NULL);
  opts.existing = "update";
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, size, "users.csv", &opts, NULL, NULL));
  CHECK(onb_import_report_error_count(report) == 0);
  CHECK(onb_import_report_created(report) == 0);
  CHECK(onb_import_report_updated(report) == 0);
  CHECK(onb_import_report_skipped(report) == 2);
  onb_import_report_free(report);
  CHECK_OK(onb_users_export(&xlsx, &size, w.dir, w.org_id, w.admin_id, NULL, "xlsx"));
  CHECK(size > 4 && memcmp(xlsx, "PK", 2) == 0);
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, xlsx, size, "users.xlsx", &opts, NULL, NULL));
  CHECK(onb_import_report_created(report) == 0);
  CHECK(onb_import_report_updated(report) == 0);
  CHECK(onb_import_report_skipped(report) == 2);
  onb_import_report_free(report);
  onb_free(csv);
  onb_free(xlsx);
  free_world(&w);
}

static void an_export_file_is_private_and_refusals_are_statuses(void) {
  world w = make_world();
  onb_user_filter filter = ONB_USER_FILTER_INIT;
  char dir[256];
  char path[300];
  struct stat st;
  size_t count = 0;
  char* out = NULL;
  temp_dir(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/people.csv", dir);
  add_waiting_user(&w, "Waiting", "X-2");
  CHECK_OK(onb_users_export_file(&count, w.dir, w.org_id, w.admin_id, NULL, "csv", path, 0));
  CHECK(count == 2);
  CHECK(stat(path, &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_STATUS(ONB_ALREADY_EXISTS,
               onb_users_export_file(&count, w.dir, w.org_id, w.admin_id, NULL, "csv", path, 0));
  CHECK_OK(onb_users_export_file(&count, w.dir, w.org_id, w.admin_id, NULL, "csv", path, 1));
  filter.status = "pending_activation";
  CHECK_OK(onb_users_export_file(&count, w.dir, w.org_id, w.admin_id, &filter, "xlsx", path, 1));
  CHECK(count == 1);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_export(&out, NULL, w.dir, w.org_id, w.admin_id, NULL, "pdf"));
  CHECK(out == NULL);
  filter.status = NULL;
  filter.team = "Nobody";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_export(&out, NULL, w.dir, w.org_id, w.admin_id, &filter, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_users_export(NULL, NULL, w.dir, w.org_id, w.admin_id, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_users_export_file(NULL, w.dir, w.org_id, w.admin_id, NULL, NULL, NULL, 0));
  remove_tree(dir);
  free_world(&w);
}

/* An HR sync: existing "update" with missing "suspend" suspends who the file lacks. */
static void a_sync_suspends_the_members_missing_from_the_file(void) {
  world w = make_world();
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  onb_user_filter filter = ONB_USER_FILTER_INIT;
  char* json = NULL;
  const char csv[] = "Full Name,External ID\nKeep Me,X-1\n";
  add_waiting_user(&w, "Keep", "X-1");
  add_waiting_user(&w, "Gone", "X-2");
  opts.missing = "suspend";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_preview(&report, w.dir, w.org_id, w.admin_id, csv,
                                                     sizeof csv - 1, "hr.csv", &opts, NULL, NULL));
  CHECK(report == NULL);
  opts.existing = "update";
  opts.passwords = "none";
  CHECK_OK(onb_import_preview(&report, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1, "hr.csv", &opts,
                              NULL, NULL));
  CHECK_OK(onb_import_report_json(&json, report));
  CHECK(strstr(json, "\"suspended\":1") != NULL);
  CHECK(strstr(json, "\"action\":\"suspend\"") != NULL);
  onb_free(json);
  onb_import_report_free(report);
  CHECK_OK(
      onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1, "hr.csv", &opts, NULL, NULL));
  CHECK(onb_import_report_committed(report) == 1);
  CHECK(onb_import_report_suspended(report) == 1);
  onb_import_report_free(report);
  filter.status = "suspended";
  CHECK_OK(onb_users_list_json(&json, w.dir, w.org_id, w.admin_id, &filter));
  CHECK(strstr(json, "\"first_name\":\"Gone\"") != NULL);
  CHECK(strstr(json, "\"first_name\":\"Keep\"") == NULL);
  CHECK(strstr(json, "ada@acme.example") == NULL);
  onb_free(json);
  opts.missing = "sometimes";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1,
                                                 "hr.csv", &opts, NULL, NULL));
  free_world(&w);
}

int main(void) {
  RUN(an_export_imports_back_unchanged);
  RUN(a_sync_suspends_the_members_missing_from_the_file);
  RUN(an_export_file_is_private_and_refusals_are_statuses);
  return 0;
}
