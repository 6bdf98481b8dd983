// Organization settings after init: change, seats, invitations by status.
#include <boost/json.hpp>

#include "capi_internal.hpp"
#include "onboard/model/json.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

Error bad_field(std::string_view key, std::string_view what) {
  return Error{Errc::invalid_input,
               "The change field \"" + std::string(key) + "\" " + std::string(what) + ".",
               "organization_change.invalid"};
}

Result<std::string> text_field(const boost::json::value& v, std::string_view key) {
  if (!v.is_string()) return bad_field(key, "must be text");
  return std::string(v.get_string());
}

Result<std::vector<std::string>> list_field(const boost::json::value& v, std::string_view key) {
  if (!v.is_array()) return bad_field(key, "must be a list of text");
  std::vector<std::string> out;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) return bad_field(key, "must be a list of text");
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> rename_field(const boost::json::value& v,
                                                                      std::string_view key) {
  if (!v.is_object()) return bad_field(key, "must be an object {\"old name\": \"new name\"}");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [from, to] : v.get_object()) {
    if (!to.is_string()) return bad_field(key, "must be an object {\"old name\": \"new name\"}");
    out.emplace_back(std::string(from), std::string(to.get_string()));
  }
  return out;
}

Result<std::int64_t> whole_field(const boost::json::value& v, std::string_view key) {
  boost::system::error_code ec;
  const auto n = v.to_number<std::int64_t>(ec);
  if (ec || n < 0) return bad_field(key, "must be a whole number");
  return n;
}

Result<OrganizationChange> change_from_json(const boost::json::value& value) {
  if (!value.is_object())
    return Error{Errc::invalid_input, "An organization change must be a JSON object.",
                 "organization_change.invalid"};
  OrganizationChange c;
  for (const auto& [k, v] : value.get_object()) {
    const std::string_view key(k.data(), k.size());
    if (key == "seat_limit") {
      if (v.is_null()) {
        c.seat_limit = std::optional<std::int64_t>{};
      } else {
        ONB_ASSIGN(auto n, whole_field(v, key));
        c.seat_limit = std::optional<std::int64_t>{n};
      }
    } else if (key == "invitation_days") {
      ONB_ASSIGN(auto n, whole_field(v, key));
      if (n > 3650) return bad_field(key, "must be at most 90");
      c.invitation_ttl = std::chrono::hours{24 * n};
    } else if (key == "add_teams") {
      ONB_ASSIGN(c.add_teams, list_field(v, key));
    } else if (key == "remove_teams") {
      ONB_ASSIGN(c.remove_teams, list_field(v, key));
    } else if (key == "rename_teams") {
      ONB_ASSIGN(c.rename_teams, rename_field(v, key));
    } else if (key == "add_offices") {
      ONB_ASSIGN(c.add_offices, list_field(v, key));
    } else if (key == "remove_offices") {
      ONB_ASSIGN(c.remove_offices, list_field(v, key));
    } else if (key == "rename_offices") {
      ONB_ASSIGN(c.rename_offices, rename_field(v, key));
    } else if (key == "default_office") {
      ONB_ASSIGN(c.default_office, text_field(v, key));
    } else if (key == "time_zone") {
      ONB_ASSIGN(c.time_zone, text_field(v, key));
    } else if (key == "locale") {
      ONB_ASSIGN(c.locale, text_field(v, key));
    } else if (key == "password_min_length") {
      ONB_ASSIGN(auto n, whole_field(v, key));
      c.password_min_length = static_cast<std::size_t>(n);
    } else if (key == "pending_hold_seats") {
      if (!v.is_bool()) return bad_field(key, "must be true or false");
      c.pending_hold_seats = v.get_bool();
    } else {
      return Error{Errc::invalid_input,
                   "The organization change has an unknown field \"" + std::string(key.substr(0, 60)) + "\".",
                   "organization_change.invalid"};
    }
  }
  return c;
}

boost::json::value number_or_null(const std::optional<std::int64_t>& n) {
  return n ? boost::json::value(*n) : boost::json::value(nullptr);
}

}  // namespace

extern "C" {

ONB_API onb_status onb_organization_change_json(onb_organization** out, onb_directory* dir,
                                                const char* org_id, const char* actor_id,
                                                const char* change_json) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    ONB_C_REQUIRE(change_json);
    auto parsed = parse_json_text(change_json);
    if (!parsed) return fail(parsed.error());
    auto change = change_from_json(*parsed);
    if (!change) return fail(change.error());
    auto changed = dir->directory->change_organization(Actor{org_id, actor_id}, *change);
    if (!changed) return fail(changed.error());
    *out = make_handle<onb_organization>(kOrganization, std::move(changed).value());
    return ONB_OK;
  });
}

ONB_API onb_status onb_organization_seats_json(char** out, onb_directory* dir, const char* org_id,
                                               const char* actor_id) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    auto seats = dir->directory->seat_usage(Actor{org_id, actor_id});
    if (!seats) return fail(seats.error());
    *out = copy_json(boost::json::object{{"limit", number_or_null(seats->limit)},
                                         {"used", seats->used},
                                         {"not_activated", seats->not_activated},
                                         {"pending_invitations", seats->pending_invitations},
                                         {"pending_hold_seats", seats->pending_hold_seats},
                                         {"reserved", seats->reserved},
                                         {"free", number_or_null(seats->free)}});
    return ONB_OK;
  });
}

ONB_API onb_status onb_invitations_list_status_json(char** out, onb_directory* dir, const char* org_id,
                                                    const char* actor_id, const char* status) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    std::optional<InvitationStatus> wanted;
    const std::string_view s = text(status);
    if (!s.empty() && s != "all") {
      for (auto candidate : {InvitationStatus::pending, InvitationStatus::expired, InvitationStatus::accepted,
                             InvitationStatus::revoked})
        if (to_string(candidate) == s) wanted = candidate;
      if (!wanted)
        return fail(Error{Errc::invalid_input,
                          "The invitation status must be pending, accepted, expired, revoked or all.",
                          "invitation.status"});
    }
    auto invitations = dir->directory->list_invitations(Actor{org_id, actor_id}, wanted);
    if (!invitations) return fail(invitations.error());
    const auto now = dir->directory->clock().now();
    boost::json::array list;
    for (const auto& invitation : *invitations) list.push_back(to_json(invitation, now));
    *out = copy_json(list);
    return ONB_OK;
  });
}

}  // extern "C"
