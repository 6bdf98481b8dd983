/* Pre-created users, their 29-digit keys and registration documents through
 * the C ABI. */
#include "fixture.h"

static onb_user_key* precreate(world* w, const char* first, const char* last, const char* email) {
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  onb_user_key* key = NULL;
  opts.email = email;
  CHECK_OK(onb_user_precreate(&key, w->dir, w->org_id, w->admin_id, first, last, &opts));
  return key;
}

static void precreate_and_document_options_macros_equal_functions(void) {
  onb_precreate_options p_macro = ONB_PRECREATE_OPTIONS_INIT;
  onb_precreate_options p;
  onb_document_options d_macro = ONB_DOCUMENT_OPTIONS_INIT;
  onb_document_options d;
  memset(&p, 0xAB, sizeof p);
  memset(&d, 0xAB, sizeof d);
  CHECK_OK(onb_precreate_options_init(&p, ONB_PRECREATE_OPTIONS_VERSION));
  CHECK(p_macro.version == p.version && p.version == ONB_PRECREATE_OPTIONS_VERSION);
  CHECK(p_macro.reserved == p.reserved && p.reserved == 0);
  CHECK(p_macro.email == p.email && p.email == NULL);
  CHECK(p_macro.role == p.role && p.role == NULL);
  CHECK(p_macro.teams == p.teams && p.teams == NULL);
  CHECK(p_macro.teams_count == p.teams_count && p.teams_count == 0);
  CHECK(p_macro.office == p.office && p.office == NULL);
  CHECK(p_macro.external_id == p.external_id && p.external_id == NULL);
  CHECK(p_macro.attribute_names == p.attribute_names && p.attribute_names == NULL);
  CHECK(p_macro.attribute_values == p.attribute_values && p.attribute_values == NULL);
  CHECK(p_macro.attributes_count == p.attributes_count && p.attributes_count == 0);
  CHECK(sizeof p == 2 * sizeof(uint32_t) + 7 * sizeof(void*) + 2 * sizeof(size_t));
  CHECK_OK(onb_document_options_init(&d, ONB_DOCUMENT_OPTIONS_VERSION));
  CHECK(d_macro.version == d.version && d.version == ONB_DOCUMENT_OPTIONS_VERSION);
  CHECK(d_macro.reserved == d.reserved && d.reserved == 0);
  CHECK(d_macro.format == d.format && d.format == NULL);
  CHECK(d_macro.user_ids == d.user_ids && d.user_ids == NULL);
  CHECK(d_macro.user_ids_count == d.user_ids_count && d.user_ids_count == 0);
  CHECK(sizeof d == 2 * sizeof(uint32_t) + 2 * sizeof(void*) + sizeof(size_t));
  CHECK_STATUS(ONB_MISUSE, onb_precreate_options_init(&p, 0));
  CHECK_STATUS(ONB_MISUSE, onb_document_options_init(&d, 3));
  CHECK_STATUS(ONB_MISUSE, onb_precreate_options_init(NULL, ONB_PRECREATE_OPTIONS_VERSION));
  CHECK_STATUS(ONB_MISUSE, onb_document_options_init(NULL, ONB_DOCUMENT_OPTIONS_VERSION));
}

static void a_precreated_user_waits_for_activation_with_locked_names(void) {
  world w = make_world();
  const char* teams[] = {"Sales", "Support"};
  const char* names[] = {"phone"};
  const char* values[] = {"+44 20 7946 0000"};
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  char* json = NULL;
  char grouped[40];
  const char* d;
  opts.role = "Manager";
  opts.teams = teams;
  opts.teams_count = 2;
  opts.office = "London";
  opts.external_id = "E-1";
  opts.attribute_names = names;
  opts.attribute_values = values;
  opts.attributes_count = 1;
  CHECK_OK(onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "Marie", "Curie", &opts));
  d = onb_user_key_digits(key);
  CHECK(strlen(d) == 29 && strspn(d, "0123456789") == 29);
  snprintf(grouped, sizeof grouped, "%.5s %.5s %.5s %.5s %.5s %.4s", d, d + 5, d + 10, d + 15, d + 20,
           d + 25);
  CHECK_STR(onb_user_key_grouped(key), grouped);
  CHECK_OK(onb_user_key_user(&user, key));
  CHECK_STR(onb_user_id(user), onb_user_key_user_id(key));
  CHECK_STR(onb_user_status(user), "pending_activation");
  CHECK_STR(onb_user_display_name(user), "Marie Curie");
  CHECK_STR(onb_user_role(user), "Manager");
  CHECK_STR(onb_user_office(user), "London");
  CHECK_STR(onb_user_email(user), "");
  CHECK_OK(onb_user_json(&json, user));
  CHECK(strstr(json, "\"name_locked\":true") != NULL);
  CHECK(strstr(json, "\"external_id\":\"E-1\"") != NULL);
  CHECK(strstr(json, "\"teams\":[\"Sales\",\"Support\"]") != NULL);
  CHECK(strstr(json, "\"phone\":\"+44 20 7946 0000\"") != NULL);
  CHECK(strstr(json, d) == NULL);
  onb_free(json);
  onb_user_free(user);
  onb_user_key_free(key);
  free_world(&w);
}

static void a_user_key_activates_once_and_the_names_stay(void) {
  world w = make_world();
  onb_user_key* key = precreate(&w, "Marie", "Curie", NULL);
  onb_user* user = NULL;
  CHECK_OK(onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_grouped(key), GOOD_PASSWORD,
                               "marie@acme.example", "10.0.0.2"));
  CHECK_STR(onb_user_status(user), "active");
  CHECK_STR(onb_user_email(user), "marie@acme.example");
  CHECK_STR(onb_user_display_name(user), "Marie Curie");
  onb_user_free(user);
  user = (onb_user*)&w;
  /* Used once: typed again it says so (issue #16). */
  CHECK_STATUS(ONB_ALREADY_USED, onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(key),
                                                     GOOD_PASSWORD, "marie@acme.example", "10.0.0.2"));
  CHECK(user == NULL);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "marie@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  onb_user_key_free(key);
  free_world(&w);
}

static void inspecting_a_user_key_shows_the_locked_names_without_using_it(void) {
  world w = make_world();
  onb_user_key* key = precreate(&w, "Lise", "Meitner", NULL);
  onb_user* user = NULL;
  CHECK_OK(onb_user_key_inspect(&user, w.dir, w.org_id, onb_user_key_grouped(key), "10.0.0.3"));
  CHECK_STR(onb_user_display_name(user), "Lise Meitner");
  CHECK_STR(onb_user_status(user), "pending_activation");
  onb_user_free(user);
  CHECK_OK(onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(key), GOOD_PASSWORD,
                               "lise@acme.example", "10.0.0.3"));
  onb_user_free(user);
  user = (onb_user*)&w;
  CHECK_STATUS(ONB_ALREADY_USED,
               onb_user_key_inspect(&user, w.dir, w.org_id, onb_user_key_digits(key), NULL));
  CHECK(user == NULL);
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_key_inspect(&user, w.dir, w.org_id, "123", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_inspect(&user, w.dir, w.org_id, NULL, NULL));
  onb_user_key_free(key);
  free_world(&w);
}

static void a_user_key_without_any_email_asks_for_one(void) {
  world w = make_world();
  onb_user_key* key = precreate(&w, "Nomail", "Person", NULL);
  onb_user* user = NULL;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(key),
                                                      GOOD_PASSWORD, NULL, NULL));
  CHECK_STR(onb_error_last()->detail_code, "email.required");
  onb_user_key_free(key);
  free_world(&w);
}

static void a_user_with_an_email_gets_the_key_by_mail_and_a_resend_kills_the_old_key(void) {
  world w = make_world();
  onb_user_key* first = precreate(&w, "Lise", "Meitner", "lise@acme.exmaple");
  onb_user_key* second = NULL;
  onb_user* user = NULL;
  char* outbox = NULL;
  CHECK_OK(onb_outbox_list_json(&outbox, w.dir, w.org_id, w.admin_id, "queued"));
  CHECK(strstr(outbox, "\"kind\":\"registration_key\"") != NULL);
  CHECK(strstr(outbox, onb_user_key_grouped(first)) == NULL);
  onb_free(outbox);
  /* The admin typed the domain wrong: resend to the corrected address. */
  CHECK_OK(onb_user_key_resend(&second, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(first),
                               "lise@acme.example"));
  CHECK_STR(onb_user_key_user_id(second), onb_user_key_user_id(first));
  CHECK(strcmp(onb_user_key_digits(first), onb_user_key_digits(second)) != 0);
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(first),
                                                  GOOD_PASSWORD, NULL, NULL));
  CHECK_OK(
      onb_user_key_redeem(&user, w.dir, w.org_id, onb_user_key_digits(second), GOOD_PASSWORD, NULL, NULL));
  CHECK_STR(onb_user_email(user), "lise@acme.example");
  onb_user_free(user);
  CHECK_STATUS(ONB_ALREADY_USED,
               onb_user_key_resend(&second, w.dir, w.org_id, w.admin_id, onb_user_key_user_id(first), NULL));
  CHECK(second == NULL);
  onb_user_key_free(first);
  free_world(&w);
}

static void documents_carry_one_page_per_waiting_user(void) {
  world w = make_world();
  onb_user_key* marie = precreate(&w, "Marie", "Curie", NULL);
  onb_user_key* lise = precreate(&w, "Lise", "Meitner", NULL);
  onb_document_options opts = ONB_DOCUMENT_OPTIONS_INIT;
  const char* only_lise[1];
  onb_document* pdf = NULL;
  onb_document* html = NULL;
  char* text;
  CHECK_OK(onb_document_create(&pdf, w.dir, w.org_id, w.admin_id, NULL));
  CHECK(onb_document_pages(pdf) == 2);
  CHECK(onb_document_size(pdf) > 100);
  CHECK(memcmp(onb_document_data(pdf), "%PDF-", 5) == 0);

  only_lise[0] = onb_user_key_user_id(lise);
  opts.format = "html";
  opts.user_ids = only_lise;
  opts.user_ids_count = 1;
  CHECK_OK(onb_document_create(&html, w.dir, w.org_id, w.admin_id, &opts));
  CHECK(onb_document_pages(html) == 1);
  text = (char*)calloc(onb_document_size(html) + 1, 1);
  CHECK(text != NULL);
  memcpy(text, onb_document_data(html), onb_document_size(html));
  CHECK(strstr(text, "Lise") != NULL);
  CHECK(strstr(text, onb_user_key_grouped(lise)) != NULL);
  CHECK(strstr(text, "Marie") == NULL);
  free(text);

  opts.format = "docx";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_document_create(&html, w.dir, w.org_id, w.admin_id, &opts));
  opts.format = NULL;
  only_lise[0] = "no-such-user";
  CHECK_STATUS(ONB_NOT_FOUND, onb_document_create(&html, w.dir, w.org_id, w.admin_id, &opts));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_document_create(&html, w.dir, w.org_id, "nobody", NULL));
  onb_document_free(pdf);
  onb_document_free(html);
  onb_user_key_free(marie);
  onb_user_key_free(lise);
  free_world(&w);
}

static void a_precreated_user_refused_for_bad_values_names_the_reason(void) {
  world w = make_world();
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  const char* teams[] = {"Marketing"};
  onb_user_key* key = (onb_user_key*)&w;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "", "", NULL));
  CHECK(key == NULL);
  opts.teams = teams;
  opts.teams_count = 1;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "A", "B", &opts));
  opts.teams_count = 0;
  opts.email = "ada@acme.example";
  CHECK_STATUS(ONB_ALREADY_EXISTS, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "A", "B", &opts));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_user_precreate(&key, w.dir, w.org_id, "nobody", "A", "B", NULL));
  free_world(&w);
}

static void null_arguments_wrong_versions_and_double_frees_are_misuse(void) {
  world w = make_world();
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  onb_document_options dopts = ONB_DOCUMENT_OPTIONS_INIT;
  onb_user_key* key = NULL;
  onb_document* doc = NULL;
  onb_user* user = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_user_precreate(NULL, w.dir, w.org_id, w.admin_id, "A", "B", NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, NULL, "B", NULL));
  CHECK(strstr(onb_error_last()->message, "first_name") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "A", NULL, NULL));
  opts.teams_count = 2; /* and no array */
  CHECK_STATUS(ONB_MISUSE, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "A", "B", &opts));
  opts.teams_count = 0;
  opts.version = 0;
  CHECK_STATUS(ONB_MISUSE, onb_user_precreate(&key, w.dir, w.org_id, w.admin_id, "A", "B", &opts));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_redeem(&user, w.dir, w.org_id, NULL, GOOD_PASSWORD, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_redeem(&user, NULL, w.org_id, "1", GOOD_PASSWORD, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_resend(&key, w.dir, w.org_id, w.admin_id, NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_user(&user, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_user_key_user(NULL, NULL));
  dopts.version = 2;
  CHECK_STATUS(ONB_MISUSE, onb_document_create(&doc, w.dir, w.org_id, w.admin_id, &dopts));
  dopts.version = ONB_DOCUMENT_OPTIONS_VERSION;
  dopts.user_ids_count = 1;
  CHECK_STATUS(ONB_MISUSE, onb_document_create(&doc, w.dir, w.org_id, w.admin_id, &dopts));
  CHECK_STATUS(ONB_MISUSE, onb_document_create(&doc, w.dir, NULL, w.admin_id, NULL));
  CHECK(onb_user_key_user_id(NULL) == NULL);
  CHECK(onb_user_key_digits(NULL) == NULL);
  CHECK(onb_user_key_grouped(NULL) == NULL);
  CHECK(onb_document_data(NULL) == NULL);
  CHECK(onb_document_size(NULL) == 0);
  CHECK(onb_document_pages(NULL) == 0);
  CHECK(onb_error_last()->code == ONB_MISUSE);

  onb_error_clear();
  onb_user_key_free(NULL);
  onb_document_free(NULL);
  CHECK(onb_error_last()->code == ONB_OK);
  key = precreate(&w, "Twice", "Freed", NULL);
  CHECK_OK(onb_document_create(&doc, w.dir, w.org_id, w.admin_id, NULL));
  onb_user_key_free(key);
  onb_user_key_free(key);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  onb_error_clear();
  onb_document_free(doc);
  onb_document_free(doc);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  free_world(&w);
}

int main(void) {
  RUN(precreate_and_document_options_macros_equal_functions);
  RUN(a_precreated_user_waits_for_activation_with_locked_names);
  RUN(a_user_key_activates_once_and_the_names_stay);
  RUN(inspecting_a_user_key_shows_the_locked_names_without_using_it);
  RUN(a_user_key_without_any_email_asks_for_one);
  RUN(a_user_with_an_email_gets_the_key_by_mail_and_a_resend_kills_the_old_key);
  RUN(documents_carry_one_page_per_waiting_user);
  RUN(a_precreated_user_refused_for_bad_values_names_the_reason);
  RUN(null_arguments_wrong_versions_and_double_frees_are_misuse);
  return 0;
}
