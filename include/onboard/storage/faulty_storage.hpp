// A Storage decorator that fails on purpose, to prove that error paths leave
// no half-done work: it forwards every call to the wrapped storage, counts
// them, and makes the Nth one fail with Errc::storage ("Injected fault.").
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {

class FaultyStorage final : public Storage {
 public:
  // Shares ownership of `inner`, which must not be null.
  explicit FaultyStorage(std::shared_ptr<Storage> inner);

  // Arms the fault: the `n`th call counted from now (n >= 1) fails instead of
  // reaching the wrapped storage; with `forever`, so does every call after it.
  // transaction() is never failed or counted (the calls inside it are), so
  // the wrapped storage's rollback is what a test observes. n = 0 disarms.
  void fail_at(std::int64_t n, bool forever = false) noexcept;
  // Stops injecting faults.
  void disarm() noexcept { fail_at(0); }
  // Calls (other than transaction()) since construction or reset_calls().
  std::int64_t calls() const noexcept;
  void reset_calls() noexcept;
  // How many calls were failed on purpose.
  std::int64_t faults() const noexcept;

  Result<void> transaction(const std::function<Result<void>()>& fn) override;
  Result<void> bulk_transaction(const std::function<Result<void>()>& fn) override;

  Result<void> insert_organization(const Organization& org) override;
  Result<void> update_organization(const Organization& org) override;
  Result<Organization> get_organization(std::string_view org_id) override;
  Result<std::vector<Organization>> list_organizations() override;

  Result<void> insert_users(std::span<const User> users) override;
  Result<void> update_users(std::span<const User> users) override;
  Result<User> get_user(std::string_view org_id, std::string_view user_id) override;
  Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                       std::span<const std::string> values) override;
  Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) override;
  Result<std::int64_t> count_seated_users(std::string_view org_id) override;
  Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) override;

  Result<void> insert_invitation(const Invitation& inv) override;
  Result<void> update_invitation(const Invitation& inv) override;
  Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) override;
  Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                   std::string_view token_hash) override;
  Result<std::vector<Invitation>> list_invitations(std::string_view org_id) override;
  Result<std::vector<Invitation>> find_pending_invitations(std::string_view org_id,
                                                           std::span<const std::string> email_keys) override;
  Result<bool> consume_invitation(std::string_view org_id, std::string_view id, std::string_view token_hash,
                                  Timestamp now, std::string_view accepted_user_id) override;

  Result<void> insert_registration_key(const RegistrationKey& key) override;
  Result<void> update_registration_key(const RegistrationKey& key) override;
  Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) override;
  Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                        std::string_view key_hash) override;
  Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) override;
  Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) override;

  Result<void> insert_signup_link(const SignupLink& link) override;
  Result<void> update_signup_link(const SignupLink& link) override;
  Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) override;
  Result<SignupLink> find_signup_link_by_hash(std::string_view org_id, std::string_view token_hash) override;
  Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) override;
  Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) override;

  Result<std::optional<std::string>> key_check() override;
  Result<std::string> install_key_check(std::string_view check) override;
  Result<void> insert_email_confirmation(const EmailConfirmation& confirmation) override;
  Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                            std::string_view token_hash) override;
  Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                  std::string_view email_key) override;
  Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                          std::string_view token_hash, Timestamp now) override;

  Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) override;
  Result<void> put_throttle(const ThrottleCounter& counter) override;
  Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                          const std::function<bool(ThrottleCounter&)>& change) override;

  Result<void> enqueue_messages(std::span<const OutboxMessage> messages) override;
  Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id, std::optional<OutboxState> state,
                                                   std::size_t limit) override;
  Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit, Timestamp now,
                                                    Timestamp claimed_until) override;
  Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) override;
  Result<std::int64_t> cancel_messages(std::string_view org_id, std::string_view recipient,
                                       std::span<const std::string> kinds) override;

  Result<void> append_audit(std::span<const AuditEvent> events) override;
  Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) override;
  Result<std::vector<AuditEvent>> list_audit_after(std::string_view org_id, std::int64_t after_seq,
                                                   std::size_t limit) override;

  Result<void> insert_import_job(const ImportJob& job) override;
  Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) override;
  Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) override;
  Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                 std::string_view job_id, Timestamp now,
                                                                 bool contents) override;
  Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) override;
  Result<void> insert_scim_token(const ScimToken& token) override;
  Result<void> update_scim_token(const ScimToken& token) override;
  Result<ScimToken> get_scim_token(std::string_view org_id, std::string_view id) override;
  Result<ScimToken> find_scim_token_by_hash(std::string_view org_id, std::string_view token_hash) override;
  Result<std::vector<ScimToken>> list_scim_tokens(std::string_view org_id) override;

 private:
  // Counts the call; true when it must fail.
  bool should_fail() noexcept;

  std::shared_ptr<Storage> inner_;
  mutable std::mutex mutex_;
  std::int64_t calls_ = 0;
  std::int64_t countdown_ = 0;  // calls until the fault; 0 = none pending
  bool forever_ = false;
  bool failing_ = false;  // a `forever` fault has fired
  std::int64_t faults_ = 0;
};

}  // namespace v1
}  // namespace onboard
