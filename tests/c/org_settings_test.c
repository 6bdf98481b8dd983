/* Organization settings through the C ABI: change, seats, invitations by status. */
#include "fixture.h"

static void a_change_renames_a_team_and_sets_the_seats(void) {
  world w = make_world();
  onb_organization* changed = NULL;
  char* json = NULL;
  CHECK_OK(onb_organization_change_json(
      &changed, w.dir, w.org_id, w.admin_id,
      "{\"seat_limit\": 5, \"invitation_days\": 3, \"rename_teams\": {\"sales\": \"Revenue\"},"
      " \"add_offices\": [\"Paris\"], \"locale\": \"de\", \"time_zone\": \"Europe/Berlin\"}"));
  CHECK(onb_organization_seat_limit(changed) == 5);
  CHECK(onb_organization_invitation_ttl(changed) == 3 * 24 * 3600);
  CHECK_STR(onb_organization_time_zone(changed), "Europe/Berlin");
  CHECK_OK(onb_organization_json(&json, changed));
  CHECK(strstr(json, "\"teams\":[\"Revenue\",\"Support\"]") != NULL);
  CHECK(strstr(json, "\"offices\":[\"HQ\",\"London\",\"Paris\"]") != NULL);
  CHECK(strstr(json, "\"locale\":\"de\"") != NULL);
  onb_free(json);
  onb_organization_free(changed);
  free_world(&w);
}

static void a_refused_change_says_why_and_returns_nothing(void) {
  world w = make_world();
  onb_organization* changed = NULL;
  char token[128];
  invite(&w, "cy@example.com", token, sizeof token);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_organization_change_json(&changed, w.dir, w.org_id, w.admin_id,
                                                               "{\"remove_offices\": [\"HQ\"]}"));
  CHECK(changed == NULL);
  CHECK_STR(onb_error_last()->detail_code, "office.default");
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_organization_change_json(&changed, w.dir, w.org_id, w.admin_id, "{\"seats\": 5}"));
  CHECK(strstr(onb_error_last()->message, "unknown field \"seats\"") != NULL);
  CHECK_STATUS(ONB_LIMIT_EXCEEDED,
               onb_organization_change_json(&changed, w.dir, w.org_id, w.admin_id, "{\"seat_limit\": 1}"));
  CHECK(changed == NULL);
  CHECK_STATUS(ONB_MISUSE, onb_organization_change_json(&changed, w.dir, w.org_id, w.admin_id, NULL));
  free_world(&w);
}

static void seats_count_pending_invitations_as_reserved(void) {
  world w = make_world();
  onb_organization* changed = NULL;
  onb_invitation* refused = NULL;
  char token[128];
  char* json = NULL;
  CHECK_OK(onb_organization_change_json(&changed, w.dir, w.org_id, w.admin_id, "{\"seat_limit\": 2}"));
  onb_organization_free(changed);
  invite(&w, "cy@example.com", token, sizeof token);
  CHECK_OK(onb_organization_seats_json(&json, w.dir, w.org_id, w.admin_id));
  CHECK(strstr(json, "\"limit\":2") != NULL);
  CHECK(strstr(json, "\"used\":1") != NULL);
  CHECK(strstr(json, "\"reserved\":1") != NULL);
  CHECK(strstr(json, "\"free\":0") != NULL);
  onb_free(json);
  CHECK_STATUS(ONB_LIMIT_EXCEEDED,
               onb_invitation_create(&refused, w.dir, w.org_id, w.admin_id, "dee@example.com", NULL));
  CHECK(refused == NULL);
  CHECK(strstr(onb_error_last()->message, "has used all 2 of its seats (1 person, 1 pending invitation)") !=
        NULL);
  free_world(&w);
}

static void invitations_are_listed_by_status(void) {
  world w = make_world();
  onb_user* user = NULL;
  char token[128];
  char* json = NULL;
  invite(&w, "acc@example.com", token, sizeof token);
  CHECK_OK(onb_invitation_accept(&user, w.dir, w.org_id, token, "Acc Epted", GOOD_PASSWORD));
  onb_user_free(user);
  invite(&w, "pen@example.com", token, sizeof token);
  CHECK_OK(onb_invitations_list_status_json(&json, w.dir, w.org_id, w.admin_id, "pending"));
  CHECK(strstr(json, "pen@example.com") != NULL);
  CHECK(strstr(json, "acc@example.com") == NULL);
  onb_free(json);
  CHECK_OK(onb_invitations_list_status_json(&json, w.dir, w.org_id, w.admin_id, "accepted"));
  CHECK(strstr(json, "acc@example.com") != NULL);
  CHECK(strstr(json, "pen@example.com") == NULL);
  onb_free(json);
  CHECK_OK(onb_invitations_list_status_json(&json, w.dir, w.org_id, w.admin_id, NULL));
  CHECK(strstr(json, "acc@example.com") != NULL && strstr(json, "pen@example.com") != NULL);
  onb_free(json);
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_invitations_list_status_json(&json, w.dir, w.org_id, w.admin_id, "open"));
  CHECK(json == NULL);
  free_world(&w);
}

int main(void) {
  RUN(a_change_renames_a_team_and_sets_the_seats);
  RUN(a_refused_change_says_why_and_returns_nothing);
  RUN(seats_count_pending_invitations_as_reserved);
  RUN(invitations_are_listed_by_status);
  return 0;
}
