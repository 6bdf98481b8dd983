/* 10-digit organization keys through the C ABI: shown once, used within
 * their limits, throttled when guessed. */
#include "fixture.h"

/* 2027-01-01T00:00:00Z: the end of the date "2026-12-31" in Acme's time zone (UTC). */
#define END_OF_2026 ((int64_t)1798761600)

static onb_registration_key* create_key(world* w, int64_t max_uses) {
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  opts.max_uses = max_uses;
  CHECK_OK(onb_registration_key_create(&key, w->dir, w->org_id, w->admin_id, &opts));
  return key;
}

/* `digits` with its last (check) digit changed: a typo the check digit catches. */
static void typo_of(const char* digits, char* out, size_t size) {
  size_t n = strlen(digits);
  snprintf(out, size, "%s", digits);
  out[n - 1] = (char)('0' + (out[n - 1] - '0' + 1) % 10);
}

static void key_options_macro_equals_function(void) {
  onb_registration_key_options macro = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key_options fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_registration_key_options_init(&fn, ONB_REGISTRATION_KEY_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_REGISTRATION_KEY_OPTIONS_VERSION);
  CHECK(macro.reserved == fn.reserved && fn.reserved == 0);
  CHECK(macro.label == fn.label && fn.label == NULL);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.team == fn.team && fn.team == NULL);
  CHECK(macro.office == fn.office && fn.office == NULL);
  CHECK(macro.valid_until == fn.valid_until && fn.valid_until == NULL);
  CHECK(macro.max_uses == fn.max_uses && fn.max_uses == 0);
  CHECK(sizeof macro == 2 * sizeof(uint32_t) + 5 * sizeof(void*) + sizeof(int64_t));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_options_init(&fn, 2));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_options_init(NULL, ONB_REGISTRATION_KEY_OPTIONS_VERSION));
}

static void a_key_carries_its_digits_once(void) {
  world w = make_world();
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  onb_registration_key* revoked = NULL;
  char grouped[16];
  char* list = NULL;
  char* json = NULL;
  opts.label = "Spring intake";
  opts.role = "Manager";
  opts.team = "Sales";
  opts.office = "London";
  opts.valid_until = "2026-12-31";
  opts.max_uses = 2;
  CHECK_OK(onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  CHECK_STR(onb_registration_key_label(key), "Spring intake");
  CHECK_STR(onb_registration_key_role(key), "Manager");
  CHECK_STR(onb_registration_key_team(key), "Sales");
  CHECK_STR(onb_registration_key_office(key), "London");
  CHECK_STR(onb_registration_key_status(key), "active");
  CHECK(onb_registration_key_valid_until(key) == END_OF_2026);
  CHECK(onb_registration_key_max_uses(key) == 2);
  CHECK(onb_registration_key_use_count(key) == 0);
  CHECK(strlen(onb_registration_key_digits(key)) == 10);
  CHECK(strspn(onb_registration_key_digits(key), "0123456789") == 10);
  snprintf(grouped, sizeof grouped, "%.5s %.5s", onb_registration_key_digits(key),
           onb_registration_key_digits(key) + 5);
  CHECK_STR(onb_registration_key_grouped(key), grouped);

  CHECK_OK(onb_registration_keys_list_json(&list, w.dir, w.org_id, w.admin_id));
  CHECK(strstr(list, onb_registration_key_id(key)) != NULL);
  CHECK(strstr(list, "\"label\":\"Spring intake\"") != NULL);
  CHECK(strstr(list, "\"registered\":[]") != NULL);
  CHECK(strstr(list, onb_registration_key_digits(key)) == NULL);
  CHECK_OK(onb_registration_key_json(&json, key));
  CHECK(strstr(json, "\"status\":\"active\"") != NULL);
  CHECK(strstr(json, onb_registration_key_digits(key)) == NULL);

  CHECK_OK(onb_registration_key_revoke(&revoked, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key)));
  CHECK(onb_registration_key_digits(revoked) == NULL);
  CHECK(onb_registration_key_grouped(revoked) == NULL);
  CHECK_STR(onb_registration_key_status(revoked), "revoked");
  onb_free(list);
  onb_free(json);
  onb_registration_key_free(revoked);
  onb_registration_key_free(key);
  free_world(&w);
}

static void default_options_use_the_catalog_defaults(void) {
  world w = make_world();
  onb_registration_key* key = NULL;
  CHECK_OK(onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STR(onb_registration_key_role(key), "User");
  CHECK_STR(onb_registration_key_office(key), "HQ");
  CHECK_STR(onb_registration_key_team(key), "");
  CHECK_STR(onb_registration_key_label(key), "");
  CHECK(onb_registration_key_valid_until(key) == 0);
  CHECK(onb_registration_key_max_uses(key) == 0);
  onb_registration_key_free(key);
  free_world(&w);
}

static void a_key_registers_people_with_its_role_and_team(void) {
  world w = make_world();
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  onb_user* user = NULL;
  char typed[16];
  char* list = NULL;
  opts.role = "Manager";
  opts.team = "Support";
  CHECK_OK(onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  /* As people type it: with a dash. */
  snprintf(typed, sizeof typed, "%.5s-%.5s", onb_registration_key_digits(key),
           onb_registration_key_digits(key) + 5);
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, typed, "kim@acme.example", "Kim Lee",
                                       GOOD_PASSWORD, "10.0.0.1"));
  /* Waiting for the confirmation link mailed to the address. */
  CHECK_STR(onb_user_status(user), "pending_verification");
  CHECK_STR(onb_user_role(user), "Manager");
  CHECK_STR(onb_user_first_name(user), "Kim");
  CHECK_OK(onb_registration_keys_list_json(&list, w.dir, w.org_id, w.admin_id));
  CHECK(strstr(list, "\"use_count\":1") != NULL);
  CHECK(strstr(list, "kim@acme.example") != NULL);
  onb_free(list);
  onb_user_free(user);
  onb_registration_key_free(key);
  free_world(&w);
}

static void a_key_after_its_last_use_is_refused(void) {
  world w = make_world();
  onb_registration_key* key = create_key(&w, 1);
  onb_user* user = NULL;
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_grouped(key),
                                       "one@acme.example", "One Person", GOOD_PASSWORD, NULL));
  onb_user_free(user);
  user = (onb_user*)&w;
  CHECK_STATUS(ONB_ALREADY_USED,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                           "two@acme.example", "Two Person", GOOD_PASSWORD, NULL));
  CHECK(user == NULL);
  CHECK_STR(onb_error_last()->detail_code, "key.used_up");
  onb_registration_key_free(key);
  free_world(&w);
}

static void a_key_expires_at_its_valid_until_and_not_a_second_before(void) {
  world w = make_world();
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  onb_user* user = NULL;
  opts.valid_until = "2026-12-31";
  CHECK_OK(onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  CHECK_OK(onb_directory_set_time(w.dir, END_OF_2026));
  CHECK_STATUS(ONB_EXPIRED,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                           "late@acme.example", "Late Larry", GOOD_PASSWORD, NULL));
  CHECK_OK(onb_directory_set_time(w.dir, END_OF_2026 - 1));
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                       "early@acme.example", "Early Erin", GOOD_PASSWORD, NULL));
  onb_user_free(user);
  onb_registration_key_free(key);
  free_world(&w);
}

static void a_revoked_key_is_refused_and_revoking_twice_changes_nothing(void) {
  world w = make_world();
  onb_registration_key* key = create_key(&w, 0);
  onb_registration_key* revoked = NULL;
  onb_user* user = NULL;
  CHECK_OK(onb_registration_key_revoke(&revoked, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key)));
  onb_registration_key_free(revoked);
  CHECK_OK(onb_registration_key_revoke(&revoked, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key)));
  CHECK_STR(onb_registration_key_status(revoked), "revoked");
  onb_registration_key_free(revoked);
  CHECK_STATUS(ONB_REVOKED,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                           "x@acme.example", "X Person", GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_registration_key_revoke(&revoked, w.dir, w.org_id, w.admin_id, "no-such-key"));
  onb_registration_key_free(key);
  free_world(&w);
}

/* A well-formed key that belongs to another organization is a guess here. */
static void the_101st_guess_from_one_source_is_throttled_and_typos_are_free(void) {
  world w = make_world();
  onb_organization_options other_opts = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_organization* other = NULL;
  onb_user* other_admin = NULL;
  onb_registration_key* foreign = NULL;
  onb_registration_key* key = create_key(&w, 0);
  onb_user* user = NULL;
  char typo[16];
  int i;
  other_opts.name = "Globex";
  other_opts.admin_email = "hank@globex.example";
  other_opts.admin_name = "Hank Scorpio";
  other_opts.admin_password = ADMIN_PASSWORD;
  CHECK_OK(onb_organization_create(&other, &other_admin, NULL, w.dir, &other_opts));
  CHECK_OK(onb_registration_key_create(&foreign, w.dir, onb_organization_id(other), onb_user_id(other_admin),
                                       NULL));
  typo_of(onb_registration_key_digits(foreign), typo, sizeof typo);
  for (i = 0; i < 99; ++i)
    CHECK_STATUS(ONB_NOT_FOUND,
                 onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(foreign),
                                             "g@acme.example", "Guess Who", GOOD_PASSWORD, "198.51.100.7"));
  CHECK_STR(onb_error_last()->detail_code, "key.unknown");
  /* A typo is caught by the check digit and costs no attempt. */
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_redeem(&user, w.dir, w.org_id, typo, "g@acme.example",
                                                              "Guess Who", GOOD_PASSWORD, "198.51.100.7"));
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(foreign),
                                           "g@acme.example", "Guess Who", GOOD_PASSWORD, "198.51.100.7"));
  /* The 101st attempt is refused, even with the right key. */
  CHECK_STATUS(ONB_THROTTLED,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                           "g@acme.example", "Guess Who", GOOD_PASSWORD, "198.51.100.7"));
  CHECK(user == NULL);
  CHECK(strstr(onb_error_last()->message, "try again at") != NULL);
  /* Another source is not locked out by it. */
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                       "fair@acme.example", "Fair Play", GOOD_PASSWORD, "203.0.113.9"));
  onb_user_free(user);
  onb_registration_key_free(key);
  onb_registration_key_free(foreign);
  onb_user_free(other_admin);
  onb_organization_free(other);
  free_world(&w);
}

static void a_key_refused_for_bad_values_names_the_reason(void) {
  world w = make_world();
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = (onb_registration_key*)&w;
  onb_registration_key* good = create_key(&w, 0);
  onb_user* user = NULL;
  opts.team = "Marketing";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  CHECK(key == NULL);
  opts.team = NULL;
  opts.max_uses = -1;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  opts.max_uses = 0;
  opts.valid_until = "yesterday";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_registration_key_create(&key, w.dir, w.org_id, "nobody", NULL));
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_registration_keys_list_json((char**)&key, w.dir, w.org_id, "nobody"));
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_redeem(&user, w.dir, w.org_id, "12345",
                                                              "a@acme.example", "A B", GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_ALREADY_EXISTS,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(good),
                                           "ada@acme.example", "Ada Again", GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_WEAK_PASSWORD,
               onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(good),
                                           "weak@acme.example", "Weak Will", "password1", NULL));
  onb_registration_key_free(good);
  free_world(&w);
}

static void null_arguments_wrong_versions_and_double_frees_are_misuse(void) {
  world w = make_world();
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  onb_user* user = NULL;
  char* json = NULL;
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_create(NULL, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_create(&key, NULL, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_create(&key, w.dir, NULL, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_create(&key, w.dir, w.org_id, NULL, NULL));
  CHECK(strstr(onb_error_last()->message, "actor_id") != NULL);
  opts.version = 9;
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_create(&key, w.dir, w.org_id, w.admin_id, &opts));
  CHECK(strstr(onb_error_last()->message, "version 9") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_registration_keys_list_json(NULL, w.dir, w.org_id, w.admin_id));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_revoke(&key, w.dir, w.org_id, w.admin_id, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_redeem(&user, w.dir, w.org_id, NULL, "a@acme.example", "A B",
                                                       GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_redeem(&user, w.dir, w.org_id, "1234567890", "a@acme.example",
                                                       "A B", NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_json(&json, NULL));
  CHECK(onb_registration_key_id(NULL) == NULL);
  CHECK(onb_registration_key_label(NULL) == NULL);
  CHECK(onb_registration_key_role(NULL) == NULL);
  CHECK(onb_registration_key_team(NULL) == NULL);
  CHECK(onb_registration_key_office(NULL) == NULL);
  CHECK(onb_registration_key_status(NULL) == NULL);
  CHECK(onb_registration_key_valid_until(NULL) == 0);
  CHECK(onb_registration_key_max_uses(NULL) == 0);
  CHECK(onb_registration_key_use_count(NULL) == 0);
  CHECK(onb_registration_key_digits(NULL) == NULL);
  CHECK(onb_registration_key_grouped(NULL) == NULL);
  CHECK(onb_error_last()->code == ONB_MISUSE);

  onb_error_clear();
  onb_registration_key_free(NULL);
  CHECK(onb_error_last()->code == ONB_OK);
  key = create_key(&w, 0);
  onb_registration_key_free(key);
  onb_registration_key_free(key);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  /* A handle of another kind is not taken for a key. */
  onb_error_clear();
  onb_registration_key_free((onb_registration_key*)w.admin);
  CHECK(onb_error_last()->code == ONB_MISUSE);
  free_world(&w);
}

int main(void) {
  RUN(key_options_macro_equals_function);
  RUN(a_key_carries_its_digits_once);
  RUN(default_options_use_the_catalog_defaults);
  RUN(a_key_registers_people_with_its_role_and_team);
  RUN(a_key_after_its_last_use_is_refused);
  RUN(a_key_expires_at_its_valid_until_and_not_a_second_before);
  RUN(a_revoked_key_is_refused_and_revoking_twice_changes_nothing);
  RUN(the_101st_guess_from_one_source_is_throttled_and_typos_are_free);
  RUN(a_key_refused_for_bad_values_names_the_reason);
  RUN(null_arguments_wrong_versions_and_double_frees_are_misuse);
  return 0;
}
