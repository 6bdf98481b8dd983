/* onboard.h compiles alone, as C99 and as C++, with every warning an error;
 * the macros are usable as initializers in both. */
#include "onboard/onboard.h"

static const onb_open_options open_defaults = ONB_OPEN_OPTIONS_INIT;
static const onb_organization_options organization_defaults = ONB_ORGANIZATION_OPTIONS_INIT;
static const onb_invite_options invite_defaults = ONB_INVITE_OPTIONS_INIT;
static const onb_user_filter filter_defaults = ONB_USER_FILTER_INIT;

int header_test_versions(void);
int header_test_versions(void) {
  return (int)(open_defaults.version + organization_defaults.version + invite_defaults.version +
               filter_defaults.version) +
         ONB_VERSION_NUMBER + ONB_KEY_SIZE;
}
