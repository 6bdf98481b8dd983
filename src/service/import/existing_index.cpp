#include "service/import/existing_index.hpp"

#include <algorithm>

#include "core/fast_paths.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Loading every member costs about as much as looking up this many rows.
constexpr std::int64_t kPreloadAlways = 50'000;
constexpr std::size_t kPageSize = 10'000;

}  // namespace

void ExistingIndex::add(User user) {
  if (!preloaded_ && !chunk_ids_.insert(user.id).second) return;  // found by two keys
  users_.push_back(std::move(user));
  const auto value = static_cast<std::uint32_t>(users_.size());
  const User& u = users_.back();
  if (!u.email_key.empty()) by_email_.insert(u.email_key, value);
  if (!u.username_key.empty()) by_username_.insert(u.username_key, value);
  if (!u.external_id.empty()) by_external_id_.insert(u.external_id, value);
}

Result<void> ExistingIndex::choose(Storage& storage, const std::string& org_id, std::uint64_t file_bytes,
                                   bool need_records) {
  if (need_records) return success();
  ONB_ASSIGN(members_, storage.count_seated_users(org_id));
  // Loading members (whole records: the storage has no keys-only listing)
  // beats one lookup per row only when they are far fewer than the rows.
  // Fast path: members preloaded into key indexes. Its twin, and the only
  // way without the fast paths: the storage's find_users for each chunk.
  preloaded_ =
      kFastPaths && (members_ <= kPreloadAlways || static_cast<std::uint64_t>(members_) <= file_bytes / 256);
  return success();
}

Result<void> ExistingIndex::preload(Storage& storage, const std::string& org_id) {
  if (!preloaded_) return success();
  users_.reserve(static_cast<std::size_t>(members_));
  UserFilter filter;
  filter.limit = kPageSize;
  for (;;) {
    ONB_ASSIGN(auto page, storage.list_users(org_id, filter));
    const std::string last_id = page.empty() ? std::string() : page.back().id;
    for (User& full : page) {
      // An unconfirmed self-registration holds no address (find_users skips it too).
      if (full.status == UserStatus::pending_verification) continue;
      User keys;  // only what matching and messages need
      keys.id = std::move(full.id);
      keys.email = std::move(full.email);
      keys.email_key = std::move(full.email_key);
      keys.username = std::move(full.username);
      keys.username_key = std::move(full.username_key);
      keys.external_id = std::move(full.external_id);
      keys.role = std::move(full.role);
      add(std::move(keys));
    }
    if (page.size() < kPageSize) break;
    filter.after_id = last_id;
  }
  return success();
}

Result<void> ExistingIndex::load_chunk(Storage& storage, const std::string& org_id,
                                       const std::vector<CandidateRow>& rows, std::size_t count) {
  if (preloaded_) return success();
  users_.clear();
  chunk_ids_.clear();
  by_email_.clear();
  by_username_.clear();
  by_external_id_.clear();
  std::vector<std::string> emails, usernames, external_ids;
  for (std::size_t i = 0; i < count; ++i) {
    if (!rows[i].email_key.empty()) emails.push_back(rows[i].email_key);
    if (!rows[i].username_key.empty()) usernames.push_back(rows[i].username_key);
    if (!rows[i].external_id.empty()) external_ids.push_back(rows[i].external_id);
  }
  const std::pair<UserKeyField, std::vector<std::string>*> lookups[] = {
      {UserKeyField::email_key, &emails},
      {UserKeyField::username_key, &usernames},
      {UserKeyField::external_id, &external_ids}};
  for (const auto& [field, keys] : lookups) {
    if (keys->empty()) continue;
    ONB_ASSIGN(auto found, storage.find_users(org_id, field, *keys));
    for (User& u : found) add(std::move(u));
  }
  return success();
}

void ExistingIndex::match(const CandidateRow& row, std::vector<const User*>& out,
                          std::vector<UserKeyField>& fields) const {
  out.clear();
  fields.clear();
  auto look = [&](const KeyIndex& index, const std::string& key, UserKeyField field) {
    if (key.empty()) return;
    const std::uint32_t v = index.find(key);
    if (v == 0) return;
    const User* u = &users_[v - 1];
    // The fingerprint index can (with negligible odds) confuse two keys;
    // the record itself settles it.
    const std::string& actual = field == UserKeyField::email_key      ? u->email_key
                                : field == UserKeyField::username_key ? u->username_key
                                                                      : u->external_id;
    if (actual != key) return;
    if (std::find(out.begin(), out.end(), u) == out.end()) {
      out.push_back(u);
      fields.push_back(field);
    }
  };
  look(by_email_, row.email_key, UserKeyField::email_key);
  look(by_username_, row.username_key, UserKeyField::username_key);
  look(by_external_id_, row.external_id, UserKeyField::external_id);
}

bool ExistingIndex::may_match(const KeyIndex::Fingerprint& email, const KeyIndex::Fingerprint& username,
                              const KeyIndex::Fingerprint& external_id) const noexcept {
  auto has = [](const KeyIndex& index, const KeyIndex::Fingerprint& key) {
    return (key.h1 != 0 || key.h2 != 0) && index.find(key) != 0;
  };
  return has(by_email_, email) || has(by_username_, username) || has(by_external_id_, external_id);
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
