// Construction, actor resolution and organizations.
#include "onboard/directory.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "onboard/core/id.hpp"
#include "onboard/model/catalog.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/password.hpp"
#include "service/org_change.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {

unsigned default_threads() noexcept {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1U, 4U);
}

Directory::Directory(std::shared_ptr<Storage> storage, Keyring keyring, std::shared_ptr<const Clock> clock)
    : Directory(std::move(storage), std::move(keyring), DirectoryOptions{0, std::move(clock)}) {}

Directory::Directory(std::shared_ptr<Storage> storage, Keyring keyring, const DirectoryOptions& options)
    : storage_(std::move(storage)),
      keyring_(std::move(keyring)),
      clock_(options.clock),
      threads_(options.threads == 0 ? default_threads() : options.threads) {
  if (!clock_) clock_ = std::make_shared<SystemClock>();
}

namespace {

const char kOtherKey[] =
    "This database was sealed with another master key; open it with the key file it was created with.";

// A store written before the key check existed holds no check value: before
// it adopts the key it is opened with, that key must open a secret the store
// sealed (a registration key, a link's token, a queued mail), if it has one.
// Otherwise a wrong key opening it first would lock the right one out.
Result<void> check_key_opens_sealed_secrets(Storage& storage, const Keyring& keyring) {
  ONB_ASSIGN(const auto orgs, storage.list_organizations());
  for (const Organization& org : orgs) {
    std::string sealed;
    ONB_ASSIGN(const auto keys, storage.list_registration_keys(org.id));
    for (const auto& k : keys)
      if (sealed.empty() && !k.key_sealed.empty()) sealed = k.key_sealed;
    if (sealed.empty()) {
      ONB_ASSIGN(const auto links, storage.list_signup_links(org.id));
      for (const auto& l : links)
        if (sealed.empty() && !l.token_sealed.empty()) sealed = l.token_sealed;
    }
    if (sealed.empty()) {
      ONB_ASSIGN(const auto messages, storage.list_messages(org.id, std::nullopt, 100));
      for (const auto& m : messages)
        if (sealed.empty() && !m.secret_sealed.empty()) sealed = m.secret_sealed;
    }
    if (!sealed.empty()) {
      if (!keyring.unseal(sealed)) return Error{Errc::storage, kOtherKey, "storage.other_key"};
      return success();
    }
  }
  return success();
}

// The first open installs the key's check value; every later open compares.
Result<void> check_master_key(Storage& storage, const Keyring& keyring) {
  ONB_ASSIGN(const auto existing, storage.key_check());
  if (!existing) ONB_TRY(check_key_opens_sealed_secrets(storage, keyring));
  const std::string mine = keyring.check_value();
  ONB_ASSIGN(const std::string stored, storage.install_key_check(mine));
  if (!Keyring::equal(stored, mine)) return Error{Errc::storage, kOtherKey, "storage.other_key"};
  return success();
}

// The storage learns the host's choice: with one thread, none of its own.
StorageOptions storage_options(const DirectoryOptions& options) {
  StorageOptions storage;
  storage.background_threads = (options.threads == 0 ? default_threads() : options.threads) > 1;
  return storage;
}

}  // namespace

Result<std::unique_ptr<Directory>> Directory::open(std::string_view uri, Keyring keyring,
                                                   std::shared_ptr<const Clock> clock) {
  return open(uri, std::move(keyring), DirectoryOptions{0, std::move(clock)});
}

Result<std::unique_ptr<Directory>> Directory::open(std::string_view uri, Keyring keyring,
                                                   const DirectoryOptions& options) {
  ONB_ASSIGN(auto storage, open_storage(uri, storage_options(options)));
  ONB_TRY(check_master_key(*storage, keyring));
  return std::make_unique<Directory>(std::shared_ptr<Storage>(std::move(storage)), std::move(keyring),
                                     options);
}

Result<std::unique_ptr<Directory>> Directory::open_with_key_file(std::string_view uri,
                                                                 const std::string& key_file,
                                                                 std::shared_ptr<const Clock> clock) {
  return open_with_key_file(uri, key_file, DirectoryOptions{0, std::move(clock)});
}

Result<std::unique_ptr<Directory>> Directory::open_with_key_file(std::string_view uri,
                                                                 const std::string& key_file,
                                                                 const DirectoryOptions& options) {
  ONB_ASSIGN(auto storage, open_storage(uri, storage_options(options)));
  struct stat st {};
  if (::lstat(key_file.c_str(), &st) != 0 && errno == ENOENT) {
    // A store that was ever used has secrets sealed with a key; a new key
    // would make all of them unreadable, so only an empty store gets one.
    ONB_ASSIGN(const auto check, storage->key_check());
    ONB_ASSIGN(const auto orgs, storage->list_organizations());
    if (check || !orgs.empty())
      return Error{Errc::storage,
                   "The key file " + key_file +
                       " is missing; this database's secrets are sealed with it. Restore it from your backup "
                       "(a new key would make every stored secret unreadable).",
                   "storage.no_key"};
  }
  ONB_ASSIGN(auto keyring, Keyring::load_or_create_file(key_file));
  ONB_TRY(check_master_key(*storage, keyring));
  return std::make_unique<Directory>(std::shared_ptr<Storage>(std::move(storage)), std::move(keyring),
                                     options);
}

Result<ActorContext> Directory::authorize(const Actor& actor, std::optional<Permission> needed) {
  ActorContext ctx;
  ONB_ASSIGN(ctx.org, storage_->get_organization(actor.org_id));
  auto user = storage_->get_user(actor.org_id, actor.user_id);
  if (!user) {
    if (user.error().code == Errc::not_found)
      return Error{Errc::permission_denied, "You are not a member of this organization.", "actor.unknown"};
    return std::move(user).error();
  }
  ctx.user = std::move(user).value();
  if (ctx.user.status != UserStatus::active)
    return Error{Errc::permission_denied, "Your account is not active.", "actor.inactive"};
  const Role* role = ctx.org.roles.find(ctx.user.role);
  if (role == nullptr)
    return Error{Errc::permission_denied, "Your role no longer exists.", "actor.role_missing"};
  ctx.role = *role;
  if (needed && !ctx.role.can(*needed)) {
    return Error{Errc::permission_denied,
                 "Your role " + ctx.role.name + " does not allow you to " +
                     std::string(permission_description(*needed)) + ".",
                 "permission." + std::string(to_string(*needed))};
  }
  return ctx;
}

namespace {

Result<std::vector<std::string>> clean_catalog(const std::vector<std::string>& items, std::string_view what) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    ONB_ASSIGN(auto clean, clean_text(item, what, 100));
    if (clean.empty()) continue;
    if (match_catalog(out, clean))
      return Error{Errc::invalid_input, "The " + std::string(what) + " \"" + clean + "\" is listed twice.",
                   "catalog.duplicate"};
    out.push_back(std::move(clean));
  }
  return out;
}

Result<std::string> clean_base_url(std::string_view url) {
  ONB_ASSIGN(auto clean, clean_text(url, "base URL", 2000));
  if (clean.rfind("https://", 0) != 0 && clean.rfind("http://", 0) != 0)
    return Error{Errc::invalid_input, "The base URL must start with https:// or http://.", "org.base_url"};
  if (clean.find_first_of(" \"<>{}|\\^`") != std::string::npos)
    return Error{Errc::invalid_input, "The base URL contains characters a link cannot hold.", "org.base_url"};
  return clean;
}

}  // namespace

Result<CreatedOrganization> Directory::create_organization(const NewOrganization& request) {
  const auto now = clock_->now();
  Organization org;
  org.id = new_id(*clock_);
  ONB_ASSIGN(org.name, clean_text(request.name, "organization name", 200));
  if (org.name.empty()) return Error{Errc::invalid_input, "Please give the organization a name.", "org.name"};
  ONB_ASSIGN(org.base_url, clean_base_url(request.base_url));
  if (!is_valid_time_zone(request.time_zone))
    return Error{
        Errc::invalid_input,
        "\"" + request.time_zone.substr(0, 60) + "\" is not a time zone; use a name like Europe/Berlin.",
        "org.time_zone"};
  org.time_zone = request.time_zone;
  ONB_ASSIGN(org.roles, RoleCatalog::preset(request.role_preset));
  ONB_ASSIGN(org.offices, clean_catalog(request.offices, "office"));
  if (org.offices.empty()) org.offices.emplace_back("HQ");
  if (request.default_office.empty()) {
    org.default_office = org.offices.front();
  } else {
    auto match = match_catalog(org.offices, request.default_office);
    if (!match)
      return Error{Errc::invalid_input, "The default office must be one of the offices.",
                   "org.default_office"};
    org.default_office = *match;
  }
  ONB_ASSIGN(org.teams, clean_catalog(request.teams, "team"));
  if (request.seat_limit && *request.seat_limit < 1)
    return Error{Errc::invalid_input, "The seat limit must be at least 1.", "org.seat_limit"};
  org.seat_limit = request.seat_limit;
  org.created_at = now;

  ONB_ASSIGN(auto email, Email::parse(request.admin_email));
  ONB_ASSIGN(auto name, split_full_name(request.admin_name));
  if (name.display.empty())
    return Error{Errc::invalid_input, "Please give the administrator's name.", "name.required"};

  User admin;
  admin.id = new_id(*clock_);
  admin.org_id = org.id;
  admin.email = email.address();
  admin.email_key = email.key();
  admin.first_name = name.first;
  admin.last_name = name.last;
  admin.display_name = name.display;
  admin.role = org.roles.highest().name;
  admin.office = org.default_office;
  admin.status = UserStatus::active;
  admin.created_at = now;
  admin.activated_at = now;
  admin.source = UserSource::manual;

  CreatedOrganization created;
  if (request.admin_password.empty()) {
    created.generated_password = generate_password();
    admin.password_hash = hash_generated_password(keyring_, created.generated_password);
    admin.must_change_password = true;
  } else {
    ONB_ASSIGN(admin.password_hash,
               hash_chosen_password(request.admin_password, org.settings.password_policy,
                                    {admin.email, {name.first, name.last, name.display}}));
  }

  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    ONB_TRY(storage_->insert_organization(org));
    ONB_TRY(storage_->insert_users(std::span<const User>(&admin, 1)));
    const AuditEvent events[] = {
        make_audit(*clock_, org.id, "system", "organization.created", org.id, {{"name", org.name}}),
        make_audit(*clock_, org.id, "system", "user.created", admin.id,
                   {{"email", admin.email}, {"role", admin.role}, {"source", "manual"}})};
    return storage_->append_audit(events);
  }));
  created.organization = std::move(org);
  created.admin = std::move(admin);
  return created;
}

Result<Organization> Directory::organization(std::string_view org_id) {
  return storage_->get_organization(org_id);
}

Result<std::vector<Organization>> Directory::organizations() { return storage_->list_organizations(); }

Result<Organization> Directory::update_organization(const Actor& actor, const Organization& changed) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::manage_users));
  Organization org = ctx.org;
  ONB_ASSIGN(org.base_url, clean_base_url(changed.base_url));
  if (!is_valid_time_zone(changed.time_zone))
    return Error{Errc::invalid_input, "\"" + changed.time_zone.substr(0, 60) + "\" is not a time zone.",
                 "org.time_zone"};
  org.time_zone = changed.time_zone;
  const auto& s = changed.settings;
  if (s.invitation_ttl < std::chrono::hours{1} || s.invitation_ttl > std::chrono::hours{24 * 90})
    return Error{Errc::invalid_input, "Invitations must last between one hour and 90 days.",
                 "org.invitation_ttl"};
  if (s.credentials_ttl < std::chrono::hours{1} || s.credentials_ttl > std::chrono::hours{24 * 90})
    return Error{Errc::invalid_input,
                 "An import's unclaimed credentials must be kept between one hour and 90 days.",
                 "org.credentials_ttl"};
  if (s.password_policy.min_length < 8 || s.password_policy.max_length < s.password_policy.min_length ||
      s.password_policy.max_length > 4096)
    return Error{Errc::invalid_input, "Passwords must be allowed at least 8 and at most 4096 characters.",
                 "org.password_policy"};
  if (s.import_limits.max_rows < 1 || s.import_limits.max_bytes < 1024)
    return Error{Errc::invalid_input, "Import limits must allow at least one row and one kilobyte.",
                 "org.import_limits"};
  if (s.throttle.per_source_max_failures < 1 || s.throttle.per_source_max_failures > 100 ||
      s.throttle.org_max_failures_per_hour < s.throttle.per_source_max_failures)
    return Error{
        Errc::invalid_input,
        "A source may fail at most 100 times in a row, and the organization's hourly budget must be at "
        "least that.",
        "org.throttle"};
  org.settings = s;
  // The mail templates are changed through MailTemplates only (the JSON form has none).
  org.settings.mail_templates = ctx.org.settings.mail_templates;
  // The OWASP floor for Argon2id is not negotiable.
  org.settings.password_policy.argon2_opslimit =
      std::max<std::uint64_t>(s.password_policy.argon2_opslimit, 2);
  org.settings.password_policy.argon2_memlimit =
      std::max<std::size_t>(s.password_policy.argon2_memlimit, std::size_t{19} * 1024 * 1024);
  if (changed.seat_limit && *changed.seat_limit < 1)
    return Error{Errc::invalid_input, "The seat limit must be at least 1.", "org.seat_limit"};
  org.seat_limit = changed.seat_limit;
  // Catalogs, default office, locale and seat reservation: as change_organization.
  return apply_organization_change(*this, ctx, std::move(org), catalog_difference(ctx.org, changed));
}

}  // namespace v1
}  // namespace onboard
