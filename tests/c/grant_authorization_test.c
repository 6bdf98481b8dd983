/* One rule for every operation on a grant, through the C ABI (issue #13):
 * a member acts on a link, key, invitation or pre-created user only when
 * their role ranks at or above the role it grants. The full matrix is
 * tests/service/grant_authorization_test.cpp; here are the main operations
 * a Manager or a Super User could turn against an Admin's grants. */
#include "fixture.h"

typedef struct team {
  world w;
  char manager_id[64];
  char super_id[64];
} team;

/* A member with `role`, through an accepted invitation. */
static void add_member(world* w, const char* email, const char* role, char* id, size_t size) {
  onb_invite_options opts = ONB_INVITE_OPTIONS_INIT;
  onb_invitation* inv = NULL;
  onb_user* user = NULL;
  opts.role = role;
  CHECK_OK(onb_invitation_create(&inv, w->dir, w->org_id, w->admin_id, email, &opts));
  CHECK_OK(onb_invitation_accept(&user, w->dir, w->org_id, onb_invitation_token(inv), "Member Person",
                                 GOOD_PASSWORD));
  CHECK_STR(onb_user_role(user), role);
  snprintf(id, size, "%s", onb_user_id(user));
  onb_user_free(user);
  onb_invitation_free(inv);
}

static team make_team(void) {
  team t;
  t.w = make_world();
  add_member(&t.w, "max@acme.example", "Manager", t.manager_id, sizeof t.manager_id);
  add_member(&t.w, "sue@acme.example", "Super User", t.super_id, sizeof t.super_id);
  return t;
}

/* The grants, made by the administrator; each writes its id to `id` (64 bytes). */
static void admin_link(team* t, const char* role, char* id) {
  onb_signup_link_options opts = ONB_SIGNUP_LINK_OPTIONS_INIT;
  onb_signup_link* link = NULL;
  opts.role = role;
  opts.expires = "2026-12-31";
  opts.max_uses = 1;
  CHECK_OK(onb_signup_link_create(&link, t->w.dir, t->w.org_id, t->w.admin_id, &opts));
  snprintf(id, 64, "%s", onb_signup_link_id(link));
  onb_signup_link_free(link);
}

static void admin_key(team* t, const char* role, char* id) {
  onb_registration_key_options opts = ONB_REGISTRATION_KEY_OPTIONS_INIT;
  onb_registration_key* key = NULL;
  opts.role = role;
  CHECK_OK(onb_registration_key_create(&key, t->w.dir, t->w.org_id, t->w.admin_id, &opts));
  snprintf(id, 64, "%s", onb_registration_key_id(key));
  onb_registration_key_free(key);
}

static void admin_invitation(team* t, const char* email, const char* role, char* id) {
  onb_invite_options opts = ONB_INVITE_OPTIONS_INIT;
  onb_invitation* inv = NULL;
  opts.role = role;
  CHECK_OK(onb_invitation_create(&inv, t->w.dir, t->w.org_id, t->w.admin_id, email, &opts));
  snprintf(id, 64, "%s", onb_invitation_id(inv));
  onb_invitation_free(inv);
}

static void admin_precreated(team* t, const char* role, char* id) {
  onb_precreate_options opts = ONB_PRECREATE_OPTIONS_INIT;
  onb_user_key* key = NULL;
  opts.role = role;
  CHECK_OK(onb_user_precreate(&key, t->w.dir, t->w.org_id, t->w.admin_id, "Pat", "Waiting", &opts));
  snprintf(id, 64, "%s", onb_user_key_user_id(key));
  onb_user_key_free(key);
}

/* The call was refused for rank, in a sentence naming `role`. */
static void check_refused_for(const char* role) {
  const onb_error* e = onb_error_last();
  CHECK(e->code == ONB_PERMISSION_DENIED);
  CHECK_STR(e->detail_code, "role.above_own");
  CHECK(strstr(e->message, role) != NULL);
  CHECK(strstr(e->message, "ranks above your own role") != NULL);
}

static void a_manager_cannot_edit_draw_or_switch_an_admin_link(void) {
  team t = make_team();
  onb_signup_link_changes forever = ONB_SIGNUP_LINK_CHANGES_INIT;
  onb_signup_link* link = NULL;
  char* svg = NULL;
  char* list = NULL;
  char admin_id[64], manager_id[64];
  admin_link(&t, "Admin", admin_id);
  admin_link(&t, "Manager", manager_id);
  forever.expires = "";
  forever.set_max_uses = 1;
  forever.max_uses = 0;

  /* The attack: make the Admin link last forever, then read its QR code. */
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_signup_link_edit(&link, t.w.dir, t.w.org_id, t.manager_id, admin_id, &forever));
  check_refused_for("Admin");
  CHECK(strstr(onb_error_last()->message, "You cannot edit this link") != NULL);
  CHECK(link == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_signup_link_qr_svg(&svg, t.w.dir, t.w.org_id, t.manager_id, admin_id));
  check_refused_for("Admin");
  CHECK(svg == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_signup_link_disable(&link, t.w.dir, t.w.org_id, t.manager_id, admin_id));
  check_refused_for("Admin");
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_signup_link_enable(&link, t.w.dir, t.w.org_id, t.manager_id, admin_id));
  check_refused_for("Admin");
  /* Nor can a Manager raise their own link to Admin. */
  {
    onb_signup_link_changes raise = ONB_SIGNUP_LINK_CHANGES_INIT;
    raise.role = "Admin";
    CHECK_STATUS(ONB_PERMISSION_DENIED,
                 onb_signup_link_edit(&link, t.w.dir, t.w.org_id, t.manager_id, manager_id, &raise));
    check_refused_for("Admin");
  }
  /* The Admin link is as it was: one use, an expiry. */
  CHECK_OK(onb_signup_links_list_json(&list, t.w.dir, t.w.org_id, t.w.admin_id));
  CHECK(strstr(list, "\"max_uses\":1") != NULL);
  onb_free(list);

  /* The Manager's own link: all of it works. */
  CHECK_OK(onb_signup_link_edit(&link, t.w.dir, t.w.org_id, t.manager_id, manager_id, &forever));
  CHECK(onb_signup_link_max_uses(link) == 0);
  onb_signup_link_free(link);
  CHECK_OK(onb_signup_link_qr_svg(&svg, t.w.dir, t.w.org_id, t.manager_id, manager_id));
  CHECK(strstr(svg, "<svg") != NULL);
  onb_free(svg);
  CHECK_OK(onb_signup_link_disable(&link, t.w.dir, t.w.org_id, t.manager_id, manager_id));
  CHECK(onb_signup_link_enabled(link) == 0);
  onb_signup_link_free(link);
  CHECK_OK(onb_signup_link_enable(&link, t.w.dir, t.w.org_id, t.manager_id, manager_id));
  onb_signup_link_free(link);
  /* The Admin may do all of it to the Admin link. */
  CHECK_OK(onb_signup_link_qr_svg(&svg, t.w.dir, t.w.org_id, t.w.admin_id, admin_id));
  onb_free(svg);
  free_world(&t.w);
}

static void a_super_user_cannot_revoke_an_admin_key_or_invitation(void) {
  team t = make_team();
  onb_registration_key* key = NULL;
  onb_invitation* inv = NULL;
  char admin_key_id[64], user_key_id[64], admin_inv[64], super_inv[64];
  admin_key(&t, "Admin", admin_key_id);
  admin_key(&t, "User", user_key_id);
  admin_invitation(&t, "boss@acme.example", "Admin", admin_inv);
  admin_invitation(&t, "peer@acme.example", "Super User", super_inv);

  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_registration_key_revoke(&key, t.w.dir, t.w.org_id, t.super_id, admin_key_id));
  CHECK_STR(
      onb_error_last()->message,
      "You cannot revoke this key: it grants the role Admin, which ranks above your own role Super User.");
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_invitation_revoke(&inv, t.w.dir, t.w.org_id, t.super_id, admin_inv));
  check_refused_for("Admin");
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_invitation_resend(&inv, t.w.dir, t.w.org_id, t.super_id, admin_inv));
  check_refused_for("Admin");
  CHECK(inv == NULL);

  /* At or below their rank it works. */
  CHECK_OK(onb_registration_key_revoke(&key, t.w.dir, t.w.org_id, t.super_id, user_key_id));
  CHECK_STR(onb_registration_key_status(key), "revoked");
  onb_registration_key_free(key);
  CHECK_OK(onb_invitation_resend(&inv, t.w.dir, t.w.org_id, t.super_id, super_inv));
  CHECK(onb_invitation_token(inv) != NULL);
  onb_invitation_free(inv);
  CHECK_OK(onb_invitation_revoke(&inv, t.w.dir, t.w.org_id, t.super_id, super_inv));
  onb_invitation_free(inv);
  /* The Admin's grants are untouched, and the Admin may revoke them. */
  CHECK_OK(onb_registration_key_revoke(&key, t.w.dir, t.w.org_id, t.w.admin_id, admin_key_id));
  onb_registration_key_free(key);
  CHECK_OK(onb_invitation_revoke(&inv, t.w.dir, t.w.org_id, t.w.admin_id, admin_inv));
  CHECK_STR(onb_invitation_status(inv), "revoked");
  onb_invitation_free(inv);
  free_world(&t.w);
}

static void a_manager_cannot_print_resend_or_delete_an_admin_precreated_user(void) {
  team t = make_team();
  onb_document_options by_id = ONB_DOCUMENT_OPTIONS_INIT;
  onb_document* doc = NULL;
  onb_user_key* key = NULL;
  onb_user* user = NULL;
  char* deleted = NULL;
  char admin_user[64], manager_user[64];
  const char* ids[1];
  admin_precreated(&t, "Admin", admin_user);
  admin_precreated(&t, "Manager", manager_user);

  ids[0] = admin_user;
  by_id.format = "html";
  by_id.user_ids = ids;
  by_id.user_ids_count = 1;
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_document_create(&doc, t.w.dir, t.w.org_id, t.manager_id, &by_id));
  check_refused_for("Admin");
  CHECK(doc == NULL);
  CHECK_STATUS(ONB_PERMISSION_DENIED, onb_user_key_resend(&key, t.w.dir, t.w.org_id, t.manager_id, admin_user,
                                                          "me@manager.example"));
  check_refused_for("Admin");
  CHECK(key == NULL);
  /* Deleting needs manage_users, which in the workspace preset only the Admin has. */
  CHECK_STATUS(ONB_PERMISSION_DENIED,
               onb_users_delete_json(&deleted, t.w.dir, t.w.org_id, t.manager_id, ids, 1));
  CHECK(deleted == NULL);
  CHECK_OK(onb_user_get(&user, t.w.dir, t.w.org_id, t.w.admin_id, admin_user));
  CHECK_STR(onb_user_status(user), "pending_activation");
  CHECK(strcmp(onb_user_email(user), "") == 0); /* the resend did not redirect the key */
  onb_user_free(user);

  /* The Manager's own rank: printed and resent. */
  ids[0] = manager_user;
  CHECK_OK(onb_document_create(&doc, t.w.dir, t.w.org_id, t.manager_id, &by_id));
  CHECK(onb_document_pages(doc) == 1);
  onb_document_free(doc);
  CHECK_OK(onb_user_key_resend(&key, t.w.dir, t.w.org_id, t.manager_id, manager_user, NULL));
  onb_user_key_free(key);
  /* Printing everyone waiting leaves the Admin's page out for the Manager. */
  by_id.user_ids = NULL;
  by_id.user_ids_count = 0;
  CHECK_OK(onb_document_create(&doc, t.w.dir, t.w.org_id, t.manager_id, &by_id));
  CHECK(onb_document_pages(doc) == 1);
  onb_document_free(doc);
  CHECK_OK(onb_document_create(&doc, t.w.dir, t.w.org_id, t.w.admin_id, &by_id));
  CHECK(onb_document_pages(doc) == 2);
  onb_document_free(doc);
  /* The Admin deletes the Admin-role user. */
  ids[0] = admin_user;
  CHECK_OK(onb_users_delete_json(&deleted, t.w.dir, t.w.org_id, t.w.admin_id, ids, 1));
  onb_free(deleted);
  free_world(&t.w);
}

int main(void) {
  RUN(a_manager_cannot_edit_draw_or_switch_an_admin_link);
  RUN(a_super_user_cannot_revoke_an_admin_key_or_invitation);
  RUN(a_manager_cannot_print_resend_or_delete_an_admin_precreated_user);
  return 0;
}
