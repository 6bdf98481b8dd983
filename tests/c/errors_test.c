/* Status codes, the last error, versions and memory: the rules every
 * other function relies on. */
#include "check.h"

#ifndef ONBOARD_PROJECT_VERSION
#error "the build passes the project version"
#endif

static void status_numbers_never_change(void) {
  CHECK(ONB_OK == 0);
  CHECK(ONB_INVALID_INPUT == 1);
  CHECK(ONB_NOT_FOUND == 2);
  CHECK(ONB_ALREADY_EXISTS == 3);
  CHECK(ONB_EXPIRED == 4);
  CHECK(ONB_ALREADY_USED == 5);
  CHECK(ONB_REVOKED == 6);
  CHECK(ONB_PERMISSION_DENIED == 7);
  CHECK(ONB_WEAK_PASSWORD == 8);
  CHECK(ONB_THROTTLED == 9);
  CHECK(ONB_LIMIT_EXCEEDED == 10);
  CHECK(ONB_STORAGE == 11);
  CHECK(ONB_BUSY == 12);
  CHECK(ONB_CANCELLED == 13);
  CHECK(ONB_UNSUPPORTED_FORMAT == 14);
  CHECK(ONB_MUST_CHANGE_PASSWORD == 15);
  CHECK(ONB_AUTHENTICATION_FAILED == 16);
  CHECK(ONB_MISUSE == 17);
  CHECK(ONB_INTERNAL == 18);
}

static void every_status_has_a_stable_name(void) {
  CHECK_STR(onb_status_name(ONB_OK), "ok");
  CHECK_STR(onb_status_name(ONB_EXPIRED), "expired");
  CHECK_STR(onb_status_name(ONB_MUST_CHANGE_PASSWORD), "must_change_password");
  CHECK_STR(onb_status_name(ONB_INTERNAL), "internal");
  CHECK_STR(onb_status_name((onb_status)99), "unknown");
  CHECK_STR(onb_status_name((onb_status)-1), "unknown");
}

static void the_last_error_is_never_null_and_starts_clear(void) {
  const onb_error* e = onb_error_last();
  CHECK(e != NULL);
  CHECK(e->code == ONB_OK);
  CHECK_STR(e->message, "");
  CHECK_STR(e->column, "");
  CHECK_STR(e->detail_code, "");
  CHECK(e->row == 0);
}

static void a_failure_is_described_and_a_success_clears_it(void) {
  onb_directory* dir = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(NULL, "memory:", NULL));
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(strstr(onb_error_last()->message, "onb_directory_open") != NULL);
  CHECK(strstr(onb_error_last()->message, "out") != NULL);
  CHECK_OK(onb_directory_open(&dir, "memory:", NULL));
  CHECK(onb_error_last()->code == ONB_OK);
  CHECK_STR(onb_error_last()->message, "");
  onb_directory_free(dir);
}

static void clearing_the_error_resets_it(void) {
  CHECK_STATUS(ONB_MISUSE, onb_open_options_init(NULL, ONB_OPEN_OPTIONS_VERSION));
  CHECK(onb_error_last()->code == ONB_MISUSE);
  onb_error_clear();
  CHECK(onb_error_last()->code == ONB_OK);
  CHECK_STR(onb_error_last()->message, "");
}

static void an_unknown_storage_scheme_is_invalid_input(void) {
  uint8_t key[ONB_KEY_SIZE] = {0};
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  opts.key = key;
  opts.key_size = sizeof key;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_directory_open(&dir, "gopher:x", &opts));
  CHECK(dir == NULL);
  CHECK(onb_error_last()->message[0] != '\0');
}

static void the_runtime_version_matches_the_header_and_the_project(void) {
  char expected[32];
  CHECK(onb_version_number() == ONB_VERSION_NUMBER);
  CHECK_STR(onb_version_string(), ONB_VERSION_STRING);
  CHECK_STR(ONB_VERSION_STRING, ONBOARD_PROJECT_VERSION);
  snprintf(expected, sizeof expected, "%d.%d.%d", ONB_VERSION_MAJOR, ONB_VERSION_MINOR, ONB_VERSION_PATCH);
  CHECK_STR(onb_version_string(), expected);
  CHECK(ONB_VERSION_NUMBER == ONB_VERSION_MAJOR * 10000 + ONB_VERSION_MINOR * 100 + ONB_VERSION_PATCH);
}

static void the_key_size_is_a_function_and_a_macro(void) {
  CHECK(onb_key_size() == ONB_KEY_SIZE);
  CHECK(onb_key_size() == 32);
}

static void freeing_null_is_harmless(void) {
  onb_error_clear();
  onb_free(NULL);
  onb_directory_free(NULL);
  onb_organization_free(NULL);
  onb_user_free(NULL);
  onb_invitation_free(NULL);
  CHECK(onb_error_last()->code == ONB_OK);
}

int main(void) {
  RUN(status_numbers_never_change);
  RUN(every_status_has_a_stable_name);
  RUN(the_last_error_is_never_null_and_starts_clear);
  RUN(a_failure_is_described_and_a_success_clears_it);
  RUN(clearing_the_error_resets_it);
  RUN(an_unknown_storage_scheme_is_invalid_input);
  RUN(the_runtime_version_matches_the_header_and_the_project);
  RUN(the_key_size_is_a_function_and_a_macro);
  RUN(freeing_null_is_harmless);
  return 0;
}
