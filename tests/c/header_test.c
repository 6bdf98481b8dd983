/* onboard.h compiles alone, as C99 and as C++, with every warning an error;
 * the macros are usable as initializers in both. */
#include "onboard/onboard.h"

static const onb_open_options open_defaults = ONB_OPEN_OPTIONS_INIT;
static const onb_organization_options organization_defaults = ONB_ORGANIZATION_OPTIONS_INIT;
static const onb_invite_options invite_defaults = ONB_INVITE_OPTIONS_INIT;
static const onb_user_filter filter_defaults = ONB_USER_FILTER_INIT;
static const onb_registration_key_options registration_key_defaults = ONB_REGISTRATION_KEY_OPTIONS_INIT;
static const onb_precreate_options precreate_defaults = ONB_PRECREATE_OPTIONS_INIT;
static const onb_document_options document_defaults = ONB_DOCUMENT_OPTIONS_INIT;
static const onb_signup_link_options signup_link_defaults = ONB_SIGNUP_LINK_OPTIONS_INIT;
static const onb_signup_link_changes signup_link_changes_defaults = ONB_SIGNUP_LINK_CHANGES_INIT;
static const onb_user_query user_query_defaults = ONB_USER_QUERY_INIT;
static const onb_import_options import_defaults = ONB_IMPORT_OPTIONS_INIT;

int header_test_versions(void);
int header_test_versions(void) {
  return (int)(open_defaults.version + organization_defaults.version + invite_defaults.version +
               filter_defaults.version + registration_key_defaults.version + precreate_defaults.version +
               document_defaults.version + signup_link_defaults.version +
               signup_link_changes_defaults.version + user_query_defaults.version + import_defaults.version) +
         ONB_VERSION_NUMBER + ONB_KEY_SIZE;
}
