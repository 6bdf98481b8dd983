/* The outbox and the audit log through the C ABI. */
#include "fixture.h"

/* The value of "id" in the first object of a JSON array, into `id`. */
static void first_id(const char* json, char* id, size_t size) {
  const char* at = strstr(json, "\"id\":\"");
  size_t n = 0;
  CHECK(at != NULL);
  at += 6;
  while (at[n] != '"' && n + 1 < size) n++;
  memcpy(id, at, n);
  id[n] = '\0';
}

static void a_claimed_invitation_message_carries_the_link_and_is_acknowledged_once(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  char* claimed = NULL;
  char* empty = NULL;
  char* sent = NULL;
  char* queued = NULL;
  char id[64];
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "mail@acme.example", NULL));
  CHECK_OK(onb_outbox_list_json(&queued, w.dir, w.org_id, w.admin_id, "queued"));
  CHECK(strstr(queued, "mail@acme.example") != NULL);
  CHECK(strstr(queued, onb_invitation_token(inv)) == NULL); /* listed, the secret stays sealed */
  CHECK_OK(onb_outbox_claim_json(&claimed, w.dir, w.org_id, 10, 0));
  CHECK(strstr(claimed, onb_invitation_link(inv)) != NULL); /* claimed, it is ready to send */
  CHECK(strstr(claimed, "\"kind\":\"invitation\"") != NULL);
  CHECK_OK(onb_outbox_claim_json(&empty, w.dir, w.org_id, 10, 60));
  CHECK_STR(empty, "[]");
  first_id(claimed, id, sizeof id);
  CHECK_OK(onb_outbox_ack(w.dir, w.org_id, id));
  CHECK_STATUS(ONB_NOT_FOUND, onb_outbox_ack(w.dir, w.org_id, id));
  CHECK_OK(onb_outbox_list_json(&sent, w.dir, w.org_id, w.admin_id, "sent"));
  CHECK(strstr(sent, id) != NULL);
  onb_free(queued);
  onb_free(claimed);
  onb_free(empty);
  onb_free(sent);
  onb_invitation_free(inv);
  free_world(&w);
}

static void an_unacknowledged_claim_lapses_and_the_message_is_claimed_again(void) {
  world w = make_world();
  onb_invitation* inv = NULL;
  char* first = NULL;
  char* second = NULL;
  CHECK_OK(onb_invitation_create(&inv, w.dir, w.org_id, w.admin_id, "retry@acme.example", NULL));
  CHECK_OK(onb_outbox_claim_json(&first, w.dir, w.org_id, 1, 60));
  CHECK_OK(onb_directory_set_time(w.dir, START_TIME + 61));
  CHECK_OK(onb_outbox_claim_json(&second, w.dir, w.org_id, 1, 60));
  CHECK(strstr(second, "retry@acme.example") != NULL);
  CHECK(strstr(second, "\"attempts\":2") != NULL);
  onb_free(first);
  onb_free(second);
  onb_invitation_free(inv);
  free_world(&w);
}

static void the_audit_log_lists_what_happened_newest_first(void) {
  world w = make_world();
  char token[128];
  char* log = NULL;
  char* one = NULL;
  onb_user* user = NULL;
  invite(&w, "audit@acme.example", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&user, w.dir, w.org_id, token, "Audit Ann", GOOD_PASSWORD));
  CHECK_OK(onb_audit_list_json(&log, w.dir, w.org_id, w.admin_id, 0));
  CHECK(strstr(log, "\"action\":\"organization.created\"") != NULL);
  CHECK(strstr(log, "\"action\":\"invitation.created\"") != NULL);
  CHECK(strstr(log, token) == NULL);
  CHECK_OK(onb_audit_list_json(&one, w.dir, w.org_id, w.admin_id, 1));
  CHECK(strstr(one, "\"action\":\"organization.created\"") == NULL);
  onb_free(one);
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_audit_list_json(&one, w.dir, w.org_id, onb_user_id(user), 0));
  onb_free(log);
  onb_user_free(user);
  free_world(&w);
}

static void bad_states_and_null_arguments_are_refused(void) {
  world w = make_world();
  char* json = NULL;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_outbox_list_json(&json, w.dir, w.org_id, w.admin_id, "lost"));
  CHECK(strstr(onb_error_last()->message, "queued, claimed, sent or cancelled") != NULL);
  CHECK_OK(onb_outbox_list_json(&json, w.dir, w.org_id, w.admin_id, NULL));
  onb_free(json);
  CHECK_STATUS(ONB_MISUSE, onb_outbox_claim_json(&json, w.dir, w.org_id, 1, -5));
  CHECK_STATUS(ONB_MISUSE, onb_outbox_claim_json(NULL, w.dir, w.org_id, 1, 0));
  CHECK_STATUS(ONB_MISUSE, onb_outbox_ack(w.dir, w.org_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_outbox_ack(NULL, w.org_id, "id"));
  CHECK_STATUS(ONB_MISUSE, onb_outbox_list_json(&json, w.dir, w.org_id, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_audit_list_json(&json, w.dir, NULL, w.admin_id, 0));
  free_world(&w);
}

int main(void) {
  RUN(a_claimed_invitation_message_carries_the_link_and_is_acknowledged_once);
  RUN(an_unacknowledged_claim_lapses_and_the_message_is_claimed_again);
  RUN(the_audit_log_lists_what_happened_newest_first);
  RUN(bad_states_and_null_arguments_are_refused);
  return 0;
}
