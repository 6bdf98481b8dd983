// The import pipeline's promises: all or nothing, conflicts, updates, limits,
// seats, cancellation and storage faults.
#include <algorithm>

#include "import_test_fixture.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard::test {
namespace {

struct Counts {
  std::size_t users, outbox, audit, jobs;
  bool operator==(const Counts&) const = default;
};

Counts counts(ImportWorld& w) {
  auto outbox = w.inner->list_messages(w.org.id, std::nullopt, 0);
  auto audit = w.inner->list_audit(w.org.id, 1'000'000);
  auto jobs = w.inner->list_import_jobs(w.org.id);
  REQUIRE(outbox.ok());
  REQUIRE(audit.ok());
  REQUIRE(jobs.ok());
  UserFilter all;
  all.include_deleted = true;
  auto users = w.inner->list_users(w.org.id, all);
  REQUIRE(users.ok());
  return {users->size(), outbox->size(), audit->size(), jobs->size()};
}

ImportWorldSpec sqlite_spec() {
  ImportWorldSpec spec;
  spec.backend = "sqlite";
  return spec;
}

ImportWorldSpec seats_spec(std::int64_t seats) {
  ImportWorldSpec spec;
  spec.seats = seats;
  return spec;
}

const char* kMixed =
    "Full Name,Email,Role,Office,Team\n"
    "Grace Hopper,grace@example.com,Manager,HQ,Sales\n"
    "Bad Email,not-an-address,User,HQ,\n"
    "Alan Turing,alan@example.com,Overlord,Londn,Sales\n"
    "Edsger Dijkstra,edsger@example.com,,,\n";

}  // namespace

TEST_CASE("one bad row means nothing is written, and every problem is reported at once") {
  auto w = make_import_world();
  const Counts before = counts(w);
  auto r = w.run(kMixed);
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  CHECK(r->rows == 4);
  CHECK(r->valid == 2);
  CHECK(r->error_rows == 2);
  CHECK(r->created == 0);
  CHECK(r->credentials.empty());
  CHECK(codes(*r) == "3:Email:email.invalid 4:Role:role.unknown 4:Office:office.unknown ");
  CHECK(r->errors[2].message.find("did you mean \"London\"") != std::string::npos);
  CHECK(counts(w) == before);
}

TEST_CASE("valid-rows mode writes the good rows and reports the bad ones") {
  auto w = make_import_world();
  ImportOptions options;
  options.mode = CommitMode::valid_rows;
  auto r = w.run(kMixed, options);
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(r->created == 2);
  CHECK(r->error_rows == 2);
  CHECK(w.user_by_email("grace@example.com").role == "Manager");
  CHECK(w.user_by_email("edsger@example.com").role == "User");
  CHECK_FALSE(w.dir->find_user_by_email(w.org.id, "alan@example.com").ok());
}

TEST_CASE("preview plans every row and writes nothing") {
  auto w = make_import_world();
  const Counts before = counts(w);
  auto r = w.preview(people_csv(3));
  REQUIRE(r.ok());
  CHECK(r->dry_run);
  CHECK_FALSE(r->committed);
  CHECK(r->created == 3);
  REQUIRE(r->plan.size() == 3);
  CHECK(r->plan[0].action == RowAction::create);
  CHECK(r->plan[0].row == 2);
  CHECK(counts(w) == before);
}

TEST_CASE("duplicates inside the file name the row they repeat") {
  auto w = make_import_world();
  auto r = w.preview(
      "Name,Email,Username,Employee ID\n"
      "A One,a@example.com,aone,E1\n"
      "B Two,b@example.com,btwo,E2\n"
      "A Again,A@Example.COM,BTWO,E1\n");
  REQUIRE(r.ok());
  CHECK(codes(*r) ==
        "4:Email:duplicate.email 4:Username:duplicate.username 4:Employee ID:duplicate.external_id ");
  CHECK(r->errors[0].message.find("row 2") != std::string::npos);
  CHECK(r->errors[1].message.find("row 3") != std::string::npos);
}

TEST_CASE("importing the same file twice reports conflicts and writes nothing the second time") {
  auto w = make_import_world(sqlite_spec());
  const std::string file = people_csv(5);
  auto first = w.run(file);
  REQUIRE(first.ok());
  CHECK(first->created == 5);
  const Counts after_first = counts(w);

  auto second = w.run(file);
  REQUIRE(second.ok());
  CHECK_FALSE(second->committed);
  CHECK(second->conflicts == 5);
  CHECK(second->errors.size() == 5);
  CHECK(second->errors[0].code == "conflict.email");
  CHECK(counts(w) == after_first);

  ImportOptions skip;
  skip.existing = ExistingUsers::skip;
  auto third = w.run(file, skip);
  REQUIRE(third.ok());
  CHECK(third->committed);
  CHECK(third->skipped == 5);
  CHECK(third->created == 0);
  CHECK(counts(w) == after_first);

  ImportOptions update;
  update.existing = ExistingUsers::update;
  auto fourth = w.run(file, update);
  REQUIRE(fourth.ok());
  CHECK(fourth->updated == 0);
  CHECK(fourth->skipped == 5);  // nothing new
  CHECK(counts(w) == after_first);
}

TEST_CASE("update mode shows the field diff in the preview and applies it") {
  auto w = make_import_world();
  REQUIRE(w.run(people_csv(2)).ok());
  const std::string changed =
      "Full Name,Email,Role,Office,Team,Phone\r\n"
      "Person Number0,person0@example.com,Manager,London,Sales,+44 20 7946 0000\r\n"
      "Person Number1,person1@example.com,User,HQ,Sales,\r\n";
  ImportOptions update;
  update.existing = ExistingUsers::update;
  auto preview = w.preview(changed, update);
  REQUIRE(preview.ok());
  CHECK(preview->updated == 1);
  CHECK(preview->skipped == 1);
  REQUIRE(preview->plan.size() == 2);
  const PlannedRow& p = preview->plan[0];
  CHECK(p.action == RowAction::update);
  REQUIRE(p.changes.size() == 3);
  CHECK(p.changes[0].field == "role");
  CHECK(p.changes[0].before == "User");
  CHECK(p.changes[0].after == "Manager");
  CHECK(p.changes[1].field == "office");
  CHECK(p.changes[2].field == "attribute:Phone");
  CHECK(w.user_by_email("person0@example.com").role == "User");  // preview wrote nothing

  auto r = w.run(changed, update);
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(r->updated == 1);
  const User u = w.user_by_email("person0@example.com");
  CHECK(u.role == "Manager");
  CHECK(u.office == "London");
  CHECK(u.attributes.at("Phone") == "+44 20 7946 0000");
}

TEST_CASE("a pending invitation is a conflict") {
  auto w = make_import_world();
  REQUIRE(w.dir->invite(w.admin_actor(), {"person1@example.com", "", "", ""}).ok());
  auto r = w.preview(people_csv(2));
  REQUIRE(r.ok());
  CHECK(codes(*r) == "3:Email:conflict.invitation ");
  CHECK(r->conflicts == 1);
}

TEST_CASE("the seat limit refuses an import that would exceed it, saying by how many") {
  auto w = make_import_world(seats_spec(5));
  auto r = w.run(people_csv(6));  // the admin holds one seat
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].code == "limit.seats");
  CHECK(r->errors[0].message == "This would exceed your 5 seats by 2.");
  CHECK(w.users().size() == 1);
  CHECK(w.run(people_csv(4)).value().committed);
}

TEST_CASE("more rows than the limit are refused, and the limit can be raised per import") {
  auto w = make_import_world();
  auto r = w.run(people_csv(501));  // the default limit is 500 rows
  REQUIRE(r.ok());
  CHECK_FALSE(r->committed);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].code == "limit.rows");
  CHECK(r->rows == 500);  // reading stopped at the limit
  ImportOptions raised;
  raised.max_rows = 1000;
  CHECK(w.run(people_csv(501), raised).value().created == 501);
}

TEST_CASE("a 100 MB file is refused by the byte limit before it is read") {
  auto w = make_import_world();
  const std::string huge(100u << 20, 'x');
  auto r = w.preview(huge);
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors[0].code == "limit.bytes");
  CHECK(r->errors[0].message == "The file is 100 MiB; the limit is 10 MiB.");
  CHECK(r->format.empty());  // never opened
}

TEST_CASE("a file without a name or email column gets one clear error per missing column") {
  auto w = make_import_world();
  auto r = w.preview("Phone,Office\n123,HQ\n");
  REQUIRE(r.ok());
  CHECK(codes(*r) == "1::required.missing 1::required.missing ");
  CHECK(r->rows == 0);
}

TEST_CASE("unknown columns are attributes by default and errors with a suggestion on request") {
  auto w = make_import_world();
  const std::string file = "Full Name,Emial,Email,Shoe size\nA B,x,a@example.com,44\n";
  auto r = w.run(file);
  REQUIRE(r.ok());
  CHECK(r->committed);
  CHECK(w.user_by_email("a@example.com").attributes.at("Shoe size") == "44");
  ImportOptions strict;
  strict.unknown_columns = UnknownColumns::error;
  auto r2 = w.preview(file, strict);
  REQUIRE(r2.ok());
  CHECK(codes(*r2) == "1:Emial:header.unknown 1:Shoe size:header.unknown ");
  CHECK(r2->errors[0].message.find("did you mean \"Email\"") != std::string::npos);
}

TEST_CASE("explicit column overrides map and ignore headers") {
  auto w = make_import_world();
  ImportOptions options;
  options.column_overrides = {{"Kontakt", "email"}, {"Notiz", "ignore"}};
  auto r = w.run("Name,Kontakt,Notiz\nA B,a@example.com,secret note\n", options);
  REQUIRE(r.ok());
  CHECK_MESSAGE(r->committed, codes(*r));
  CHECK(w.user_by_email("a@example.com").attributes.empty());
}

TEST_CASE("one role for the whole file, never above the actor's own") {
  auto w = make_import_world();
  ImportOptions options;
  options.role = "manager";
  auto r = w.run(people_csv(2), options);
  REQUIRE(r.ok());
  CHECK(w.user_by_email("person0@example.com").role == "Manager");
  // A manager cannot import admins.
  const User manager = add_member_for_import(w);
  ImportOptions admins;
  admins.role = "Admin";
  auto refused = Importer(*w.dir).preview({w.org.id, manager.id}, people_csv(1, 10), "x.csv", admins);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::permission_denied);
}

TEST_CASE("generated passwords sign in once, then must be changed") {
  auto w = make_import_world();
  auto r = w.run(people_csv(1));
  REQUIRE(r.ok());
  REQUIRE(r->credentials.size() == 1);
  const Credential c = r->credentials[0];
  CHECK(c.password.size() >= min_generated_password_length);
  const User u = w.user_by_email("person0@example.com");
  CHECK(u.password_hash.rfind("blake2b-keyed$v2$", 0) == 0);
  auto auth = w.dir->authenticate(w.org.id, "person0@example.com", c.password);
  REQUIRE_FALSE(auth.ok());
  CHECK(auth.error().code == Errc::must_change_password);
}

TEST_CASE("notify with mail_passwords queues login details with the password sealed") {
  auto w = make_import_world();
  ImportOptions options;
  options.notify = true;
  options.mail_passwords = true;
  auto r = w.run(people_csv(2), options);
  REQUIRE(r.ok());
  auto claimed = w.dir->claim_outbox(w.org.id, 10);
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 2);
  for (const auto& m : *claimed) {
    CHECK(m.message.kind == "login_details");
    const Credential c = r->credentials[m.message.recipient == r->credentials[0].email ? 0 : 1];
    CHECK(m.message.recipient == c.email);
    CHECK(m.message.body.find(c.password) == std::string::npos);  // sealed at rest
    CHECK(m.body.find(c.password) != std::string::npos);
  }
}

TEST_CASE("an import records a job with the file digest and an audit event") {
  auto w = make_import_world();
  auto r = w.run(people_csv(2), {}, "team.csv");
  REQUIRE(r.ok());
  auto jobs = w.inner->list_import_jobs(w.org.id);
  REQUIRE(jobs.ok());
  REQUIRE(jobs->size() == 1);
  CHECK(jobs->front().file_name == "team.csv");
  CHECK(jobs->front().file_digest.size() == 64);
  CHECK(jobs->front().created == 2);
  CHECK(jobs->front().id == r->job_id);
  CHECK(jobs->front().report.find("password") == std::string::npos);
  auto audit = w.inner->list_audit(w.org.id, 1);
  REQUIRE(audit.ok());
  CHECK(audit->front().action == "users.imported");
}

TEST_CASE("cancelling from the progress callback writes nothing") {
  auto w = make_import_world(sqlite_spec());
  const Counts before = counts(w);
  ImportOptions options;
  options.max_rows = 20'000;
  int calls = 0;
  std::string last_stage;
  auto r = Importer(*w.dir).run(w.admin_actor(), people_csv(10'000), "x.csv", options,
                                [&](const ImportProgress& p) {
                                  ++calls;
                                  last_stage = std::string(p.stage);
                                  CHECK(p.bytes_done <= p.bytes_total);
                                  return p.stage != "writing";  // stop once writing began
                                });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::cancelled);
  CHECK(last_stage == "writing");
  CHECK(calls >= 2);
  CHECK(counts(w) == before);
}

TEST_CASE("a storage fault at any call leaves nothing behind") {
  auto w = make_import_world(sqlite_spec());
  const Counts before = counts(w);
  ImportOptions options;
  options.notify = true;
  options.max_rows = 20'000;
  const std::string file = people_csv(300);
  w.faulty->reset_calls();
  {
    auto probe = Importer(*w.dir).preview(w.admin_actor(), file, "x.csv", options);
    REQUIRE(probe.ok());
  }
  // A clean run makes a bounded number of calls; fail each one in turn.
  for (std::int64_t n = 1; n <= 16; ++n) {
    CAPTURE(n);
    w.faulty->fail_at(n);
    auto r = w.run(file, options);
    const bool faulted = w.faulty->faults() > 0;
    w.faulty->disarm();
    if (!faulted) {
      REQUIRE(r.ok());
      CHECK(r->created == 300);
      break;
    }
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::storage);
    CHECK(counts(w) == before);
    // faults() is cumulative: start a new decorator for the next round.
    auto fresh = std::make_shared<FaultyStorage>(w.inner);
    w.faulty = fresh;
    w.dir =
        std::make_unique<Directory>(w.faulty, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  }
}

}  // namespace onboard::test

namespace onboard::test {

// A problem with the file as a whole says why nothing can be written, so it
// is listed even when the listing of row problems is full or turned off,
// after the problems of the rows before it.
TEST_CASE("a file problem is listed past the listing limit, after the rows before it") {
  ImportWorld w = make_import_world();
  std::string csv = people_csv(6);
  csv += "Bad Row,not-an-address,User,HQ,Sales\r\n";
  for (std::size_t listed : {0u, 1u}) {
    ImportOptions o;
    o.max_rows = 5;
    o.max_listed_errors = listed;
    auto r = w.preview(csv, o);
    REQUIRE(r.ok());
    CAPTURE(listed);
    REQUIRE_FALSE(r->errors.empty());
    CHECK(r->errors.back().code == "limit.rows");
    CHECK(r->errors.size() == 1);
  }
  ImportOptions o;
  o.max_rows = 7;
  o.max_listed_errors = 0;
  auto r =
      w.preview("Full Name,Email,Role,Office,Team\r\nA B,a@example.com,User,HQ,Sales\r\n\"Never closed", o);
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors.front().code == "file.unclosed_quote");
}

}  // namespace onboard::test
