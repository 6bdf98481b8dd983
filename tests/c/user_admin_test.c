/* Managing members through the C ABI: pages of users, delete, suspend,
 * reactivate. */
#include "fixture.h"

/* A pre-created user (no password hashing, so quick); returns their id in `id`. */
static void add_waiting_user(world* w, const char* first, char* id, size_t size) {
  onb_user_key* key = NULL;
  CHECK_OK(onb_user_precreate(&key, w->dir, w->org_id, w->admin_id, first, "Tester", NULL));
  snprintf(id, size, "%s", onb_user_key_user_id(key));
  onb_user_key_free(key);
}

static int count_of(const char* json, const char* needle) {
  int count = 0;
  const char* at;
  for (at = strstr(json, needle); at != NULL; at = strstr(at + 1, needle)) ++count;
  return count;
}

static void user_query_macro_equals_function(void) {
  onb_user_query macro = ONB_USER_QUERY_INIT;
  onb_user_query fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_user_query_init(&fn, ONB_USER_QUERY_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_USER_QUERY_VERSION);
  CHECK(macro.include_deleted == fn.include_deleted && fn.include_deleted == 0);
  CHECK(macro.status == fn.status && fn.status == NULL);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.office == fn.office && fn.office == NULL);
  CHECK(macro.team == fn.team && fn.team == NULL);
  CHECK(macro.text == fn.text && fn.text == NULL);
  CHECK(macro.after == fn.after && fn.after == NULL);
  CHECK(macro.limit == fn.limit && fn.limit == 0);
  CHECK(sizeof macro == sizeof(uint32_t) + sizeof(int32_t) + 6 * sizeof(void*) + sizeof(size_t));
  CHECK_STATUS(ONB_MISUSE, onb_user_query_init(&fn, 5));
  CHECK_STATUS(ONB_MISUSE, onb_user_query_init(NULL, ONB_USER_QUERY_VERSION));
}

static void every_user_is_reached_page_by_page(void) {
  world w = make_world();
  onb_user_query query = ONB_USER_QUERY_INIT;
  char id[64];
  char after[64] = "";
  char* page = NULL;
  char* next = NULL;
  int pages = 0, users = 0, i;
  for (i = 0; i < 4; ++i) add_waiting_user(&w, "Page", id, sizeof id);
  query.limit = 2;
  do {
    query.after = after[0] ? after : NULL;
    CHECK_OK(onb_users_page_json(&page, &next, w.dir, w.org_id, w.admin_id, &query));
    users += count_of(page, "\"id\":");
    ++pages;
    onb_free(page);
    if (next != NULL) {
      snprintf(after, sizeof after, "%s", next);
      onb_free(next);
    } else {
      after[0] = '\0';
    }
  } while (after[0] != '\0');
  CHECK(users == 5); /* Ada and the four */
  CHECK(pages == 3);
  /* Without a query, the first page (of 100) holds everyone. */
  CHECK_OK(onb_users_page_json(&page, NULL, w.dir, w.org_id, w.admin_id, NULL));
  CHECK(count_of(page, "\"id\":") == 5);
  onb_free(page);
  free_world(&w);
}

static void a_page_is_filtered_and_refuses_unknown_catalog_values(void) {
  world w = make_world();
  onb_user_query query = ONB_USER_QUERY_INIT;
  char id[64];
  char* page = NULL;
  char* next = (char*)&w;
  add_waiting_user(&w, "Waiting", id, sizeof id);
  query.status = "pending_activation";
  query.text = "waiting";
  query.office = "HQ";
  query.role = "User";
  CHECK_OK(onb_users_page_json(&page, &next, w.dir, w.org_id, w.admin_id, &query));
  CHECK(next == NULL);
  CHECK(strstr(page, id) != NULL && strstr(page, w.admin_id) == NULL);
  onb_free(page);
  query.status = NULL;
  query.text = NULL;
  query.role = NULL;
  query.office = NULL;
  query.team = "Marketing";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_page_json(&page, &next, w.dir, w.org_id, w.admin_id, &query));
  CHECK(page == NULL && next == NULL);
  query.team = NULL;
  query.status = "sleeping";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_page_json(&page, NULL, w.dir, w.org_id, w.admin_id, &query));
  query.status = NULL;
  query.limit = 10001;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_page_json(&page, NULL, w.dir, w.org_id, w.admin_id, &query));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_users_page_json(&page, NULL, w.dir, w.org_id, "nobody", NULL));
  free_world(&w);
}

static void deleted_users_lose_their_keys_all_or_none(void) {
  world w = make_world();
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  onb_user_query query = ONB_USER_QUERY_INIT;
  char other[64];
  const char* ids[3];
  char* deleted = NULL;
  char* page = NULL;
  CHECK_OK(onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "Gone", "Soon", NULL));
  add_waiting_user(&w, "Other", other, sizeof other);
  /* One unknown id: nobody is deleted. */
  ids[0] = onb_user_key_user_id(key);
  ids[1] = "no-such-user";
  CHECK_STATUS(ONB_NOT_FOUND, onb_users_delete_json(&deleted, w.dir, w.org_id, w.admin_id, ids, 2));
  CHECK(deleted == NULL);
  /* Yourself: nobody is deleted. */
  ids[1] = w.admin_id;
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_users_delete_json(&deleted, w.dir, w.org_id, w.admin_id, ids, 2));
  ids[1] = other;
  CHECK_OK(onb_users_delete_json(&deleted, w.dir, w.org_id, w.admin_id, ids, 2));
  CHECK(count_of(deleted, "\"status\":\"deleted\"") == 2);
  onb_free(deleted);
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(key),
                                                  GOOD_PASSWORD, "gone@acme.example", NULL));
  /* Deleting again changes nothing; an empty list deletes nobody. */
  CHECK_OK(onb_users_delete_json(&deleted, w.dir, w.org_id, w.admin_id, ids, 1));
  onb_free(deleted);
  CHECK_OK(onb_users_delete_json(&deleted, w.dir, w.org_id, w.admin_id, NULL, 0));
  CHECK_STR(deleted, "[]");
  onb_free(deleted);
  CHECK_OK(onb_users_page_json(&page, NULL, w.dir, w.org_id, w.admin_id, NULL));
  CHECK(count_of(page, "\"id\":") == 1);
  onb_free(page);
  query.include_deleted = 1;
  CHECK_OK(onb_users_page_json(&page, NULL, w.dir, w.org_id, w.admin_id, &query));
  CHECK(count_of(page, "\"id\":") == 3);
  onb_free(page);
  onb_user_key_free(key);
  free_world(&w);
}

static void a_suspended_user_cannot_redeem_until_reactivated(void) {
  world w = make_world();
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  CHECK_OK(onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "Paused", "Person", NULL));
  CHECK_OK(onb_user_suspend(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key)));
  CHECK_STR(onb_user_status(user), "suspended");
  onb_user_free(user);
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(key),
                                                          GOOD_PASSWORD, "paused@acme.example", NULL));
  CHECK_OK(onb_user_reactivate(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key)));
  CHECK_STR(onb_user_status(user), "pending_activation");
  onb_user_free(user);
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_user_reactivate(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key)));
  CHECK(user == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_user_suspend(&user, w.dir, w.org_id, w.admin_id, w.admin_id));
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_suspend(&user, w.dir, w.org_id, w.admin_id, "no-such-user"));
  onb_user_key_free(key);
  free_world(&w);
}

static void null_arguments_and_wrong_versions_are_misuse(void) {
  world w = make_world();
  onb_user_query query = ONB_USER_QUERY_INIT;
  const char* ids[1] = {NULL};
  char* json = NULL;
  onb_user* user = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_users_page_json(NULL, NULL, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_users_page_json(&json, NULL, NULL, w.org_id, w.admin_id, NULL));
  query.version = 0;
  CHECK_STATUS(ONB_MISUSE, onb_users_page_json(&json, NULL, w.dir, w.org_id, w.admin_id, &query));
  CHECK_STATUS(ONB_MISUSE, onb_users_delete_json(&json, w.dir, w.org_id, w.admin_id, NULL, 1));
  CHECK_STATUS(ONB_MISUSE, onb_users_delete_json(&json, w.dir, w.org_id, w.admin_id, ids, 1));
  CHECK_STATUS(ONB_MISUSE, onb_users_delete_json(&json, w.dir, w.org_id, NULL, ids, 0));
  CHECK_STATUS(ONB_MISUSE, onb_user_suspend(&user, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_reactivate(NULL, w.dir, w.org_id, w.admin_id, w.admin_id));
  free_world(&w);
}

int main(void) {
  RUN(user_query_macro_equals_function);
  RUN(every_user_is_reached_page_by_page);
  RUN(a_page_is_filtered_and_refuses_unknown_catalog_values);
  RUN(deleted_users_lose_their_keys_all_or_none);
  RUN(a_suspended_user_cannot_redeem_until_reactivated);
  RUN(null_arguments_and_wrong_versions_are_misuse);
  return 0;
}
