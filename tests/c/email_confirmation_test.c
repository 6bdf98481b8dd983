/* Self-registration proven by the mailbox through the C ABI (issue #13,
 * attack 2): someone registers the CEO's address before the CEO does. */
#include "fixture.h"

#define SQUATTER_PASSWORD "squatter chose this password 77"
#define DAY ((int64_t)24 * 3600)

static onb_signup_link* open_link(world* w) {
  onb_signup_link* link = NULL;
  CHECK_OK(onb_signup_link_create(&link, w->dir, w->org_id, w->admin_id, NULL));
  return link;
}

static onb_registration_key* open_key(world* w) {
  onb_registration_key* key = NULL;
  CHECK_OK(onb_registration_key_create(&key, w->dir, w->org_id, w->admin_id, NULL));
  return key;
}

/* Signs in and returns "code|message|detail" of the answer in `answer`. */
static void sign_in(world* w, const char* email, const char* password, char* answer, size_t size) {
  onb_user* user = NULL;
  const onb_status status = onb_user_authenticate(&user, w->dir, w->org_id, email, password);
  const onb_error* e = onb_error_last();
  snprintf(answer, size, "%s|%s|%s", onb_status_name(status), e->message, e->detail_code);
  onb_user_free(user);
}

static void options_macro_equals_function_and_wrong_versions_are_misuse(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  onb_self_registration_options macro = ONB_SELF_REGISTRATION_OPTIONS_INIT;
  onb_self_registration_options fn;
  onb_user* user = NULL;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_self_registration_options_init(&fn, ONB_SELF_REGISTRATION_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_SELF_REGISTRATION_OPTIONS_VERSION);
  CHECK(macro.email_verified == fn.email_verified && fn.email_verified == 0);
  CHECK(sizeof macro == 2 * sizeof(uint32_t));
  CHECK_STATUS(ONB_MISUSE, onb_self_registration_options_init(&fn, 99));
  fn.version = 99;
  CHECK_STATUS(ONB_MISUSE, onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link),
                                                     "a@acme.example", "A B", GOOD_PASSWORD, &fn));
  CHECK_STATUS(ONB_MISUSE, onb_email_confirm(NULL, w.dir, w.org_id, "t", GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_email_confirm(&user, w.dir, w.org_id, NULL, GOOD_PASSWORD, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_email_confirm(&user, w.dir, w.org_id, "t", NULL, NULL));
  CHECK_STATUS(ONB_MISUSE, onb_email_confirmation_inspect(&user, NULL, NULL, w.org_id, "t"));
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_squatter_cannot_sign_in_and_hears_what_a_wrong_password_hears(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  char squatter[400], wrong[400];
  onb_user* user = NULL;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "ceo@acme.example",
                                     "Not The CEO", SQUATTER_PASSWORD, NULL));
  sign_in(&w, "ceo@acme.example", SQUATTER_PASSWORD, squatter, sizeof squatter);
  sign_in(&w, "ada@acme.example", "not the admin password at all", wrong, sizeof wrong);
  CHECK_STR(squatter, wrong);
  CHECK(strncmp(squatter, "authentication_failed|", 22) == 0);
  CHECK_STATUS(ONB_NOT_FOUND, onb_user_find_by_email(&user, w.dir, w.org_id, "ceo@acme.example"));
  /* The older call makes a waiting account too. */
  CHECK_OK(onb_signup_link_redeem(w.dir, w.org_id, onb_signup_link_token(link), "cfo@acme.example",
                                  "Not The CFO", SQUATTER_PASSWORD));
  sign_in(&w, "cfo@acme.example", SQUATTER_PASSWORD, squatter, sizeof squatter);
  CHECK_STR(squatter, wrong);
  onb_signup_link_free(link);
  free_world(&w);
}

static void join_and_register_answer_alike_for_free_taken_and_pending_addresses(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  onb_registration_key* key = open_key(&w);
  const char* emails[] = {"free@acme.example", "ada@acme.example", "free@acme.example"};
  char first[400], answer[400];
  int i;
  for (i = 0; i < 3; ++i) { /* free, a member's, then pending (the first made it so) */
    CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), emails[i], "Some One",
                                       SQUATTER_PASSWORD, NULL));
    CHECK(onb_error_last()->code == ONB_OK);
    CHECK_STR(onb_error_last()->message, "");
    sign_in(&w, emails[i], SQUATTER_PASSWORD, answer, sizeof answer);
    if (i == 0) snprintf(first, sizeof first, "%s", answer);
    CHECK_STR(answer, first);
  }
  for (i = 0; i < 3; ++i) {
    const char* key_emails[] = {"free-key@acme.example", "ada@acme.example", "free@acme.example"};
    CHECK_OK(onb_registration_key_redeem_v2(w.dir, w.org_id, onb_registration_key_digits(key), key_emails[i],
                                            "Some One", SQUATTER_PASSWORD, "10.0.0.9", NULL));
    sign_in(&w, key_emails[i], SQUATTER_PASSWORD, answer, sizeof answer);
    CHECK_STR(answer, first);
  }
  onb_registration_key_free(key);
  onb_signup_link_free(link);
  free_world(&w);
}

static void the_real_ceo_confirms_and_signs_in_and_the_squatters_link_is_dead(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  onb_registration_key* key = open_key(&w);
  char squatter_token[128], ceo_token[128], url[256];
  onb_user* user = NULL;
  int64_t expires_at = 0;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "ceo@acme.example",
                                     "Not The CEO", SQUATTER_PASSWORD, NULL));
  mailed_confirmation_token(&w, "ceo@acme.example", squatter_token, sizeof squatter_token);
  CHECK(strlen(squatter_token) > 20);
  CHECK_OK(onb_registration_key_redeem_v2(w.dir, w.org_id, onb_registration_key_digits(key),
                                          "ceo@acme.example", "The CEO", GOOD_PASSWORD, NULL, NULL));
  mailed_confirmation_token(&w, "ceo@acme.example", ceo_token, sizeof ceo_token);
  CHECK(strcmp(ceo_token, squatter_token) != 0);
  CHECK_STATUS(ONB_NOT_FOUND, onb_email_confirmation_inspect(&user, NULL, w.dir, w.org_id, squatter_token));
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_email_confirm(&user, w.dir, w.org_id, squatter_token, SQUATTER_PASSWORD, NULL));
  /* Reading does not use the link; the whole URL works as well as the token. */
  CHECK_OK(onb_email_confirmation_inspect(&user, &expires_at, w.dir, w.org_id, ceo_token));
  CHECK_STR(onb_user_status(user), "pending_verification");
  CHECK(expires_at == START_TIME + DAY);
  onb_user_free(user);
  CHECK_OK(onb_email_confirmation_inspect(&user, NULL, w.dir, w.org_id, ceo_token));
  onb_user_free(user);
  snprintf(url, sizeof url, "https://acme.example/confirm/%s", ceo_token);
  CHECK_OK(onb_email_confirm(&user, w.dir, w.org_id, url, GOOD_PASSWORD, "10.0.0.9"));
  CHECK_STR(onb_user_status(user), "active");
  CHECK_STR(onb_user_first_name(user), "The");
  onb_user_free(user);
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_email_confirm(&user, w.dir, w.org_id, ceo_token, GOOD_PASSWORD, NULL)); /* one use */
  CHECK(user == NULL);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ceo@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ceo@acme.example", SQUATTER_PASSWORD));
  onb_registration_key_free(key);
  onb_signup_link_free(link);
  free_world(&w);
}

static void a_confirmation_link_expires_after_a_day(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  char token[128];
  onb_user* user = NULL;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "late@acme.example",
                                     "Late Larry", GOOD_PASSWORD, NULL));
  mailed_confirmation_token(&w, "late@acme.example", token, sizeof token);
  CHECK_OK(onb_directory_set_time(w.dir, START_TIME + DAY));
  CHECK_STATUS(ONB_EXPIRED, onb_email_confirmation_inspect(&user, NULL, w.dir, w.org_id, token));
  CHECK_STATUS(ONB_EXPIRED, onb_email_confirm(&user, w.dir, w.org_id, token, GOOD_PASSWORD, NULL));
  CHECK_STR(onb_error_last()->detail_code, "confirmation.expired");
  onb_signup_link_free(link);
  free_world(&w);
}

static void email_verified_makes_an_active_account_at_once(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  onb_registration_key* key = open_key(&w);
  onb_self_registration_options opts = ONB_SELF_REGISTRATION_OPTIONS_INIT;
  onb_user* user = NULL;
  char token[128];
  opts.email_verified = 1;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "sso@acme.example", "S So",
                                     GOOD_PASSWORD, &opts));
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "sso@acme.example", GOOD_PASSWORD));
  CHECK_STR(onb_user_status(user), "active");
  onb_user_free(user);
  CHECK_OK(onb_registration_key_redeem_v2(w.dir, w.org_id, onb_registration_key_digits(key),
                                          "sso2@acme.example", "S So", GOOD_PASSWORD, NULL, &opts));
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "sso2@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  mailed_confirmation_token(&w, "sso@acme.example", token, sizeof token);
  CHECK_STR(token, "");
  /* A member's address: ONB_OK, and the owner's password is untouched. */
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "ada@acme.example", "Eve",
                                     SQUATTER_PASSWORD, &opts));
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ada@acme.example", ADMIN_PASSWORD));
  onb_user_free(user);
  onb_registration_key_free(key);
  onb_signup_link_free(link);
  free_world(&w);
}

/* The attack: the real CEO opens the squatter's link and confirms with their
 * own password; that must not activate the squatter's account. */
static void the_ceo_clicking_the_squatters_link_does_not_activate_it(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  char squatter_token[128], ceo_token[128];
  onb_user* user = NULL;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "ceo@acme.example",
                                     "Not The CEO", SQUATTER_PASSWORD, NULL));
  mailed_confirmation_token(&w, "ceo@acme.example", squatter_token, sizeof squatter_token);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_email_confirm(&user, w.dir, w.org_id, squatter_token, GOOD_PASSWORD, "192.0.2.1"));
  CHECK(user == NULL);
  CHECK_STR(onb_error_last()->detail_code, "confirmation.wrong_password");
  CHECK_STR(onb_error_last()->message,
            "The password is not the one chosen when registering; if you did not register, ignore the mail "
            "and the claim lapses.");
  /* Still unused and waiting; the squatter cannot sign in. */
  CHECK_OK(onb_email_confirmation_inspect(&user, NULL, w.dir, w.org_id, squatter_token));
  CHECK_STR(onb_user_status(user), "pending_verification");
  onb_user_free(user);
  user = NULL;
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ceo@acme.example", SQUATTER_PASSWORD));
  /* The CEO registers with their own password and confirms with it. */
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "ceo@acme.example",
                                     "The CEO", GOOD_PASSWORD, NULL));
  mailed_confirmation_token(&w, "ceo@acme.example", ceo_token, sizeof ceo_token);
  CHECK_OK(onb_email_confirm(&user, w.dir, w.org_id, ceo_token, GOOD_PASSWORD, "192.0.2.1"));
  CHECK_STR(onb_user_status(user), "active");
  onb_user_free(user);
  CHECK_OK(onb_user_authenticate(&user, w.dir, w.org_id, "ceo@acme.example", GOOD_PASSWORD));
  onb_user_free(user);
  CHECK_STATUS(ONB_AUTHENTICATION_FAILED,
               onb_user_authenticate(&user, w.dir, w.org_id, "ceo@acme.example", SQUATTER_PASSWORD));
  onb_signup_link_free(link);
  free_world(&w);
}

static void the_101st_wrong_confirmation_password_is_throttled(void) {
  world w = make_world();
  onb_signup_link* link = open_link(&w);
  char token[128], guess[64];
  onb_user* user = NULL;
  int i;
  CHECK_OK(onb_signup_link_redeem_v2(w.dir, w.org_id, onb_signup_link_token(link), "grace@navy.example",
                                     "Grace Hopper", GOOD_PASSWORD, NULL));
  mailed_confirmation_token(&w, "grace@navy.example", token, sizeof token);
  for (i = 0; i < 100; ++i) {
    snprintf(guess, sizeof guess, "guess number %d", i);
    CHECK_STATUS(ONB_AUTHENTICATION_FAILED, onb_email_confirm(&user, w.dir, w.org_id, token, guess, NULL));
  }
  CHECK_STATUS(ONB_THROTTLED, onb_email_confirm(&user, w.dir, w.org_id, token, GOOD_PASSWORD, NULL));
  CHECK(strstr(onb_error_last()->message, "try again at") != NULL);
  CHECK_OK(onb_email_confirmation_inspect(&user, NULL, w.dir, w.org_id, token)); /* still unused */
  onb_user_free(user);
  onb_signup_link_free(link);
  free_world(&w);
}

int main(void) {
  RUN(options_macro_equals_function_and_wrong_versions_are_misuse);
  RUN(a_squatter_cannot_sign_in_and_hears_what_a_wrong_password_hears);
  RUN(join_and_register_answer_alike_for_free_taken_and_pending_addresses);
  RUN(the_real_ceo_confirms_and_signs_in_and_the_squatters_link_is_dead);
  RUN(a_confirmation_link_expires_after_a_day);
  RUN(email_verified_makes_an_active_account_at_once);
  RUN(the_ceo_clicking_the_squatters_link_does_not_activate_it);
  RUN(the_101st_wrong_confirmation_password_is_throttled);
  return 0;
}
