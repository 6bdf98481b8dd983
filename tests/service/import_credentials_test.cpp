// An import's generated credentials are sealed in its own transaction and
// handed out once: no failure after the commit can lose them, and nobody
// else can have them.
#include "service/import_credentials.hpp"
#include "import_test_fixture.hpp"
#include "onboard/import/spreadsheet_safe.hpp"

namespace onboard::test {
namespace {

User member(ImportWorld& w, const std::string& email, const std::string& role) {
  auto issued = w.dir->invite(w.admin_actor(), {email, role, "", ""});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  auto user = w.dir->accept_invitation(w.org.id, {issued->token, "Member " + role, kGoodPassword});
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  return *user;
}

ImportWorldSpec on(const char* backend) {
  ImportWorldSpec spec;
  spec.backend = backend;
  return spec;
}

// The credentials as one comparable text: row, email, password, key.
std::string listed(const CredentialList& list) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const CredentialView c = list.view(i);
    out += std::to_string(c.row) + " " + std::string(c.email) + " " + std::string(c.password) + " " +
           std::string(c.activation_key) + "\n";
  }
  return out;
}

// How many sealed parts the store holds for `job`, without taking them.
std::size_t stored_parts(ImportWorld& w, const std::string& job) {
  std::size_t n = 0;
  (void)w.inner->transaction([&]() -> Result<void> {
    auto parts = w.inner->take_sealed_credentials(w.org.id, job, w.clock->now(), true);
    REQUIRE(parts.ok());
    n = parts->size();
    return Error{Errc::cancelled, "only counting"};  // rolled back: the parts stay
  });
  return n;
}

}  // namespace

TEST_CASE("an import's generated passwords are sealed with its accounts and handed out once") {
  for (const char* backend : {"memory", "sqlite"}) {
    CAPTURE(backend);
    auto w = make_import_world(on(backend));
    auto r = w.run(people_csv(5));
    REQUIRE(r.ok());
    REQUIRE(r->committed);
    REQUIRE(r->credentials.size() == 5);
    CHECK(stored_parts(w, r->job_id) == 1);

    Importer importer(*w.dir);
    auto taken = importer.take_credentials(w.admin_actor(), r->job_id);
    REQUIRE_MESSAGE(taken.ok(), (taken.ok() ? "" : taken.error().message));
    CHECK(listed(*taken) == listed(r->credentials));
    // The password taken is the account's.
    const CredentialView first = taken->view(0);
    CHECK(w.dir->authenticate(w.org.id, first.email, first.password).error().code ==
          Errc::must_change_password);

    auto again = importer.take_credentials(w.admin_actor(), r->job_id);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::already_used);
    CHECK(again.error().message ==
          "The credentials of import " + r->job_id + " were already handed out; they are given only once.");
    CHECK(stored_parts(w, r->job_id) == 0);
  }
}

TEST_CASE("sealed credentials outlive the process that imported: another directory on the file takes them") {
  const std::string uri = "sqlite:" + (temp_dir() / "onboard.db").string();
  auto clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  auto open = [&] {
    auto storage = open_storage(uri);
    REQUIRE(storage.ok());
    return std::make_unique<Directory>(std::shared_ptr<Storage>(std::move(storage).value()),
                                       std::move(Keyring::from_bytes(kMasterKey)).value(), clock);
  };
  std::string expected, job;
  Actor admin;
  {
    auto dir = open();
    NewOrganization req;
    req.name = "Acme";
    req.admin_email = "admin@acme.example";
    req.admin_name = "Ada Admin";
    req.admin_password = kAdminPassword;
    req.teams = {"Sales"};
    auto created = dir->create_organization(req);
    REQUIRE(created.ok());
    admin = {created->organization.id, created->admin.id};
    auto r = Importer(*dir).run(admin, people_csv(3), "users.csv", {});
    REQUIRE(r.ok());
    REQUIRE_MESSAGE(r->committed, codes(*r));
    expected = listed(r->credentials);
    job = r->job_id;
  }  // the "process" ends: its report, and the passwords in it, are gone
  auto dir = open();
  auto taken = Importer(*dir).take_credentials(admin, job);
  REQUIRE_MESSAGE(taken.ok(), (taken.ok() ? "" : taken.error().message));
  CHECK(listed(*taken) == expected);
}

TEST_CASE("a large import seals one part per chunk, not one per row, and hands out every row in order") {
  auto w = make_import_world(on("sqlite"));
  ImportOptions options;
  options.max_rows = 20000;
  options.max_bytes = 10u << 20;
  auto r = w.run(people_csv(12000), options);
  REQUIRE(r.ok());
  REQUIRE(r->committed);
  REQUIRE(r->credentials.size() == 12000);
  const std::size_t parts = stored_parts(w, r->job_id);
  CHECK(parts >= 2);
  CHECK(parts <= 4);  // 1,024 rows, then 8,192 a chunk
  auto taken = Importer(*w.dir).take_credentials(w.admin_actor(), r->job_id);
  REQUIRE(taken.ok());
  REQUIRE(taken->size() == 12000);
  CHECK(listed(*taken) == listed(r->credentials));
  for (std::size_t i = 1; i < taken->size(); ++i) REQUIRE(taken->view(i - 1).row < taken->view(i).row);
}

TEST_CASE("activation keys of an import without passwords are sealed and handed out too") {
  auto w = make_import_world();
  ImportOptions options;
  options.passwords = PasswordSource::none;
  options.activation = Activation::key;
  auto r = w.run(people_csv(2), options);
  REQUIRE(r.ok());
  REQUIRE(r->credentials.size() == 2);
  auto taken = Importer(*w.dir).take_credentials(w.admin_actor(), r->job_id);
  REQUIRE(taken.ok());
  CHECK(listed(*taken) == listed(r->credentials));
  CHECK_FALSE(taken->view(0).activation_key.empty());
}

TEST_CASE("an import that fails at any storage call leaves no sealed credentials behind") {
  auto w = make_import_world();
  const std::string file = people_csv(3);
  // Count the calls of a whole import on a twin world, then fail each one.
  std::int64_t calls = 0;
  {
    auto twin = make_import_world();
    twin.faulty->reset_calls();
    REQUIRE(twin.run(file)->committed);
    calls = twin.faulty->calls();
  }
  REQUIRE(calls > 3);
  for (std::int64_t n = 1; n <= calls; ++n) {
    CAPTURE(n);
    w.faulty->fail_at(n);
    auto r = w.run(file);
    w.faulty->disarm();
    CHECK_FALSE(r.ok());
    CHECK(*w.inner->purge_sealed_credentials(w.org.id, w.clock->now() + std::chrono::hours{24 * 365}) == 0);
    CHECK(w.users().size() == 1);
  }
  auto r = w.run(file);
  REQUIRE(r.ok());
  CHECK(stored_parts(w, r->job_id) == 1);
}

TEST_CASE("the host discards the sealed copy once it saved the report's credentials") {
  auto w = make_import_world();
  auto r = w.run(people_csv(3));
  REQUIRE(r.ok());
  Importer importer(*w.dir);
  REQUIRE(importer.discard_credentials(w.admin_actor(), r->job_id).ok());
  CHECK(stored_parts(w, r->job_id) == 0);
  CHECK(importer.take_credentials(w.admin_actor(), r->job_id).error().code == Errc::already_used);
  CHECK(importer.discard_credentials(w.admin_actor(), r->job_id).error().code == Errc::already_used);
  // Past the expiry it still says handed out, not expired.
  w.clock->advance(std::chrono::hours{24 * 8});
  CHECK(importer.take_credentials(w.admin_actor(), r->job_id).error().code == Errc::already_used);
}

TEST_CASE("a delivery that fails puts the sealed credentials back; one that succeeds takes them") {
  auto w = make_import_world();
  auto r = w.run(people_csv(3));
  REQUIRE(r.ok());
  Importer importer(*w.dir);
  std::size_t seen = 0;
  auto failed =
      importer.take_credentials(w.admin_actor(), r->job_id, [&](const CredentialList& list) -> Result<void> {
        seen = list.size();
        return Error{Errc::storage, "The disk is full."};
      });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "The disk is full.");
  CHECK(seen == 3);
  CHECK(stored_parts(w, r->job_id) == 1);
  std::string delivered;
  REQUIRE(importer
              .take_credentials(w.admin_actor(), r->job_id,
                                [&](const CredentialList& list) -> Result<void> {
                                  delivered = listed(list);
                                  return success();
                                })
              .ok());
  CHECK(delivered == listed(r->credentials));
  CHECK(stored_parts(w, r->job_id) == 0);
}

TEST_CASE("unclaimed credentials expire after the organization's credentials_ttl and are wiped") {
  auto w = make_import_world();
  auto r = w.run(people_csv(2));
  REQUIRE(r.ok());
  Importer importer(*w.dir);
  w.clock->advance(std::chrono::hours{24 * 7} - std::chrono::seconds{1});
  CHECK(*importer.purge_expired_credentials(w.org.id) == 0);
  CHECK(stored_parts(w, r->job_id) == 1);
  w.clock->advance(std::chrono::seconds{1});
  auto late = importer.take_credentials(w.admin_actor(), r->job_id);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == Errc::expired);
  CHECK(late.error().message.find("expired unclaimed after 7 days") != std::string::npos);
  CHECK(*w.inner->purge_sealed_credentials(w.org.id, w.clock->now()) == 0);  // the take purged them
}

TEST_CASE("each import purges the organization's expired credentials first") {
  auto w = make_import_world();
  Organization org = w.org;
  org.settings.credentials_ttl = std::chrono::hours{2};
  REQUIRE(w.dir->update_organization(w.admin_actor(), org).ok());
  auto first = w.run(people_csv(2));
  REQUIRE(first.ok());
  w.clock->advance(std::chrono::hours{3});
  auto second = w.run(people_csv(2, 10));
  REQUIRE(second.ok());
  CHECK(stored_parts(w, first->job_id) == 0);
  CHECK(stored_parts(w, second->job_id) == 1);
  org.settings.credentials_ttl = std::chrono::minutes{5};
  CHECK(w.dir->update_organization(w.admin_actor(), org).error().detail_code == "org.credentials_ttl");
}

TEST_CASE("only the importer, or an importer of equal or higher rank, may take an import's credentials") {
  auto w = make_import_world();
  const User manager = member(w, "manager@acme.example", "Manager");
  const User manager2 = member(w, "manager2@acme.example", "Manager");
  const User super_user = member(w, "super@acme.example", "Super User");
  Importer importer(*w.dir);

  // An Admin's import: a Manager (lower rank) cannot have it, and the refusal
  // leaves the sealed copy for the Admin.
  auto admins = w.run(people_csv(2));
  REQUIRE(admins.ok());
  auto denied = importer.take_credentials({w.org.id, manager.id}, admins->job_id);
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().code == Errc::permission_denied);
  CHECK(importer.discard_credentials({w.org.id, manager.id}, admins->job_id).error().code ==
        Errc::permission_denied);
  CHECK(stored_parts(w, admins->job_id) == 1);
  CHECK(importer.take_credentials(w.admin_actor(), admins->job_id).ok());
  // Once handed out, a lower rank still learns nothing but the refusal.
  CHECK(importer.take_credentials({w.org.id, manager.id}, admins->job_id).error().code ==
        Errc::permission_denied);

  // A Manager's import: another Manager (same rank) and the Admin may, a
  // Super User (no import_users) may not.
  auto managers = importer.run({w.org.id, manager.id}, people_csv(2, 20), "m.csv", {});
  REQUIRE(managers.ok());
  REQUIRE(managers->committed);
  CHECK(importer.take_credentials({w.org.id, super_user.id}, managers->job_id).error().code ==
        Errc::permission_denied);
  auto by_peer = importer.take_credentials({w.org.id, manager2.id}, managers->job_id);
  REQUIRE(by_peer.ok());
  CHECK(listed(*by_peer) == listed(managers->credentials));
  CHECK(importer.take_credentials({w.org.id, "nobody"}, managers->job_id).error().code ==
        Errc::permission_denied);
  CHECK(importer.take_credentials(w.admin_actor(), "no-such-job").error().code == Errc::not_found);
}

TEST_CASE("handing out credentials is audited without the secrets") {
  auto w = make_import_world();
  auto r = w.run(people_csv(2));
  REQUIRE(r.ok());
  auto taken = Importer(*w.dir).take_credentials(w.admin_actor(), r->job_id);
  REQUIRE(taken.ok());
  auto log = w.dir->audit_log(w.admin_actor(), 5);
  REQUIRE(log.ok());
  REQUIRE_FALSE(log->empty());
  const AuditEvent& ev = log->front();
  CHECK(ev.action == "import.credentials_handed_out");
  CHECK(ev.target == r->job_id);
  CHECK(ev.details.find("\"count\":2") != std::string::npos);
  for (std::size_t i = 0; i < taken->size(); ++i)
    CHECK(ev.details.find(std::string(taken->view(i).password)) == std::string::npos);
}

TEST_CASE("credentials sealed under another master key are refused, not handed out") {
  auto w = make_import_world(on("sqlite"));
  auto r = w.run(people_csv(2));
  REQUIRE(r.ok());
  Directory other(w.faulty, Keyring::generate(), w.clock);
  auto taken = Importer(other).take_credentials(w.admin_actor(), r->job_id);
  REQUIRE_FALSE(taken.ok());
  CHECK(taken.error().code == Errc::internal);
  CHECK(stored_parts(w, r->job_id) == 1);  // still there for the right key
}

TEST_CASE("a sealed part opens to the same credentials, and an altered one is refused") {
  const Keyring keyring = std::move(Keyring::from_bytes(kMasterKey)).value();
  CredentialList list;
  list.add(2, "a@x.com", "", "Ann", "pw-one-abcdefghijklmn", "");
  list.add(1048577, "", "bob", std::string(10000, 'n'), "", "1234 5678");  // a big row number, a 10 KB name
  list.add(3, "c@x.com", "c", "Cé\0x", std::string("p\0w", 3), "");        // bytes as they are
  const std::string sealed = import_detail::seal_credentials(keyring, list, 0, list.size());
  CredentialList back;
  REQUIRE(import_detail::unseal_credentials(keyring, sealed, back).ok());
  CHECK(listed(back) == listed(list));
  CHECK(back[1].display_name.size() == 10000);
  CHECK(back[1].username == "bob");
  // Only a range: the entries asked for.
  CredentialList middle;
  REQUIRE(
      import_detail::unseal_credentials(keyring, import_detail::seal_credentials(keyring, list, 1, 2), middle)
          .ok());
  REQUIRE(middle.size() == 1);
  CHECK(middle[0].row == 1048577);
  std::string altered = sealed;
  altered[altered.size() / 2] ^= 1;
  CredentialList none;
  CHECK(import_detail::unseal_credentials(keyring, altered, none).error().code == Errc::internal);
  CHECK(none.empty());
}

}  // namespace onboard::test
