/* Self-registration links through the C ABI: shown once, edited, switched
 * off and on, and never telling a stranger who has an account. */
#include "fixture.h"

static onb_signup_link* create_link(world* w, const onb_signup_link_options* opts) {
  onb_signup_link* link = NULL;
  CHECK_OK(onb_signup_link_create(&link, w->dir, w->org_id, w->admin_id, opts));
  return link;
}

/* How many messages of `kind` are queued. */
static int queued(world* w, const char* kind) {
  char* list = NULL;
  char needle[64];
  const char* at;
  int count = 0;
  snprintf(needle, sizeof needle, "\"kind\":\"%s\"", kind);
  CHECK_OK(onb_outbox_list_json(&list, w->dir, w->org_id, w->admin_id, "queued"));
  for (at = strstr(list, needle); at != NULL; at = strstr(at + 1, needle)) ++count;
  onb_free(list);
  return count;
}

static void link_options_and_changes_macros_equal_functions(void) {
  onb_signup_link_options o_macro = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link_options o;
  onb_signup_link_changes c_macro = ONB_SIGNUP_LINK_CHANGES_INIT;
  onb_signup_link_changes c;
  memset(&o, 0xAB, sizeof o);
  memset(&c, 0xAB, sizeof c);
  CHECK_OK(onb_signup_link_options_init(&o, ONB_SIGNUP_LINK_OPTIONS_VERSION));
  CHECK(o_macro.version == o.version && o.version == ONB_SIGNUP_LINK_OPTIONS_VERSION);
  CHECK(o_macro.reserved == o.reserved && o.reserved == 0);
  CHECK(o_macro.label == o.label && o.label == NULL);
  CHECK(o_macro.role == o.role && o.role == NULL);
  CHECK(o_macro.team == o.team && o.team == NULL);
  CHECK(o_macro.office == o.office && o.office == NULL);
  CHECK(o_macro.expires == o.expires && o.expires == NULL);
  CHECK(o_macro.allowed_domains == o.allowed_domains && o.allowed_domains == NULL);
  CHECK(o_macro.allowed_domains_count == o.allowed_domains_count && o.allowed_domains_count == 0);
  CHECK(o_macro.max_uses == o.max_uses && o.max_uses == 0);
  CHECK(sizeof o == 2 * sizeof(uint32_t) + 6 * sizeof(void*) + sizeof(size_t) + sizeof(int64_t));
  CHECK_OK(onb_signup_link_changes_init(&c, ONB_SIGNUP_LINK_CHANGES_VERSION));
  CHECK(c_macro.version == c.version && c.version == ONB_SIGNUP_LINK_CHANGES_VERSION);
  CHECK(c_macro.set_max_uses == c.set_max_uses && c.set_max_uses == 0);
  CHECK(c_macro.label == c.label && c.label == NULL);
  CHECK(c_macro.role == c.role && c.role == NULL);
  CHECK(c_macro.team == c.team && c.team == NULL);
  CHECK(c_macro.office == c.office && c.office == NULL);
  CHECK(c_macro.expires == c.expires && c.expires == NULL);
  CHECK(c_macro.max_uses == c.max_uses && c.max_uses == 0);
  CHECK(c_macro.allowed_domains == c.allowed_domains && c.allowed_domains == NULL);
  CHECK(c_macro.allowed_domains_count == c.allowed_domains_count && c.allowed_domains_count == 0);
  CHECK(c_macro.set_allowed_domains == c.set_allowed_domains && c.set_allowed_domains == 0);
  CHECK(c_macro.reserved == c.reserved && c.reserved == 0);
  CHECK(sizeof c == 4 * sizeof(uint32_t) + 6 * sizeof(void*) + sizeof(size_t) + sizeof(int64_t));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_options_init(&o, 2));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_changes_init(&c, 0));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_options_init(NULL, ONB_SIGNUP_LINK_OPTIONS_VERSION));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_changes_init(NULL, ONB_SIGNUP_LINK_CHANGES_VERSION));
}

static void a_link_carries_its_url_once(void) {
  world w = make_world();
  const char* domains[] = {"acme.example", "@partner.example"};
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link* link = NULL;
  onb_signup_link* enabled = NULL;
  char url[256];
  char* list = NULL;
  char* json = NULL;
  opts.label = "Career fair";
  opts.role = "Manager";
  opts.team = "Sales";
  opts.office = "London";
  opts.expires = "2026-12-31";
  opts.max_uses = 50;
  opts.allowed_domains = domains;
  opts.allowed_domains_count = 2;
  link = create_link(&w, &opts);
  CHECK_STR(onb_signup_link_label(link), "Career fair");
  CHECK_STR(onb_signup_link_role(link), "Manager");
  CHECK_STR(onb_signup_link_team(link), "Sales");
  CHECK_STR(onb_signup_link_office(link), "London");
  CHECK_STR(onb_signup_link_status(link), "active");
  CHECK(onb_signup_link_expires_at(link) == (int64_t)1798761600);
  CHECK(onb_signup_link_max_uses(link) == 50);
  CHECK(onb_signup_link_use_count(link) == 0);
  CHECK(onb_signup_link_enabled(link) == 1);
  CHECK(strlen(onb_signup_link_token(link)) >= 40);
  snprintf(url, sizeof url, "https://acme.example/join/%s", onb_signup_link_token(link));
  CHECK_STR(onb_signup_link_url(link), url);

  CHECK_OK(onb_signup_links_list_json(&list, w.dir, w.org_id, w.admin_id));
  CHECK(strstr(list, "\"allowed_domains\":[\"acme.example\",\"partner.example\"]") != NULL);
  CHECK(strstr(list, onb_signup_link_token(link)) == NULL);
  CHECK_OK(onb_signup_link_json(&json, link));
  CHECK(strstr(json, onb_signup_link_id(link)) != NULL);
  CHECK(strstr(json, onb_signup_link_token(link)) == NULL);

  /* Any other handle of the link has no secret. */
  CHECK_OK(onb_signup_link_enable(&enabled, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link)));
  CHECK(onb_signup_link_token(enabled) == NULL);
  CHECK(onb_signup_link_url(enabled) == NULL);
  onb_free(list);
  onb_free(json);
  onb_signup_link_free(enabled);
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_link_registers_a_new_person_with_its_role(void) {
  world w = make_world();
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link* link;
  onb_user* user = NULL;
  char token[128];
  opts.role = "Manager";
  opts.team = "Support";
  link = create_link(&w, &opts);
  CHECK_OK(onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link), "newbie@acme.example",
                                  "New Bie", GOOD_PASSWORD));
  /* Not a member until the address is confirmed. */
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_find_by_email(&user, w.dir, w.org_id, "newbie@acme.example"));
  CHECK(queued(&w, "email_confirmation") == 1);
  CHECK(queued(&w, "welcome") == 0);
  mailed_confirmation_token(&w, "newbie@acme.example", token, sizeof token);
  CHECK_OK(onb_email_confirm(&user, w.dir, w.org_id, token, GOOD_PASSWORD, NULL));
  onb_user_free(user);
  CHECK_OK(onb_user_find_by_email(&user, w.dir, w.org_id, "newbie@acme.example"));
  CHECK_STR(onb_user_role(user), "Manager");
  CHECK_STR(onb_user_status(user), "active");
  onb_user_free(user);
  onb_signup_link_free(link);
  free_world(&w);
}

static void an_email_with_an_account_gets_the_same_answer_and_its_owner_a_message(void) {
  world w = make_world();
  onb_signup_link* link = create_link(&w, NULL);
  char* before = NULL;
  char* after = NULL;
  CHECK_OK(onb_users_list_json(&before, w.dir, w.org_id, w.admin_id, NULL));
  onb_error_clear();
  CHECK_OK(onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link), "ADA@acme.example",
                                  "Someone Else", GOOD_PASSWORD));
  /* Nothing in the answer differs from a new registration. */
  CHECK(onb_error_last()->code == ONB_OK);
  CHECK_STR(onb_error_last()->message, "");
  CHECK_STR(onb_error_last()->detail_code, "");
  CHECK_OK(onb_users_list_json(&after, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STR(after, before);
  CHECK(queued(&w, "already_registered") == 1);
  CHECK(queued(&w, "welcome") == 0);
  onb_free(before);
  onb_free(after);
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_disabled_link_refuses_until_enabled_again(void) {
  world w = make_world();
  onb_signup_link* link = create_link(&w, NULL);
  onb_signup_link* changed = NULL;
  CHECK_OK(onb_signup_link_disable(&changed, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link)));
  CHECK(onb_signup_link_enabled(changed) == 0);
  CHECK_STR(onb_signup_link_status(changed), "disabled");
  onb_signup_link_free(changed);
  CHECK_STATUS(ONB_REVOKED, onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link),
                                                   "off@acme.example", "Off Line", GOOD_PASSWORD));
  CHECK_OK(onb_signup_link_enable(&changed, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link)));
  CHECK(onb_signup_link_enabled(changed) == 1);
  onb_signup_link_free(changed);
  CHECK_OK(onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link), "on@acme.example", "On Line",
                                  GOOD_PASSWORD));
  onb_signup_link_free(link);
  free_world(&w);
}

static void inspecting_a_link_reads_it_without_using_it(void) {
  world w = make_world();
  onb_signup_link* link = create_link(&w, NULL);
  onb_signup_link* seen = NULL;
  for (int i = 0; i < 2; ++i) {
    CHECK_OK(onb_signup_link_inspect(&seen, w.dir, w.org_id, onb_signup_link_url(link)));
    CHECK_STR(onb_signup_link_id(seen), onb_signup_link_id(link));
    CHECK(onb_signup_link_token(seen) == NULL);
    onb_signup_link_free(seen);
  }
  onb_signup_link* changed = NULL;
  CHECK_OK(onb_signup_link_disable(&changed, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link)));
  onb_signup_link_free(changed);
  seen = (onb_signup_link*)&w;
  CHECK_STATUS(ONB_REVOKED, onb_signup_link_inspect(&seen, w.dir, w.org_id, onb_signup_link_token(link)));
  CHECK(seen == NULL);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_signup_link_inspect(&seen, w.dir, w.org_id, "not a token"));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_inspect(&seen, w.dir, w.org_id, NULL));
  onb_signup_link_free(link);
  free_world(&w);
}

static void an_edited_link_keeps_its_url_and_obeys_its_new_limits(void) {
  world w = make_world();
  const char* domains[] = {"partner.example"};
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link_changes changes = ONB_SIGNUP_LINK_CHANGES_INIT;
  onb_signup_link* link;
  onb_signup_link* edited = NULL;
  opts.team = "Sales";
  opts.expires = "2026-12-31";
  link = create_link(&w, &opts);
  changes.label = "Partners";
  changes.team = "";
  changes.expires = "";
  changes.set_max_uses = 1;
  changes.max_uses = 1;
  changes.set_allowed_domains = 1;
  changes.allowed_domains = domains;
  changes.allowed_domains_count = 1;
  CHECK_OK(onb_signup_link_edit(&edited, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link), &changes));
  CHECK_STR(onb_signup_link_label(edited), "Partners");
  CHECK_STR(onb_signup_link_team(edited), "");
  CHECK(onb_signup_link_expires_at(edited) == 0);
  CHECK(onb_signup_link_max_uses(edited) == 1);
  CHECK_STR(onb_signup_link_role(edited), "User");
  onb_signup_link_free(edited);
  /* NULL changes nothing. */
  CHECK_OK(onb_signup_link_edit(&edited, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link), NULL));
  CHECK_STR(onb_signup_link_label(edited), "Partners");
  onb_signup_link_free(edited);

  CHECK_STATUS(ONB_INVALID_INPUT, onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link),
                                                         "eve@acme.example", "Eve Out", GOOD_PASSWORD));
  CHECK_STR(onb_error_last()->detail_code, "link.domain");
  CHECK_OK(onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link), "pat@partner.example",
                                  "Pat Partner", GOOD_PASSWORD));
  CHECK_STATUS(ONB_ALREADY_USED, onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link),
                                                        "sam@partner.example", "Sam Partner", GOOD_PASSWORD));
  changes.set_allowed_domains = 0;
  changes.label = NULL;
  changes.team = NULL;
  changes.expires = NULL;
  changes.max_uses = -1;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_signup_link_edit(&edited, w.dir, w.org_id, w.admin_id,
                                                       onb_signup_link_id(link), &changes));
  CHECK(edited == NULL);
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_signup_link_edit(&edited, w.dir, w.org_id, w.admin_id, "no-such-link", NULL));
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_link_expires_at_its_expiry(void) {
  world w = make_world();
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link* link;
  opts.expires = "2026-12-31";
  link = create_link(&w, &opts);
  CHECK_OK(onb_directory_set_time(w.dir, onb_signup_link_expires_at(link)));
  CHECK_STATUS(ONB_EXPIRED, onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link),
                                                   "late@acme.example", "Late Larry", GOOD_PASSWORD));
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_signup_link_redeem(w.dir, w.org_id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                      "late@acme.example", "Late Larry", GOOD_PASSWORD));
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_links_qr_code_is_an_svg(void) {
  world w = make_world();
  onb_signup_link* link = create_link(&w, NULL);
  char* svg = NULL;
  CHECK_OK(onb_signup_link_qr_svg(&svg, w.dir, w.org_id, w.admin_id, onb_signup_link_id(link)));
  CHECK(strstr(svg, "<svg") != NULL);
  CHECK(strstr(svg, "</svg>") != NULL);
  onb_free(svg);
  CHECK_STATUS(ONB_NOT_FOUND, onb_signup_link_qr_svg(&svg, w.dir, w.org_id, w.admin_id, "no-such-link"));
  CHECK(svg == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_signup_link_qr_svg(&svg, w.dir, w.org_id, "nobody", onb_signup_link_id(link)));
  onb_signup_link_free(link);
  free_world(&w);
}

static void null_arguments_wrong_versions_and_double_frees_are_misuse(void) {
  world w = make_world();
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link_changes changes = ONB_SIGNUP_LINK_CHANGES_INIT;
  onb_signup_link* link = NULL;
  char* json = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_create(NULL, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_create(&link, NULL, w.org_id, w.admin_id, NULL));
  opts.version = 7;
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_create(&link, w.dir, w.org_id, w.admin_id, &opts));
  opts.version = ONB_SIGNUP_LINK_OPTIONS_VERSION;
  opts.allowed_domains_count = 1;
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_create(&link, w.dir, w.org_id, w.admin_id, &opts));
  changes.version = 2;
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_edit(&link, w.dir, w.org_id, w.admin_id, "id", &changes));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_edit(&link, w.dir, w.org_id, w.admin_id, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_enable(&link, w.dir, w.org_id, NULL, "id"));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_disable(NULL, w.dir, w.org_id, w.admin_id, "id"));
  CHECK_STATUS(ONB_MISUSE, onb_signup_links_list_json(&json, w.dir, NULL, w.admin_id));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_qr_svg(&json, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE,
               onb_signup_link_redeem(NULL, w.org_id, "t", "a@acme.example", "A B", GOOD_PASSWORD));
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_redeem(w.dir, w.org_id, "t", "a@acme.example", "A B", NULL));
  CHECK(strstr(onb_error_last()->message, "password") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_json(&json, NULL));
  CHECK(onb_signup_link_id(NULL) == NULL);
  CHECK(onb_signup_link_label(NULL) == NULL);
  CHECK(onb_signup_link_role(NULL) == NULL);
  CHECK(onb_signup_link_team(NULL) == NULL);
  CHECK(onb_signup_link_office(NULL) == NULL);
  CHECK(onb_signup_link_status(NULL) == NULL);
  CHECK(onb_signup_link_expires_at(NULL) == 0);
  CHECK(onb_signup_link_max_uses(NULL) == 0);
  CHECK(onb_signup_link_use_count(NULL) == 0);
  CHECK(onb_signup_link_enabled(NULL) == 0);
  CHECK(onb_signup_link_token(NULL) == NULL);
  CHECK(onb_signup_link_url(NULL) == NULL);
  CHECK(onb_error_last()->code == ONB_MISUSE);

  onb_error_clear();
  onb_signup_link_free(NULL);
  CHECK(onb_error_last()->code == ONB_OK);
  link = create_link(&w, NULL);
  onb_signup_link_free(link);
  onb_signup_link_free(link);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  free_world(&w);
}

int main(void) {
  RUN(link_options_and_changes_macros_equal_functions);
  RUN(a_link_carries_its_url_once);
  RUN(a_link_registers_a_new_person_with_its_role);
  RUN(an_email_with_an_account_gets_the_same_answer_and_its_owner_a_message);
  RUN(a_disabled_link_refuses_until_enabled_again);
  RUN(inspecting_a_link_reads_it_without_using_it);
  RUN(an_edited_link_keeps_its_url_and_obeys_its_new_limits);
  RUN(a_link_expires_at_its_expiry);
  RUN(a_links_qr_code_is_an_svg);
  RUN(null_arguments_wrong_versions_and_double_frees_are_misuse);
  return 0;
}
