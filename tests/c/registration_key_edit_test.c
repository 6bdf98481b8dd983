/* Editing a 10-digit key through the C ABI: onb_registration_key_update
 * changes the given fields under the rules of create; the digits stay. */
#include "fixture.h"

static onb_registration_key* create_key(world* w, int64_t max_uses) {
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  opts.label = "Front desk";
  opts.role = "User";
  opts.max_uses = max_uses;
  CHECK_OK(onb_registration_key_create(&key, w->dir, w->org_id, w->admin_id, &opts));
  return key;
}

static void changes_macro_equals_function(void) {
  onb_registration_key_changes macro = ONB_REGISTRATION_KEY_CHANGES_INIT;
  onb_registration_key_changes fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_registration_key_changes_init(&fn, ONB_REGISTRATION_KEY_CHANGES_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_REGISTRATION_KEY_CHANGES_VERSION);
  CHECK(macro.set_max_uses == fn.set_max_uses && fn.set_max_uses == 0);
  CHECK(macro.label == fn.label && fn.label == NULL);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.team == fn.team && fn.team == NULL);
  CHECK(macro.office == fn.office && fn.office == NULL);
  CHECK(macro.valid_until == fn.valid_until && fn.valid_until == NULL);
  CHECK(macro.max_uses == fn.max_uses && fn.max_uses == 0);
  CHECK(sizeof macro == 2 * sizeof(uint32_t) + 5 * sizeof(void*) + sizeof(int64_t));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_changes_init(&fn, 2));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_changes_init(NULL, ONB_REGISTRATION_KEY_CHANGES_VERSION));
}

static void an_edited_key_has_its_new_fields_and_no_digits(void) {
  world w = make_world();
  onb_registration_key* key = create_key(&w, 5);
  onb_registration_key* edited = NULL;
  onb_registration_key_changes changes = ONB_REGISTRATION_KEY_CHANGES_INIT;
  changes.role = "Manager";
  changes.team = "Sales";
  changes.office = "London";
  changes.valid_until = "2026-12-31";
  changes.set_max_uses = 1;
  changes.max_uses = 0;
  CHECK_OK(onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key),
                                       &changes));
  CHECK_STR(onb_registration_key_id(edited), onb_registration_key_id(key));
  CHECK_STR(onb_registration_key_label(edited), "Front desk");
  CHECK_STR(onb_registration_key_role(edited), "Manager");
  CHECK_STR(onb_registration_key_team(edited), "Sales");
  CHECK_STR(onb_registration_key_office(edited), "London");
  CHECK(onb_registration_key_valid_until(edited) != 0);
  CHECK(onb_registration_key_max_uses(edited) == 0);
  CHECK(onb_registration_key_digits(edited) == NULL);
  onb_registration_key_free(edited);
  /* NULL changes: nothing changes. */
  CHECK_OK(
      onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key), NULL));
  CHECK_STR(onb_registration_key_role(edited), "Manager");
  onb_registration_key_free(edited);
  onb_registration_key_free(key);
  free_world(&w);
}

static void an_edit_below_the_uses_so_far_or_of_a_revoked_key_is_refused(void) {
  world w = make_world();
  onb_registration_key* key = create_key(&w, 3);
  onb_registration_key* edited = NULL;
  onb_user* user = NULL;
  onb_registration_key_changes changes = ONB_REGISTRATION_KEY_CHANGES_INIT;
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                       "one@acme.example", "One Person", GOOD_PASSWORD, NULL));
  onb_user_free(user);
  CHECK_OK(onb_registration_key_redeem(&user, w.dir, w.org_id, onb_registration_key_digits(key),
                                       "two@acme.example", "Two Person", GOOD_PASSWORD, NULL));
  onb_user_free(user);
  changes.set_max_uses = 1;
  changes.max_uses = 1;
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id,
                                                              onb_registration_key_id(key), &changes));
  CHECK(edited == NULL);
  changes.max_uses = 0;
  changes.role = "Emperor";
  CHECK_STATUS(ONB_INVALID_INPUT, onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id,
                                                              onb_registration_key_id(key), &changes));
  changes.role = NULL;
  CHECK_OK(onb_registration_key_revoke(&edited, w.dir, w.org_id, w.admin_id, onb_registration_key_id(key)));
  onb_registration_key_free(edited);
  edited = NULL;
  CHECK_STATUS(ONB_REVOKED, onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id,
                                                        onb_registration_key_id(key), &changes));
  CHECK_STATUS(ONB_NOT_FOUND,
               onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id, "no-such-key", &changes));
  onb_registration_key_free(key);
  free_world(&w);
}

static void null_arguments_and_wrong_versions_are_misuse(void) {
  world w = make_world();
  onb_registration_key* key = create_key(&w, 0);
  onb_registration_key* edited = NULL;
  onb_registration_key_changes changes = ONB_REGISTRATION_KEY_CHANGES_INIT;
  const char* id = onb_registration_key_id(key);
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(NULL, w.dir, w.org_id, w.admin_id, id, &changes));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(&edited, NULL, w.org_id, w.admin_id, id, &changes));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(&edited, w.dir, NULL, w.admin_id, id, &changes));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(&edited, w.dir, w.org_id, NULL, id, &changes));
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id, NULL, &changes));
  changes.version = 2;
  CHECK_STATUS(ONB_MISUSE, onb_registration_key_update(&edited, w.dir, w.org_id, w.admin_id, id, &changes));
  onb_registration_key_free(key);
  free_world(&w);
}

int main(void) {
  RUN(changes_macro_equals_function);
  RUN(an_edited_key_has_its_new_fields_and_no_digits);
  RUN(an_edit_below_the_uses_so_far_or_of_a_revoked_key_is_refused);
  RUN(null_arguments_and_wrong_versions_are_misuse);
  return 0;
}
