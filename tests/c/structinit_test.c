/* Every *_INIT macro equals what its onb_*_init() function writes, field by
 * field, and init refuses versions it does not know. */
#include "check.h"

#include <stddef.h>

static void open_options_macro_equals_function(void) {
  onb_open_options macro = ONB_OPEN_OPTIONS_INIT;
  onb_open_options fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_open_options_init(&fn, ONB_OPEN_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_OPEN_OPTIONS_VERSION);
  CHECK(macro.clock_mode == fn.clock_mode && fn.clock_mode == ONB_CLOCK_SYSTEM);
  CHECK(macro.key_file == fn.key_file && fn.key_file == NULL);
  CHECK(macro.key == fn.key && fn.key == NULL);
  CHECK(macro.key_size == fn.key_size);
  CHECK(macro.now_unix == fn.now_unix);
  CHECK(macro.threads == fn.threads && fn.threads == 0);
  CHECK(macro.reserved == fn.reserved && fn.reserved == 0);
  /* Version 1's fields, unchanged; version 2 appends two. */
  CHECK(offsetof(onb_open_options, threads) ==
        sizeof(uint32_t) + sizeof(int32_t) + 2 * sizeof(void*) + sizeof(size_t) + sizeof(int64_t));
  CHECK(sizeof macro == offsetof(onb_open_options, threads) + 2 * sizeof(uint32_t));
}

static void organization_options_macro_equals_function(void) {
  onb_organization_options macro = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_organization_options fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_organization_options_init(&fn, ONB_ORGANIZATION_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_ORGANIZATION_OPTIONS_VERSION);
  CHECK(macro.reserved == fn.reserved);
  CHECK(macro.name == fn.name && fn.name == NULL);
  CHECK(macro.base_url == fn.base_url && fn.base_url == NULL);
  CHECK(macro.time_zone == fn.time_zone && fn.time_zone == NULL);
  CHECK(macro.role_preset == fn.role_preset && fn.role_preset == NULL);
  CHECK(macro.offices == fn.offices && fn.offices == NULL);
  CHECK(macro.offices_count == fn.offices_count && fn.offices_count == 0);
  CHECK(macro.default_office == fn.default_office && fn.default_office == NULL);
  CHECK(macro.teams == fn.teams && fn.teams == NULL);
  CHECK(macro.teams_count == fn.teams_count && fn.teams_count == 0);
  CHECK(macro.seat_limit == fn.seat_limit && fn.seat_limit == 0);
  CHECK(macro.admin_email == fn.admin_email && fn.admin_email == NULL);
  CHECK(macro.admin_name == fn.admin_name && fn.admin_name == NULL);
  CHECK(macro.admin_password == fn.admin_password && fn.admin_password == NULL);
}

static void invite_options_macro_equals_function(void) {
  onb_invite_options macro = ONB_INVITE_OPTIONS_INIT;
  onb_invite_options fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_invite_options_init(&fn, ONB_INVITE_OPTIONS_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_INVITE_OPTIONS_VERSION);
  CHECK(macro.reserved == fn.reserved);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.team == fn.team && fn.team == NULL);
  CHECK(macro.office == fn.office && fn.office == NULL);
}

static void user_filter_macro_equals_function(void) {
  onb_user_filter macro = ONB_USER_FILTER_INIT;
  onb_user_filter fn;
  memset(&fn, 0xAB, sizeof fn);
  CHECK_OK(onb_user_filter_init(&fn, ONB_USER_FILTER_VERSION));
  CHECK(macro.version == fn.version && fn.version == ONB_USER_FILTER_VERSION);
  CHECK(macro.include_deleted == fn.include_deleted && fn.include_deleted == 0);
  CHECK(macro.status == fn.status && fn.status == NULL);
  CHECK(macro.role == fn.role && fn.role == NULL);
  CHECK(macro.office == fn.office && fn.office == NULL);
  CHECK(macro.team == fn.team && fn.team == NULL);
  CHECK(macro.text == fn.text && fn.text == NULL);
  CHECK(macro.registered_via == fn.registered_via && fn.registered_via == NULL);
  CHECK(macro.after_id == fn.after_id && fn.after_id == NULL);
  CHECK(macro.limit == fn.limit && fn.limit == 0);
}

static void init_refuses_an_unknown_version_and_null(void) {
  onb_open_options o;
  onb_organization_options g;
  onb_invite_options i;
  onb_user_filter f;
  CHECK_STATUS(ONB_MISUSE, onb_open_options_init(&o, 0));
  CHECK(strstr(onb_error_last()->message, "version 0") != NULL);
  CHECK_STATUS(ONB_MISUSE, onb_organization_options_init(&g, 2));
  CHECK_STATUS(ONB_MISUSE, onb_invite_options_init(&i, 99));
  CHECK_STATUS(ONB_MISUSE, onb_user_filter_init(&f, 7));
  CHECK_STATUS(ONB_MISUSE, onb_open_options_init(NULL, ONB_OPEN_OPTIONS_VERSION));
  CHECK_STATUS(ONB_MISUSE, onb_organization_options_init(NULL, ONB_ORGANIZATION_OPTIONS_VERSION));
  CHECK_STATUS(ONB_MISUSE, onb_invite_options_init(NULL, ONB_INVITE_OPTIONS_VERSION));
  CHECK_STATUS(ONB_MISUSE, onb_user_filter_init(NULL, ONB_USER_FILTER_VERSION));
}

int main(void) {
  RUN(open_options_macro_equals_function);
  RUN(organization_options_macro_equals_function);
  RUN(invite_options_macro_equals_function);
  RUN(user_filter_macro_equals_function);
  RUN(init_refuses_an_unknown_version_and_null);
  return 0;
}
