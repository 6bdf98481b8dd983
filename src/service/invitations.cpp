// Invite by email: invite, inspect, accept, resend, revoke, list.
#include <algorithm>

#include "onboard/core/id.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/email.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/password.hpp"
#include "onboard/secrets/token.hpp"
#include "service/mail_render.hpp"
#include "service/self_registration.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

OutboxMessage invitation_message(const Clock& clock, const Keyring& keyring, const Organization& org,
                                 const User& inviter, const Invitation& inv, const std::string& link) {
  // The token is the link's last segment: the code to paste when the link does not open.
  const std::string_view token = std::string_view(link).substr(link.rfind('/') + 1);
  // The language it was first sent in, whatever the organization's is now.
  const std::string locale = inv.locale.empty() ? org.settings.locale : inv.locale;
  const auto left = std::chrono::duration_cast<std::chrono::hours>(inv.expires_at - clock.now()).count();
  MailArgs args;
  args.set("org", org.name)
      .set("inviter", inviter.display_name)
      .set("role", inv.role)
      .set("expires", format_mail_time(inv.expires_at, org.time_zone, locale))
      .set("page", page_url(org, "invite"))
      .number("days", std::max<std::int64_t>(1, (left + 23) / 24));
  return make_mail(clock, keyring, org.id, "invitation", inv.email,
                   MailRenderer(org, locale, "invitation").render(args), token, link);
}

Error invitation_state_error(const Invitation& inv, Timestamp now) {
  switch (inv.status_at(now)) {
    case InvitationStatus::accepted:
      return {Errc::already_used, "This invitation has already been used.", "invitation.used"};
    case InvitationStatus::revoked:
      return {Errc::revoked, "This invitation was withdrawn; ask for a new one.", "invitation.revoked"};
    case InvitationStatus::expired:
      return {Errc::expired,
              "This invitation expired on " + format_iso8601(inv.expires_at) + "; ask for a new one.",
              "invitation.expired"};
    case InvitationStatus::pending: break;
  }
  return {Errc::internal, "The invitation is usable.", "invitation.pending"};
}

}  // namespace

Result<IssuedInvitation> Directory::issue_token(const Organization& org, Invitation inv) {
  IssuedInvitation issued;
  issued.token = generate_token();
  issued.link = make_link(org, "invite", issued.token);
  inv.token_hash = keyring_.hmac(KeyPurpose::invitation_token, issued.token);
  issued.invitation = std::move(inv);
  return issued;
}

Result<IssuedInvitation> Directory::invite(const Actor& actor, const InviteRequest& request) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::invite_users));
  ONB_ASSIGN(auto email, Email::parse(request.email));
  ONB_ASSIGN(auto role, grantable_role(ctx, request.role, GrantObject::invitation));
  ONB_ASSIGN(auto team, catalog_value(ctx.org.teams, request.team, "team", false, ""));
  ONB_ASSIGN(auto office,
             catalog_value(ctx.org.offices, request.office, "office", true, ctx.org.default_office));
  const auto now = clock_->now();

  Invitation inv;
  inv.id = new_id(*clock_);
  inv.org_id = ctx.org.id;
  inv.email = email.address();
  inv.email_key = email.key();
  inv.role = role.name;
  inv.team = team;
  inv.office = office;
  inv.invited_by = ctx.user.id;
  inv.created_at = now;
  inv.expires_at = now + ctx.org.settings.invitation_ttl;
  inv.locale = ctx.org.settings.locale;
  ONB_ASSIGN(auto issued, issue_token(ctx.org, std::move(inv)));

  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    const std::string keys[] = {email.key()};
    ONB_ASSIGN(auto members, storage_->find_users(ctx.org.id, UserKeyField::email_key, keys));
    if (!members.empty())
      return Error{Errc::already_exists, email.address() + " is already a member of " + ctx.org.name + ".",
                   "invitation.member"};
    ONB_ASSIGN(auto pending, storage_->find_pending_invitations(ctx.org.id, keys));
    for (auto& old : pending) {
      if (old.status_at(now) == InvitationStatus::pending)
        return Error{Errc::already_exists,
                     email.address() + " already has a pending invitation; resend it instead.",
                     "invitation.pending"};
      // An expired invitation is replaced by the new one: that revokes it
      // (and so ends the chance to resend it), which the rule for revoking governs.
      if (auto allowed = authorize_grant(ctx, GrantAction::revoke, GrantObject::invitation, old.role);
          !allowed) {
        Error refusal = std::move(allowed).error();
        refusal.message = email.address() + " has an expired invitation that a new one would replace, and y" +
                          refusal.message.substr(1);
        return refusal;
      }
      old.state = InvitationState::revoked;
      ONB_TRY(storage_->update_invitation(old));
    }
    ONB_TRY(check_seats(ctx.org, 1));
    ONB_TRY(storage_->insert_invitation(issued.invitation));
    const OutboxMessage msg[] = {
        invitation_message(*clock_, keyring_, ctx.org, ctx.user, issued.invitation, issued.link)};
    ONB_TRY(storage_->enqueue_messages(msg));
    const AuditEvent ev[] = {make_audit(*clock_, ctx.org.id, ctx.user.id, "invitation.created",
                                        issued.invitation.id,
                                        {{"email", issued.invitation.email},
                                         {"role", issued.invitation.role},
                                         {"expires_at", format_iso8601(issued.invitation.expires_at)}})};
    return storage_->append_audit(ev);
  }));
  return issued;
}

Result<Invitation> Directory::find_by_token(std::string_view org_id, std::string_view token,
                                            std::string& hash_out) {
  ONB_ASSIGN(auto clean, normalize_token(token));
  hash_out = keyring_.hmac(KeyPurpose::invitation_token, clean);
  auto inv = storage_->find_invitation_by_token_hash(org_id, hash_out);
  if (!inv && inv.error().code == Errc::not_found)
    return Error{
        Errc::not_found,
        "This invitation link is not valid; it may have been replaced by a newer one, so use the latest "
        "email.",
        "invitation.unknown"};
  return inv;
}

Result<Invitation> Directory::inspect_invitation(std::string_view org_id, std::string_view token) {
  std::string hash;
  ONB_ASSIGN(auto inv, find_by_token(org_id, token, hash));
  if (inv.status_at(clock_->now()) != InvitationStatus::pending)
    return invitation_state_error(inv, clock_->now());
  return inv;
}

Result<User> Directory::accept_invitation(std::string_view org_id, const AcceptRequest& request) {
  std::string hash;
  ONB_ASSIGN(auto inv, find_by_token(org_id, request.token, hash));
  if (inv.status_at(clock_->now()) != InvitationStatus::pending)
    return invitation_state_error(inv, clock_->now());
  ONB_ASSIGN(auto org, storage_->get_organization(org_id));
  // The person's own details meet the rules of every self-registration
  // (name, password); what they get comes from the invitation.
  const SelfRegistrationGrant grant{inv.role,           inv.office, inv.team,
                                    UserSource::invite, inv.id,     inv.invited_by};
  ONB_ASSIGN(auto user, self_registered_user(*clock_, org, inv.email, inv.email_key, request.name,
                                             request.password, grant));

  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    const auto now = clock_->now();  // expiry is judged at the moment of use
    user.created_at = now;
    user.activated_at = now;
    ONB_ASSIGN(bool consumed, storage_->consume_invitation(org.id, inv.id, hash, now, user.id));
    if (!consumed) {
      // Lost a race, or the state changed since it was read: report what it is now.
      ONB_ASSIGN(auto current, storage_->get_invitation(org.id, inv.id));
      if (current.token_hash != hash)
        return Error{Errc::not_found,
                     "This invitation link was replaced by a newer one; use the latest email.",
                     "invitation.unknown"};
      if (current.status_at(now) == InvitationStatus::pending)
        return Error{Errc::internal, "The invitation could not be used; try again.", "invitation.race"};
      return invitation_state_error(current, now);
    }
    // Checked after the consume, so that of two people racing for one link the
    // loser hears that it was used; a refusal here rolls the consume back.
    const std::string keys[] = {inv.email_key};
    ONB_ASSIGN(auto members, storage_->find_users(org.id, UserKeyField::email_key, keys));
    if (!members.empty())
      return Error{Errc::already_exists,
                   inv.email + " is already a member of " + org.name + "; sign in instead.",
                   "invitation.member"};
    ONB_TRY(check_seats(org, 1));
    ONB_TRY(storage_->insert_users(std::span<const User>(&user, 1)));
    const AuditEvent ev[] = {
        make_audit(*clock_, org.id, user.id, "invitation.accepted", inv.id, {{"user_id", user.id}}),
        make_audit(*clock_, org.id, user.id, "user.created", user.id,
                   {{"email", user.email}, {"role", user.role}, {"source", "invite"}})};
    return storage_->append_audit(ev);
  }));
  return user;
}

Result<IssuedInvitation> Directory::resend_invitation(const Actor& actor, std::string_view invitation_id) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::invite_users));
  const auto now = clock_->now();
  ONB_ASSIGN(auto inv, storage_->get_invitation(ctx.org.id, invitation_id));
  // Resending hands the caller the new link, so it is checked before anything else is said.
  ONB_TRY(authorize_grant(ctx, GrantAction::resend, GrantObject::invitation, inv.role));
  if (inv.state != InvitationState::pending) return invitation_state_error(inv, now);
  // An expired invitation held no seat; sent again, it holds one.
  const bool was_expired = inv.status_at(now) == InvitationStatus::expired;
  inv.expires_at = now + ctx.org.settings.invitation_ttl;
  inv.resend_count += 1;
  inv.expired_noted_at.reset();  // the new expiry is noted again when it comes
  ONB_ASSIGN(auto issued, issue_token(ctx.org, std::move(inv)));
  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    if (was_expired && ctx.org.settings.pending_hold_seats) ONB_TRY(check_seats(ctx.org, 1));
    ONB_TRY(storage_->update_invitation(issued.invitation));
    const OutboxMessage msg[] = {
        invitation_message(*clock_, keyring_, ctx.org, ctx.user, issued.invitation, issued.link)};
    ONB_TRY(storage_->enqueue_messages(msg));
    const AuditEvent ev[] = {make_audit(*clock_, ctx.org.id, ctx.user.id, "invitation.resent",
                                        issued.invitation.id,
                                        {{"resend_count", issued.invitation.resend_count},
                                         {"expires_at", format_iso8601(issued.invitation.expires_at)}})};
    return storage_->append_audit(ev);
  }));
  return issued;
}

Result<Invitation> Directory::revoke_invitation(const Actor& actor, std::string_view invitation_id) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::invite_users));
  ONB_ASSIGN(auto inv, storage_->get_invitation(ctx.org.id, invitation_id));
  ONB_TRY(authorize_grant(ctx, GrantAction::revoke, GrantObject::invitation, inv.role));
  if (inv.state == InvitationState::accepted)
    return Error{Errc::already_used,
                 "This invitation was already accepted; suspend or delete the user instead.",
                 "invitation.used"};
  if (inv.state == InvitationState::revoked) return inv;  // revoking twice changes nothing
  inv.state = InvitationState::revoked;
  ONB_TRY(storage_->transaction([&]() -> Result<void> {
    ONB_TRY(storage_->update_invitation(inv));
    const AuditEvent ev[] = {
        make_audit(*clock_, ctx.org.id, ctx.user.id, "invitation.revoked", inv.id, {{"email", inv.email}})};
    return storage_->append_audit(ev);
  }));
  return inv;
}

Result<std::vector<Invitation>> Directory::list_invitations(const Actor& actor) {
  return list_invitations(actor, std::nullopt);
}

Result<std::vector<Invitation>> Directory::list_invitations(const Actor& actor,
                                                            std::optional<InvitationStatus> status) {
  ONB_ASSIGN(auto ctx, authorize(actor, Permission::invite_users));
  ONB_ASSIGN(auto all, storage_->list_invitations(ctx.org.id));
  if (status) {
    const auto now = clock_->now();
    std::erase_if(all, [&](const Invitation& inv) { return inv.status_at(now) != *status; });
  }
  std::sort(all.begin(), all.end(), [](const Invitation& a, const Invitation& b) { return a.id > b.id; });
  return all;
}

}  // namespace v1
}  // namespace onboard
