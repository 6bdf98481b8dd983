/* Mails that work through the C ABI: an import with generated passwords and
 * notify mails one-use set-password links, never the passwords (unless
 * ONB_NOTIFY_PASSWORDS), and onb_password_link_use sets the password once. */
#include "fixture.h"

#define PEOPLE "Full Name,Email,Role,Office,Team\r\nGrace Hopper,grace@acme.example,User,HQ,Sales\r\n"
#define OTHER_PASSWORD "another long passphrase for me 99"

/* Imports PEOPLE with `notify`; copies the claimed mail (JSON) into a fresh string (free it). */
static char* import_and_claim(world* w, int32_t notify) {
  onb_import_options opts = ONB_IMPORT_OPTIONS_INIT;
  onb_import_report* report = NULL;
  char* claimed = NULL;
  opts.notify = notify;
  CHECK_OK(onb_import_run(&report, w->dir, w->org_id, w->admin_id, PEOPLE, strlen(PEOPLE), "people.csv",
                          &opts, NULL, NULL));
  onb_import_report_free(report);
  CHECK_OK(onb_outbox_claim_json(&claimed, w->dir, w->org_id, 100, 300));
  return claimed;
}

/* The text after `marker` in `json` up to a quote, backslash or space, into `out`. */
static void after(const char* json, const char* marker, char* out, size_t size) {
  const char* at = strstr(json, marker);
  size_t n = 0;
  out[0] = '\0';
  CHECK(at != NULL);
  if (at == NULL) return;
  at += strlen(marker);
  while (at[n] != '\0' && at[n] != '\\' && at[n] != '"' && at[n] != ' ' && n + 1 < size) ++n;
  memcpy(out, at, n);
  out[n] = '\0';
}

static void notify_mails_a_set_password_link_that_works_once(void) {
  world w = make_world();
  char* claimed = import_and_claim(&w, ONB_NOTIFY_LINKS);
  char token[256], link[300];
  onb_user* user = NULL;
  int64_t expires = 0;
  CHECK(strstr(claimed, "\"kind\":\"set_password\"") != NULL);
  CHECK(strstr(claimed, "login_details") == NULL);
  after(claimed, "https://acme.example/set-password/", token, sizeof token);
  CHECK(strlen(token) > 43);
  onb_free(claimed);
  snprintf(link, sizeof link, "https://acme.example/set-password/%s", token);
  CHECK_OK(onb_password_link_inspect(&user, &expires, w.dir, w.org_id, link));
  CHECK_STR(onb_user_email(user), "grace@acme.example");
  CHECK(expires == START_TIME + 7 * 24 * 3600);
  onb_user_free(user);
  CHECK_STATUS(ONB_WEAK_PASSWORD, onb_password_link_use(&user, w.dir, w.org_id, token, "grace"));
  CHECK_OK(onb_password_link_use(&user, w.dir, w.org_id, link, GOOD_PASSWORD));
  CHECK(onb_user_must_change_password(user) == 0);
  onb_user_free(user);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "grace@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  CHECK_STATUS(ONB_NOT_FOUND, onb_password_link_use(&user, w.dir, w.org_id, token, OTHER_PASSWORD));
  CHECK_STR(onb_error_last()->detail_code, "password_link.unknown");
  CHECK_STATUS(ONB_INVALID_INPUT, onb_password_link_use(&user, w.dir, w.org_id, "nonsense", OTHER_PASSWORD));
  CHECK_STATUS(ONB_MISUSE, onb_password_link_use(&user, w.dir, w.org_id, token, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_password_link_inspect(NULL, NULL, w.dir, w.org_id, token));
  free_world(&w);
}

static void notify_passwords_mails_the_password_itself(void) {
  world w = make_world();
  char* claimed = import_and_claim(&w, ONB_NOTIFY_PASSWORDS);
  CHECK(strstr(claimed, "\"kind\":\"login_details\"") != NULL);
  CHECK(strstr(claimed, "with this password: ") != NULL);
  CHECK(strstr(claimed, "set-password") == NULL);
  onb_free(claimed);
  free_world(&w);
}

int main(void) {
  RUN(notify_mails_a_set_password_link_that_works_once);
  RUN(notify_passwords_mails_the_password_itself);
  return 0;
}
