// The sealed copy of an import's credentials over the C ABI: the report's job
// id, take (handed out once), discard (the host saved the report's copy) and
// purge (expired, unclaimed).
#include <algorithm>
#include <string>

#include <sodium.h>

#include "capi_internal.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/importer.hpp"

using namespace onboard;
using namespace onboard::capi;

extern "C" {

ONB_API onb_status onb_import_take_credentials_csv(char** out, size_t* size_out, onb_directory* dir,
                                                   const char* org_id, const char* actor_id,
                                                   const char* job_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    if (size_out != nullptr) *size_out = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(job_id);
    char* copied = nullptr;
    std::size_t size = 0;
    // Copied out inside the take: if the copy fails, the sealed copy stays.
    auto taken = Importer(*dir->directory)
                     .take_credentials(Actor{org_id, actor_id}, job_id,
                                       [&](const CredentialList& list) -> Result<void> {
                                         std::string csv = credentials_csv(list);
                                         try {
                                           copied = copy_string(csv);
                                         } catch (...) {
                                           wipe(csv);
                                           throw;
                                         }
                                         size = csv.size();
                                         wipe(csv);
                                         return success();
                                       });
    if (!taken) {
      if (copied != nullptr) {
        sodium_memzero(copied, size);
        onb_free(copied);
      }
      return fail(taken.error());
    }
    *out = copied;
    if (size_out != nullptr) *size_out = size;
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_discard_credentials(onb_directory* dir, const char* org_id,
                                                  const char* actor_id, const char* job_id) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(job_id);
    auto discarded = Importer(*dir->directory).discard_credentials(Actor{org_id, actor_id}, job_id);
    if (!discarded) return fail(discarded.error());
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_purge_expired_credentials(int64_t* purged_out, onb_directory* dir,
                                                        const char* org_id) {
  return guard(__func__, [&] {
    if (purged_out != nullptr) *purged_out = 0;
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    auto purged = Importer(*dir->directory).purge_expired_credentials(org_id);
    if (!purged) return fail(purged.error());
    if (purged_out != nullptr) *purged_out = *purged;
    return ONB_OK;
  });
}

}  // extern "C"
