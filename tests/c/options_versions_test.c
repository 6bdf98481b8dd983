/* Options structs of several versions: onb_open_options and
 * onb_import_options version 2 append `threads`, onb_import_options version 3
 * `missing` and version 4 `allow_weak_hashes`; a struct of an older version is still accepted, is
 * never read or written past its end, and `threads` = 1 opens a directory
 * that starts no thread of its own. */
#include "fixture.h"

#include <dirent.h>
#include <stddef.h>
#include <unistd.h>

#define V1_OPEN_SIZE offsetof(onb_open_options, threads)
#define V1_IMPORT_SIZE offsetof(onb_import_options, threads)
#define V2_IMPORT_SIZE offsetof(onb_import_options, missing)
#define V3_IMPORT_SIZE offsetof(onb_import_options, allow_weak_hashes)

/* The threads of this process, as Linux lists them. */
static int thread_count(void) {
  DIR* tasks = opendir("/proc/self/task");
  struct dirent* entry;
  int n = 0;
  CHECK(tasks != NULL);
  while ((entry = readdir(tasks)) != NULL)
    if (entry->d_name[0] != '.') n++;
  closedir(tasks);
  return n;
}

static void version_1_layouts_are_unchanged(void) {
  CHECK(V1_OPEN_SIZE ==
        sizeof(uint32_t) + sizeof(int32_t) + 2 * sizeof(void*) + sizeof(size_t) + sizeof(int64_t));
  CHECK(V1_IMPORT_SIZE == 2 * sizeof(uint32_t) + 7 * sizeof(void*) + 2 * sizeof(uint64_t));
  CHECK(sizeof(onb_open_options) == V1_OPEN_SIZE + 2 * sizeof(uint32_t));
  /* Version 2 appends threads and reserved; version 3 appends missing; version 4 two more. */
  CHECK(offsetof(onb_import_options, missing) == V1_IMPORT_SIZE + 2 * sizeof(uint32_t));
  CHECK(V3_IMPORT_SIZE == V1_IMPORT_SIZE + 2 * sizeof(uint32_t) + sizeof(void*));
  CHECK(sizeof(onb_import_options) == V3_IMPORT_SIZE + 2 * sizeof(uint32_t));
}

static void init_of_version_1_writes_nothing_past_its_end(void) {
  onb_open_options open_opts;
  onb_import_options import_opts;
  const unsigned char* bytes;
  size_t i;
  memset(&open_opts, 0xAB, sizeof open_opts);
  CHECK_OK(onb_open_options_init(&open_opts, 1));
  CHECK(open_opts.version == 1 && open_opts.clock_mode == ONB_CLOCK_SYSTEM && open_opts.key_file == NULL);
  bytes = (const unsigned char*)&open_opts;
  for (i = V1_OPEN_SIZE; i < sizeof open_opts; ++i) CHECK(bytes[i] == 0xAB);

  memset(&import_opts, 0xAB, sizeof import_opts);
  CHECK_OK(onb_import_options_init(&import_opts, 1));
  CHECK(import_opts.version == 1 && import_opts.mode == NULL && import_opts.max_bytes == 0);
  bytes = (const unsigned char*)&import_opts;
  for (i = V1_IMPORT_SIZE; i < sizeof import_opts; ++i) CHECK(bytes[i] == 0xAB);

  CHECK_OK(onb_open_options_init(&open_opts, 2));
  CHECK(open_opts.version == 2 && open_opts.threads == 0 && open_opts.reserved == 0);
  memset(&import_opts, 0xAB, sizeof import_opts);
  CHECK_OK(onb_import_options_init(&import_opts, 2));
  CHECK(import_opts.version == 2 && import_opts.threads == 0 && import_opts.reserved == 0);
  bytes = (const unsigned char*)&import_opts;
  for (i = V2_IMPORT_SIZE; i < sizeof import_opts; ++i) CHECK(bytes[i] == 0xAB);
  memset(&import_opts, 0xAB, sizeof import_opts);
  CHECK_OK(onb_import_options_init(&import_opts, 3));
  CHECK(import_opts.version == 3 && import_opts.missing == NULL);
  for (i = V3_IMPORT_SIZE; i < sizeof import_opts; ++i) CHECK(bytes[i] == 0xAB);
  CHECK_OK(onb_import_options_init(&import_opts, 4));
  CHECK(import_opts.version == 4 && import_opts.allow_weak_hashes == 0 && import_opts.reserved3 == 0);
  CHECK_STATUS(ONB_MISUSE, onb_open_options_init(&open_opts, 3));
  CHECK_STATUS(ONB_MISUSE, onb_import_options_init(&import_opts, 5));
}

/* The structs as a host built against version 1 knows them. */
typedef struct open_options_v1 {
  uint32_t version;
  int32_t clock_mode;
  const char* key_file;
  const uint8_t* key;
  size_t key_size;
  int64_t now_unix;
} open_options_v1;

typedef struct import_options_v1 {
  uint32_t version;
  int32_t notify;
  const char* mode;
  const char* existing;
  const char* role;
  const char* passwords;
  const char* activation;
  const char* unknown_columns;
  const char* column_map;
  uint64_t max_rows;
  uint64_t max_bytes;
} import_options_v1;

/* A host built against version 1 passes a struct only that long (on the
 * heap, so a sanitizer build sees any read past it). */
static void a_version_1_struct_opens_and_imports(void) {
  open_options_v1* open_opts = (open_options_v1*)malloc(sizeof(open_options_v1));
  import_options_v1* import_opts = (import_options_v1*)malloc(sizeof(import_options_v1));
  onb_import_report* report = NULL;
  const char csv[] = "Email,First Name,Last Name\ngrace@acme.example,Grace,Hopper\n";
  world w;
  CHECK(open_opts != NULL && import_opts != NULL);
  CHECK(sizeof(open_options_v1) == V1_OPEN_SIZE && sizeof(import_options_v1) == V1_IMPORT_SIZE);
  CHECK_OK(onb_open_options_init((onb_open_options*)(void*)open_opts, 1));
  open_opts->clock_mode = ONB_CLOCK_MANUAL;
  open_opts->now_unix = START_TIME;
  w.dir = NULL;
  CHECK_OK(onb_directory_open(&w.dir, "memory:", (const onb_open_options*)(void*)open_opts));
  create_acme(&w, w.dir);
  CHECK_OK(onb_import_options_init((onb_import_options*)(void*)import_opts, 1));
  import_opts->passwords = "none";
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1, "people.csv",
                          (const onb_import_options*)(void*)import_opts, NULL, NULL));
  CHECK(onb_import_report_committed(report) == 1);
  CHECK(onb_import_report_rows(report) == 1);
  onb_import_report_free(report);
  free(import_opts);
  free(open_opts);
  free_world(&w);
}

static void an_import_with_threads_gives_the_same_report(void) {
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* one = NULL;
  onb_import_report* two = NULL;
  char* one_json = NULL;
  char* two_json = NULL;
  const char csv[] = "Email,First Name,Last Name\nalan@acme.example,Alan,Turing\nbad-address,Bad,Row\n";
  world w = make_world();
  opts.passwords = "none";
  opts.threads = 1;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_preview(&one, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1,
                                                     "people.csv", &opts, NULL, NULL));
  opts.threads = 0;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_import_preview(&two, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1,
                                                     "people.csv", &opts, NULL, NULL));
  CHECK_OK(onb_import_report_json(&one_json, one));
  CHECK_OK(onb_import_report_json(&two_json, two));
  CHECK(onb_import_report_rows(one) == 2 && onb_import_report_valid(one) == 1);
  CHECK(strcmp(one_json, two_json) == 0);
  onb_free(one_json);
  onb_free(two_json);
  onb_import_report_free(one);
  onb_import_report_free(two);
  free_world(&w);
}

/* Enough commits that the WAL passes the 1,000 pages after which the SQLite
 * store checkpoints (each commit appends every page it touched). */
static void write_a_lot(world* w) {
  int i;
  for (i = 0; i < 400; ++i) {
    char email[64], token[128];
    snprintf(email, sizeof email, "person%d@acme.example", i);
    invite(w, email, token, sizeof token);
  }
}

static world sqlite_world_with_threads(char* dir_path, size_t size, uint32_t threads) {
  char uri[320], key[300];
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  world w;
  temp_dir(dir_path, size);
  snprintf(uri, sizeof uri, "sqlite:%s/threads.db", dir_path);
  snprintf(key, sizeof key, "%s/threads.key", dir_path);
  opts.clock_mode = ONB_CLOCK_MANUAL;
  opts.now_unix = START_TIME;
  opts.key_file = key;
  opts.threads = threads;
  w.dir = NULL;
  CHECK_OK(onb_directory_open(&w.dir, uri, &opts));
  create_acme(&w, w.dir);
  return w;
}

static void one_thread_opens_a_store_that_starts_no_thread(void) {
  char dir_path[256];
  world w;
  CHECK(thread_count() == 1);
  w = sqlite_world_with_threads(dir_path, sizeof dir_path, 1);
  write_a_lot(&w);
  CHECK(thread_count() == 1);
  free_world(&w);
  remove_tree(dir_path);
  /* The default, on a machine with more than one core, checkpoints on a
   * thread of its own after the same writes. */
  if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
    w = sqlite_world_with_threads(dir_path, sizeof dir_path, 0);
    write_a_lot(&w);
    CHECK(thread_count() == 2);
    free_world(&w);
    remove_tree(dir_path);
  }
  CHECK(thread_count() == 1);
}

/* The import options as a host built against version 2 knows them. */
typedef struct import_options_v2 {
  import_options_v1 v1;
  uint32_t threads;
  uint32_t reserved;
} import_options_v2;

/* A host built against version 2 passes a struct that ends before
 * `missing` (on the heap, so a sanitizer build sees any read past it). */
static void a_version_2_import_struct_is_read_only_to_its_end(void) {
  import_options_v2* opts = (import_options_v2*)malloc(sizeof(import_options_v2));
  onb_import_report* report = NULL;
  const char csv[] = "Email,First Name,Last Name\ngrace@acme.example,Grace,Hopper\n";
  world w = make_world();
  CHECK(opts != NULL);
  CHECK(sizeof(import_options_v2) == offsetof(onb_import_options, missing));
  CHECK_OK(onb_import_options_init((onb_import_options*)(void*)opts, 2));
  opts->v1.passwords = "none";
  CHECK_OK(onb_import_run(&report, w.dir, w.org_id, w.admin_id, csv, sizeof csv - 1, "people.csv",
                          (const onb_import_options*)(void*)opts, NULL, NULL));
  CHECK(onb_import_report_committed(report) == 1);
  onb_import_report_free(report);
  free(opts);
  free_world(&w);
}

int main(void) {
  RUN(version_1_layouts_are_unchanged);
  RUN(init_of_version_1_writes_nothing_past_its_end);
  RUN(a_version_1_struct_opens_and_imports);
  RUN(a_version_2_import_struct_is_read_only_to_its_end);
  RUN(an_import_with_threads_gives_the_same_report);
  RUN(one_thread_opens_a_store_that_starts_no_thread);
  return 0;
}
