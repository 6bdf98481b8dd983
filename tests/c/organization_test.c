/* Organizations through the C ABI: create, read, list, update, accessors. */
#include "fixture.h"

static void creating_an_organization_returns_it_and_its_admin(void) {
  world w = make_world();
  CHECK_STR(onb_organization_name(w.org), "Acme");
  CHECK_STR(onb_organization_base_url(w.org), "https://acme.example/");
  CHECK_STR(onb_organization_time_zone(w.org), "UTC");
  CHECK_STR(onb_organization_default_office(w.org), "HQ");
  CHECK(onb_organization_seat_limit(w.org) == 0);
  CHECK(onb_organization_invitation_ttl(w.org) == 7 * 24 * 3600);
  CHECK(strlen(onb_organization_id(w.org)) > 0);
  CHECK_STR(onb_user_email(w.admin), "ada@acme.example");
  CHECK_STR(onb_user_role(w.admin), "Admin");
  CHECK_STR(onb_user_status(w.admin), "active");
  free_world(&w);
}

static void a_generated_admin_password_is_returned_once_and_must_be_changed(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_organization* org = NULL;
  onb_user* admin = NULL;
  onb_user* signed_in = NULL;
  char* password = NULL;
  opts.name = "Initech";
  opts.role_preset = "it";
  opts.seat_limit = 5;
  opts.time_zone = "Europe/Berlin";
  opts.admin_email = "bill@initech.example";
  opts.admin_name = "Bill Lumbergh";
  CHECK_OK(onb_organization_create(&org, &admin, &password, dir, &opts));
  CHECK(password != NULL && strlen(password) >= 20);
  CHECK(onb_user_must_change_password(admin) == 1);
  CHECK_STR(onb_user_role(admin), "Privileged");
  CHECK(onb_organization_seat_limit(org) == 5);
  CHECK_STR(onb_organization_time_zone(org), "Europe/Berlin");
  CHECK_STATUS(ONB_MUST_CHANGE_PASSWORD, onb_user_authenticate(&signed_in, dir, onb_organization_id(org),
                                                               "bill@initech.example", password));
  CHECK(signed_in == NULL);
  CHECK_STR(onb_error_last()->detail_code, "auth.must_change_password");
  onb_free(password);
  onb_user_free(admin);
  onb_organization_free(org);
  onb_directory_free(dir);
}

static void the_admin_and_password_outputs_are_optional(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  onb_organization_options opts;
  onb_organization* org = NULL;
  CHECK_OK(onb_organization_options_init(&opts, ONB_ORGANIZATION_OPTIONS_VERSION));
  opts.name = "Solo";
  opts.admin_email = "solo@solo.example";
  opts.admin_name = "Han Solo";
  opts.admin_password = ADMIN_PASSWORD;
  CHECK_OK(onb_organization_create(&org, NULL, NULL, dir, &opts));
  onb_organization_free(org);
  onb_directory_free(dir);
}

static void a_refused_organization_says_why_and_returns_nothing(void) {
  onb_directory* dir = open_manual("memory:", NULL);
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_organization* org = (onb_organization*)&opts;
  onb_user* admin = (onb_user*)&opts;
  char* password = (char*)&opts;
  opts.name = "Acme";
  opts.admin_email = "not an email";
  opts.admin_name = "Ada Lovelace";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_organization_create(&org, &admin, &password, dir, &opts));
  CHECK(org == NULL && admin == NULL && password == NULL);
  CHECK(onb_error_last()->message[0] != '\0');
  opts.admin_email = "ada@acme.example";
  opts.admin_password = "short";
  CHECK_STATUS(ONB_WEAK_PASSWORD, onb_organization_create(&org, &admin, &password, dir, &opts));
  opts.offices_count = 2; /* a count without a list */
  CHECK_STATUS(ONB_MISUSE, onb_organization_create(&org, &admin, &password, dir, &opts));
  opts.offices_count = 0;
  opts.version = 9;
  CHECK_STATUS(ONB_MISUSE, onb_organization_create(&org, &admin, &password, dir, &opts));
  CHECK_STATUS(ONB_MISUSE, onb_organization_create(&org, &admin, &password, dir, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_organization_create(NULL, &admin, &password, dir, &opts));
  onb_directory_free(dir);
}

static void an_organization_is_read_back_and_listed_as_json(void) {
  world w = make_world();
  onb_organization* org = NULL;
  char* json = NULL;
  char* list = NULL;
  CHECK_OK(onb_organization_get(&org, w.dir, w.org_id));
  CHECK_STR(onb_organization_id(org), w.org_id);
  CHECK_OK(onb_organization_json(&json, org));
  CHECK(strstr(json, "\"name\":\"Acme\"") != NULL);
  CHECK(strstr(json, "\"offices\":[\"HQ\",\"London\"]") != NULL);
  CHECK(strstr(json, "\"invitation_ttl_seconds\":604800") != NULL);
  CHECK_OK(onb_organizations_list_json(&list, w.dir));
  CHECK(list[0] == '[' && strstr(list, w.org_id) != NULL);
  CHECK_STATUS(ONB_NOT_FOUND, onb_organization_get(&org, w.dir, "no-such-org"));
  CHECK(org == NULL);
  onb_free(json);
  onb_free(list);
  free_world(&w);
}

static void an_update_from_json_changes_the_settings(void) {
  world w = make_world();
  onb_organization* updated = NULL;
  char* json = NULL;
  char* changed;
  char* at;
  CHECK_OK(onb_organization_json(&json, w.org));
  /* Shorten invitations from 7 days to 2 hours. */
  at = strstr(json, "\"invitation_ttl_seconds\":604800");
  CHECK(at != NULL);
  changed = malloc(strlen(json) + 1);
  memcpy(changed, json, (size_t)(at - json));
  sprintf(changed + (at - json), "\"invitation_ttl_seconds\":7200%s",
          at + strlen("\"invitation_ttl_seconds\":604800"));
  CHECK_OK(onb_organization_update_json(&updated, w.dir, w.org_id, w.admin_id, changed));
  CHECK(onb_organization_invitation_ttl(updated) == 7200);
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_organization_update_json(&updated, w.dir, w.org_id, w.admin_id, "{nope"));
  CHECK(updated == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_organization_update_json(&updated, w.dir, w.org_id, "nobody", changed));
  onb_free(json);
  free(changed);
  free_world(&w);
}

static void accessors_of_a_null_organization_are_misuse(void) {
  char* json = NULL;
  CHECK(onb_organization_id(NULL) == NULL);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  CHECK(onb_organization_name(NULL) == NULL);
  CHECK(onb_organization_base_url(NULL) == NULL);
  CHECK(onb_organization_time_zone(NULL) == NULL);
  CHECK(onb_organization_default_office(NULL) == NULL);
  CHECK(onb_organization_seat_limit(NULL) == 0);
  CHECK(onb_organization_invitation_ttl(NULL) == 0);
  CHECK_STATUS(ONB_MISUSE, onb_organization_json(&json, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_organizations_list_json(NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_organization_get(NULL, NULL, NULL));
}

static void an_organization_freed_twice_is_detected(void) {
  world w = make_world();
  onb_organization_free(w.org);
  onb_error_clear();
  onb_organization_free(w.org);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  /* A user handle is not an organization. */
  onb_error_clear();
  onb_organization_free((onb_organization*)w.admin);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  w.org = NULL;
  free_world(&w);
}

int main(void) {
  RUN(creating_an_organization_returns_it_and_its_admin);
  RUN(a_generated_admin_password_is_returned_once_and_must_be_changed);
  RUN(the_admin_and_password_outputs_are_optional);
  RUN(a_refused_organization_says_why_and_returns_nothing);
  RUN(an_organization_is_read_back_and_listed_as_json);
  RUN(an_update_from_json_changes_the_settings);
  RUN(accessors_of_a_null_organization_are_misuse);
  RUN(an_organization_freed_twice_is_detected);
  return 0;
}
