// What onboard records as it works: the outbox of messages to send, the
// audit trail, the sign-in throttle's counters, the import jobs and an
// import's sealed credentials.
#pragma once

#include "onboard/model/audit_event.hpp"
#include "onboard/model/import_job.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/sealed_credentials.hpp"
#include "onboard/model/throttle.hpp"
#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

template <>
struct Table<OutboxMessage> {
  static constexpr std::string_view name = "outbox";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &OutboxMessage::org_id>("org_id"),
      column<Kind::text, &OutboxMessage::id>("id"),
      column<Kind::text, &OutboxMessage::kind>("kind"),
      column<Kind::text, &OutboxMessage::recipient>("recipient"),
      column<Kind::text, &OutboxMessage::subject>("subject"),
      column<Kind::text, &OutboxMessage::body>("body"),
      column<Kind::blob, &OutboxMessage::secret_sealed>("secret_sealed"),
      column<Kind::time, &OutboxMessage::created_at>("created_at"),
      enum_column<&OutboxMessage::state, parse_outbox_state>("state", "message state"),
      column<Kind::time, &OutboxMessage::claimed_until>("claimed_until"),
      column<Kind::integer, &OutboxMessage::attempts>("attempts"),
      column<Kind::time, &OutboxMessage::sent_at>("sent_at"),
      column<Kind::text, &OutboxMessage::html_body>("html_body"),
  };
};

template <>
struct Table<AuditEvent> {
  static constexpr std::string_view name = "audit_events";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &AuditEvent::org_id>("org_id"),   column<Kind::text, &AuditEvent::id>("id"),
      column<Kind::text, &AuditEvent::actor>("actor"),     column<Kind::text, &AuditEvent::action>("action"),
      column<Kind::text, &AuditEvent::target>("target"),   column<Kind::time, &AuditEvent::at>("at"),
      column<Kind::text, &AuditEvent::details>("details"), column<Kind::integer, &AuditEvent::seq>("seq"),
  };
};

template <>
struct Table<ThrottleCounter> {
  static constexpr std::string_view name = "throttles";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &ThrottleCounter::org_id>("org_id"),
      column<Kind::text, &ThrottleCounter::scope>("scope"),
      column<Kind::integer, &ThrottleCounter::failures>("failures"),
      column<Kind::time, &ThrottleCounter::window_start>("window_start"),
      column<Kind::time, &ThrottleCounter::locked_until>("locked_until"),
  };
};

template <>
struct Table<ImportJob> {
  static constexpr std::string_view name = "import_jobs";
  static constexpr std::size_t key_fields = 2;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &ImportJob::org_id>("org_id"),
      column<Kind::text, &ImportJob::id>("id"),
      column<Kind::text, &ImportJob::actor>("actor"),
      column<Kind::text, &ImportJob::file_name>("file_name"),
      column<Kind::text, &ImportJob::file_digest>("file_digest"),
      column<Kind::time, &ImportJob::started_at>("started_at"),
      column<Kind::time, &ImportJob::finished_at>("finished_at"),
      column<Kind::integer, &ImportJob::rows>("rows"),
      column<Kind::integer, &ImportJob::created>("created"),
      column<Kind::integer, &ImportJob::updated>("updated"),
      column<Kind::integer, &ImportJob::skipped>("skipped"),
      column<Kind::integer, &ImportJob::errors>("errors"),
      column<Kind::boolean, &ImportJob::committed>("committed"),
      column<Kind::text, &ImportJob::report>("report"),
  };
};

template <>
struct Table<SealedCredentials> {
  static constexpr std::string_view name = "import_credentials";
  static constexpr std::size_t key_fields = 3;
  static constexpr auto fields = std::tuple{
      column<Kind::text, &SealedCredentials::org_id>("org_id"),
      column<Kind::text, &SealedCredentials::job_id>("job_id"),
      column<Kind::integer, &SealedCredentials::part>("part"),
      column<Kind::text, &SealedCredentials::actor>("actor"),
      column<Kind::blob, &SealedCredentials::sealed>("sealed"),
      column<Kind::time, &SealedCredentials::created_at>("created_at"),
      column<Kind::time, &SealedCredentials::expires_at>("expires_at"),
  };
};

}  // namespace records
}  // namespace v1
}  // namespace onboard
