// Records to statement parameters and result rows back to records, for the
// PostgreSQL backend. Parameters follow the column lists below ($1 = org_id,
// $2 = id everywhere), and rows are read in the same order. Only compiled
// with libpq.
#pragma once

#include "onboard/core/error.hpp"
#include "onboard/model/audit_event.hpp"
#include "onboard/model/import_job.hpp"
#include "onboard/model/invitation.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/registration_key.hpp"
#include "onboard/model/signup_link.hpp"
#include "onboard/model/throttle.hpp"
#include "onboard/model/user.hpp"
#include "storage/postgres/pg_params.hpp"
#include "storage/postgres/pg_rows.hpp"

#define ONB_PG_ORG_COLUMNS \
  "org_id, name, base_url, time_zone, seat_limit, default_office, details, created_at"
#define ONB_PG_USER_COLUMNS                                                                                  \
  "org_id, id, email, email_key, username, username_key, first_name, last_name, display_name, name_locked, " \
  "role, office, teams, external_id, attributes, status, must_change_password, password_hash, "              \
  "activation_key_hash, activation_key_sealed, registered_via, created_at, activated_at, source, created_by"
#define ONB_PG_USER_SET                                                                                  \
  "email=$3, email_key=$4, username=$5, username_key=$6, first_name=$7, last_name=$8, display_name=$9, " \
  "name_locked=$10, role=$11, office=$12, teams=$13, external_id=$14, attributes=$15, status=$16, "      \
  "must_change_password=$17, password_hash=$18, activation_key_hash=$19, activation_key_sealed=$20, "    \
  "registered_via=$21, created_at=$22, activated_at=$23, source=$24, created_by=$25"
#define ONB_PG_INVITATION_COLUMNS                                                                        \
  "org_id, id, email, email_key, role, team, office, invited_by, token_hash, token_sealed, created_at, " \
  "expires_at, state, resend_count, accepted_at, accepted_user_id"
#define ONB_PG_KEY_COLUMNS                                                                          \
  "org_id, id, label, key_hash, key_sealed, role, team, office, valid_until, max_uses, use_count, " \
  "revoked, created_by, created_at"
#define ONB_PG_LINK_COLUMNS                                                                            \
  "org_id, id, label, token_hash, token_sealed, role, team, office, expires_at, max_uses, use_count, " \
  "allowed_domains, enabled, created_by, created_at"
#define ONB_PG_THROTTLE_COLUMNS "org_id, scope, failures, window_start, locked_until"
#define ONB_PG_OUTBOX_COLUMNS                                                                               \
  "org_id, id, kind, recipient, subject, body, secret_sealed, created_at, state, claimed_until, attempts, " \
  "sent_at"
#define ONB_PG_AUDIT_COLUMNS "org_id, id, actor, action, target, at, details"
#define ONB_PG_JOB_COLUMNS                                                                                \
  "org_id, id, actor, file_name, file_digest, started_at, finished_at, rows, created, updated, skipped, " \
  "errors, committed, report"

namespace onboard {
inline namespace v1 {
namespace pg {

Params org_params(const Organization& org);
Result<Organization> read_org(const Row& row);

Params user_params(const User& user);
Result<User> read_user(const Row& row);

Params invitation_params(const Invitation& inv);
Result<Invitation> read_invitation(const Row& row);

Params key_params(const RegistrationKey& key);
Result<RegistrationKey> read_key(const Row& row);

Params link_params(const SignupLink& link);
Result<SignupLink> read_link(const Row& row);

Params throttle_params(const ThrottleCounter& counter);
Result<ThrottleCounter> read_throttle(const Row& row);

Params message_params(const OutboxMessage& message);
Result<OutboxMessage> read_message(const Row& row);

Params audit_params(const AuditEvent& event);
Result<AuditEvent> read_audit(const Row& row);

Params job_params(const ImportJob& job);
Result<ImportJob> read_job(const Row& row);

}  // namespace pg
}  // namespace v1
}  // namespace onboard
