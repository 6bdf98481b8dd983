/* A minimal C host: an organization in memory, an invitation, its mail, and
 * the person accepting it. Build against an installed onboard with
 *   cc invite_accept.c $(pkg-config ...) -lonboard   or the CMakeLists.txt beside it. */
#include <stdio.h>

#include "onboard/onboard.h"

/* Prints why the last call failed and returns 1. */
static int fail(const char* what) {
  const onb_error* e = onb_error_last();
  fprintf(stderr, "%s failed (%s): %s\n", what, onb_status_name(e->code), e->message);
  return 1;
}

int main(void) {
  onb_directory* dir = NULL;
  onb_organization* org = NULL;
  onb_user* admin = NULL;
  onb_invitation* invitation = NULL;
  onb_user* grace = NULL;
  char* mail = NULL;
  int status = 1;
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  onb_invite_options invite = ONB_INVITE_OPTIONS_INIT;

  if (onb_version_number() != ONB_VERSION_NUMBER) {
    fprintf(stderr, "built for onboard %s but loaded %s\n", ONB_VERSION_STRING, onb_version_string());
    return 1;
  }
  if (onb_directory_open(&dir, "memory:", NULL) != ONB_OK) return fail("opening the directory");

  opts.name = "Acme";
  opts.base_url = "https://acme.example";
  opts.admin_email = "ada@acme.example";
  opts.admin_name = "Ada Lovelace";
  opts.admin_password = "correct horse battery staple orbit";
  if (onb_organization_create(&org, &admin, NULL, dir, &opts) != ONB_OK) {
    fail("creating the organization");
    goto done;
  }

  invite.role = "Manager";
  if (onb_invitation_create(&invitation, dir, onb_organization_id(org), onb_user_id(admin),
                            "grace@acme.example", &invite) != ONB_OK) {
    fail("inviting");
    goto done;
  }
  printf("invited %s as %s; link %s\n", onb_invitation_email(invitation), onb_invitation_role(invitation),
         onb_invitation_link(invitation));

  /* The host sends the mail: claim it, send it, acknowledge it. */
  if (onb_outbox_claim_json(&mail, dir, onb_organization_id(org), 10, 0) != ONB_OK) {
    fail("claiming mail");
    goto done;
  }
  printf("mail to send: %s\n", mail);

  /* Later, Grace opens the link and chooses a password. */
  if (onb_invitation_accept(&grace, dir, onb_organization_id(org), onb_invitation_token(invitation),
                            "Grace Hopper", "violet tangerine kayak membrane 42") != ONB_OK) {
    fail("accepting");
    goto done;
  }
  printf("%s joined as %s (%s)\n", onb_user_display_name(grace), onb_user_role(grace),
         onb_user_status(grace));
  status = 0;

done:
  onb_free(mail);
  onb_user_free(grace);
  onb_invitation_free(invitation);
  onb_user_free(admin);
  onb_organization_free(org);
  onb_directory_free(dir);
  return status;
}
