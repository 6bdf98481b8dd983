// The sealed copy of an import's credentials: encoded and sealed per chunk in
// the import's own transaction, handed out once (take), wiped when the host
// saved the report's copy (discard) or when it expires unclaimed (purge).
#include "service/import_credentials.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>

#include "onboard/importer.hpp"
#include "onboard/model/json.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// "OBC1", then per entry: the row (8 bytes) and five lengths (4 bytes each,
// little-endian), then the five texts: email, username, name, password,
// activation key.
constexpr std::string_view kMagic = "OBC1";
constexpr std::size_t kEntryHead = 8 + 5 * 4;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint32_t get_u32(const unsigned char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Wipes a buffer that held secrets, whatever way the scope is left.
struct Wiped {
  std::string text;
  ~Wiped() {
    if (!text.empty()) sodium_memzero(text.data(), text.size());
  }
};

Error damaged() {
  return Error{Errc::internal,
               "The sealed credentials cannot be opened: they were altered, or sealed under another master key.",
               "credentials.damaged"};
}

}  // namespace

std::string seal_credentials(const Keyring& keyring, const CredentialList& list, std::size_t from,
                             std::size_t to) {
  std::size_t bytes = kMagic.size();
  for (std::size_t i = from; i < to; ++i) {
    const CredentialView c = list.view(i);
    bytes += kEntryHead + c.email.size() + c.username.size() + c.display_name.size() + c.password.size() +
             c.activation_key.size();
  }
  Wiped plain;
  plain.text.reserve(bytes);  // no reallocation: no unwiped copy left behind
  plain.text.append(kMagic);
  for (std::size_t i = from; i < to; ++i) {
    const CredentialView c = list.view(i);
    put_u64(plain.text, static_cast<std::uint64_t>(c.row));
    for (std::string_view part : {c.email, c.username, c.display_name, c.password, c.activation_key})
      put_u32(plain.text, static_cast<std::uint32_t>(part.size()));
    for (std::string_view part : {c.email, c.username, c.display_name, c.password, c.activation_key})
      plain.text.append(part);
  }
  return keyring.seal(plain.text);
}

Result<void> unseal_credentials(const Keyring& keyring, std::string_view sealed, CredentialList& out) {
  auto opened = keyring.unseal(sealed);
  if (!opened) return damaged();
  Wiped plain{std::move(opened).value()};
  const std::string& t = plain.text;
  if (t.compare(0, kMagic.size(), kMagic) != 0) return damaged();
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  std::size_t at = kMagic.size();
  while (at < t.size()) {
    if (t.size() - at < kEntryHead) return damaged();
    const auto row = static_cast<std::int64_t>(get_u64(p + at));
    std::uint32_t lengths[5];
    std::size_t total = 0;
    for (int k = 0; k < 5; ++k) {
      lengths[k] = get_u32(p + at + 8 + 4 * k);
      total += lengths[k];
    }
    at += kEntryHead;
    if (t.size() - at < total) return damaged();
    std::string_view parts[5];
    for (int k = 0; k < 5; ++k) {
      parts[k] = std::string_view(t).substr(at, lengths[k]);
      at += lengths[k];
    }
    out.add(row, parts[0], parts[1], parts[2], parts[3], parts[4]);
  }
  return success();
}

namespace {

// Whether `ctx` may have the credentials of an import run by `owner_id`: the
// member who ran it, or one with import_users whose role ranks at least as
// high as the runner's (the highest rank when the runner is gone).
Result<void> may_take(Directory& dir, const ActorContext& ctx, std::string_view job_id,
                      std::string_view owner_id) {
  if (ctx.user.id == owner_id) return success();
  const Error refused{Errc::permission_denied,
                      "Only the member who ran import " + std::string(job_id) +
                          ", or one allowed to import users whose role ranks at least as high as theirs, can "
                          "have its credentials.",
                      "credentials.not_yours"};
  if (!ctx.role.can(Permission::import_users)) return refused;
  int owner_rank = 0;
  for (const Role& r : ctx.org.roles.roles) owner_rank = std::max(owner_rank, r.rank);
  auto owner = dir.storage().get_user(ctx.org.id, owner_id);
  if (owner) {
    if (const Role* role = ctx.org.roles.find(owner->role)) owner_rank = role->rank;
  } else if (owner.error().code != Errc::not_found) {
    return std::move(owner).error();
  }
  if (ctx.role.rank < owner_rank) return refused;
  return success();
}

// Why import `job_id` has no sealed credentials left, as the refusal to give.
Result<void> explain_none(Directory& dir, const ActorContext& ctx, std::string_view job_id, Timestamp now) {
  ONB_ASSIGN(const auto jobs, dir.storage().list_import_jobs(ctx.org.id));
  const auto job = std::find_if(jobs.begin(), jobs.end(), [&](const ImportJob& j) { return j.id == job_id; });
  if (job == jobs.end())
    return Error{Errc::not_found, "There is no import " + std::string(job_id) + " in this organization.",
                 "credentials.no_import"};
  ONB_TRY(may_take(dir, ctx, job_id, job->actor));
  auto report = parse_json_text(job->report);
  const boost::json::value* made = report && report->is_object() ? report->get_object().if_contains("credentials")
                                                                : nullptr;
  if (made != nullptr && made->is_int64() && made->get_int64() == 0)
    return Error{Errc::not_found,
                 "Import " + std::string(job_id) + " made no passwords or activation keys; there is nothing to hand out.",
                 "credentials.none_made"};
  const auto days = std::chrono::duration_cast<std::chrono::hours>(ctx.org.settings.credentials_ttl).count() / 24;
  const std::string kept = days >= 1 ? std::to_string(days) + (days == 1 ? " day" : " days")
                                     : "the organization's credentials_ttl";
  bool expired = job->finished_at + ctx.org.settings.credentials_ttl <= now;
  if (expired) {
    // Past its time it may also have been handed out before: the audit log
    // tells (only looked at on this refusal's path).
    ONB_ASSIGN(const auto events, dir.storage().list_audit(ctx.org.id, 0));
    expired = std::none_of(events.begin(), events.end(), [&](const AuditEvent& e) {
      return e.target == job_id && e.action == "import.credentials_handed_out";
    });
  }
  if (expired)
    return Error{Errc::expired,
                 "The credentials of import " + std::string(job_id) + " expired unclaimed after " + kept +
                     " and were wiped; set new passwords for these people instead.",
                 "credentials.expired"};
  return Error{Errc::already_used,
               "The credentials of import " + std::string(job_id) +
                   " were already handed out; they are given only once.",
               "credentials.already_taken"};
}

}  // namespace
}  // namespace import_detail

Result<CredentialList> Importer::take_credentials(const Actor& actor, std::string_view job_id) {
  CredentialList out;
  ONB_TRY(take(actor, job_id, true, [&](CredentialList& taken) -> Result<void> {
    out = std::move(taken);
    return success();
  }));
  return out;
}

Result<void> Importer::take_credentials(const Actor& actor, std::string_view job_id,
                                        const CredentialsDelivery& deliver) {
  return take(actor, job_id, true, [&](CredentialList& taken) { return deliver(taken); });
}

Result<void> Importer::discard_credentials(const Actor& actor, std::string_view job_id) {
  return take(actor, job_id, false, [](CredentialList&) { return success(); });
}

Result<void> Importer::take(const Actor& actor, std::string_view job_id, bool open,
                            const std::function<Result<void>(CredentialList&)>& deliver) {
  ONB_ASSIGN(const ActorContext ctx, dir_.authorize(actor, std::nullopt));
  Storage& storage = dir_.storage();
  const Timestamp now = dir_.clock().now();
  ONB_TRY(storage.purge_sealed_credentials(ctx.org.id, now));
  bool none = false;
  // The take, the checks, the delivery and the audit event in one
  // transaction: a refusal or a failed delivery puts the sealed copy back.
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_ASSIGN(const auto parts, storage.take_sealed_credentials(ctx.org.id, job_id, now, open));
    if (parts.empty()) {
      none = true;
      return success();
    }
    ONB_TRY(import_detail::may_take(dir_, ctx, job_id, parts.front().actor));
    CredentialList taken;
    boost::json::object details{{"via", open ? "take" : "report"}};
    if (open) {
      for (const SealedCredentials& part : parts)
        ONB_TRY(import_detail::unseal_credentials(dir_.keyring(), part.sealed, taken));
      taken.sort_by_row();
      details["count"] = taken.size();
    }
    const AuditEvent ev[] = {make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "import.credentials_handed_out",
                                        job_id, details)};
    ONB_TRY(storage.append_audit(ev));
    return deliver(taken);
  }));
  if (none) return import_detail::explain_none(dir_, ctx, job_id, now);
  return success();
}

Result<std::int64_t> Importer::purge_expired_credentials(std::string_view org_id) {
  return dir_.storage().purge_sealed_credentials(org_id, dir_.clock().now());
}

}  // namespace v1
}  // namespace onboard
