// The sealed copy of an import's credentials: how a part is encoded and
// sealed in the import's transaction (import/import_committer.cpp), and opened again
// when it is handed out (import_credentials.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/secrets/keyring.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Entries [from, to) of `list`, encoded and sealed with the master key: one
// blob for the whole range, so a chunk of 8,192 people costs one seal. The
// plain encoding is wiped before this returns.
std::string seal_credentials(const Keyring& keyring, const CredentialList& list, std::size_t from,
                             std::size_t to);

// Opens what seal_credentials made and appends its entries to `out`.
// Errors: internal when the blob was altered or sealed under another key.
Result<void> unseal_credentials(const Keyring& keyring, std::string_view sealed, CredentialList& out);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
