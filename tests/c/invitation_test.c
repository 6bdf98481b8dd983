/* Invitations through the C ABI: the whole life of a link. */
#include "fixture.h"

static void an_invitation_carries_its_token_and_link_once(void) {
  world w = make_world();
  onb_invite_options opts = ONB_INVITE_OPTIONS_INIT;
  onb_invitation* inv = NULL;
  onb_invitation* seen = NULL;
  char link_prefix[200];
  opts.role = "Manager";
  opts.team = "Sales";
  opts.office = "London";
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "Grace@Acme.example", &opts));
  CHECK_STR(onb_invitation_email(inv), "Grace@Acme.example");
  CHECK_STR(onb_invitation_role(inv), "Manager");
  CHECK_STR(onb_invitation_team(inv), "Sales");
  CHECK_STR(onb_invitation_office(inv), "London");
  CHECK_STR(onb_invitation_status(inv), "pending");
  CHECK(onb_invitation_expires_at(inv) == START_TIME + 7 * 24 * 3600);
  CHECK(onb_invitation_resend_count(inv) == 0);
  CHECK(strlen(onb_invitation_token(inv)) >= 40);
  snprintf(link_prefix, sizeof link_prefix, "https://acme.example/invite/%s", onb_invitation_token(inv));
  CHECK_STR(onb_invitation_link(inv), link_prefix);

  CHECK_OK(onb_invitation_inspect(&seen, w.dir, w.org_id, onb_invitation_token(inv)));
  CHECK_STR(onb_invitation_id(seen), onb_invitation_id(inv));
  CHECK(onb_invitation_token(seen) == NULL);
  CHECK(onb_invitation_link(seen) == NULL);
  onb_invitation_free(seen);
  onb_invitation_free(inv);
  free_world(&w);
}

static void default_options_use_the_catalog_defaults(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "bob@acme.example", NULL));
  CHECK_STR(onb_invitation_role(inv), "User");
  CHECK_STR(onb_invitation_office(inv), "HQ");
  CHECK_STR(onb_invitation_team(inv), "");
  onb_invitation_free(inv);
  free_world(&w);
}

static void an_accepted_invitation_creates_the_member_once(void) {
  world w = make_world();
  char token[128];
  onb_user* user = NULL;
  onb_user* again = NULL;
  invite(&w, "grace@acme.example", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&user, w.dir, w.org_id, token, "Grace Hopper", GOOD_PASSWORD));
  CHECK_STR(onb_user_email(user), "grace@acme.example");
  CHECK_STR(onb_user_first_name(user), "Grace");
  CHECK_STR(onb_user_last_name(user), "Hopper");
  CHECK_STR(onb_user_display_name(user), "Grace Hopper");
  CHECK_STR(onb_user_status(user), "active");
  CHECK_STATUS(ONB_ALREADY_USED,
               onb_invitation_accept(&again, w.dir, w.org_id, token, "Grace Hopper", GOOD_PASSWORD));
  CHECK(again == NULL);
  CHECK_STR(onb_error_last()->detail_code, "invitation.used");
  onb_user_free(user);
  free_world(&w);
}

static void an_invitation_expires_at_its_expiry_and_not_a_second_before(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  onb_invitation* seen = NULL;
  onb_user* user = NULL;
  int64_t expires;
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "late@acme.example", NULL));
  expires = onb_invitation_expires_at(inv);
  CHECK_OK(onb_directory_set_time(w.dir, expires - 1));
  CHECK_OK(onb_invitation_inspect(&seen, w.dir, w.org_id, onb_invitation_token(inv)));
  onb_invitation_free(seen);
  CHECK_OK(onb_directory_set_time(w.dir, expires));
  CHECK_STATUS(ONB_EXPIRED, onb_invitation_inspect(&seen, w.dir, w.org_id, onb_invitation_token(inv)));
  CHECK_STATUS(ONB_EXPIRED, onb_invitation_accept(&user, w.dir, w.org_id, onb_invitation_token(inv),
                                                  "Late Larry", GOOD_PASSWORD));
  onb_invitation_free(inv);
  free_world(&w);
}

static void a_resent_invitation_kills_the_old_link(void) {
  world w = make_world();
  onb_invitation* first = NULL;
  onb_invitation* second = NULL;
  onb_invitation* seen = NULL;
  onb_user* user = NULL;
  CHECK_OK(onb_invitation_create(&first, w.dir, w.org_id, w.admin_id, "re@acme.example", NULL));
  CHECK_OK(onb_directory_set_time(w.dir, START_TIME + 60));
  CHECK_OK(onb_invitation_resend(&second, w.dir, w.org_id, w.admin_id, onb_invitation_id(first)));
  CHECK(onb_invitation_resend_count(second) == 1);
  CHECK(strcmp(onb_invitation_token(first), onb_invitation_token(second)) != 0);
  CHECK(onb_invitation_expires_at(second) == START_TIME + 60 + 7 * 24 * 3600);
  CHECK_STATUS(ONB_NOT_FOUND, onb_invitation_inspect(&seen, w.dir, w.org_id, onb_invitation_token(first)));
  CHECK_OK(
      onb_invitation_accept(&user, w.dir, w.org_id, onb_invitation_token(second), "Re Sent", GOOD_PASSWORD));
  onb_user_free(user);
  onb_invitation_free(first);
  onb_invitation_free(second);
  free_world(&w);
}

static void a_revoked_invitation_cannot_be_used(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  onb_invitation* revoked = NULL;
  onb_user* user = NULL;
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "gone@acme.example", NULL));
  CHECK_OK(onb_invitation_revoke(&revoked, w.dir, w.org_id, w.admin_id, onb_invitation_id(inv)));
  CHECK_STR(onb_invitation_status(revoked), "revoked");
  CHECK_STATUS(ONB_REVOKED, onb_invitation_accept(&user, w.dir, w.org_id, onb_invitation_token(inv),
                                                  "Gone Girl", GOOD_PASSWORD));
  CHECK_STATUS(ONB_NOT_FOUND, onb_invitation_revoke(&revoked, w.dir, w.org_id, w.admin_id, "no-such-id"));
  onb_invitation_free(inv);
  free_world(&w);
}

static void invitations_are_listed_as_json_without_tokens(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  char* list = NULL;
  char* one = NULL;
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "json@acme.example", NULL));
  CHECK_OK(onb_invitations_list_json(&list, w.dir, w.org_id, w.admin_id));
  CHECK(list[0] == '[');
  CHECK(strstr(list, "\"email\":\"json@acme.example\"") != NULL);
  CHECK(strstr(list, onb_invitation_token(inv)) == NULL);
  CHECK_OK(onb_invitation_json(&one, inv));
  CHECK(strstr(one, "\"status\":\"pending\"") != NULL);
  CHECK(strstr(one, onb_invitation_id(inv)) != NULL);
  CHECK(strstr(one, onb_invitation_token(inv)) == NULL);
  onb_free(list);
  onb_free(one);
  onb_invitation_free(inv);
  free_world(&w);
}

static void an_invitation_refused_for_a_member_names_the_reason(void) {
  world w = make_world();
  onb_invitation* inv = (onb_invitation*)&w;
  onb_invite_options opts = ONB_INVITE_OPTIONS_INIT;
  CHECK_STATUS(ONB_ALREADY_EXISTS,
               onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "ada@acme.example", NULL));
  CHECK(inv == NULL);
  CHECK_STR(onb_error_last()->detail_code, "invitation.member");
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "a..b@x.com", NULL));
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_invitation_create(&inv, w.dir, w.org_id, "nobody", "x@acme.example", NULL));
  opts.version = 0;
  CHECK_STATUS(ONB_MISUSE, onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "x@acme.example", &opts));
  free_world(&w);
}

static void null_arguments_and_dead_handles_are_misuse(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  onb_user* user = NULL;
  char* json = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_invitation_create(NULL, w.dir, w.org_id, w.admin_id, "x@acme.example", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, NULL, NULL));
  CHECK(strstr(onb_error_last()->message, "email") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_invitation_inspect(&inv, w.dir, w.org_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_invitation_accept(&user, w.dir, w.org_id, "t", "Name", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_invitation_resend(&inv, NULL, w.org_id, w.admin_id, "id"));
  CHECK_STATUS(ONB_MISUSE, onb_invitation_revoke(&inv, w.dir, NULL, w.admin_id, "id"));
  CHECK_STATUS(ONB_MISUSE, onb_invitations_list_json(&json, w.dir, w.org_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_invitation_json(&json, NULL));
  CHECK(onb_invitation_id(NULL) == NULL);
  CHECK(onb_invitation_email(NULL) == NULL);
  CHECK(onb_invitation_role(NULL) == NULL);
  CHECK(onb_invitation_team(NULL) == NULL);
  CHECK(onb_invitation_office(NULL) == NULL);
  CHECK(onb_invitation_status(NULL) == NULL);
  CHECK(onb_invitation_expires_at(NULL) == 0);
  CHECK(onb_invitation_resend_count(NULL) == 0);
  CHECK(onb_invitation_token(NULL) == NULL);
  CHECK(onb_invitation_link(NULL) == NULL);
  CHECK(onb_error_last()->code == ONB_MISUSE);

  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "twice@acme.example", NULL));
  onb_invitation_free(inv);
  onb_error_clear();
  onb_invitation_free(inv);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  free_world(&w);
}

int main(void) {
  RUN(an_invitation_carries_its_token_and_link_once);
  RUN(default_options_use_the_catalog_defaults);
  RUN(an_accepted_invitation_creates_the_member_once);
  RUN(an_invitation_expires_at_its_expiry_and_not_a_second_before);
  RUN(a_resent_invitation_kills_the_old_link);
  RUN(a_revoked_invitation_cannot_be_used);
  RUN(invitations_are_listed_as_json_without_tokens);
  RUN(an_invitation_refused_for_a_member_names_the_reason);
  RUN(null_arguments_and_dead_handles_are_misuse);
  return 0;
}
