/* Showing and editing one person through the C ABI: onb_user_show, onb_user_edit_json. */
#include "fixture.h"

static void a_person_is_edited_and_shown_again(void) {
  world w = make_world();
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  char* json = NULL;
  CHECK_OK(onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "Kim", "Lee", NULL));
  CHECK_OK(
      onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key),
                         "{\"role\":\"manager\",\"teams\":[\"sales\"],\"office\":\"London\","
                         "\"email\":\"kim@acme.example\",\"username\":\"kim\",\"external_id\":\"E-7\"}"));
  CHECK_STR(onb_user_role(user), "Manager");
  CHECK_STR(onb_user_office(user), "London");
  CHECK_STR(onb_user_email(user), "kim@acme.example");
  onb_user_free(user);
  CHECK_OK(onb_user_show(&user, w.dir, w.org_id, w.admin_id, "KIM@acme.example"));
  CHECK_OK(onb_user_json(&json, user));
  CHECK(strstr(json, "\"teams\":[\"Sales\"]") != NULL);
  CHECK(strstr(json, "\"username\":\"kim\"") != NULL);
  CHECK(strstr(json, "\"external_id\":\"E-7\"") != NULL);
  onb_free(json);
  onb_user_free(user);
  onb_user_key_free(key);
  free_world(&w);
}

static void refusals_say_which_field(void) {
  world w = make_world();
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  CHECK_OK(onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "Kim", "Lee", NULL));
  /* Locked names of a pre-created person. */
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key),
                                  "{\"first_name\":\"Kimberly\"}"));
  CHECK(user == NULL);
  CHECK_STR(onb_error_last()->detail_code, "user.name_locked");
  /* Someone else's email. */
  CHECK_STATUS(ONB_ALREADY_EXISTS,
               onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key),
                                  "{\"email\":\"ada@acme.example\"}"));
  CHECK(strstr(onb_error_last()->message, "ada@acme.example") != NULL);
  /* An unknown field, a non-string value, text that is no JSON object. */
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id,
                                                     onb_user_key_user_id(key), "{\"password\":\"x\"}"));
  CHECK(strstr(onb_error_last()->message, "\"password\" is not a field") != NULL);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id,
                                                     onb_user_key_user_id(key), "{\"role\":1}"));
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(key), "[1]"));
  /* Your own role. */
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, w.admin_id, "{\"role\":\"User\"}"));
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_show(&user, w.dir, w.org_id, w.admin_id, "nobody@acme.example"));
  CHECK_STATUS(ONB_MISUSE, onb_user_show(&user, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_edit_json(NULL, w.dir, w.org_id, w.admin_id, w.admin_id, "{}"));
  onb_user_key_free(key);
  free_world(&w);
}

static void a_member_signs_in_by_username_and_unknown_names_get_one_answer(void) {
  world w = make_world();
  char token[128];
  char wrong[256];
  onb_user* pat = NULL;
  onb_user* user = NULL;
  invite(&w, "pat@acme.example", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&pat, w.dir, w.org_id, token, "Pat Lee", GOOD_PASSWORD));
  CHECK_OK(
      onb_user_edit_json(&user, w.dir, w.org_id, w.admin_id, onb_user_id(pat), "{\"username\":\"pat.lee\"}"));
  onb_user_free(user);
  CHECK_OK(onb_user_authenticate_v2(&user, w.dir, w.org_id, "PAT.LEE", GOOD_PASSWORD, "10.0.0.1"));
  CHECK_STR(onb_user_id(user), onb_user_id(pat));
  onb_user_free(user);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED, onb_user_authenticate_v2(&user, w.dir, w.org_id, "pat.lee",
                                                                   "not the password at all", "10.0.0.2"));
  snprintf(wrong, sizeof wrong, "%s", onb_error_last()->message);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate_v2(&user, w.dir, w.org_id, "nobody", GOOD_PASSWORD, "10.0.0.3"));
  CHECK_STR(onb_error_last()->message, wrong);
  CHECK_STR(wrong, "The email or username, or the password, is not right.");
  onb_user_free(pat);
  free_world(&w);
}

int main(void) {
  RUN(a_person_is_edited_and_shown_again);
  RUN(a_member_signs_in_by_username_and_unknown_names_get_one_answer);
  RUN(refusals_say_which_field);
  return 0;
}
