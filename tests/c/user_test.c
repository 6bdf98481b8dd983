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

/* Attack 5 of issue #13: a hundred wrong passwords, then the right one. */
static void the_101st_wrong_password_is_throttled_from_any_source_and_says_when(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_organization* org = NULL;
  onb_user* admin = NULL;
  onb_user* user = NULL;
  char* password = NULL;
  char source[32];
  int i;
  /* A generated password: checked by a keyed hash, so a hundred tries are quick. */
  opts.name = "Navy";
  opts.admin_email = "grace@navy.example";
  opts.admin_name = "Grace Hopper";
  CHECK_OK(onb_organization_create(&org, &admin, &password, dir, &opts));
  for (i = 0; i < 100; ++i) {
    snprintf(source, sizeof source, "10.1.0.%d", i);
    CHECK_STATUS(ONB_AUTHENTICATION_FAILED, onb_user_authenticate_v2(&user, dir, onb_organization_id(org),
                                                                     "grace@navy.example", "wrong", source));
  }
  CHECK_STATUS(ONB_THROTTLED, onb_user_authenticate_v2(&user, dir, onb_organization_id(org),
                                                       "grace@navy.example", password, "198.51.100.1"));
  CHECK(user == NULL);
  CHECK_STR(onb_error_last()->detail_code, "throttle.account");
  CHECK_STR(onb_error_last()->message,
            "Too many failed sign-ins for this account; try again at 10:00:00 UTC on 2026-11-21.");
  /* The old function counts the same account; a NULL source counts the account only. */
  CHECK_STATUS(ONB_THROTTLED,
               onb_user_authenticate(&user, dir, onb_organization_id(org), "grace@navy.example", password));
  CHECK_STATUS(ONB_THROTTLED, onb_user_authenticate_v2(&user, dir, onb_organization_id(org),
                                                       "grace@navy.example", password, NULL));
  CHECK_STATUS(ONB_THROTTLED,
               onb_user_change_password_v2(&user, dir, onb_organization_id(org), "grace@navy.example",
                                           password, GOOD_PASSWORD, "198.51.100.1"));
  CHECK_STATUS(ONB_MISUSE, onb_user_authenticate_v2(&user, dir, NULL, "grace@navy.example", password, "s"));
  CHECK_STATUS(ONB_MISUSE, onb_user_change_password_v2(NULL, dir, onb_organization_id(org),
                                                       "grace@navy.example", password, GOOD_PASSWORD, "s"));
  onb_free(password);
  onb_user_free(admin);
  onb_organization_free(org);
  onb_directory_free(dir);
}

static void a_source_is_throttled_across_accounts_and_a_right_password_resets_the_account(void) {
  world w = make_world();
  onb_user* user = NULL;
  char email[64];
  int i;
  /* Unknown emails count against the source like known ones. */
  for (i = 0; i < 100; ++i) {
    snprintf(email, sizeof email, "not an email %d", i);
    CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
                 onb_user_authenticate_v2(&user, w.dir, w.org_id, email, "guess", "203.0.113.5"));
  }
  CHECK_STATUS(ONB_THROTTLED, onb_user_authenticate_v2(&user, w.dir, w.org_id, "ada@acme.example",
                                                       ADMIN_PASSWORD, "203.0.113.5"));
  CHECK_STR(onb_error_last()->detail_code, "throttle.source");
  CHECK_OK(
      onb_user_authenticate_v2(&user, w.dir, w.org_id, "ada@acme.example", ADMIN_PASSWORD, "203.0.113.6"));
  onb_user_free(user);
  CHECK_OK(onb_user_change_password_v2(&user, w.dir, w.org_id, "ada@acme.example", ADMIN_PASSWORD,
                                       GOOD_PASSWORD, "203.0.113.6"));
  onb_user_free(user);
  free_world(&w);
}

int main(void) {
  RUN(a_member_signs_in_with_the_right_password_only);
  RUN(a_changed_password_replaces_the_old_one);
  RUN(a_user_is_read_by_id_and_by_email);
  RUN(users_are_listed_as_json_through_a_filter);
  RUN(null_arguments_and_dead_handles_are_misuse);
  RUN(the_101st_wrong_password_is_throttled_from_any_source_and_says_when);
  RUN(a_source_is_throttled_across_accounts_and_a_right_password_resets_the_account);
  return 0;
}
