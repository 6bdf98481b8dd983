#include "onboard/storage/faulty_storage.hpp"

#include <stdexcept>

namespace onboard {
inline namespace v1 {
namespace {

Error injected_fault() { return Error{Errc::storage, "Injected fault."}; }

}  // namespace

FaultyStorage::FaultyStorage(std::shared_ptr<Storage> inner) : inner_(std::move(inner)) {
  if (!inner_) throw std::invalid_argument("FaultyStorage needs a storage to wrap");
}

void FaultyStorage::fail_at(std::int64_t n, bool forever) noexcept {
  std::lock_guard lock(mutex_);
  countdown_ = n > 0 ? n : 0;
  forever_ = forever;
  failing_ = false;
}

std::int64_t FaultyStorage::calls() const noexcept {
  std::lock_guard lock(mutex_);
  return calls_;
}

void FaultyStorage::reset_calls() noexcept {
  std::lock_guard lock(mutex_);
  calls_ = 0;
}

std::int64_t FaultyStorage::faults() const noexcept {
  std::lock_guard lock(mutex_);
  return faults_;
}

bool FaultyStorage::should_fail() noexcept {
  std::lock_guard lock(mutex_);
  ++calls_;
  if (countdown_ > 0 && --countdown_ == 0) failing_ = true;
  const bool fail = failing_;
  if (!forever_) failing_ = false;
  if (fail) ++faults_;
  return fail;
}

// Never failed itself: the fault lands on a call inside `fn`, and the wrapped
// storage's own rollback is what the caller gets to see.
Result<void> FaultyStorage::transaction(const std::function<Result<void>()>& fn) {
  return inner_->transaction(fn);
}

Result<void> FaultyStorage::bulk_transaction(const std::function<Result<void>()>& fn) {
  return inner_->bulk_transaction(fn);
}

Result<void> FaultyStorage::insert_organization(const Organization& org) {
  if (should_fail()) return injected_fault();
  return inner_->insert_organization(org);
}

Result<void> FaultyStorage::update_organization(const Organization& org) {
  if (should_fail()) return injected_fault();
  return inner_->update_organization(org);
}

Result<Organization> FaultyStorage::get_organization(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->get_organization(org_id);
}

Result<std::vector<Organization>> FaultyStorage::list_organizations() {
  if (should_fail()) return injected_fault();
  return inner_->list_organizations();
}

Result<void> FaultyStorage::insert_users(std::span<const User> users) {
  if (should_fail()) return injected_fault();
  return inner_->insert_users(users);
}

Result<void> FaultyStorage::update_users(std::span<const User> users) {
  if (should_fail()) return injected_fault();
  return inner_->update_users(users);
}

Result<User> FaultyStorage::get_user(std::string_view org_id, std::string_view user_id) {
  if (should_fail()) return injected_fault();
  return inner_->get_user(org_id, user_id);
}

Result<std::vector<User>> FaultyStorage::find_users(std::string_view org_id, UserKeyField field,
                                                    std::span<const std::string> values) {
  if (should_fail()) return injected_fault();
  return inner_->find_users(org_id, field, values);
}

Result<std::vector<User>> FaultyStorage::list_users(std::string_view org_id, const UserFilter& filter) {
  if (should_fail()) return injected_fault();
  return inner_->list_users(org_id, filter);
}

Result<std::int64_t> FaultyStorage::count_seated_users(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->count_seated_users(org_id);
}

Result<bool> FaultyStorage::activate_user(const User& activated, std::string_view expected_key_hash) {
  if (should_fail()) return injected_fault();
  return inner_->activate_user(activated, expected_key_hash);
}

Result<void> FaultyStorage::insert_invitation(const Invitation& inv) {
  if (should_fail()) return injected_fault();
  return inner_->insert_invitation(inv);
}

Result<void> FaultyStorage::update_invitation(const Invitation& inv) {
  if (should_fail()) return injected_fault();
  return inner_->update_invitation(inv);
}

Result<Invitation> FaultyStorage::get_invitation(std::string_view org_id, std::string_view id) {
  if (should_fail()) return injected_fault();
  return inner_->get_invitation(org_id, id);
}

Result<Invitation> FaultyStorage::find_invitation_by_token_hash(std::string_view org_id,
                                                                std::string_view token_hash) {
  if (should_fail()) return injected_fault();
  return inner_->find_invitation_by_token_hash(org_id, token_hash);
}

Result<std::vector<Invitation>> FaultyStorage::list_invitations(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->list_invitations(org_id);
}

Result<std::vector<Invitation>> FaultyStorage::find_pending_invitations(
    std::string_view org_id, std::span<const std::string> email_keys) {
  if (should_fail()) return injected_fault();
  return inner_->find_pending_invitations(org_id, email_keys);
}

Result<bool> FaultyStorage::consume_invitation(std::string_view org_id, std::string_view id,
                                               std::string_view token_hash, Timestamp now,
                                               std::string_view accepted_user_id) {
  if (should_fail()) return injected_fault();
  return inner_->consume_invitation(org_id, id, token_hash, now, accepted_user_id);
}

Result<void> FaultyStorage::insert_registration_key(const RegistrationKey& key) {
  if (should_fail()) return injected_fault();
  return inner_->insert_registration_key(key);
}

Result<void> FaultyStorage::update_registration_key(const RegistrationKey& key) {
  if (should_fail()) return injected_fault();
  return inner_->update_registration_key(key);
}

Result<RegistrationKey> FaultyStorage::get_registration_key(std::string_view org_id, std::string_view id) {
  if (should_fail()) return injected_fault();
  return inner_->get_registration_key(org_id, id);
}

Result<RegistrationKey> FaultyStorage::find_registration_key_by_hash(std::string_view org_id,
                                                                     std::string_view key_hash) {
  if (should_fail()) return injected_fault();
  return inner_->find_registration_key_by_hash(org_id, key_hash);
}

Result<std::vector<RegistrationKey>> FaultyStorage::list_registration_keys(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->list_registration_keys(org_id);
}

Result<bool> FaultyStorage::use_registration_key(std::string_view org_id, std::string_view id,
                                                 Timestamp now) {
  if (should_fail()) return injected_fault();
  return inner_->use_registration_key(org_id, id, now);
}

Result<void> FaultyStorage::insert_signup_link(const SignupLink& link) {
  if (should_fail()) return injected_fault();
  return inner_->insert_signup_link(link);
}

Result<void> FaultyStorage::update_signup_link(const SignupLink& link) {
  if (should_fail()) return injected_fault();
  return inner_->update_signup_link(link);
}

Result<SignupLink> FaultyStorage::get_signup_link(std::string_view org_id, std::string_view id) {
  if (should_fail()) return injected_fault();
  return inner_->get_signup_link(org_id, id);
}

Result<SignupLink> FaultyStorage::find_signup_link_by_hash(std::string_view org_id,
                                                           std::string_view token_hash) {
  if (should_fail()) return injected_fault();
  return inner_->find_signup_link_by_hash(org_id, token_hash);
}

Result<std::vector<SignupLink>> FaultyStorage::list_signup_links(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->list_signup_links(org_id);
}

Result<bool> FaultyStorage::use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) {
  if (should_fail()) return injected_fault();
  return inner_->use_signup_link(org_id, id, now);
}

Result<std::optional<std::string>> FaultyStorage::key_check() {
  if (should_fail()) return injected_fault();
  return inner_->key_check();
}

Result<std::string> FaultyStorage::install_key_check(std::string_view check) {
  if (should_fail()) return injected_fault();
  return inner_->install_key_check(check);
}

Result<void> FaultyStorage::insert_email_confirmation(const EmailConfirmation& confirmation) {
  if (should_fail()) return injected_fault();
  return inner_->insert_email_confirmation(confirmation);
}

Result<EmailConfirmation> FaultyStorage::find_email_confirmation_by_hash(std::string_view org_id,
                                                                         std::string_view token_hash) {
  if (should_fail()) return injected_fault();
  return inner_->find_email_confirmation_by_hash(org_id, token_hash);
}

Result<std::vector<User>> FaultyStorage::find_unverified_users(std::string_view org_id,
                                                               std::string_view email_key) {
  if (should_fail()) return injected_fault();
  return inner_->find_unverified_users(org_id, email_key);
}

Result<bool> FaultyStorage::consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                                       std::string_view token_hash, Timestamp now) {
  if (should_fail()) return injected_fault();
  return inner_->consume_email_confirmation(org_id, user_id, token_hash, now);
}

Result<ThrottleCounter> FaultyStorage::get_throttle(std::string_view org_id, std::string_view scope) {
  if (should_fail()) return injected_fault();
  return inner_->get_throttle(org_id, scope);
}

Result<void> FaultyStorage::put_throttle(const ThrottleCounter& counter) {
  if (should_fail()) return injected_fault();
  return inner_->put_throttle(counter);
}

Result<ThrottleCounter> FaultyStorage::update_throttle(std::string_view org_id, std::string_view scope,
                                                       const std::function<bool(ThrottleCounter&)>& change) {
  if (should_fail()) return injected_fault();
  return inner_->update_throttle(org_id, scope, change);
}

Result<void> FaultyStorage::enqueue_messages(std::span<const OutboxMessage> messages) {
  if (should_fail()) return injected_fault();
  return inner_->enqueue_messages(messages);
}

Result<std::vector<OutboxMessage>> FaultyStorage::list_messages(std::string_view org_id,
                                                                std::optional<OutboxState> state,
                                                                std::size_t limit) {
  if (should_fail()) return injected_fault();
  return inner_->list_messages(org_id, state, limit);
}

Result<std::vector<OutboxMessage>> FaultyStorage::claim_messages(std::string_view org_id, std::size_t limit,
                                                                 Timestamp now, Timestamp claimed_until) {
  if (should_fail()) return injected_fault();
  return inner_->claim_messages(org_id, limit, now, claimed_until);
}

Result<bool> FaultyStorage::ack_message(std::string_view org_id, std::string_view id, Timestamp now) {
  if (should_fail()) return injected_fault();
  return inner_->ack_message(org_id, id, now);
}

Result<std::int64_t> FaultyStorage::cancel_messages(std::string_view org_id, std::string_view recipient,
                                                    std::span<const std::string> kinds) {
  if (should_fail()) return injected_fault();
  return inner_->cancel_messages(org_id, recipient, kinds);
}

Result<void> FaultyStorage::append_audit(std::span<const AuditEvent> events) {
  if (should_fail()) return injected_fault();
  return inner_->append_audit(events);
}

Result<std::vector<AuditEvent>> FaultyStorage::list_audit(std::string_view org_id, std::size_t limit) {
  if (should_fail()) return injected_fault();
  return inner_->list_audit(org_id, limit);
}

Result<std::vector<AuditEvent>> FaultyStorage::list_audit_after(std::string_view org_id,
                                                                std::int64_t after_seq, std::size_t limit) {
  if (should_fail()) return injected_fault();
  return inner_->list_audit_after(org_id, after_seq, limit);
}

Result<void> FaultyStorage::insert_import_job(const ImportJob& job) {
  if (should_fail()) return injected_fault();
  return inner_->insert_import_job(job);
}

Result<std::vector<ImportJob>> FaultyStorage::list_import_jobs(std::string_view org_id) {
  if (should_fail()) return injected_fault();
  return inner_->list_import_jobs(org_id);
}

Result<void> FaultyStorage::store_sealed_credentials(std::span<const SealedCredentials> parts) {
  if (should_fail()) return injected_fault();
  return inner_->store_sealed_credentials(parts);
}

Result<std::vector<SealedCredentials>> FaultyStorage::take_sealed_credentials(std::string_view org_id,
                                                                              std::string_view job_id,
                                                                              Timestamp now, bool contents) {
  if (should_fail()) return injected_fault();
  return inner_->take_sealed_credentials(org_id, job_id, now, contents);
}

Result<std::int64_t> FaultyStorage::purge_sealed_credentials(std::string_view org_id, Timestamp now) {
  if (should_fail()) return injected_fault();
  return inner_->purge_sealed_credentials(org_id, now);
}

}  // namespace v1
}  // namespace onboard
