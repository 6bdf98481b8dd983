/* Password hashes from other systems through the C ABI: passwords "hash"
 * imports tests/data/hashes/legacy_users.csv and each person signs in with
 * the old password; a weak scheme needs allow_weak_hashes (version 4). */
#include "fixture.h"

#include <stdlib.h>

/* The whole file, NUL-terminated; free() it. */
static char* slurp(const char* name, size_t* size) {
  char path[512];
  FILE* f;
  char* text;
  long n;
  snprintf(path, sizeof path, "%s/hashes/%s", ONBOARD_TEST_DATA, name);
  f = fopen(path, "rb");
  CHECK(f != NULL);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char*)malloc((size_t)n + 1);
  CHECK(text != NULL);
  CHECK(fread(text, 1, (size_t)n, f) == (size_t)n);
  text[n] = '\0';
  fclose(f);
  *size = (size_t)n;
  return text;
}

/* The hash of the first fixture of `scheme` in fixtures.tsv, into `out`. */
static void fixture_hash(const char* scheme, char* out, size_t size) {
  size_t n = 0;
  char* text = slurp("fixtures.tsv", &n);
  char* line = text;
  out[0] = '\0';
  while (line != NULL && *line != '\0') {
    char* end = strchr(line, '\n');
    char* tab = strchr(line, '\t');
    if (end != NULL) *end = '\0';
    if (tab != NULL && (size_t)(tab - line) == strlen(scheme) && strncmp(line, scheme, strlen(scheme)) == 0) {
      const char* hash = strchr(tab + 1, '\t');
      CHECK(hash != NULL);
      snprintf(out, size, "%s", hash + 1);
      break;
    }
    line = end != NULL ? end + 1 : NULL;
  }
  free(text);
  CHECK(out[0] != '\0');
}

static void imported_hashes_sign_in_with_the_old_passwords(void) {
  world w = make_world();
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  onb_user* user = NULL;
  char* json = NULL;
  size_t size = 0;
  char* csv = slurp("legacy_users.csv", &size);
  opts.passwords = "hash";
  CHECK_OK(
      onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, size, "legacy_users.csv", &opts, NULL, NULL));
  CHECK(onb_import_report_created(report) == 9);
  CHECK(onb_import_report_credential_count(report) == 0);
  CHECK_OK(onb_import_report_json(&json, report));
  CHECK(strstr(json, "\"password_hashes\":[{\"scheme\":\"bcrypt\",\"rows\":1,\"weak\":false}") != NULL);
  CHECK(strstr(json, "$2b$") == NULL);
  onb_free(json);
  onb_import_report_free(report);

  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ada@example.com", "correct horse 1"));
  onb_user_free(user);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "grace@example.com", "shadow pass 6"));
  onb_user_free(user);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "alan@example.com", "django pw 1"));
  onb_user_free(user);
  user = NULL;
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ken@example.com", "passlib 257"));
  CHECK(user == NULL);
  /* Rehashed at the first success: the old password still works, now against Argon2id. */
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ada@example.com", "correct horse 1"));
  onb_user_free(user);
  free(csv);
  free_world(&w);
}

static void a_weak_scheme_needs_allow_weak_hashes(void) {
  world w = make_world();
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  onb_user* user = NULL;
  char hash[256], csv[512];
  fixture_hash("ldap-ssha", hash, sizeof hash);
  snprintf(csv, sizeof csv, "Full Name,Email,Password Hash\nLee Ldap,lee@example.com,%s\n", hash);
  opts.passwords = "hash";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, strlen(csv),
                                                 "weak.csv", &opts, NULL, NULL));
  CHECK(report != NULL);
  CHECK(onb_import_report_error_count(report) == 1);
  CHECK(strcmp(onb_import_report_error_code(report, 0), "password_hash.weak") == 0);
  CHECK(strcmp(onb_import_report_error_column(report, 0), "Password Hash") == 0);
  CHECK(strstr(onb_import_report_error_message(report, 0), "--allow-weak-hashes") != NULL);
  CHECK(strstr(onb_import_report_error_message(report, 0), hash + 6) == NULL);
  onb_import_report_free(report);

  opts.allow_weak_hashes = 1;
  CHECK_OK(
      onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, strlen(csv), "weak.csv", &opts, NULL, NULL));
  CHECK(onb_import_report_created(report) == 1);
  onb_import_report_free(report);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "lee@example.com", "ldap pw"));
  onb_user_free(user);
  free_world(&w);
}

int main(void) {
  RUN(imported_hashes_sign_in_with_the_old_passwords);
  RUN(a_weak_scheme_needs_allow_weak_hashes);
  return 0;
}
