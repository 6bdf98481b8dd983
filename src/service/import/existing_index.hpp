// Existing members that rows may match, for the planner.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "import/key_index.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/model/user.hpp"
#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Existing users that rows may match, by email key, username key and
// external id; filled for the whole organization up front when it is
// small, else per chunk by batch lookups.
class ExistingIndex {
 public:
  // Chooses to load every member when that is cheaper than looking rows up,
  // which is not the case in update mode (updates need the full records);
  // preload() then loads them.
  Result<void> choose(Storage& storage, const std::string& org_id, std::uint64_t file_bytes,
                      bool need_records);
  Result<void> preload(Storage& storage, const std::string& org_id);
  // Looks up the keys of `rows` (unless everything is loaded already).
  Result<void> load_chunk(Storage& storage, const std::string& org_id, const std::vector<CandidateRow>& rows,
                          std::size_t count);
  // The users a row matches, by any of its keys (distinct, at most three).
  void match(const CandidateRow& row, std::vector<const User*>& out, std::vector<UserKeyField>& fields) const;
  // Every member is (to be) loaded: choose() found that cheaper than lookups.
  bool preloaded() const noexcept { return preloaded_; }
  // Whether a row with these key fingerprints ({0, 0}: none) may match a
  // loaded member; match() on the row's text tells for sure.
  bool may_match(const KeyIndex::Fingerprint& email, const KeyIndex::Fingerprint& username,
                 const KeyIndex::Fingerprint& external_id) const noexcept;

 private:
  void add(User user);

  bool preloaded_ = false;
  std::int64_t members_ = 0;
  std::vector<User> users_;                    // preloaded: ids and keys only
  std::unordered_set<std::string> chunk_ids_;  // per-chunk lookups: users already added
  KeyIndex by_email_;
  KeyIndex by_username_;
  KeyIndex by_external_id_;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
