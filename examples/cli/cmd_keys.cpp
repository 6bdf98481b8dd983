// onboard keys: 10-digit organization keys (create, edit, list, revoke).
#include <iostream>

#include "cli.hpp"
#include "onboard/model/json.hpp"
#include "onboard/registrations.hpp"

namespace onboard::cli {

int cmd_keys(const Args& a, const Globals& g) {
  const std::string sub = a.positional(0, "create, edit, list or revoke");
  if (sub == "create" || sub == "edit") {
    a.allow({"label", "role", "team", "office", "valid-until", "uses"});
  } else {
    a.allow({});
  }
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  Registrations regs(*s->directory);
  const auto now = s->directory->clock().now();

  if (sub == "create") {
    NewRegistrationKey req;
    req.label = a.option_or("label", "");
    req.role = a.option_or("role", "");
    req.team = a.option_or("team", "");
    req.office = a.option_or("office", "");
    req.valid_until = a.option_or("valid-until", "");
    if (auto uses = a.option("uses")) req.max_uses = parse_number(*uses, "uses");
    auto issued = regs.create_key(s->as_actor(), req);
    if (!issued) return fail(issued.error(), g);
    if (g.json) {
      auto o = to_json(issued->key, now);
      o["key"] = issued->grouped;
      o["digits"] = issued->digits;
      print_json(o);
      return exit_ok;
    }
    std::cout << "Key " << issued->key.id << " for " << issued->key.role << " in " << issued->key.office
              << (issued->key.team.empty() ? "" : ", team " + issued->key.team) << ".\n"
              << "Registration key (shown once): " << issued->grouped << "\n"
              << "Valid until: "
              << (issued->key.valid_until ? local_time(*issued->key.valid_until, s->org.time_zone) : "no end")
              << "\n"
              << "Uses: " << (issued->key.max_uses ? std::to_string(*issued->key.max_uses) : "unlimited")
              << "\n";
    return exit_ok;
  }
  if (sub == "edit") {
    RegistrationKeyChange change;
    if (auto v = a.option("label")) change.label = *v;
    if (auto v = a.option("role")) change.role = *v;
    if (auto v = a.option("team")) change.team = *v;
    if (auto v = a.option("office")) change.office = *v;
    if (auto v = a.option("valid-until")) change.valid_until = *v == "never" ? "" : *v;
    if (auto uses = a.option("uses"))
      change.max_uses = *uses == "unlimited" ? 0 : parse_number(*uses, "uses");
    auto key = regs.update_key(s->as_actor(), a.positional(1, "ID"), change);
    if (!key) return fail(key.error(), g);
    if (g.json) {
      print_json(to_json(*key, now));
      return exit_ok;
    }
    std::cout << "Key " << key->id << " \"" << key->label << "\" for " << key->role << " in " << key->office
              << (key->team.empty() ? "" : ", team " + key->team) << "; the digits stay.\n"
              << "Valid until: "
              << (key->valid_until ? local_time(*key->valid_until, s->org.time_zone) : "no end") << "\n"
              << "Uses: " << key->use_count << " of "
              << (key->max_uses ? std::to_string(*key->max_uses) : "unlimited") << "\n";
    return exit_ok;
  }
  if (sub == "list") {
    auto list = regs.list_keys(s->as_actor());
    if (!list) return fail(list.error(), g);
    if (g.json) {
      boost::json::array arr;
      for (const auto& entry : *list) {
        auto o = to_json(entry.key, now);
        boost::json::array users;
        for (const auto& u : entry.registered)
          users.push_back(boost::json::object{{"id", u.id}, {"email", u.email}, {"name", u.display_name}});
        o["registered"] = std::move(users);
        arr.push_back(std::move(o));
      }
      print_json_list(std::move(arr));
      return exit_ok;
    }
    if (list->empty()) std::cout << "No registration keys.\n";
    for (const auto& entry : *list) {
      const auto& k = entry.key;
      const std::string status(to_json(k, now).at("status").as_string());
      std::cout << k.id << "  " << status << "  \"" << k.label << "\"  " << k.role << "  used " << k.use_count
                << (k.max_uses ? "/" + std::to_string(*k.max_uses) : "") << "  until "
                << (k.valid_until ? local_time(*k.valid_until, s->org.time_zone) : "no end") << "\n";
      for (const auto& u : entry.registered) std::cout << "    " << u.email << "  " << u.display_name << "\n";
    }
    return exit_ok;
  }
  if (sub == "revoke") {
    auto key = regs.revoke_key(s->as_actor(), a.positional(1, "ID"));
    if (!key) return fail(key.error(), g);
    if (g.json)
      print_json(to_json(*key, now));
    else
      std::cout << "Revoked the key \"" << key->label << "\"; it no longer works.\n";
    return exit_ok;
  }
  throw UsageError{"keys takes create, edit ID, list or revoke ID"};
}

namespace {
const CommandRegistration cmd_keys_registration{
    "keys", cmd_keys,
    R"(  keys create [--label L] [--role R] [--team T] [--office O] [--valid-until DATE|INSTANT] [--uses N]
  keys edit ID [--label L] [--role R] [--team T] [--office O] [--valid-until DATE|never] [--uses N|unlimited]
  keys list | revoke ID
)",
    30};
}  // namespace

}  // namespace onboard::cli
