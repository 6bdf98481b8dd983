// Organization settings after init: seats, catalogs (teams, offices), the
// invitation lifetime, the time zone, the password length, the locale.
#include <algorithm>

#include "onboard/directory.hpp"
#include "onboard/model/catalog.hpp"
#include "onboard/model/json.hpp"
#include "onboard/model/name.hpp"
#include "service/org_change.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kCatalogChars = 100;

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "8 people, 2 pending invitations": who holds the seats.
std::string holders(const SeatUsage& s) {
  std::string out = plural(s.used + (s.pending_hold_seats ? s.not_activated : 0), "person", "people");
  if (s.pending_hold_seats && s.not_activated > 0)
    out += " (" + std::to_string(s.not_activated) + " not yet activated)";
  if (s.pending_hold_seats && s.pending_invitations > 0)
    out += ", " + plural(s.pending_invitations, "pending invitation", "pending invitations");
  return out;
}

// Who uses a catalog entry: people, pending invitations, keys and links.
struct CatalogUse {
  std::vector<User> people;
  std::vector<Invitation> invitations;
  std::vector<RegistrationKey> keys;
  std::vector<SignupLink> links;
  bool empty() const { return people.empty() && invitations.empty() && keys.empty() && links.empty(); }
};

enum class CatalogKind { team, office };

std::string_view kind_name(CatalogKind kind) { return kind == CatalogKind::team ? "team" : "office"; }

Result<CatalogUse> find_use(Storage& storage, std::string_view org_id, CatalogKind kind,
                            const std::string& entry) {
  CatalogUse use;
  UserFilter filter;
  if (kind == CatalogKind::team)
    filter.team = entry;
  else
    filter.office = entry;
  ONB_ASSIGN(use.people, storage.list_users(org_id, filter));
  const auto field = [&](const auto& record) -> const std::string& {
    return kind == CatalogKind::team ? record.team : record.office;
  };
  ONB_ASSIGN(auto invitations, storage.list_invitations(org_id));
  for (auto& inv : invitations)
    if (inv.state == InvitationState::pending && field(inv) == entry)
      use.invitations.push_back(std::move(inv));
  ONB_ASSIGN(auto keys, storage.list_registration_keys(org_id));
  for (auto& key : keys)
    if (!key.revoked && field(key) == entry) use.keys.push_back(std::move(key));
  ONB_ASSIGN(auto links, storage.list_signup_links(org_id));
  for (auto& link : links)
    if (field(link) == entry) use.links.push_back(std::move(link));
  return use;
}

Error in_use(CatalogKind kind, const std::string& entry, const CatalogUse& use) {
  std::vector<std::string> parts;
  if (!use.people.empty()) {
    std::string people = plural(static_cast<std::int64_t>(use.people.size()), "person", "people");
    // An example a person can find: the first with an email, else a username or name.
    const auto with_email =
        std::find_if(use.people.begin(), use.people.end(), [](const User& u) { return !u.email.empty(); });
    const User& first = with_email != use.people.end() ? *with_email : use.people.front();
    const std::string& who = !first.email.empty()      ? first.email
                             : !first.username.empty() ? first.username
                                                       : first.display_name;
    if (!who.empty()) people += " (e.g. " + who + ")";
    parts.push_back(std::move(people));
  }
  if (!use.invitations.empty())
    parts.push_back(plural(static_cast<std::int64_t>(use.invitations.size()), "pending invitation",
                           "pending invitations"));
  if (!use.keys.empty())
    parts.push_back(
        plural(static_cast<std::int64_t>(use.keys.size()), "registration key", "registration keys"));
  if (!use.links.empty())
    parts.push_back(plural(static_cast<std::int64_t>(use.links.size()), "sign-up link", "sign-up links"));
  std::string list;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) list += i + 1 == parts.size() ? " and " : ", ";
    list += parts[i];
  }
  return Error{
      Errc::invalid_input,
      "The " + std::string(kind_name(kind)) + " " + entry + " is used by " + list + "; move them first.",
      std::string(kind_name(kind)) + ".in_use"};
}

Result<std::string> catalog_name(std::string_view text, CatalogKind kind) {
  ONB_ASSIGN(auto clean, clean_text(text, kind_name(kind), kCatalogChars));
  if (clean.empty())
    return Error{Errc::invalid_input, "Please give the " + std::string(kind_name(kind)) + "'s name.",
                 std::string(kind_name(kind)) + ".required"};
  return clean;
}

Result<std::string> existing_entry(const std::vector<std::string>& catalog, std::string_view text,
                                   CatalogKind kind) {
  return catalog_value(catalog, text, kind_name(kind), true, "");
}

// A rename to apply to the records that carry the old name.
struct Rename {
  CatalogKind kind;
  std::string from;
  std::string to;
};

// Adds, renames and removes entries of one catalog; records what to rename
// and checks (in the transaction, by the caller) what removal needs.
Result<void> edit_catalog(std::vector<std::string>& catalog, CatalogKind kind,
                          const std::vector<std::string>& add,
                          const std::vector<std::pair<std::string, std::string>>& rename,
                          const std::vector<std::string>& remove, std::vector<Rename>& renames,
                          std::vector<std::pair<CatalogKind, std::string>>& removals) {
  for (const auto& item : add) {
    ONB_ASSIGN(auto clean, catalog_name(item, kind));
    if (auto present = match_catalog(catalog, clean))
      return Error{Errc::already_exists,
                   "There is already a " + std::string(kind_name(kind)) + " called " + *present + ".",
                   "catalog.duplicate"};
    catalog.push_back(std::move(clean));
  }
  for (const auto& [from_text, to_text] : rename) {
    ONB_ASSIGN(auto from, existing_entry(catalog, from_text, kind));
    ONB_ASSIGN(auto to, catalog_name(to_text, kind));
    if (auto present = match_catalog(catalog, to); present && fold_key(*present) != fold_key(from))
      return Error{Errc::already_exists,
                   "There is already a " + std::string(kind_name(kind)) + " called " + *present +
                       "; remove it first or choose another name.",
                   "catalog.duplicate"};
    if (from == to) continue;
    std::replace(catalog.begin(), catalog.end(), from, to);
    renames.push_back({kind, from, to});
  }
  for (const auto& item : remove) {
    ONB_ASSIGN(auto entry, existing_entry(catalog, item, kind));
    catalog.erase(std::remove(catalog.begin(), catalog.end(), entry), catalog.end());
    removals.emplace_back(kind, entry);
  }
  return success();
}

Result<void> apply_rename(Storage& storage, std::string_view org_id, const Rename& r, std::int64_t& people,
                          std::int64_t& grants) {
  ONB_ASSIGN(auto use, find_use(storage, org_id, r.kind, r.from));
  UserFilter deleted;
  deleted.status = UserStatus::deleted;
  if (r.kind == CatalogKind::team)
    deleted.team = r.from;
  else
    deleted.office = r.from;
  ONB_ASSIGN(auto gone, storage.list_users(org_id, deleted));
  for (auto& u : gone) use.people.push_back(std::move(u));
  for (auto& u : use.people) {
    if (r.kind == CatalogKind::team)
      std::replace(u.teams.begin(), u.teams.end(), r.from, r.to);
    else
      u.office = r.to;
  }
  if (!use.people.empty()) ONB_TRY(storage.update_users(use.people));
  people += static_cast<std::int64_t>(use.people.size());
  const auto set = [&](auto& record) { (r.kind == CatalogKind::team ? record.team : record.office) = r.to; };
  for (auto& inv : use.invitations) {
    set(inv);
    ONB_TRY(storage.update_invitation(inv));
  }
  for (auto& key : use.keys) {
    set(key);
    ONB_TRY(storage.update_registration_key(key));
  }
  for (auto& link : use.links) {
    set(link);
    ONB_TRY(storage.update_signup_link(link));
  }
  grants += static_cast<std::int64_t>(use.invitations.size() + use.keys.size() + use.links.size());
  return success();
}

// The members of `after` that differ from `before` (one level, and one more
// inside "settings"), as {"before": {...}, "after": {...}}.
boost::json::object difference(const Organization& before, const Organization& after) {
  const auto a = to_json(before);
  const auto b = to_json(after);
  boost::json::object was, now;
  for (const auto& [key, value] : b) {
    const auto* old = a.if_contains(key);
    if (old != nullptr && *old == value) continue;
    if (key == "settings" && old != nullptr && old->is_object() && value.is_object()) {
      boost::json::object sw, sn;
      for (const auto& [k, v] : value.get_object()) {
        const auto* o = old->get_object().if_contains(k);
        if (o != nullptr && *o == v) continue;
        sw[k] = o != nullptr ? *o : boost::json::value(nullptr);
        sn[k] = v;
      }
      was[key] = std::move(sw);
      now[key] = std::move(sn);
      continue;
    }
    was[key] = old != nullptr ? *old : boost::json::value(nullptr);
    now[key] = value;
  }
  return boost::json::object{{"before", std::move(was)}, {"after", std::move(now)}};
}

}  // namespace

Result<SeatUsage> Directory::seats_of(const Organization& org) {
  SeatUsage s;
  s.limit = org.seat_limit;
  s.pending_hold_seats = org.settings.pending_hold_seats;
  ONB_ASSIGN(const std::int64_t seated, storage_->count_seated_users(org.id));
  UserFilter waiting;
  waiting.status = UserStatus::pending_activation;
  ONB_ASSIGN(const auto not_activated, storage_->list_users(org.id, waiting));
  s.not_activated = static_cast<std::int64_t>(not_activated.size());
  s.used = seated - s.not_activated;
  const auto now = clock_->now();
  ONB_ASSIGN(const auto invitations, storage_->list_invitations(org.id));
  s.pending_invitations = std::count_if(invitations.begin(), invitations.end(), [&](const Invitation& inv) {
    return inv.status_at(now) == InvitationStatus::pending;
  });
  s.reserved = s.pending_hold_seats ? s.not_activated + s.pending_invitations : 0;
  if (s.limit) s.free = std::max<std::int64_t>(0, *s.limit - s.used - s.reserved);
  return s;
}

Result<void> Directory::check_seats(const Organization& org, std::int64_t additional) {
  if (!org.seat_limit) return success();
  ONB_ASSIGN(const auto usage, seats_of(org));
  const std::int64_t taken = usage.used + usage.reserved;
  if (taken + additional > *org.seat_limit) {
    const auto over = taken + additional - *org.seat_limit;
    if (additional <= 1)
      return Error{Errc::limit_exceeded,
                   org.name + " has used all " + std::to_string(*org.seat_limit) + " of its seats (" +
                       holders(usage) + ").",
                   "seats.full"};
    return Error{Errc::limit_exceeded,
                 "This would exceed your " + std::to_string(*org.seat_limit) + " seats by " +
                     std::to_string(over) + ".",
                 "seats.exceeded"};
  }
  return success();
}

Result<SeatUsage> Directory::seat_usage(const Actor& actor) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::invite_users));
  return seats_of(ctx.org);
}

Result<Organization> apply_organization_change(Directory& dir, const ActorContext& ctx, Organization org,
                                               const OrganizationChange& change) {
  const Organization before = ctx.org;
  if (change.seat_limit) {
    if (*change.seat_limit && **change.seat_limit < 1)
      return Error{Errc::invalid_input, "The seat limit must be at least 1 (or unlimited).",
                   "org.seat_limit"};
    org.seat_limit = *change.seat_limit;
  }
  if (change.invitation_ttl) {
    if (*change.invitation_ttl < std::chrono::hours{1} ||
        *change.invitation_ttl > std::chrono::hours{24 * 90})
      return Error{Errc::invalid_input, "Invitations must last between one hour and 90 days.",
                   "org.invitation_ttl"};
    org.settings.invitation_ttl = *change.invitation_ttl;
  }
  if (change.time_zone) {
    if (!is_valid_time_zone(*change.time_zone))
      return Error{
          Errc::invalid_input,
          "\"" + change.time_zone->substr(0, 60) + "\" is not a time zone; use a name like Europe/Berlin.",
          "org.time_zone"};
    org.time_zone = *change.time_zone;
  }
  if (change.password_min_length) {
    if (*change.password_min_length < 8 ||
        *change.password_min_length > org.settings.password_policy.max_length)
      return Error{Errc::invalid_input,
                   "The shortest password must be at least 8 and at most " +
                       std::to_string(org.settings.password_policy.max_length) + " characters.",
                   "org.password_min_length"};
    org.settings.password_policy.min_length = *change.password_min_length;
  }
  if (change.locale) {
    const std::string wanted = fold_key(*change.locale);
    if (wanted != "en" && wanted != "de")
      return Error{Errc::invalid_input,
                   "The locale \"" + change.locale->substr(0, 20) + "\" is not available; use en or de.",
                   "org.locale"};
    org.settings.locale = wanted;
  }
  if (change.pending_hold_seats) org.settings.pending_hold_seats = *change.pending_hold_seats;

  std::vector<Rename> renames;
  std::vector<std::pair<CatalogKind, std::string>> removals;
  ONB_TRY(edit_catalog(org.teams, CatalogKind::team, change.add_teams, change.rename_teams,
                       change.remove_teams, renames, removals));
  ONB_TRY(edit_catalog(org.offices, CatalogKind::office, change.add_offices, change.rename_offices,
                       change.remove_offices, renames, removals));
  for (const auto& r : renames)
    if (r.kind == CatalogKind::office && org.default_office == r.from) org.default_office = r.to;
  if (change.default_office) {
    ONB_ASSIGN(org.default_office, existing_entry(org.offices, *change.default_office, CatalogKind::office));
  }
  if (!match_catalog(org.offices, org.default_office))
    return Error{Errc::invalid_input,
                 "The office " + org.default_office +
                     " is the default office; choose another default (--default-office) before removing it.",
                 "office.default"};

  Storage& storage = DirectoryAccess::storage(dir);
  std::int64_t people_renamed = 0, grants_renamed = 0;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    for (const auto& [kind, entry] : removals) {
      ONB_ASSIGN(auto use, find_use(storage, org.id, kind, entry));
      if (!use.empty()) return in_use(kind, entry, use);
    }
    for (const auto& r : renames) ONB_TRY(apply_rename(storage, org.id, r, people_renamed, grants_renamed));
    if (org.seat_limit && org.seat_limit != before.seat_limit) {
      ONB_ASSIGN(const auto usage, dir.seats_of(org));
      if (usage.used + usage.reserved > *org.seat_limit)
        return Error{Errc::limit_exceeded,
                     org.name + " has " + holders(usage) + " on its seats; the limit cannot go below " +
                         std::to_string(usage.used + usage.reserved) + ".",
                     "seats.below_use"};
    }
    ONB_TRY(storage.update_organization(org));
    auto details = difference(before, org);
    if (!renames.empty()) {
      boost::json::array renamed;
      for (const auto& r : renames)
        renamed.push_back(
            boost::json::object{{"catalog", kind_name(r.kind)}, {"from", r.from}, {"to", r.to}});
      details["renamed"] = std::move(renamed);
      details["people_renamed"] = people_renamed;
      details["grants_renamed"] = grants_renamed;
    }
    const AuditEvent e[] = {
        make_audit(dir.clock(), org.id, ctx.user.id, "organization.updated", org.id, details)};
    return storage.append_audit(e);
  }));
  return org;
}

Result<Organization> Directory::change_organization(const Actor& actor, const OrganizationChange& change) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  return apply_organization_change(*this, ctx, ctx.org, change);
}

OrganizationChange catalog_difference(const Organization& current, const Organization& changed) {
  OrganizationChange change;
  const auto diff = [](const std::vector<std::string>& have, const std::vector<std::string>& want,
                       std::vector<std::string>& add, std::vector<std::string>& remove) {
    for (const auto& w : want)
      if (!match_catalog(have, w) && w.find_first_not_of(" \t") != std::string::npos) add.push_back(w);
    for (const auto& h : have)
      if (!match_catalog(want, h)) remove.push_back(h);
  };
  diff(current.teams, changed.teams, change.add_teams, change.remove_teams);
  diff(current.offices, changed.offices, change.add_offices, change.remove_offices);
  if (!changed.default_office.empty() && changed.default_office != current.default_office)
    change.default_office = changed.default_office;
  if (changed.settings.locale != current.settings.locale) change.locale = changed.settings.locale;
  if (changed.settings.pending_hold_seats != current.settings.pending_hold_seats)
    change.pending_hold_seats = changed.settings.pending_hold_seats;
  return change;
}

}  // namespace v1
}  // namespace onboard
