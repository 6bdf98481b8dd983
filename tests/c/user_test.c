/* Users and sign-in through the C ABI. */
#include "fixture.h"

static void a_member_signs_in_with_the_right_password_only(void) {
  world w = make_world();
  onb_user* user = NULL;
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ADA@acme.example", ADMIN_PASSWORD));
  CHECK_STR(onb_user_id(user), w.admin_id);
  CHECK(onb_user_must_change_password(user) == 0);
  CHECK(onb_user_created_at(user) == START_TIME);
  onb_user_free(user);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ada@acme.example", "wrong"));
  CHECK(user == NULL);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "nobody@acme.example", ADMIN_PASSWORD));
  free_world(&w);
}

static void a_changed_password_replaces_the_old_one(void) {
  world w = make_world();
  onb_user* user = NULL;
  CHECK_OK(
      onb_user_change_password(&user, w.dir, w.org_id, "ada@acme.example", ADMIN_PASSWORD, GOOD_PASSWORD));
  onb_user_free(user);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ada@acme.example", ADMIN_PASSWORD));
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ada@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  CHECK_STATUS(ONB_WEAK_PASSWORD, onb_user_change_password(&user, w.dir, w.org_id, "ada@acme.example",
                                                           GOOD_PASSWORD, "password1"));
  free_world(&w);
}

static void a_user_is_read_by_id_and_by_email(void) {
  world w = make_world();
  onb_user* by_id = NULL;
  onb_user* by_email = NULL;
  char* json = NULL;
  CHECK_OK(onb_user_get(&by_id, w.dir, w.org_id, w.admin_id, w.admin_id));
  CHECK_STR(onb_user_office(by_id), "HQ");
  CHECK_OK(onb_user_find_by_email(&by_email, w.dir, w.org_id, "ada@ACME.example"));
  CHECK_STR(onb_user_id(by_email), w.admin_id);
  CHECK_OK(onb_user_json(&json, by_email));
  CHECK(strstr(json, "\"email\":\"ada@acme.example\"") != NULL);
  CHECK(strstr(json, "argon2") == NULL);
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_find_by_email(&by_email, w.dir, w.org_id, "who@acme.example"));
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_find_by_email(&by_email, w.dir, w.org_id, "not an email"));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_user_get(&by_email, w.dir, w.org_id, "stranger", w.admin_id));
  onb_free(json);
  onb_user_free(by_id);
  free_world(&w);
}

static void users_are_listed_as_json_through_a_filter(void) {
  world w = make_world();
  char token[128];
  onb_user* grace = NULL;
  onb_user_filter filter = ONB_USER_FILTER_INIT;
  char* all = NULL;
  char* some = NULL;
  invite(&w, "grace@acme.example", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&grace, w.dir, w.org_id, token, "Grace Hopper", GOOD_PASSWORD));
  CHECK_OK(onb_users_list_json(&all, w.dir, w.org_id, w.admin_id, NULL));
  CHECK(strstr(all, "ada@acme.example") != NULL && strstr(all, "grace@acme.example") != NULL);
  filter.text = "hopper";
  filter.status = "active";
  filter.limit = 10;
  CHECK_OK(onb_users_list_json(&some, w.dir, w.org_id, w.admin_id, &filter));
  CHECK(strstr(some, "grace@acme.example") != NULL && strstr(some, "ada@acme.example") == NULL);
  onb_free(some);
  filter.text = NULL;
  filter.status = NULL;
  filter.role = "Admin";
  filter.office = "HQ";
  filter.team = NULL;
  filter.registered_via = NULL;
  filter.include_deleted = 1;
  filter.after_id = NULL;
  CHECK_OK(onb_users_list_json(&some, w.dir, w.org_id, w.admin_id, &filter));
  CHECK(strstr(some, "ada@acme.example") != NULL && strstr(some, "grace@acme.example") == NULL);
  onb_free(some);
  filter.status = "sleeping";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_users_list_json(&some, w.dir, w.org_id, w.admin_id, &filter));
  CHECK(some == NULL);
  filter.status = NULL;
  filter.version = 3;
  CHECK_STATUS(ONB_MISUSE, onb_users_list_json(&some, w.dir, w.org_id, w.admin_id, &filter));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_users_list_json(&some, w.dir, w.org_id, onb_user_id(grace), NULL));
  onb_free(all);
  onb_user_free(grace);
  free_world(&w);
}

static void null_arguments_and_dead_handles_are_misuse(void) {
  world w = make_world();
  onb_user* user = NULL;
  char* json = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_user_authenticate(&user, w.dir, w.org_id, NULL, "x"));
  CHECK_STATUS(ONB_MISUSE, onb_user_change_password(&user, w.dir, w.org_id, "a@b.c", "x", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_get(&user, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_find_by_email(NULL, w.dir, w.org_id, "a@b.c"));
  CHECK_STATUS(ONB_MISUSE, onb_users_list_json(&json, w.dir, NULL, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_json(&json, NULL));
  CHECK(onb_user_id(NULL) == NULL);
  CHECK(onb_user_email(NULL) == NULL);
  CHECK(onb_user_display_name(NULL) == NULL);
  CHECK(onb_user_first_name(NULL) == NULL);
  CHECK(onb_user_last_name(NULL) == NULL);
  CHECK(onb_user_role(NULL) == NULL);
  CHECK(onb_user_office(NULL) == NULL);
  CHECK(onb_user_status(NULL) == NULL);
  CHECK(onb_user_must_change_password(NULL) == 0);
  CHECK(onb_user_created_at(NULL) == 0);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  onb_user_free(w.admin);
  onb_error_clear();
  onb_user_free(w.admin);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  w.admin = NULL;
  free_world(&w);
}

int main(void) {
  RUN(a_member_signs_in_with_the_right_password_only);
  RUN(a_changed_password_replaces_the_old_one);
  RUN(a_user_is_read_by_id_and_by_email);
  RUN(users_are_listed_as_json_through_a_filter);
  RUN(null_arguments_and_dead_handles_are_misuse);
  return 0;
}
