// Editing a 10-digit organization key: the rules of create_key, applied to
// the fields that change; the digits stay.
#include "onboard/model/name.hpp"
#include "onboard/registrations.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

boost::json::value end_json(const std::optional<Timestamp>& end) {
  return end ? boost::json::value(format_iso8601(*end)) : boost::json::value(nullptr);
}

boost::json::value uses_json(const std::optional<std::int64_t>& uses) {
  return uses ? boost::json::value(*uses) : boost::json::value(nullptr);
}

}  // namespace

Result<RegistrationKey> Registrations::update_key(const Actor& actor, std::string_view key_id,
                                                  const RegistrationKeyChange& change) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::add_users_by_link));
  auto& storage = DirectoryAccess::storage(dir_);
  const auto now = dir_.clock().now();
  ONB_ASSIGN(auto key, storage.get_registration_key(ctx.org.id, key_id));
  // The key's current role, and any new one below: both within the actor's rank.
  ONB_TRY(authorize_grant(ctx, GrantAction::edit, GrantObject::registration_key, key.role));
  if (key.revoked)
    return Error{Errc::revoked, "This registration key was withdrawn and cannot be edited; create a new one.",
                 "key.revoked"};
  if (key.valid_until && now >= *key.valid_until)
    return Error{Errc::expired,
                 "This registration key expired on " + format_iso8601(*key.valid_until) +
                     " and cannot be edited; create a new one.",
                 "key.expired"};

  boost::json::object before;
  boost::json::object after;
  if (change.label) {
    ONB_ASSIGN(auto label, clean_text(*change.label, "label", 200));
    if (label != key.label) {
      before["label"] = key.label;
      after["label"] = label;
      key.label = std::move(label);
    }
  }
  if (change.role) {
    ONB_ASSIGN(auto role,
               grantable_role(ctx, *change.role, GrantObject::registration_key, GrantAction::assign_role));
    if (role.name != key.role) {
      before["role"] = key.role;
      after["role"] = role.name;
      key.role = role.name;
    }
  }
  if (change.team) {
    ONB_ASSIGN(auto team, catalog_value(ctx.org.teams, *change.team, "team", false, ""));
    if (team != key.team) {
      before["team"] = key.team;
      after["team"] = team;
      key.team = std::move(team);
    }
  }
  if (change.office) {
    ONB_ASSIGN(auto office,
               catalog_value(ctx.org.offices, *change.office, "office", true, ctx.org.default_office));
    if (office != key.office) {
      before["office"] = key.office;
      after["office"] = office;
      key.office = std::move(office);
    }
  }
  if (change.valid_until) {
    ONB_ASSIGN(auto end, parse_end_time(ctx.org, *change.valid_until, "valid-until", now));
    if (end != key.valid_until) {
      before["valid_until"] = end_json(key.valid_until);
      after["valid_until"] = end_json(end);
      key.valid_until = end;
    }
  }
  if (change.max_uses) {
    if (*change.max_uses < 0)
      return Error{Errc::invalid_input, "The number of uses must be at least 1 (or 0 for no limit).",
                   "uses.invalid"};
    std::optional<std::int64_t> uses;
    if (*change.max_uses > 0) uses = *change.max_uses;
    if (uses && *uses < key.use_count)
      return Error{Errc::invalid_input,
                   "The number of uses cannot be below the " + std::to_string(key.use_count) +
                       " this key has already had.",
                   "uses.below_used"};
    if (uses != key.max_uses) {
      before["max_uses"] = uses_json(key.max_uses);
      after["max_uses"] = uses_json(uses);
      key.max_uses = uses;
    }
  }
  if (after.empty()) return key;  // nothing changes: nothing written, nothing audited

  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_registration_key(key));
    boost::json::object details{
        {"label", key.label}, {"before", std::move(before)}, {"after", std::move(after)}};
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "key.edited", key.id, details)};
    return storage.append_audit(ev);
  }));
  return key;
}

}  // namespace v1
}  // namespace onboard
