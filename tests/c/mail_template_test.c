/* Messages in the organization's language through the C ABI: shipped German
 * templates, an organization's own template, checks, and HTML in the claim. */
#include "fixture.h"

static void german_invitations_and_html_in_the_claim(void) {
  world w = make_world();
  char token[128];
  char* claimed = NULL;
  onb_organization* org = NULL;
  CHECK_OK(onb_organization_change_json(&org, w.dir, w.org_id, w.admin_id,
                                        "{\"locale\":\"de\",\"time_zone\":\"Europe/Berlin\"}"));
  onb_organization_free(org);
  invite(&w, "bob@acme.example", token, sizeof token);
  CHECK_OK(onb_outbox_claim_json(&claimed, w.dir, w.org_id, 10, 300));
  CHECK(strstr(claimed, "\"subject\":\"Einladung zu Acme\"") != NULL);
  CHECK(strstr(claimed, "10:00 MEZ ab (in 7 Tagen)") != NULL);
  CHECK(strstr(claimed, "\"html\":\"<!DOCTYPE html>") != NULL);
  CHECK(strstr(claimed, token) != NULL);
  onb_free(claimed);
  free_world(&w);
}

static void an_own_template_is_checked_used_and_listed(void) {
  world w = make_world();
  char token[128];
  char* json = NULL;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_mail_template_change(w.dir, w.org_id, w.admin_id, "en", "invitation",
                                                           NULL, "Hello {org}", NULL));
  CHECK_STR(onb_error_last()->detail_code, "mail.template");
  CHECK_STATUS(ONB_INVALID_INPUT,
               onb_mail_template_change(w.dir, w.org_id, w.admin_id, "fr", "invitation", "x", NULL, NULL));
  CHECK_OK(onb_mail_template_change(w.dir, w.org_id, w.admin_id, "en", "invitation", "Join {org} today",
                                    "Join: {secret_link}", NULL));
  invite(&w, "bob@acme.example", token, sizeof token);
  CHECK_OK(onb_outbox_claim_json(&json, w.dir, w.org_id, 10, 300));
  CHECK(strstr(json, "\"subject\":\"Join Acme today\"") != NULL);
  CHECK(strstr(json, "Join: https://acme.example/invite/") != NULL);
  onb_free(json);
  CHECK_OK(onb_mail_templates_list_json(&json, w.dir, w.org_id, w.admin_id, "en"));
  CHECK(strstr(json, "\"subject\":\"Join {org} today\",") != NULL);
  CHECK(strstr(json, "\"subject_overridden\":true") != NULL);
  CHECK(strstr(json, "\"locale\":\"de\"") == NULL);
  onb_free(json);
  CHECK_OK(onb_mail_template_preview_json(&json, w.dir, w.org_id, w.admin_id, "de", "set_password"));
  CHECK(strstr(json, "Wählen Sie Ihr Passwort für Acme") != NULL);
  onb_free(json);
  free_world(&w);
}

int main(void) {
  RUN(german_invitations_and_html_in_the_claim);
  RUN(an_own_template_is_checked_used_and_listed);
  return 0;
}
