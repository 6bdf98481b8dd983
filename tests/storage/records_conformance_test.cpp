// Conformance: throttle counters, outbox, audit, import jobs, transactions
// and organization sealing, against every backend.
#include <stdexcept>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::seconds;

TEST_CASE_TEMPLATE("a throttle counter is absent, then stored, then replaced", B, ONB_BACKENDS) {
  World w(B::make());
  CHECK(w.store->get_throttle(w.org.id, "source:1.2.3.4").error().code == Errc::not_found);
  ThrottleCounter c{w.org.id, "source:1.2.3.4", 3, w.clock.now(), std::nullopt};
  REQUIRE(w.store->put_throttle(c).ok());
  auto got = w.store->get_throttle(w.org.id, "source:1.2.3.4");
  REQUIRE(got.ok());
  CHECK(got->failures == 3);
  CHECK(got->window_start == w.clock.now());
  CHECK_FALSE(got->locked_until.has_value());

  c.failures = 100;
  c.locked_until = w.clock.now() + std::chrono::hours{1};
  REQUIRE(w.store->put_throttle(c).ok());
  got = w.store->get_throttle(w.org.id, "source:1.2.3.4");
  CHECK(got->failures == 100);
  CHECK(got->locked_until == c.locked_until);
  CHECK(w.store->get_throttle(w.org.id, "org").error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("messages are listed oldest first and by state", B, ONB_BACKENDS) {
  World w(B::make());
  std::vector<OutboxMessage> batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(w.message("m" + std::to_string(i) + "@x.com"));
    w.clock.advance(seconds{1});
  }
  // Enqueued out of order: the list still comes back oldest first.
  std::vector<OutboxMessage> shuffled = {batch[2], batch[0], batch[1]};
  REQUIRE(w.store->enqueue_messages(shuffled).ok());

  auto all = w.store->list_messages(w.org.id, std::nullopt, 0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  for (int i = 0; i < 3; ++i)
    CHECK(all->at(static_cast<std::size_t>(i)).id == batch[static_cast<std::size_t>(i)].id);
  CHECK(all->at(0).secret_sealed == fake_hash('s'));
  CHECK(all->at(0).body == "Open {secret}");
  CHECK(w.store->list_messages(w.org.id, std::nullopt, 2)->size() == 2);
  CHECK(w.store->list_messages(w.org.id, OutboxState::queued, 0)->size() == 3);
  CHECK(w.store->list_messages(w.org.id, OutboxState::sent, 0)->empty());
  CHECK(w.store->enqueue_messages(std::vector<OutboxMessage>{batch[0]}).error().code == Errc::already_exists);
}

TEST_CASE_TEMPLATE("a claimed message is not claimed again until its claim lapses", B, ONB_BACKENDS) {
  World w(B::make());
  std::vector<OutboxMessage> batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(w.message("m" + std::to_string(i) + "@x.com"));
    w.clock.advance(seconds{1});
  }
  REQUIRE(w.store->enqueue_messages(batch).ok());
  const Timestamp now = w.clock.now();

  auto first = w.store->claim_messages(w.org.id, 2, now, now + seconds{60});
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  CHECK(first->at(0).id == batch[0].id);
  CHECK(first->at(1).id == batch[1].id);
  CHECK(first->at(0).state == OutboxState::claimed);
  CHECK(first->at(0).attempts == 1);
  CHECK(first->at(0).claimed_until == now + seconds{60});

  auto second = w.store->claim_messages(w.org.id, 10, now + seconds{59}, now + seconds{120});
  REQUIRE(second.ok());
  REQUIRE(second->size() == 1);
  CHECK(second->at(0).id == batch[2].id);

  auto lapsed = w.store->claim_messages(w.org.id, 10, now + seconds{60}, now + seconds{180});
  REQUIRE(lapsed.ok());
  REQUIRE(lapsed->size() == 2);
  CHECK(lapsed->at(0).id == batch[0].id);
  CHECK(lapsed->at(0).attempts == 2);
  CHECK(w.store->list_messages(w.org.id, OutboxState::claimed, 0)->size() == 3);
}

TEST_CASE_TEMPLATE("an acknowledged message is sent and is never claimed or acknowledged again", B,
                   ONB_BACKENDS) {
  World w(B::make());
  OutboxMessage m = w.message("a@x.com");
  REQUIRE(w.store->enqueue_messages(std::vector<OutboxMessage>{m}).ok());
  CHECK_FALSE(*w.store->ack_message(w.org.id, m.id, w.clock.now()));  // queued, not claimed
  const Timestamp now = w.clock.now();
  REQUIRE(w.store->claim_messages(w.org.id, 1, now, now + seconds{30})->size() == 1);
  CHECK(*w.store->ack_message(w.org.id, m.id, now + seconds{5}));
  CHECK_FALSE(*w.store->ack_message(w.org.id, m.id, now + seconds{6}));
  auto sent = w.store->list_messages(w.org.id, OutboxState::sent, 0);
  REQUIRE(sent->size() == 1);
  CHECK(sent->at(0).sent_at == now + seconds{5});
  CHECK(w.store->claim_messages(w.org.id, 10, now + seconds{3600}, now + seconds{4000})->empty());
}

TEST_CASE_TEMPLATE("audit events are listed newest first", B, ONB_BACKENDS) {
  World w(B::make());
  std::vector<AuditEvent> events;
  for (int i = 0; i < 4; ++i) {
    events.push_back(w.event("action." + std::to_string(i)));
    w.clock.advance(seconds{10});
  }
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{events[0], events[1]}).ok());
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{events[2], events[3]}).ok());
  auto all = w.store->list_audit(w.org.id, 0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 4);
  CHECK(all->at(0).action == "action.3");
  CHECK(all->at(3).action == "action.0");
  CHECK(all->at(0).details == R"({"n":1})");
  auto latest = w.store->list_audit(w.org.id, 2);
  REQUIRE(latest->size() == 2);
  CHECK(latest->at(1).action == "action.2");
}

TEST_CASE_TEMPLATE("import jobs are stored and listed newest first", B, ONB_BACKENDS) {
  World w(B::make());
  auto job = [&](const std::string& file) {
    ImportJob j;
    j.id = new_id(w.clock);
    j.org_id = w.org.id;
    j.actor = "admin";
    j.file_name = file;
    j.file_digest = std::string(64, 'f');
    j.started_at = w.clock.now();
    j.finished_at = w.clock.now() + seconds{3};
    j.rows = 10;
    j.created = 7;
    j.updated = 1;
    j.skipped = 1;
    j.errors = 1;
    j.committed = true;
    j.report = R"({"ok":true})";
    w.clock.advance(seconds{60});
    return j;
  };
  ImportJob older = job("a.csv");
  ImportJob newer = job("b.xlsx");
  REQUIRE(w.store->insert_import_job(older).ok());
  REQUIRE(w.store->insert_import_job(newer).ok());
  CHECK(w.store->insert_import_job(newer).error().code == Errc::already_exists);
  auto jobs = w.store->list_import_jobs(w.org.id);
  REQUIRE(jobs.ok());
  REQUIRE(jobs->size() == 2);
  const ImportJob& j = jobs->at(0);
  CHECK(j.file_name == "b.xlsx");
  CHECK(j.started_at == newer.started_at);
  CHECK(j.finished_at == newer.finished_at);
  CHECK((j.rows == 10 && j.created == 7 && j.updated == 1 && j.skipped == 1 && j.errors == 1));
  CHECK(j.committed);
  CHECK(j.report == R"({"ok":true})");
  CHECK(j.file_digest == newer.file_digest);
}

TEST_CASE_TEMPLATE("a transaction that returns an error leaves nothing behind", B, ONB_BACKENDS) {
  World w(B::make());
  Invitation i = w.add_invitation("a@x.com", 'a');
  auto r = w.store->transaction([&]() -> Result<void> {
    ONB_TRY(w.store->insert_users(one(w.user("new@x.com"))));
    ONB_TRY(w.store->consume_invitation(w.org.id, i.id, fake_hash('a'), w.clock.now(), "u"));
    ONB_TRY(w.store->append_audit(std::vector<AuditEvent>{w.event("x")}));
    return Error{Errc::invalid_input, "Stop here."};
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "Stop here.");
  CHECK(w.seated() == 0);
  CHECK(w.store->get_invitation(w.org.id, i.id)->state == InvitationState::pending);
  CHECK(w.store->list_audit(w.org.id, 0)->empty());
  // The store is still usable afterwards.
  CHECK(w.store->insert_users(one(w.user("new@x.com"))).ok());
}

TEST_CASE_TEMPLATE("a transaction that throws leaves nothing and the exception reaches the caller", B,
                   ONB_BACKENDS) {
  World w(B::make());
  CHECK_THROWS_AS((void)w.store->transaction([&]() -> Result<void> {
    REQUIRE(w.store->insert_users(one(w.user("new@x.com"))).ok());
    throw std::runtime_error("boom");
  }),
                  std::runtime_error);
  CHECK(w.seated() == 0);
  CHECK(w.store->transaction([&]() -> Result<void> { return w.store->insert_users(one(w.user("n@x.com"))); })
            .ok());
  CHECK(w.seated() == 1);
}

TEST_CASE_TEMPLATE("a committed transaction keeps all its writes", B, ONB_BACKENDS) {
  World w(B::make());
  auto r = w.store->transaction([&]() -> Result<void> {
    ONB_TRY(w.store->insert_users(one(w.user("a@x.com"))));
    ONB_TRY(w.store->insert_users(one(w.user("b@x.com"))));
    ONB_ASSIGN(auto n, w.store->count_seated_users(w.org.id));  // reads see the transaction's own writes
    if (n != 2) return Error{Errc::internal, "Reads inside a transaction miss its writes."};
    return success();
  });
  CHECK(r.ok());
  CHECK(w.seated() == 2);
}

TEST_CASE_TEMPLATE("nested transactions join the outer one", B, ONB_BACKENDS) {
  World w(B::make());
  SUBCASE("the outer failure undoes the inner success") {
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->transaction(
          [&]() -> Result<void> { return w.store->insert_users(one(w.user("in@x.com"))); }));
      return Error{Errc::invalid_input, "Outer fails."};
    });
    CHECK_FALSE(r.ok());
    CHECK(w.seated() == 0);
  }
  SUBCASE("an inner failure the outer survives undoes only the inner writes") {
    auto r = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("outer@x.com"))));
      auto inner = w.store->transaction([&]() -> Result<void> {
        ONB_TRY(w.store->insert_users(one(w.user("inner@x.com"))));
        return Error{Errc::invalid_input, "Inner fails."};
      });
      CHECK_FALSE(inner.ok());
      return success();
    });
    CHECK(r.ok());
    CHECK(w.seated() == 1);
    CHECK(w.store->find_users(w.org.id, UserKeyField::email_key, std::vector<std::string>{"outer@x.com"})
              ->size() == 1);
  }
}

TEST_CASE_TEMPLATE("one organization's records are invisible through another's id", B, ONB_BACKENDS) {
  World w(B::make());
  const Organization other = w.add_org("Other");
  const std::string& B_id = other.id;

  User u = w.user("a@x.com");
  u.username_key = "ann";
  u.external_id = "E1";
  u.status = UserStatus::pending_activation;
  u.activation_key_hash = fake_hash('k');
  u.registered_via = "key-1";
  REQUIRE(w.store->insert_users(one(u)).ok());
  Invitation inv = w.add_invitation("a@x.com", 'i');
  RegistrationKey key = w.key('r');
  REQUIRE(w.store->insert_registration_key(key).ok());
  SignupLink link = w.link('l');
  REQUIRE(w.store->insert_signup_link(link).ok());
  REQUIRE(w.store->put_throttle(ThrottleCounter{w.org.id, "org", 1, w.clock.now(), std::nullopt}).ok());
  OutboxMessage m = w.message("a@x.com");
  REQUIRE(w.store->enqueue_messages(std::vector<OutboxMessage>{m}).ok());
  REQUIRE(w.store->append_audit(std::vector<AuditEvent>{w.event("x")}).ok());
  ImportJob job;
  job.id = new_id(w.clock);
  job.org_id = w.org.id;
  REQUIRE(w.store->insert_import_job(job).ok());

  const Timestamp now = w.clock.now();
  CHECK(w.store->get_user(B_id, u.id).error().code == Errc::not_found);
  for (auto [field, value] : {std::pair{UserKeyField::email_key, u.email_key},
                              std::pair{UserKeyField::username_key, u.username_key},
                              std::pair{UserKeyField::external_id, u.external_id},
                              std::pair{UserKeyField::activation_key_hash, u.activation_key_hash}})
    CHECK(w.store->find_users(B_id, field, std::vector<std::string>{value})->empty());
  UserFilter all;
  all.include_deleted = true;
  CHECK(w.store->list_users(B_id, all)->empty());
  CHECK(*w.store->count_seated_users(B_id) == 0);
  User moved = u;
  moved.org_id = B_id;
  CHECK(w.store->update_users(one(moved)).error().code == Errc::not_found);
  CHECK_FALSE(*w.store->activate_user(moved, fake_hash('k')));

  CHECK(w.store->get_invitation(B_id, inv.id).error().code == Errc::not_found);
  CHECK(w.store->find_invitation_by_token_hash(B_id, inv.token_hash).error().code == Errc::not_found);
  CHECK(w.store->list_invitations(B_id)->empty());
  CHECK(w.store->find_pending_invitations(B_id, std::vector<std::string>{"a@x.com"})->empty());
  CHECK_FALSE(*w.store->consume_invitation(B_id, inv.id, inv.token_hash, now, "u"));
  Invitation inv_b = inv;
  inv_b.org_id = B_id;
  CHECK(w.store->update_invitation(inv_b).error().code == Errc::not_found);

  CHECK(w.store->get_registration_key(B_id, key.id).error().code == Errc::not_found);
  CHECK(w.store->find_registration_key_by_hash(B_id, key.key_hash).error().code == Errc::not_found);
  CHECK(w.store->list_registration_keys(B_id)->empty());
  CHECK_FALSE(*w.store->use_registration_key(B_id, key.id, now));
  RegistrationKey key_b = key;
  key_b.org_id = B_id;
  CHECK(w.store->update_registration_key(key_b).error().code == Errc::not_found);

  CHECK(w.store->get_signup_link(B_id, link.id).error().code == Errc::not_found);
  CHECK(w.store->find_signup_link_by_hash(B_id, link.token_hash).error().code == Errc::not_found);
  CHECK(w.store->list_signup_links(B_id)->empty());
  CHECK_FALSE(*w.store->use_signup_link(B_id, link.id, now));
  SignupLink link_b = link;
  link_b.org_id = B_id;
  CHECK(w.store->update_signup_link(link_b).error().code == Errc::not_found);

  CHECK(w.store->get_throttle(B_id, "org").error().code == Errc::not_found);
  CHECK(w.store->list_messages(B_id, std::nullopt, 0)->empty());
  CHECK(w.store->claim_messages(B_id, 10, now, now + seconds{60})->empty());
  REQUIRE(w.store->claim_messages(w.org.id, 10, now, now + seconds{60})->size() == 1);
  CHECK_FALSE(*w.store->ack_message(B_id, m.id, now));
  CHECK(w.store->list_audit(B_id, 0)->empty());
  CHECK(w.store->list_import_jobs(B_id)->empty());

  // Nothing of A changed through B's calls, and B may reuse A's unique values.
  CHECK(w.store->get_invitation(w.org.id, inv.id)->state == InvitationState::pending);
  CHECK(w.store->get_registration_key(w.org.id, key.id)->use_count == 0);
  CHECK(w.store->get_user(w.org.id, u.id)->status == UserStatus::pending_activation);
  User twin = w.user("a@x.com", B_id);
  twin.username_key = "ann";
  twin.external_id = "E1";
  twin.activation_key_hash = fake_hash('k');
  CHECK(w.store->insert_users(one(twin)).ok());
  CHECK(w.store->insert_invitation(w.invitation("a@x.com", 'i', B_id)).ok());
}
