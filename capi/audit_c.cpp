// The audit log.
#include <boost/json/array.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_audit_list_json(char** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, size_t limit) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto events = dir->directory->audit_log(Actor{org_id, actor_id}, limit);
    if (!events) return fail(events.error());
    boost::json::array list;
    for (const auto& e : *events) list.push_back(to_json(e));
    *out = copy_json(list);
    return ONB_OK;
  });
}

}  // extern "C"
