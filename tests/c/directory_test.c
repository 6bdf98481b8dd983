/* Opening directories: keys, clocks, persistence, and misuse of the handle. */
#include "fixture.h"

static void a_memory_directory_opens_with_defaults(void) {
  onb_directory* dir = NULL;
  int64_t now = 0;
  CHECK_OK(onb_directory_open(&dir, "memory:", NULL));
  CHECK(dir != NULL);
  CHECK_OK(onb_directory_now(&now, dir));
  CHECK(now > START_TIME - 400000000); /* the system clock: some time this century */
  onb_directory_free(dir);
}

static void a_manual_clock_moves_only_when_told(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  int64_t now = 0;
  CHECK_OK(onb_directory_now(&now, dir));
  CHECK(now == START_TIME);
  CHECK_OK(onb_directory_set_time(dir, START_TIME + 3600));
  CHECK_OK(onb_directory_now(&now, dir));
  CHECK(now == START_TIME + 3600);
  onb_directory_free(dir);
}

static void the_system_clock_cannot_be_set(void) {
  onb_directory* dir = NULL;
  CHECK_OK(onb_directory_open(&dir, "memory:", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_directory_set_time(dir, START_TIME));
  CHECK(strstr(onb_error_last()->message, "ONB_CLOCK_MANUAL") != NULL);
  onb_directory_free(dir);
}

static void a_sqlite_directory_keeps_its_data_with_its_key_file(void) {
  char dir_path[256], db[300], key[300], uri[320];
  world w;
  onb_directory* again;
  onb_organization* org = NULL;
  onb_user* ada = NULL;
  temp_dir(dir_path, sizeof dir_path);
  snprintf(db, sizeof db, "%s/acme.db", dir_path);
  snprintf(key, sizeof key, "%s/acme.key", dir_path);
  snprintf(uri, sizeof uri, "sqlite:%s", db);
  create_acme(&w, open_manual(uri, key));
  free_world(&w);

  again = open_manual(uri, key);
  CHECK_OK(onb_organization_get(&org, again, w.org_id));
  CHECK_STR(onb_organization_name(org), "Acme");
  CHECK_OK(onb_user_authenticate(&ada, again, w.org_id, "ada@acme.example", ADMIN_PASSWORD));
  onb_user_free(ada);
  onb_organization_free(org);
  onb_directory_free(again);
  remove_tree(dir_path);
}

static void a_store_refuses_another_key_and_a_missing_key_file(void) {
  char dir_path[256], db[300], key[300], moved[300], uri[320];
  world w;
  uint8_t other[ONB_KEY_SIZE];
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  FILE* f;
  temp_dir(dir_path, sizeof dir_path);
  snprintf(db, sizeof db, "%s/acme.db", dir_path);
  snprintf(key, sizeof key, "%s/acme.key", dir_path);
  snprintf(moved, sizeof moved, "%s/moved.key", dir_path);
  snprintf(uri, sizeof uri, "sqlite:%s", db);
  create_acme(&w, open_manual(uri, key));
  free_world(&w);

  /* Another key: refused when opening, not later as "not valid" tokens. */
  memset(other, 9, sizeof other);
  opts.key = other;
  opts.key_size = sizeof other;
  CHECK_STATUS(ONB_STORAGE, onb_directory_open(&dir, uri, &opts));
  CHECK(dir == NULL);
  CHECK(strstr(onb_error_last()->message, "sealed with another master key") != NULL);

  /* The key file gone: an error, and no new key file appears. */
  CHECK(rename(key, moved) == 0);
  opts = (onb_open_options)ONB_OPEN_OPTIONS_INIT;
  opts.key_file = key;
  CHECK_STATUS(ONB_STORAGE, onb_directory_open(&dir, uri, &opts));
  CHECK(strstr(onb_error_last()->message, "is missing") != NULL);
  f = fopen(key, "r");
  CHECK(f == NULL);
  if (f != NULL) fclose(f);
  remove_tree(dir_path);
}

static void a_raw_key_opens_a_persistent_store(void) {
  char dir_path[256], uri[320];
  uint8_t key[ONB_KEY_SIZE];
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  memset(key, 7, sizeof key);
  temp_dir(dir_path, sizeof dir_path);
  snprintf(uri, sizeof uri, "sqlite:%s/raw.db", dir_path);
  opts.key = key;
  opts.key_size = sizeof key;
  CHECK_OK(onb_directory_open(&dir, uri, &opts));
  onb_directory_free(dir);
  remove_tree(dir_path);
}

static void a_persistent_store_without_a_key_is_refused(void) {
  onb_directory* dir = (onb_directory*)&dir; /* garbage in, NULL out */
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(&dir, "sqlite:/tmp/never-created.db", NULL));
  CHECK(dir == NULL);
  CHECK(strstr(onb_error_last()->message, "key") != NULL);
}

static void a_key_of_the_wrong_size_is_refused(void) {
  uint8_t key[16] = {0};
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  opts.key = key;
  opts.key_size = sizeof key;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_directory_open(&dir, "memory:", &opts));
  CHECK(strstr(onb_error_last()->message, "32 bytes") != NULL);
}

static void a_key_and_a_key_file_together_are_refused(void) {
  uint8_t key[ONB_KEY_SIZE] = {0};
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  opts.key = key;
  opts.key_size = sizeof key;
  opts.key_file = "/tmp/unused.key";
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(&dir, "memory:", &opts));
}

static void options_of_an_unknown_version_or_clock_are_refused(void) {
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  opts.version = ONB_OPEN_OPTIONS_VERSION + 1; /* a version this library does not know */
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(&dir, "memory:", &opts));
  opts.version = ONB_OPEN_OPTIONS_VERSION;
  opts.clock_mode = 5;
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(&dir, "memory:", &opts));
  CHECK(dir == NULL);
}

static void null_arguments_are_misuse(void) {
  onb_directory* dir = NULL;
  int64_t now;
  CHECK_STATUS(ONB_MISUSE, onb_directory_open(&dir, NULL, NULL));
  CHECK(strstr(onb_error_last()->message, "uri") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_directory_set_time(NULL, 0));
  CHECK_STATUS(ONB_MISUSE, onb_directory_now(&now, NULL));
  CHECK_OK(onb_directory_open(&dir, "memory:", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_directory_now(NULL, dir));
  onb_directory_free(dir);
}

static void a_closed_directory_is_reported_not_used(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  onb_directory* other = open_manual("memory:", NULL); /* keeps the freed address from being reused */
  int64_t now = 0;
  onb_directory_free(dir);
  onb_error_clear();
  onb_directory_free(dir); /* double free: detected, nothing happens */
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(strstr(onb_error_last()->message, "already freed") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_directory_now(&now, dir));
  CHECK_STATUS(ONB_MISUSE, onb_directory_now(&now, (onb_directory*)&now)); /* not a handle at all */
  onb_directory_free(other);
}

int main(void) {
  RUN(a_memory_directory_opens_with_defaults);
  RUN(a_manual_clock_moves_only_when_told);
  RUN(the_system_clock_cannot_be_set);
  RUN(a_sqlite_directory_keeps_its_data_with_its_key_file);
  RUN(a_raw_key_opens_a_persistent_store);
  RUN(a_store_refuses_another_key_and_a_missing_key_file);
  RUN(a_persistent_store_without_a_key_is_refused);
  RUN(a_key_of_the_wrong_size_is_refused);
  RUN(a_key_and_a_key_file_together_are_refused);
  RUN(options_of_an_unknown_version_or_clock_are_refused);
  RUN(null_arguments_are_misuse);
  RUN(a_closed_directory_is_reported_not_used);
  return 0;
}
