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
#include "service/grant_rule.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// "OBC2", then per entry: the row and the five lengths as LEB128 varints
// (a row under 2^21 and a short text take 3 and 1 bytes), then the five
// texts: email, username, name, password, activation key. About 70 bytes a
// person, sealed: less to write in the import's transaction.
constexpr std::string_view kMagic = "OBC2";
constexpr std::size_t kMaxVarint = 10;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads a varint at `at`; false when the text ends inside it or it is too long.
bool get_varint(std::string_view t, std::size_t& at, std::uint64_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64 && at < t.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(t[at++]);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Wipes a buffer that held secrets, whatever way the scope is left.
struct Wiped {
  std::string text;
  ~Wiped() {
    if (!text.empty()) sodium_memzero(text.data(), text.size());
  }
};

Error damaged() {
  return Error{
      Errc::internal,
      "The sealed credentials cannot be opened: they were altered, or sealed under another master key.",
      "credentials.damaged"};
}

}  // namespace

std::string seal_credentials(const Keyring& keyring, const CredentialList& list, std::size_t from,
                             std::size_t to) {
  std::size_t bytes = kMagic.size();
  for (std::size_t i = from; i < to; ++i) {
    const CredentialView c = list.view(i);
    bytes += 6 * kMaxVarint + c.email.size() + c.username.size() + c.display_name.size() + c.password.size() +
             c.activation_key.size();
  }
  Wiped plain;
  plain.text.reserve(bytes);  // no reallocation: no unwiped copy left behind
  plain.text.append(kMagic);
  for (std::size_t i = from; i < to; ++i) {
    const CredentialView c = list.view(i);
    put_varint(plain.text, static_cast<std::uint64_t>(c.row));
    for (std::string_view part : {c.email, c.username, c.display_name, c.password, c.activation_key})
      put_varint(plain.text, part.size());
    for (std::string_view part : {c.email, c.username, c.display_name, c.password, c.activation_key})
      plain.text.append(part);
  }
  return keyring.seal(plain.text);
}

Result<void> unseal_credentials(const Keyring& keyring, std::string_view sealed, CredentialList& out) {
  auto opened = keyring.unseal(sealed);
  if (!opened) return damaged();
  Wiped plain{std::move(opened).value()};
  const std::string_view t = plain.text;
  if (t.substr(0, kMagic.size()) != kMagic) return damaged();
  std::size_t at = kMagic.size();
  while (at < t.size()) {
    std::uint64_t row = 0;
    std::uint64_t lengths[5];
    if (!get_varint(t, at, row)) return damaged();
    std::uint64_t total = 0;
    for (auto& length : lengths) {
      if (!get_varint(t, at, length) || length > t.size()) return damaged();
      total += length;
    }
    if (t.size() - at < total) return damaged();
    std::string_view parts[5];
    for (int k = 0; k < 5; ++k) {
      parts[k] = t.substr(at, static_cast<std::size_t>(lengths[k]));
      at += static_cast<std::size_t>(lengths[k]);
    }
    out.add(static_cast<std::int64_t>(row), parts[0], parts[1], parts[2], parts[3], parts[4]);
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
  // The runner's role bounds every role the import gave (it granted none
  // above its own), so the one grant rule is asked about the runner's role.
  // A runner who is gone counts as the highest role.
  std::string owner_role = ctx.org.roles.highest().name;
  auto owner = DirectoryAccess::storage(dir).get_user(ctx.org.id, owner_id);
  if (owner) {
    owner_role = owner->role;
  } else if (owner.error().code != Errc::not_found) {
    return std::move(owner).error();
  }
  if (!authorize_grant(ctx, GrantAction::show_secret, GrantObject::member, owner_role)) return refused;
  return success();
}

// Why import `job_id` has no sealed credentials left, as the refusal to give.
Result<void> explain_none(Directory& dir, const ActorContext& ctx, std::string_view job_id, Timestamp now) {
  ONB_ASSIGN(const auto jobs, DirectoryAccess::storage(dir).list_import_jobs(ctx.org.id));
  const auto job = std::find_if(jobs.begin(), jobs.end(), [&](const ImportJob& j) { return j.id == job_id; });
  if (job == jobs.end())
    return Error{Errc::not_found, "There is no import " + std::string(job_id) + " in this organization.",
                 "credentials.no_import"};
  ONB_TRY(may_take(dir, ctx, job_id, job->actor));
  auto report = parse_json_text(job->report);
  const boost::json::value* made =
      report && report->is_object() ? report->get_object().if_contains("credentials") : nullptr;
  if (made != nullptr && made->is_int64() && made->get_int64() == 0)
    return Error{Errc::not_found,
                 "Import " + std::string(job_id) +
                     " made no passwords or activation keys; there is nothing to hand out.",
                 "credentials.none_made"};
  const auto days =
      std::chrono::duration_cast<std::chrono::hours>(ctx.org.settings.credentials_ttl).count() / 24;
  const std::string kept = days >= 1 ? std::to_string(days) + (days == 1 ? " day" : " days")
                                     : "the organization's credentials_ttl";
  bool expired = job->finished_at + ctx.org.settings.credentials_ttl <= now;
  if (expired) {
    // Past its time it may also have been handed out before: the audit log
    // tells (only looked at on this refusal's path).
    ONB_ASSIGN(const auto events, DirectoryAccess::storage(dir).list_audit(ctx.org.id, 0));
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
  Storage& storage = DirectoryAccess::storage(dir_);
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
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "import.credentials_handed_out", job_id, details)};
    ONB_TRY(storage.append_audit(ev));
    return deliver(taken);
  }));
  if (none) return import_detail::explain_none(dir_, ctx, job_id, now);
  return success();
}

Result<std::int64_t> Importer::purge_expired_credentials(std::string_view org_id) {
  return DirectoryAccess::storage(dir_).purge_sealed_credentials(org_id, dir_.clock().now());
}

}  // namespace v1
}  // namespace onboard
