// The one authorization rule for grants; see grant_rule.hpp.
#include "service/grant_rule.hpp"

#include <string>

#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace {

// "this key", "this user": the thing acted on, in a refusal.
std::string_view object_phrase(GrantObject object) noexcept {
  switch (object) {
    case GrantObject::invitation: return "this invitation";
    case GrantObject::registration_key: return "this key";
    case GrantObject::signup_link: return "this link";
    case GrantObject::precreated_user:
    case GrantObject::member: return "this user";
    case GrantObject::count_: break;
  }
  return "this";
}

// "a key": the thing about to be made, in a refusal to create it.
std::string_view new_object_phrase(GrantObject object) noexcept {
  switch (object) {
    case GrantObject::invitation: return "an invitation";
    case GrantObject::registration_key: return "a key";
    case GrantObject::signup_link: return "a link";
    case GrantObject::precreated_user:
    case GrantObject::member: return "a user";
    case GrantObject::count_: break;
  }
  return "something";
}

// The verb of a refusal: "You cannot <verb> this key".
std::string verb_phrase(GrantAction action, GrantObject object) {
  switch (action) {
    case GrantAction::create: return "create";
    case GrantAction::edit: return "edit";
    case GrantAction::assign_role: return "give a role to";
    case GrantAction::enable: return "switch on";
    case GrantAction::disable: return "switch off";
    case GrantAction::show_secret:
      if (object == GrantObject::signup_link) return "show the QR code of";
      if (object == GrantObject::precreated_user || object == GrantObject::member)
        return "print the registration key of";
      return "show the secret of";
    case GrantAction::resend:
      return object == GrantObject::precreated_user || object == GrantObject::member
                 ? "send a new registration key to"
                 : "resend";
    case GrantAction::revoke: return "revoke";
    case GrantAction::delete_: return "delete";
    case GrantAction::suspend: return "suspend";
    case GrantAction::reactivate: return "reactivate";
    case GrantAction::count_: break;
  }
  return "act on";
}

bool is_person(GrantObject object) noexcept {
  return object == GrantObject::precreated_user || object == GrantObject::member;
}

}  // namespace

std::string_view to_string(GrantObject object) noexcept {
  switch (object) {
    case GrantObject::invitation: return "invitation";
    case GrantObject::registration_key: return "registration_key";
    case GrantObject::signup_link: return "signup_link";
    case GrantObject::precreated_user: return "precreated_user";
    case GrantObject::member: return "member";
    case GrantObject::count_: break;
  }
  return "?";
}

std::string_view to_string(GrantAction action) noexcept {
  switch (action) {
    case GrantAction::create: return "create";
    case GrantAction::edit: return "edit";
    case GrantAction::assign_role: return "assign_role";
    case GrantAction::enable: return "enable";
    case GrantAction::disable: return "disable";
    case GrantAction::show_secret: return "show_secret";
    case GrantAction::resend: return "resend";
    case GrantAction::revoke: return "revoke";
    case GrantAction::delete_: return "delete";
    case GrantAction::suspend: return "suspend";
    case GrantAction::reactivate: return "reactivate";
    case GrantAction::count_: break;
  }
  return "?";
}

Result<void> authorize_grant(const ActorContext& actor, GrantAction action, GrantObject object,
                             std::string_view grant_role) {
  const Role* role = actor.org.roles.find(grant_role);
  if (role != nullptr && role->rank <= actor.role.rank) return success();

  // A role that is no longer in the catalog (renamed or removed since the
  // grant was made) has no rank to compare. Rather than guess, it is treated
  // as ranking above everyone but the holders of the highest role: only they
  // may act on such a grant, for instance to revoke it.
  const Role& highest = actor.org.roles.highest();
  if (role == nullptr && actor.role.rank >= highest.rank) return success();

  const std::string name = role != nullptr ? role->name : "\"" + excerpt_for_message(grant_role) + "\"";
  // Why: the role's rank, or its absence from the catalog.
  const std::string why = role != nullptr
                              ? " above your own role " + actor.role.name + "."
                              : " no longer in the role catalog, so only a member with the role " +
                                    highest.name + " may do this.";
  const std::string verb = role != nullptr ? "ranks" : "is";
  std::string message;
  if (action == GrantAction::create) {
    message = "You cannot create " + std::string(new_object_phrase(object)) + " for the role " + name +
              ", which " + verb + why;
  } else if (action == GrantAction::assign_role) {
    message = "You cannot give " + std::string(object_phrase(object)) + " the role " + name + ", which " +
              verb + why;
  } else if (is_person(object)) {
    message = "You cannot " + verb_phrase(action, object) + " " + std::string(object_phrase(object)) +
              ": their role " + name + " " + verb + why;
  } else {
    message = "You cannot " + verb_phrase(action, object) + " " + std::string(object_phrase(object)) +
              ": it grants the role " + name + ", which " + verb + why;
  }
  return Error{Errc::permission_denied, std::move(message), "role.above_own"};
}

}  // namespace v1
}  // namespace onboard
