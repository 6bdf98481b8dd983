// FaultyStorage's SCIM token operations (see faulty_storage.cpp).
#include "onboard/storage/faulty_storage.hpp"

namespace onboard {
inline namespace v1 {
namespace {

Error injected_fault() { return Error{Errc::storage, "Injected fault."}; }

}  // namespace

Result<void> FaultyStorage::insert_scim_token(const ScimToken& token) {
  if (should_fail()) return injected_fault();
  return inner_->insert_scim_token(token);
}

Result<void> FaultyStorage::update_scim_token(const ScimToken& token) {
  if (should_fail()) return injected_fault();
  return inner_->update_scim_token(token);
}

Result<ScimToken> FaultyStorage::get_scim_token(std::string_view org_id, std::string_view id) {
  if (should_fail()) return injected_fault();
  return inner_->get_scim_token(org_id, id);
}

Result<ScimToken> FaultyStorage::find_scim_token_by_hash(std::string_view org_id,
                                                         std::string_view token_hash) {
  if (should_fail()) return injected_fault();
  return inner_->find_scim_token_by_hash(org_id, token_hash);
}

Result<std::vector<ScimToken>> FaultyStorage::list_scim_tokens(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->list_scim_tokens(org_id);
}

}  // namespace v1
}  // namespace onboard
