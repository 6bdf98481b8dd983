#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_records.hpp"

#include "storage/organization_codec.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

Error damaged(std::string_view what) {
  return Error{Errc::storage, "A stored " + std::string(what) + " is damaged."};
}

}  // namespace

Params org_params(const Organization& o) {
  Params p;
  p.text(o.id).text(o.name).text(o.base_url).text(o.time_zone).integer(o.seat_limit);
  p.text(o.default_office).json(encode_organization_details(o)).time(o.created_at);
  return p;
}

Result<Organization> read_org(const Row& r) {
  Organization o;
  o.id = r.text(0);
  o.name = r.text(1);
  o.base_url = r.text(2);
  o.time_zone = r.text(3);
  o.seat_limit = r.opt_integer(4);
  o.default_office = r.text(5);
  ONB_TRY(decode_organization_details(r.json(6), o));
  o.created_at = r.time(7);
  return o;
}

Params user_params(const User& u) {
  Params p;
  p.text(u.org_id).text(u.id).text(u.email).text(u.email_key).text(u.username).text(u.username_key);
  p.text(u.first_name).text(u.last_name).text(u.display_name).boolean(u.name_locked).text(u.role);
  p.text(u.office).json(encode_string_list(u.teams)).text(u.external_id);
  p.json(encode_string_map(u.attributes)).text(to_string(u.status)).boolean(u.must_change_password);
  p.text(u.password_hash).bytes(u.activation_key_hash).bytes(u.activation_key_sealed);
  p.text(u.registered_via).time(u.created_at).time(u.activated_at).text(to_string(u.source));
  p.text(u.created_by);
  return p;
}

Result<User> read_user(const Row& r) {
  User u;
  u.org_id = r.text(0);
  u.id = r.text(1);
  u.email = r.text(2);
  u.email_key = r.text(3);
  u.username = r.text(4);
  u.username_key = r.text(5);
  u.first_name = r.text(6);
  u.last_name = r.text(7);
  u.display_name = r.text(8);
  u.name_locked = r.boolean(9);
  u.role = r.text(10);
  u.office = r.text(11);
  ONB_ASSIGN(u.teams, decode_string_list(r.json(12)));
  u.external_id = r.text(13);
  ONB_ASSIGN(u.attributes, decode_string_map(r.json(14)));
  auto status = parse_user_status(r.text(15));
  if (!status) return damaged("user status");
  u.status = *status;
  u.must_change_password = r.boolean(16);
  u.password_hash = r.text(17);
  u.activation_key_hash = r.bytes(18);
  u.activation_key_sealed = r.bytes(19);
  u.registered_via = r.text(20);
  u.created_at = r.time(21);
  u.activated_at = r.opt_time(22);
  auto source = parse_user_source(r.text(23));
  if (!source) return damaged("user source");
  u.source = *source;
  u.created_by = r.text(24);
  return u;
}

Params invitation_params(const Invitation& i) {
  Params p;
  p.text(i.org_id).text(i.id).text(i.email).text(i.email_key).text(i.role).text(i.team).text(i.office);
  p.text(i.invited_by).bytes(i.token_hash).bytes(i.token_sealed).time(i.created_at).time(i.expires_at);
  p.text(to_string(i.state)).integer(i.resend_count).time(i.accepted_at).text(i.accepted_user_id);
  return p;
}

Result<Invitation> read_invitation(const Row& r) {
  Invitation i;
  i.org_id = r.text(0);
  i.id = r.text(1);
  i.email = r.text(2);
  i.email_key = r.text(3);
  i.role = r.text(4);
  i.team = r.text(5);
  i.office = r.text(6);
  i.invited_by = r.text(7);
  i.token_hash = r.bytes(8);
  i.token_sealed = r.bytes(9);
  i.created_at = r.time(10);
  i.expires_at = r.time(11);
  auto state = parse_invitation_state(r.text(12));
  if (!state) return damaged("invitation state");
  i.state = *state;
  i.resend_count = static_cast<int>(r.integer(13));
  i.accepted_at = r.opt_time(14);
  i.accepted_user_id = r.text(15);
  return i;
}

Params key_params(const RegistrationKey& k) {
  Params p;
  p.text(k.org_id).text(k.id).text(k.label).bytes(k.key_hash).bytes(k.key_sealed).text(k.role);
  p.text(k.team).text(k.office).time(k.valid_until).integer(k.max_uses).integer(k.use_count);
  p.boolean(k.revoked).text(k.created_by).time(k.created_at);
  return p;
}

Result<RegistrationKey> read_key(const Row& r) {
  RegistrationKey k;
  k.org_id = r.text(0);
  k.id = r.text(1);
  k.label = r.text(2);
  k.key_hash = r.bytes(3);
  k.key_sealed = r.bytes(4);
  k.role = r.text(5);
  k.team = r.text(6);
  k.office = r.text(7);
  k.valid_until = r.opt_time(8);
  k.max_uses = r.opt_integer(9);
  k.use_count = r.integer(10);
  k.revoked = r.boolean(11);
  k.created_by = r.text(12);
  k.created_at = r.time(13);
  return k;
}

Params link_params(const SignupLink& l) {
  Params p;
  p.text(l.org_id).text(l.id).text(l.label).bytes(l.token_hash).bytes(l.token_sealed).text(l.role);
  p.text(l.team).text(l.office).time(l.expires_at).integer(l.max_uses).integer(l.use_count);
  p.json(encode_string_list(l.allowed_domains)).boolean(l.enabled).text(l.created_by).time(l.created_at);
  return p;
}

Result<SignupLink> read_link(const Row& r) {
  SignupLink l;
  l.org_id = r.text(0);
  l.id = r.text(1);
  l.label = r.text(2);
  l.token_hash = r.bytes(3);
  l.token_sealed = r.bytes(4);
  l.role = r.text(5);
  l.team = r.text(6);
  l.office = r.text(7);
  l.expires_at = r.opt_time(8);
  l.max_uses = r.opt_integer(9);
  l.use_count = r.integer(10);
  ONB_ASSIGN(l.allowed_domains, decode_string_list(r.json(11)));
  l.enabled = r.boolean(12);
  l.created_by = r.text(13);
  l.created_at = r.time(14);
  return l;
}

Params throttle_params(const ThrottleCounter& c) {
  Params p;
  p.text(c.org_id).text(c.scope).integer(c.failures).time(c.window_start).time(c.locked_until);
  return p;
}

Result<ThrottleCounter> read_throttle(const Row& r) {
  ThrottleCounter t;
  t.org_id = r.text(0);
  t.scope = r.text(1);
  t.failures = r.integer(2);
  t.window_start = r.time(3);
  t.locked_until = r.opt_time(4);
  return t;
}

Params message_params(const OutboxMessage& m) {
  Params p;
  p.text(m.org_id).text(m.id).text(m.kind).text(m.recipient).text(m.subject).text(m.body);
  p.bytes(m.secret_sealed).time(m.created_at).text(to_string(m.state)).time(m.claimed_until);
  p.integer(m.attempts).time(m.sent_at);
  return p;
}

Result<OutboxMessage> read_message(const Row& r) {
  OutboxMessage m;
  m.org_id = r.text(0);
  m.id = r.text(1);
  m.kind = r.text(2);
  m.recipient = r.text(3);
  m.subject = r.text(4);
  m.body = r.text(5);
  m.secret_sealed = r.bytes(6);
  m.created_at = r.time(7);
  auto state = parse_outbox_state(r.text(8));
  if (!state) return damaged("message state");
  m.state = *state;
  m.claimed_until = r.opt_time(9);
  m.attempts = static_cast<int>(r.integer(10));
  m.sent_at = r.opt_time(11);
  return m;
}

Params audit_params(const AuditEvent& e) {
  Params p;
  p.text(e.org_id).text(e.id).text(e.actor).text(e.action).text(e.target).time(e.at).text(e.details);
  return p;
}

Result<AuditEvent> read_audit(const Row& r) {
  AuditEvent e;
  e.org_id = r.text(0);
  e.id = r.text(1);
  e.actor = r.text(2);
  e.action = r.text(3);
  e.target = r.text(4);
  e.at = r.time(5);
  e.details = r.text(6);
  return e;
}

Params job_params(const ImportJob& j) {
  Params p;
  p.text(j.org_id).text(j.id).text(j.actor).text(j.file_name).text(j.file_digest).time(j.started_at);
  p.time(j.finished_at).integer(j.rows).integer(j.created).integer(j.updated).integer(j.skipped);
  p.integer(j.errors).boolean(j.committed).text(j.report);
  return p;
}

Result<ImportJob> read_job(const Row& r) {
  ImportJob j;
  j.org_id = r.text(0);
  j.id = r.text(1);
  j.actor = r.text(2);
  j.file_name = r.text(3);
  j.file_digest = r.text(4);
  j.started_at = r.time(5);
  j.finished_at = r.time(6);
  j.rows = r.integer(7);
  j.created = r.integer(8);
  j.updated = r.integer(9);
  j.skipped = r.integer(10);
  j.errors = r.integer(11);
  j.committed = r.boolean(12);
  j.report = r.text(13);
  return j;
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
