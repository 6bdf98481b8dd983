// The in-memory backend: the reference behaviour the conformance suite pins
// down, for tests and for hosts that need no persistence.
//
// Transactions keep an undo journal instead of copying the whole state at
// BEGIN: a rollback restores exactly the state of the outermost begin, but a
// transaction costs what it changes, not what the store holds (an import into
// a store of 100k users stays cheap). A nested transaction() joins the outer
// one; if it fails, only its own changes are undone (like a SAVEPOINT).
#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "onboard/storage/storage.hpp"
#include "storage/storage_messages.hpp"
#include "storage/text_match.hpp"

namespace onboard {
inline namespace v1 {
namespace {

namespace msg = storage_messages;

using Key = std::pair<std::string, std::string>;  // (org_id, id or scope)

Key key_of(std::string_view org_id, std::string_view id) { return {std::string(org_id), std::string(id)}; }

Error refuse(Errc code, std::string_view sentence) { return Error{code, std::string(sentence)}; }

constexpr UserKeyField kUserKeyFields[] = {UserKeyField::email_key, UserKeyField::username_key,
                                           UserKeyField::external_id, UserKeyField::activation_key_hash};

const std::string& field_of(const User& u, UserKeyField f) {
  switch (f) {
    case UserKeyField::email_key: return u.email_key;
    case UserKeyField::username_key: return u.username_key;
    case UserKeyField::external_id: return u.external_id;
    case UserKeyField::activation_key_hash: return u.activation_key_hash;
  }
  return u.email_key;
}

// Whether a user holds its unique keys: not deleted, and not an unverified
// self-registration (which never blocks an address for anyone).
bool holds_keys(const User& u) noexcept {
  return u.status != UserStatus::deleted && u.status != UserStatus::pending_verification;
}

bool oldest_first(const OutboxMessage& a, const OutboxMessage& b) {
  return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
}

class MemoryStorage final : public Storage {
 public:
  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    std::lock_guard lock(mutex_);
    const std::size_t mark = undo_.size();
    ++depth_;
    Result<void> result;
    try {
      result = fn();
    } catch (...) {
      rollback_to(mark);
      end_transaction();
      throw;
    }
    if (!result) rollback_to(mark);
    end_transaction();
    return result;
  }

  // ---- organizations ----

  Result<void> insert_organization(const Organization& org) override {
    std::lock_guard lock(mutex_);
    if (orgs_.count(org.id) != 0) return refuse(Errc::already_exists, msg::duplicate_organization);
    return write([&] {
      put(orgs_, org.id, org);
      return success();
    });
  }

  Result<void> update_organization(const Organization& org) override {
    std::lock_guard lock(mutex_);
    if (orgs_.count(org.id) == 0) return refuse(Errc::not_found, msg::no_organization);
    return write([&] {
      put(orgs_, org.id, org);
      return success();
    });
  }

  Result<Organization> get_organization(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    auto it = orgs_.find(std::string(org_id));
    if (it == orgs_.end()) return refuse(Errc::not_found, msg::no_organization);
    return it->second;
  }

  Result<std::vector<Organization>> list_organizations() override {
    std::lock_guard lock(mutex_);
    std::vector<Organization> out;
    for (const auto& [id, org] : orgs_) out.push_back(org);
    return out;
  }

  // ---- users ----

  Result<void> insert_users(std::span<const User> users) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const User& u : users) {
        ONB_TRY(require_org(u.org_id));
        if (users_.count(key_of(u.org_id, u.id)) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
        ONB_TRY(check_unique(u));
        put_user(u);
      }
      return success();
    });
  }

  Result<void> update_users(std::span<const User> users) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const User& u : users) {
        if (users_.count(key_of(u.org_id, u.id)) == 0) return refuse(Errc::not_found, msg::no_user);
        ONB_TRY(check_unique(u));
        put_user(u);
      }
      return success();
    });
  }

  Result<User> get_user(std::string_view org_id, std::string_view user_id) override {
    std::lock_guard lock(mutex_);
    auto it = users_.find(key_of(org_id, user_id));
    if (it == users_.end()) return refuse(Errc::not_found, msg::no_user);
    return it->second;
  }

  Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                       std::span<const std::string> values) override {
    std::lock_guard lock(mutex_);
    std::set<std::string> ids;
    for (const std::string& value : values) {
      if (value.empty()) continue;
      auto it = user_index_.find(std::make_tuple(std::string(org_id), field, value));
      if (it != user_index_.end()) ids.insert(it->second);
    }
    std::vector<User> out;
    out.reserve(ids.size());
    for (const auto& id : ids) out.push_back(users_.at(key_of(org_id, id)));
    return out;
  }

  Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) override {
    std::lock_guard lock(mutex_);
    const std::string needle = fold_case(filter.text);
    std::vector<User> out;
    for (auto it = users_.upper_bound(key_of(org_id, filter.after_id));
         it != users_.end() && it->first.first == org_id; ++it) {
      const User& u = it->second;
      if (filter.status ? u.status != *filter.status
                        : (!filter.include_deleted && u.status == UserStatus::deleted))
        continue;
      if (!filter.role.empty() && u.role != filter.role) continue;
      if (!filter.office.empty() && u.office != filter.office) continue;
      if (!filter.team.empty() && std::find(u.teams.begin(), u.teams.end(), filter.team) == u.teams.end())
        continue;
      if (!filter.registered_via.empty() && u.registered_via != filter.registered_via) continue;
      if (!needle.empty() && !contains_folded(u.email, needle) && !contains_folded(u.first_name, needle) &&
          !contains_folded(u.last_name, needle) && !contains_folded(u.display_name, needle) &&
          !contains_folded(u.username, needle))
        continue;
      out.push_back(u);
      if (filter.limit != 0 && out.size() == filter.limit) break;
    }
    return out;
  }

  Result<std::int64_t> count_seated_users(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    std::int64_t n = 0;
    for (auto it = users_.lower_bound(key_of(org_id, "")); it != users_.end() && it->first.first == org_id;
         ++it)
      n += takes_seat(it->second) ? 1 : 0;
    return n;
  }

  Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) override {
    std::lock_guard lock(mutex_);
    auto it = users_.find(key_of(activated.org_id, activated.id));
    if (it == users_.end() || expected_key_hash.empty() ||
        it->second.status != UserStatus::pending_activation ||
        it->second.activation_key_hash != expected_key_hash)
      return false;
    User next = activated;
    next.status = UserStatus::active;
    next.activation_key_hash.clear();
    next.activation_key_sealed.clear();
    ONB_TRY(write([&]() -> Result<void> {
      ONB_TRY(check_unique(next));
      put_user(next);
      return success();
    }));
    return true;
  }

  // ---- email confirmations ----

  Result<void> insert_email_confirmation(const EmailConfirmation& c) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(c.org_id));
    if (users_.count(key_of(c.org_id, c.user_id)) == 0) return refuse(Errc::not_found, msg::no_user);
    const Key k = key_of(c.org_id, c.user_id);
    if (confirmations_.count(k) != 0 ||
        find_by(confirmations_, c.org_id, &EmailConfirmation::token_hash, c.token_hash))
      return refuse(Errc::already_exists, msg::duplicate_email_confirmation);
    return write([&] {
      put(confirmations_, k, c);
      return success();
    });
  }

  Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                            std::string_view token_hash) override {
    std::lock_guard lock(mutex_);
    auto found = find_by(confirmations_, org_id, &EmailConfirmation::token_hash, token_hash);
    if (!found) return refuse(Errc::not_found, msg::no_email_confirmation);
    return *found;
  }

  Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                  std::string_view email_key) override {
    std::lock_guard lock(mutex_);
    std::vector<User> out;
    if (email_key.empty()) return out;
    for (const User& u : all_of_org(users_, org_id))
      if (u.status == UserStatus::pending_verification && u.email_key == email_key) out.push_back(u);
    return out;
  }

  Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                          std::string_view token_hash, Timestamp now) override {
    std::lock_guard lock(mutex_);
    const Key k = key_of(org_id, user_id);
    auto c = confirmations_.find(k);
    auto u = users_.find(k);
    if (c == confirmations_.end() || u == users_.end() || c->second.token_hash != token_hash ||
        !(c->second.expires_at > now) || u->second.status != UserStatus::pending_verification)
      return false;
    User next = u->second;
    next.status = UserStatus::active;
    next.activated_at = now;
    ONB_TRY(write([&]() -> Result<void> {
      ONB_TRY(check_unique(next));
      put_user(next);
      erase(confirmations_, k);
      return success();
    }));
    return true;
  }

  // ---- invitations ----

  Result<void> insert_invitation(const Invitation& inv) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(inv.org_id));
    const Key k = key_of(inv.org_id, inv.id);
    if (invitations_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
    if (find_by(invitations_, inv.org_id, &Invitation::token_hash, inv.token_hash))
      return refuse(Errc::already_exists, msg::duplicate_invitation_token);
    return write([&] {
      put(invitations_, k, inv);
      return success();
    });
  }

  Result<void> update_invitation(const Invitation& inv) override {
    std::lock_guard lock(mutex_);
    const Key k = key_of(inv.org_id, inv.id);
    if (invitations_.count(k) == 0) return refuse(Errc::not_found, msg::no_invitation);
    if (auto other = find_by(invitations_, inv.org_id, &Invitation::token_hash, inv.token_hash);
        other && other->id != inv.id)
      return refuse(Errc::already_exists, msg::duplicate_invitation_token);
    return write([&] {
      put(invitations_, k, inv);
      return success();
    });
  }

  Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) override {
    std::lock_guard lock(mutex_);
    auto it = invitations_.find(key_of(org_id, id));
    if (it == invitations_.end()) return refuse(Errc::not_found, msg::no_invitation);
    return it->second;
  }

  Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                   std::string_view token_hash) override {
    std::lock_guard lock(mutex_);
    if (auto found = find_by(invitations_, org_id, &Invitation::token_hash, token_hash)) return *found;
    return refuse(Errc::not_found, msg::no_invitation);
  }

  Result<std::vector<Invitation>> list_invitations(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    return all_of_org(invitations_, org_id);
  }

  Result<std::vector<Invitation>> find_pending_invitations(std::string_view org_id,
                                                           std::span<const std::string> email_keys) override {
    std::lock_guard lock(mutex_);
    const std::set<std::string_view> wanted(email_keys.begin(), email_keys.end());
    std::vector<Invitation> out;
    for (const Invitation& inv : all_of_org(invitations_, org_id))
      if (inv.state == InvitationState::pending && wanted.count(inv.email_key) != 0) out.push_back(inv);
    return out;
  }

  Result<bool> consume_invitation(std::string_view org_id, std::string_view id, std::string_view token_hash,
                                  Timestamp now, std::string_view accepted_user_id) override {
    std::lock_guard lock(mutex_);
    auto it = invitations_.find(key_of(org_id, id));
    if (it == invitations_.end() || it->second.state != InvitationState::pending ||
        it->second.token_hash != token_hash || !(it->second.expires_at > now))
      return false;
    Invitation next = it->second;
    next.state = InvitationState::accepted;
    next.accepted_at = now;
    next.accepted_user_id = std::string(accepted_user_id);
    ONB_TRY(write([&] {
      put(invitations_, it->first, next);
      return success();
    }));
    return true;
  }

  // ---- registration keys ----

  Result<void> insert_registration_key(const RegistrationKey& key) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(key.org_id));
    const Key k = key_of(key.org_id, key.id);
    if (keys_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
    if (find_by(keys_, key.org_id, &RegistrationKey::key_hash, key.key_hash))
      return refuse(Errc::already_exists, msg::duplicate_registration_key);
    return write([&] {
      put(keys_, k, key);
      return success();
    });
  }

  Result<void> update_registration_key(const RegistrationKey& key) override {
    std::lock_guard lock(mutex_);
    const Key k = key_of(key.org_id, key.id);
    if (keys_.count(k) == 0) return refuse(Errc::not_found, msg::no_registration_key);
    if (auto other = find_by(keys_, key.org_id, &RegistrationKey::key_hash, key.key_hash);
        other && other->id != key.id)
      return refuse(Errc::already_exists, msg::duplicate_registration_key);
    return write([&] {
      put(keys_, k, key);
      return success();
    });
  }

  Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) override {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(key_of(org_id, id));
    if (it == keys_.end()) return refuse(Errc::not_found, msg::no_registration_key);
    return it->second;
  }

  Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                        std::string_view key_hash) override {
    std::lock_guard lock(mutex_);
    if (auto found = find_by(keys_, org_id, &RegistrationKey::key_hash, key_hash)) return *found;
    return refuse(Errc::not_found, msg::no_registration_key);
  }

  Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    return all_of_org(keys_, org_id);
  }

  Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) override {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(key_of(org_id, id));
    if (it == keys_.end()) return false;
    const RegistrationKey& key = it->second;
    if (key.revoked || (key.valid_until && !(*key.valid_until > now)) ||
        (key.max_uses && !(key.use_count < *key.max_uses)))
      return false;
    RegistrationKey next = key;
    ++next.use_count;
    ONB_TRY(write([&] {
      put(keys_, it->first, next);
      return success();
    }));
    return true;
  }

  // ---- signup links ----

  Result<void> insert_signup_link(const SignupLink& link) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(link.org_id));
    const Key k = key_of(link.org_id, link.id);
    if (links_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
    if (find_by(links_, link.org_id, &SignupLink::token_hash, link.token_hash))
      return refuse(Errc::already_exists, msg::duplicate_signup_link);
    return write([&] {
      put(links_, k, link);
      return success();
    });
  }

  Result<void> update_signup_link(const SignupLink& link) override {
    std::lock_guard lock(mutex_);
    const Key k = key_of(link.org_id, link.id);
    if (links_.count(k) == 0) return refuse(Errc::not_found, msg::no_signup_link);
    if (auto other = find_by(links_, link.org_id, &SignupLink::token_hash, link.token_hash);
        other && other->id != link.id)
      return refuse(Errc::already_exists, msg::duplicate_signup_link);
    return write([&] {
      put(links_, k, link);
      return success();
    });
  }

  Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) override {
    std::lock_guard lock(mutex_);
    auto it = links_.find(key_of(org_id, id));
    if (it == links_.end()) return refuse(Errc::not_found, msg::no_signup_link);
    return it->second;
  }

  Result<SignupLink> find_signup_link_by_hash(std::string_view org_id, std::string_view token_hash) override {
    std::lock_guard lock(mutex_);
    if (auto found = find_by(links_, org_id, &SignupLink::token_hash, token_hash)) return *found;
    return refuse(Errc::not_found, msg::no_signup_link);
  }

  Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    return all_of_org(links_, org_id);
  }

  Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) override {
    std::lock_guard lock(mutex_);
    auto it = links_.find(key_of(org_id, id));
    if (it == links_.end()) return false;
    const SignupLink& link = it->second;
    if (!link.enabled || (link.expires_at && !(*link.expires_at > now)) ||
        (link.max_uses && !(link.use_count < *link.max_uses)))
      return false;
    SignupLink next = link;
    ++next.use_count;
    ONB_TRY(write([&] {
      put(links_, it->first, next);
      return success();
    }));
    return true;
  }

  // ---- the master key's check ----

  // Not part of the transaction journal: it is written once, when a
  // Directory first opens the store, and never changes afterwards.
  Result<std::optional<std::string>> key_check() override {
    std::lock_guard lock(mutex_);
    return key_check_;
  }

  Result<std::string> install_key_check(std::string_view check) override {
    std::lock_guard lock(mutex_);
    if (!key_check_) key_check_ = std::string(check);
    return *key_check_;
  }

  // ---- throttle ----

  Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) override {
    std::lock_guard lock(mutex_);
    auto it = throttles_.find(key_of(org_id, scope));
    if (it == throttles_.end()) return refuse(Errc::not_found, msg::no_throttle);
    return it->second;
  }

  Result<void> put_throttle(const ThrottleCounter& counter) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(counter.org_id));
    return write([&] {
      put(throttles_, key_of(counter.org_id, counter.scope), counter);
      return success();
    });
  }

  Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                          const std::function<bool(ThrottleCounter&)>& change) override {
    std::lock_guard lock(mutex_);  // held from the read to the write
    ONB_TRY(require_org(std::string(org_id)));
    ThrottleCounter counter;
    if (auto it = throttles_.find(key_of(org_id, scope)); it != throttles_.end()) {
      counter = it->second;
    } else {
      counter.org_id = org_id;
      counter.scope = scope;
    }
    if (!change(counter)) return counter;
    ONB_TRY(write([&] {
      put(throttles_, key_of(counter.org_id, counter.scope), counter);
      return success();
    }));
    return counter;
  }

  // ---- outbox ----

  Result<void> enqueue_messages(std::span<const OutboxMessage> messages) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const OutboxMessage& m : messages) {
        ONB_TRY(require_org(m.org_id));
        const Key k = key_of(m.org_id, m.id);
        if (outbox_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
        put(outbox_, k, m);
      }
      return success();
    });
  }

  Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id, std::optional<OutboxState> state,
                                                   std::size_t limit) override {
    std::lock_guard lock(mutex_);
    std::vector<OutboxMessage> out;
    for (OutboxMessage& m : all_of_org(outbox_, org_id))
      if (!state || m.state == *state) out.push_back(std::move(m));
    std::sort(out.begin(), out.end(), oldest_first);
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
  }

  Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit, Timestamp now,
                                                    Timestamp claimed_until) override {
    std::lock_guard lock(mutex_);
    std::vector<OutboxMessage> out;
    for (OutboxMessage& m : all_of_org(outbox_, org_id))
      if (m.state == OutboxState::queued ||
          (m.state == OutboxState::claimed && (!m.claimed_until || *m.claimed_until <= now)))
        out.push_back(std::move(m));
    std::sort(out.begin(), out.end(), oldest_first);
    if (limit != 0 && out.size() > limit) out.resize(limit);
    ONB_TRY(write([&] {
      for (OutboxMessage& m : out) {
        m.state = OutboxState::claimed;
        m.claimed_until = claimed_until;
        ++m.attempts;
        put(outbox_, key_of(m.org_id, m.id), m);
      }
      return success();
    }));
    return out;
  }

  Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) override {
    std::lock_guard lock(mutex_);
    auto it = outbox_.find(key_of(org_id, id));
    if (it == outbox_.end() || it->second.state != OutboxState::claimed) return false;
    OutboxMessage next = it->second;
    next.state = OutboxState::sent;
    next.sent_at = now;
    next.claimed_until.reset();
    ONB_TRY(write([&] {
      put(outbox_, it->first, next);
      return success();
    }));
    return true;
  }

  Result<std::int64_t> cancel_messages(std::string_view org_id, std::string_view recipient,
                                       std::span<const std::string> kinds) override {
    std::lock_guard lock(mutex_);
    std::vector<OutboxMessage> cancelled;
    for (OutboxMessage& m : all_of_org(outbox_, org_id))
      if ((m.state == OutboxState::queued || m.state == OutboxState::claimed) && m.recipient == recipient &&
          std::find(kinds.begin(), kinds.end(), m.kind) != kinds.end())
        cancelled.push_back(std::move(m));
    ONB_TRY(write([&] {
      for (OutboxMessage& m : cancelled) {
        m.state = OutboxState::cancelled;
        m.claimed_until.reset();
        put(outbox_, key_of(m.org_id, m.id), m);
      }
      return success();
    }));
    return static_cast<std::int64_t>(cancelled.size());
  }

  // ---- audit ----

  Result<void> append_audit(std::span<const AuditEvent> events) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      std::map<std::string, std::int64_t, std::less<>> last;  // per organization, from the stored events
      for (const AuditEvent& e : events) {
        ONB_TRY(require_org(e.org_id));
        const Key k = key_of(e.org_id, e.id);
        if (audit_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
        auto at = last.find(e.org_id);
        if (at == last.end()) {
          std::int64_t top = 0;
          for (const AuditEvent& stored : all_of_org(audit_, e.org_id)) top = std::max(top, stored.seq);
          at = last.emplace(e.org_id, top).first;
        }
        AuditEvent numbered = e;
        numbered.seq = ++at->second;
        put(audit_, k, std::move(numbered));
      }
      return success();
    });
  }

  Result<std::vector<AuditEvent>> list_audit_after(std::string_view org_id, std::int64_t after_seq,
                                                   std::size_t limit) override {
    std::lock_guard lock(mutex_);
    std::vector<AuditEvent> out = all_of_org(audit_, org_id);
    std::erase_if(out, [&](const AuditEvent& e) { return e.seq <= after_seq; });
    std::sort(out.begin(), out.end(), [](const AuditEvent& a, const AuditEvent& b) { return a.seq < b.seq; });
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
  }

  Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) override {
    std::lock_guard lock(mutex_);
    std::vector<AuditEvent> out = all_of_org(audit_, org_id);
    std::sort(out.begin(), out.end(), [](const AuditEvent& a, const AuditEvent& b) {
      return std::tie(a.at, a.id) > std::tie(b.at, b.id);
    });
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
  }

  // ---- import jobs ----

  Result<void> insert_import_job(const ImportJob& job) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(job.org_id));
    const Key k = key_of(job.org_id, job.id);
    if (jobs_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
    return write([&] {
      put(jobs_, k, job);
      return success();
    });
  }

  Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    std::vector<ImportJob> out = all_of_org(jobs_, org_id);
    std::sort(out.begin(), out.end(), [](const ImportJob& a, const ImportJob& b) {
      return std::tie(a.started_at, a.id) > std::tie(b.started_at, b.id);
    });
    return out;
  }

  // ---- sealed import credentials ----

  Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      for (const SealedCredentials& p : parts) {
        ONB_TRY(require_org(p.org_id));
        const CredentialsKey k{p.org_id, p.job_id, p.part};
        if (credentials_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
        put(credentials_, k, p);
      }
      return success();
    });
  }

  Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                 std::string_view job_id, Timestamp now,
                                                                 bool contents) override {
    std::lock_guard lock(mutex_);
    std::vector<SealedCredentials> out;
    ONB_TRY(write([&]() -> Result<void> {
      const CredentialsKey first{std::string(org_id), std::string(job_id), 0};
      std::vector<CredentialsKey> taken;
      for (auto it = credentials_.lower_bound(first);
           it != credentials_.end() && std::get<0>(it->first) == org_id && std::get<1>(it->first) == job_id;
           ++it) {
        if (it->second.expires_at <= now) continue;
        out.push_back(it->second);
        if (!contents) out.back().sealed.clear();
        taken.push_back(it->first);
      }
      for (const auto& k : taken) remove(credentials_, k);
      return success();
    }));
    return out;
  }

  // ---- SCIM tokens ----

  Result<void> insert_scim_token(const ScimToken& token) override {
    std::lock_guard lock(mutex_);
    ONB_TRY(require_org(token.org_id));
    const Key k = key_of(token.org_id, token.id);
    if (scim_tokens_.count(k) != 0) return refuse(Errc::already_exists, msg::duplicate_id);
    if (find_by(scim_tokens_, token.org_id, &ScimToken::token_hash, token.token_hash))
      return refuse(Errc::already_exists, msg::duplicate_scim_token);
    return write([&] {
      put(scim_tokens_, k, token);
      return success();
    });
  }

  Result<void> update_scim_token(const ScimToken& token) override {
    std::lock_guard lock(mutex_);
    const Key k = key_of(token.org_id, token.id);
    auto it = scim_tokens_.find(k);
    if (it == scim_tokens_.end()) return refuse(Errc::not_found, msg::no_scim_token);
    ScimToken next = it->second;
    next.name = token.name;
    next.last_used_at = token.last_used_at;
    next.revoked = token.revoked;
    return write([&] {
      put(scim_tokens_, k, next);
      return success();
    });
  }

  Result<ScimToken> get_scim_token(std::string_view org_id, std::string_view id) override {
    std::lock_guard lock(mutex_);
    auto it = scim_tokens_.find(key_of(org_id, id));
    if (it == scim_tokens_.end()) return refuse(Errc::not_found, msg::no_scim_token);
    return it->second;
  }

  Result<ScimToken> find_scim_token_by_hash(std::string_view org_id, std::string_view token_hash) override {
    std::lock_guard lock(mutex_);
    if (auto found = find_by(scim_tokens_, org_id, &ScimToken::token_hash, token_hash)) return *found;
    return refuse(Errc::not_found, msg::no_scim_token);
  }

  Result<std::vector<ScimToken>> list_scim_tokens(std::string_view org_id) override {
    std::lock_guard lock(mutex_);
    return all_of_org(scim_tokens_, org_id);
  }

  Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) override {
    std::lock_guard lock(mutex_);
    std::int64_t purged = 0;
    ONB_TRY(write([&]() -> Result<void> {
      std::vector<CredentialsKey> expired;
      for (auto it = credentials_.lower_bound(CredentialsKey{std::string(org_id), "", 0});
           it != credentials_.end() && std::get<0>(it->first) == org_id; ++it)
        if (it->second.expires_at <= now) expired.push_back(it->first);
      for (const auto& k : expired) remove(credentials_, k);
      purged = static_cast<std::int64_t>(expired.size());
      return success();
    }));
    return purged;
  }

 private:
  using UserIndexKey = std::tuple<std::string, UserKeyField, std::string>;
  using CredentialsKey = std::tuple<std::string, std::string, std::int64_t>;  // (org_id, job_id, part)

  // Erases `key` (present) from `map`, journaled like put().
  template <class Map>
  void remove(Map& map, const typename Map::key_type& key) {
    auto it = map.find(key);
    if (it == map.end()) return;
    undo_.push_back([&map, key, old = it->second]() mutable { map.insert_or_assign(key, std::move(old)); });
    map.erase(it);
  }

  // Every change goes through here, so it is journaled and undone with the
  // (possibly enclosing) transaction it belongs to.
  template <class F>
  Result<void> write(F&& f) {
    return transaction(std::function<Result<void>()>(std::forward<F>(f)));
  }

  void end_transaction() {
    if (--depth_ == 0) undo_.clear();
  }

  void rollback_to(std::size_t mark) {
    while (undo_.size() > mark) {
      auto undo = std::move(undo_.back());
      undo_.pop_back();
      undo();
    }
  }

  template <class Map>
  void put(Map& map, const typename Map::key_type& key, typename Map::mapped_type value) {
    std::optional<typename Map::mapped_type> old;
    if (auto it = map.find(key); it != map.end()) old = it->second;
    undo_.push_back([&map, key, old = std::move(old)]() mutable {
      if (old)
        map.insert_or_assign(key, std::move(*old));
      else
        map.erase(key);
    });
    map.insert_or_assign(key, std::move(value));
  }

  template <class Map>
  void erase(Map& map, const typename Map::key_type& key) {
    auto it = map.find(key);
    if (it == map.end()) return;
    undo_.push_back([&map, key, old = it->second]() mutable { map.insert_or_assign(key, std::move(old)); });
    map.erase(it);
  }

  void put_user(const User& user) {
    const Key k = key_of(user.org_id, user.id);
    std::optional<User> old;
    if (auto it = users_.find(k); it != users_.end()) old = it->second;
    undo_.emplace_back([this, k, old]() mutable { set_user(k, std::move(old)); });
    set_user(k, user);
  }

  // Replaces (or removes) a user and keeps the unique-key index in step.
  void set_user(const Key& k, std::optional<User> user) {
    if (auto it = users_.find(k); it != users_.end()) {
      for (UserKeyField f : kUserKeyFields) {
        auto idx = user_index_.find(UserIndexKey{k.first, f, field_of(it->second, f)});
        if (idx != user_index_.end() && idx->second == k.second) user_index_.erase(idx);
      }
      users_.erase(it);
    }
    if (!user) return;
    if (holds_keys(*user))
      for (UserKeyField f : kUserKeyFields)
        if (const std::string& v = field_of(*user, f); !v.empty())
          user_index_[UserIndexKey{k.first, f, v}] = k.second;
    users_.emplace(k, std::move(*user));
  }

  Result<void> check_unique(const User& u) const {
    if (!holds_keys(u)) return success();
    for (UserKeyField f : kUserKeyFields) {
      const std::string& v = field_of(u, f);
      if (v.empty()) continue;
      auto it = user_index_.find(UserIndexKey{u.org_id, f, v});
      if (it != user_index_.end() && it->second != u.id)
        return refuse(Errc::already_exists, msg::duplicate_user(f));
    }
    return success();
  }

  Result<void> require_org(const std::string& org_id) const {
    if (orgs_.count(org_id) == 0) return refuse(Errc::not_found, msg::no_organization);
    return success();
  }

  template <class Map>
  static std::vector<typename Map::mapped_type> all_of_org(const Map& map, std::string_view org_id) {
    std::vector<typename Map::mapped_type> out;
    for (auto it = map.lower_bound(key_of(org_id, "")); it != map.end() && it->first.first == org_id; ++it)
      out.push_back(it->second);
    return out;
  }

  template <class Map, class Record = typename Map::mapped_type>
  static std::optional<Record> find_by(const Map& map, std::string_view org_id, std::string Record::*member,
                                       std::string_view value) {
    for (auto it = map.lower_bound(key_of(org_id, "")); it != map.end() && it->first.first == org_id; ++it)
      if (it->second.*member == value) return it->second;
    return std::nullopt;
  }

  std::recursive_mutex mutex_;
  int depth_ = 0;
  std::vector<std::function<void()>> undo_;

  std::map<std::string, Organization> orgs_;
  std::map<Key, User> users_;
  std::map<UserIndexKey, std::string> user_index_;  // holds_keys users' unique values -> user id
  std::map<Key, EmailConfirmation> confirmations_;  // (org_id, user_id)
  std::map<Key, Invitation> invitations_;
  std::map<Key, RegistrationKey> keys_;
  std::map<Key, SignupLink> links_;
  std::optional<std::string> key_check_;
  std::map<Key, ThrottleCounter> throttles_;  // (org_id, scope)
  std::map<Key, OutboxMessage> outbox_;
  std::map<Key, AuditEvent> audit_;
  std::map<Key, ImportJob> jobs_;
  std::map<CredentialsKey, SealedCredentials> credentials_;
  std::map<Key, ScimToken> scim_tokens_;
};

}  // namespace

std::unique_ptr<Storage> make_memory_storage() { return std::make_unique<MemoryStorage>(); }

}  // namespace v1
}  // namespace onboard
