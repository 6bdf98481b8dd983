#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "onboard/model/json.hpp"

using namespace onboard;
namespace json = boost::json;

namespace {

Timestamp at(const char* text) { return *parse_iso8601(text); }

Organization sample_org() {
  Organization org;
  org.id = "0190a0b2-0000-7000-8000-000000000001";
  org.name = "Acme Gmb\xC3\x9F";
  org.base_url = "https://people.acme.example";
  org.time_zone = "Europe/Berlin";
  org.seat_limit = 250;
  org.roles = *RoleCatalog::preset("workspace");
  org.roles.default_role = "Super User";
  org.offices = {"HQ", "London"};
  org.default_office = "London";
  org.teams = {"Sales", "Support"};
  org.settings.invitation_ttl = std::chrono::hours{48};
  org.settings.password_policy.min_length = 12;
  org.settings.password_policy.max_length = 128;
  org.settings.password_policy.min_strength = 2;
  org.settings.password_policy.argon2_opslimit = 3;
  org.settings.password_policy.argon2_memlimit = 64u * 1024u * 1024u;
  org.settings.import_limits.max_bytes = 5u * 1024u * 1024u;
  org.settings.import_limits.max_rows = 100000;
  org.settings.throttle.per_source_max_failures = 50;
  org.settings.throttle.org_max_failures_per_hour = 700;
  org.settings.throttle.source_lockout = std::chrono::minutes{15};
  org.created_at = at("2026-01-02T03:04:05Z");
  return org;
}

void check_same(const Organization& a, const Organization& b) {
  CHECK(a.id == b.id);
  CHECK(a.name == b.name);
  CHECK(a.base_url == b.base_url);
  CHECK(a.time_zone == b.time_zone);
  CHECK(a.seat_limit == b.seat_limit);
  REQUIRE(a.roles.roles.size() == b.roles.roles.size());
  for (std::size_t i = 0; i < a.roles.roles.size(); ++i) {
    CHECK(a.roles.roles[i].name == b.roles.roles[i].name);
    CHECK(a.roles.roles[i].rank == b.roles.roles[i].rank);
    CHECK(a.roles.roles[i].permissions == b.roles.roles[i].permissions);
  }
  CHECK(a.roles.default_role == b.roles.default_role);
  CHECK(a.offices == b.offices);
  CHECK(a.default_office == b.default_office);
  CHECK(a.teams == b.teams);
  const auto& sa = a.settings;
  const auto& sb = b.settings;
  CHECK(sa.invitation_ttl == sb.invitation_ttl);
  CHECK(sa.password_policy.min_length == sb.password_policy.min_length);
  CHECK(sa.password_policy.max_length == sb.password_policy.max_length);
  CHECK(sa.password_policy.min_strength == sb.password_policy.min_strength);
  CHECK(sa.password_policy.argon2_opslimit == sb.password_policy.argon2_opslimit);
  CHECK(sa.password_policy.argon2_memlimit == sb.password_policy.argon2_memlimit);
  CHECK(sa.import_limits.max_bytes == sb.import_limits.max_bytes);
  CHECK(sa.import_limits.max_rows == sb.import_limits.max_rows);
  CHECK(sa.throttle.per_source_max_failures == sb.throttle.per_source_max_failures);
  CHECK(sa.throttle.org_max_failures_per_hour == sb.throttle.org_max_failures_per_hour);
  CHECK(sa.throttle.source_lockout == sb.throttle.source_lockout);
  CHECK(a.created_at == b.created_at);
}

// Round trip through text, as storage does.
Result<Organization> through_text(const Organization& org) {
  auto parsed = parse_json_text(to_json_text(to_json(org)));
  REQUIRE(parsed.ok());
  return organization_from_json(*parsed);
}

}  // namespace

TEST_CASE("an organization survives a JSON round trip") {
  const Organization org = sample_org();
  auto back = through_text(org);
  REQUIRE(back.ok());
  check_same(org, *back);

  Organization defaults;
  defaults.id = "x";
  auto back_defaults = through_text(defaults);
  REQUIRE(back_defaults.ok());
  check_same(defaults, *back_defaults);
  CHECK_FALSE(back_defaults->seat_limit);
}

TEST_CASE("organization JSON shows roles with permission names and settings") {
  const json::object o = to_json(sample_org());
  const auto& roles = o.at("roles").as_array();
  REQUIRE(roles.size() == 4);
  CHECK(roles[1].at("name").as_string() == "Super User");
  CHECK(roles[1].at("permissions").as_array() == json::array{"invite_users", "add_users_by_link"});
  CHECK(o.at("settings").at("invitation_ttl_seconds").to_number<std::int64_t>() == 48 * 3600);
  CHECK(o.at("settings").at("throttle").at("source_lockout_seconds").to_number<std::int64_t>() == 900);
  CHECK(o.at("seat_limit").to_number<std::int64_t>() == 250);
}

TEST_CASE("organization JSON with missing keys keeps the defaults") {
  auto org = organization_from_json(json::parse(R"({"id":"o1","name":"Acme"})"));
  REQUIRE(org.ok());
  CHECK(org->name == "Acme");
  CHECK(org->time_zone == "UTC");
  CHECK(org->settings.invitation_ttl == std::chrono::hours{24 * 7});
}

TEST_CASE("bad organization JSON is refused with the key named") {
  const auto refusal = [](const char* text) {
    auto r = organization_from_json(json::parse(text));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_input);
    return r.error().message;
  };
  CHECK(refusal(R"([1,2])").find("object") != std::string::npos);
  CHECK(refusal(R"({"name":5})").find("\"name\"") != std::string::npos);
  CHECK(refusal(R"({"nmae":"Acme"})").find("unknown field \"nmae\"") != std::string::npos);
  CHECK(refusal(R"({"seat_limit":-1})").find("seat_limit") != std::string::npos);
  CHECK(refusal(R"({"seat_limit":2.5})").find("seat_limit") != std::string::npos);
  CHECK(refusal(R"({"time_zone":"Mars/Olympus"})").find("time zone") != std::string::npos);
  CHECK(refusal(R"({"settings":{"password_policy":{"min_strength":9}}})")
            .find("settings.password_policy.min_strength") != std::string::npos);
  CHECK(refusal(R"({"settings":{"throttle":{"oops":1}}})").find("settings.throttle.oops") !=
        std::string::npos);
  CHECK(refusal(R"({"roles":[{"name":"A","rank":1,"permissions":["fly"]}]})").find("fly") !=
        std::string::npos);
  CHECK(refusal(R"({"roles":[{"name":"A","rank":1},{"name":"a","rank":2}]})").find("more than once") !=
        std::string::npos);
  CHECK(refusal(R"({"roles":[{"name":"A","rank":1}],"default_role":"B"})").find("default role") !=
        std::string::npos);
  CHECK(refusal(R"({"created_at":"yesterday"})").find("created_at") != std::string::npos);
}

TEST_CASE("user JSON never shows a password hash or activation key") {
  User u;
  u.id = "u1";
  u.email = "Ann@Example.com";
  u.email_key = "ann@example.com";
  u.first_name = "Ann";
  u.last_name = "Lee";
  u.display_name = "Ann Lee";
  u.role = "User";
  u.office = "HQ";
  u.teams = {"Sales"};
  u.attributes = {{"Phone", "+44 20 7123 4567"}};
  u.status = UserStatus::pending_activation;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$SECRETHASH";
  u.activation_key_hash = "ACTIVATIONHASH";
  u.activation_key_sealed = "ACTIVATIONSEALED";
  u.source = UserSource::import;
  u.created_at = at("2026-03-01T10:00:00Z");

  const json::object o = to_json(u);
  const std::string text = to_json_text(o);
  CHECK(text.find("SECRETHASH") == std::string::npos);
  CHECK(text.find("argon2") == std::string::npos);
  CHECK(text.find("ACTIVATION") == std::string::npos);
  CHECK(text.find("password_hash") == std::string::npos);
  CHECK(text.find("activation_key") == std::string::npos);
  for (const char* key : {"id", "email", "display_name", "first_name", "last_name", "username", "role",
                          "office", "teams", "status", "external_id", "attributes", "must_change_password",
                          "name_locked", "source", "created_at", "activated_at"})
    CHECK_MESSAGE(o.contains(key), key);
  CHECK(o.at("email").as_string() == "Ann@Example.com");
  CHECK(o.at("status").as_string() == "pending_activation");
  CHECK(o.at("source").as_string() == "import");
  CHECK(o.at("attributes").at("Phone").as_string() == "+44 20 7123 4567");
  CHECK(o.at("created_at").as_string() == "2026-03-01T10:00:00Z");
  CHECK(o.at("activated_at").is_null());
}

TEST_CASE("invitation JSON derives its status from the clock and hides the token") {
  Invitation inv;
  inv.id = "i1";
  inv.email = "bob@example.com";
  inv.token_hash = "TOKENHASH";
  inv.created_at = at("2026-03-01T10:00:00Z");
  inv.expires_at = at("2026-03-08T10:00:00Z");
  CHECK(to_json(inv, at("2026-03-08T09:59:59Z")).at("status").as_string() == "pending");
  CHECK(to_json(inv, at("2026-03-08T10:00:00Z")).at("status").as_string() == "expired");
  inv.state = InvitationState::revoked;
  CHECK(to_json(inv, at("2026-03-02T00:00:00Z")).at("status").as_string() == "revoked");
  const std::string text = to_json_text(to_json(inv, at("2026-03-02T00:00:00Z")));
  CHECK(text.find("TOKEN") == std::string::npos);
  CHECK(text.find("\"expires_at\":\"2026-03-08T10:00:00Z\"") != std::string::npos);
}

TEST_CASE("registration key and link JSON show status but no secrets") {
  RegistrationKey key;
  key.id = "k1";
  key.key_hash = "KEYHASH";
  key.key_sealed = "KEYSEALED";
  key.valid_until = at("2026-05-01T00:00:00Z");
  key.max_uses = 3;
  const Timestamp before = at("2026-04-01T00:00:00Z");
  CHECK(to_json(key, before).at("status").as_string() == "active");
  CHECK(to_json(key, at("2026-05-01T00:00:00Z")).at("status").as_string() == "expired");
  key.use_count = 3;
  CHECK(to_json(key, before).at("status").as_string() == "used_up");
  key.revoked = true;
  CHECK(to_json(key, before).at("status").as_string() == "revoked");
  CHECK(to_json_text(to_json(key, before)).find("KEY") == std::string::npos);

  SignupLink link;
  link.id = "l1";
  link.token_hash = "LINKHASH";
  link.token_sealed = "LINKSEALED";
  link.allowed_domains = {"example.com"};
  CHECK(to_json(link, before).at("status").as_string() == "active");
  CHECK(to_json(link, before).at("expires_at").is_null());
  link.enabled = false;
  CHECK(to_json(link, before).at("status").as_string() == "disabled");
  CHECK(to_json_text(to_json(link, before)).find("LINK") == std::string::npos);
}

TEST_CASE("audit details are embedded as JSON when they parse") {
  AuditEvent e;
  e.id = "a1";
  e.action = "user.created";
  e.details = R"({"email":"ann@example.com","count":2})";
  CHECK(to_json(e).at("details").at("count").to_number<int>() == 2);
  e.details = "not json {";
  CHECK(to_json(e).at("details").as_string() == "not json {");
  e.details.clear();
  CHECK(to_json(e).at("details").as_object().empty());
}

TEST_CASE("outbox JSON never carries the sealed secret") {
  OutboxMessage m;
  m.id = "m1";
  m.kind = "invitation";
  m.recipient = "bob@example.com";
  m.body = "Join here: {secret}";
  m.secret_sealed = "SEALEDSECRET";
  const json::object o = to_json(m);
  CHECK(to_json_text(o).find("SEALEDSECRET") == std::string::npos);
  CHECK(o.at("carries_secret").as_bool());
  CHECK(o.at("state").as_string() == "queued");
}

TEST_CASE("JSON text that does not parse is an error") {
  CHECK(parse_json_text(R"({"a":1})").ok());
  auto bad = parse_json_text("{\"a\":");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().detail_code == "json.invalid");
}
