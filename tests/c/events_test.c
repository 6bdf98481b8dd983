/* The event feed and webhook signatures through the C ABI. */
#include "fixture.h"

static void the_feed_resumes_after_its_cursor(void) {
  world w = make_world();
  char token[256];
  char* json = NULL;
  char* next = NULL;
  char* again = NULL;
  char* rest = NULL;
  invite(&w, "grace@acme.example", token, sizeof token);
  CHECK_OK(onb_events_since_json(&json, &next, w.dir, w.org_id, w.admin_id, NULL, 0));
  CHECK(strstr(json, "\"type\":\"member.created\"") != NULL);
  CHECK(strstr(json, "\"type\":\"invitation.sent\"") != NULL);
  CHECK(next != NULL && strncmp(next, "ev1-", 4) == 0);
  onb_free(json);
  /* Nothing new: an empty page and the same cursor. */
  CHECK_OK(onb_events_since_json(&json, &again, w.dir, w.org_id, w.admin_id, next, 10));
  CHECK(strcmp(json, "[]") == 0);
  CHECK(strcmp(again, next) == 0);
  onb_free(json);
  onb_free(again);
  invite(&w, "alan@acme.example", token, sizeof token);
  CHECK_OK(onb_events_since_json(&json, &rest, w.dir, w.org_id, w.admin_id, next, 10));
  CHECK(strstr(json, "alan@acme.example") != NULL);
  CHECK(strstr(json, "grace@acme.example") == NULL);
  onb_free(json);
  onb_free(rest);
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_events_since_json(&json, NULL, w.dir, w.org_id, w.admin_id, "nope", 10));
  CHECK(json == NULL);
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_events_since_json(&json, NULL, w.dir, w.org_id, w.admin_id, NULL, 1001));
  CHECK_STATUS(ONB_MISUSE, onb_events_since_json(NULL, NULL, w.dir, w.org_id, w.admin_id, NULL, 10));
  onb_free(next);
  free_world(&w);
}

static void an_expired_invitation_is_noted_once_in_the_feed(void) {
  world w = make_world();
  char token[256];
  char* json = NULL;
  int64_t noted = -1;
  invite(&w, "grace@acme.example", token, sizeof token);
  CHECK_OK(onb_invitations_note_expired(&noted, w.dir, w.org_id, 0));
  CHECK(noted == 0);
  CHECK_OK(onb_directory_set_time(w.dir, START_TIME + 8 * 24 * 3600));
  CHECK_OK(onb_invitations_note_expired(&noted, w.dir, w.org_id, 0));
  CHECK(noted == 1);
  CHECK_OK(onb_invitations_note_expired(NULL, w.dir, w.org_id, 10));
  CHECK_OK(onb_invitations_note_expired(&noted, w.dir, w.org_id, 0));
  CHECK(noted == 0);
  CHECK_OK(onb_events_since_json(&json, NULL, w.dir, w.org_id, w.admin_id, NULL, 0));
  const char* first = strstr(json, "\"type\":\"invitation.expired\"");
  CHECK(first != NULL);
  CHECK(first != NULL && strstr(first + 1, "\"type\":\"invitation.expired\"") == NULL);
  CHECK(strstr(json, "\"actor\":\"system\"") != NULL);
  onb_free(json);
  CHECK_STATUS(ONB_MISUSE, onb_invitations_note_expired(&noted, w.dir, NULL, 0));
  CHECK(noted == 0);
  free_world(&w);
}

static void a_webhook_signature_verifies_and_a_changed_body_does_not(void) {
  const char body[] = "{\"type\":\"member.created\"}";
  char* sig = NULL;
  CHECK_OK(onb_webhook_sign(&sig, "whsec_test", 10, 1795251600, body, sizeof body - 1));
  CHECK(strcmp(sig, "sha256=f2ce0a05369d2658a6eca35b97ee3fd9fa5bd11b900b1fb7d4b7caeef2ec7a78") == 0);
  CHECK_OK(onb_webhook_verify("whsec_test", 10, 1795251600, body, sizeof body - 1, sig));
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_webhook_verify("whsec_test", 10, 1795251601, body, sizeof body - 1, sig));
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_webhook_verify("whsec_test", 10, 1795251600, body, sizeof body - 2, sig));
  CHECK_STATUS(ONB_MISUSE, onb_webhook_verify("whsec_test", 10, 1795251600, body, sizeof body - 1, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_webhook_sign(NULL, "k", 1, 0, body, 1));
  onb_free(sig);
}

int main(void) {
  RUN(the_feed_resumes_after_its_cursor);
  RUN(an_expired_invitation_is_noted_once_in_the_feed);
  RUN(a_webhook_signature_verifies_and_a_changed_body_does_not);
  return 0;
}
