/* A directory on a manual clock with one organization, Acme, and its
 * administrator Ada, for the C tests. */
#ifndef ONBOARD_TESTS_C_FIXTURE_H
#define ONBOARD_TESTS_C_FIXTURE_H

#include "check.h"

#define ADMIN_PASSWORD "correct horse battery staple orbit"
#define GOOD_PASSWORD "violet tangerine kayak membrane 42"
/* 2026-11-21T09:00:00Z */
#define START_TIME ((int64_t)1795251600)

typedef struct world {
  onb_directory* dir;
  onb_organization* org;
  onb_user* admin;
  char org_id[64];
  char admin_id[64];
} world;

static inline onb_directory* open_manual(const char* uri, const char* key_file) {
  onb_open_options opts = ONB_OPEN_OPTIONS_INIT;
  onb_directory* dir = NULL;
  opts.clock_mode = ONB_CLOCK_MANUAL;
  opts.now_unix = START_TIME;
  opts.key_file = key_file;
  CHECK_OK(onb_directory_open(&dir, uri, &opts));
  return dir;
}

static inline void create_acme(world* w, onb_directory* dir) {
  const char* offices[] = {"HQ", "London"};
  const char* teams[] = {"Sales", "Support"};
  onb_organization_options opts = ONB_ORGANIZATION_OPTIONS_INIT;
  char* generated = NULL;
  opts.name = "Acme";
  opts.base_url = "https://acme.example/";
  opts.offices = offices;
  opts.offices_count = 2;
  opts.teams = teams;
  opts.teams_count = 2;
  opts.admin_email = "ada@acme.example";
  opts.admin_name = "Ada Lovelace";
  opts.admin_password = ADMIN_PASSWORD;
  w->dir = dir;
  CHECK_OK(onb_organization_create(&w->org, &w->admin, &generated, dir, &opts));
  CHECK(generated == NULL);
  snprintf(w->org_id, sizeof w->org_id, "%s", onb_organization_id(w->org));
  snprintf(w->admin_id, sizeof w->admin_id, "%s", onb_user_id(w->admin));
}

static inline world make_world(void) {
  world w;
  create_acme(&w, open_manual("memory:", NULL));
  return w;
}

static inline void free_world(world* w) {
  onb_user_free(w->admin);
  onb_organization_free(w->org);
  onb_directory_free(w->dir);
}

/* Invites `email` and returns the token in `token` (at least 128 bytes). */
static inline void invite(world* w, const char* email, char* token, size_t size) {
  onb_invitation* inv = NULL;
  CHECK_OK(onb_invitation_create(&inv, w->dir, w->org_id, w->admin_id, email, NULL));
  snprintf(token, size, "%s", onb_invitation_token(inv));
  onb_invitation_free(inv);
}

/* A fresh directory under /tmp; `path` receives it (at least 256 bytes). */
static inline void temp_dir(char* path, size_t size) {
  snprintf(path, size, "/tmp/onboard-c-XXXXXX");
  CHECK(mkdtemp(path) != NULL);
}

/* Removes a temporary directory made by temp_dir, with everything in it. */
static inline void remove_tree(const char* path) {
  char command[300];
  CHECK(strncmp(path, "/tmp/onboard-c-", 15) == 0);
  snprintf(command, sizeof command, "rm -rf '%s'", path);
  CHECK(system(command) == 0);
}

/* Claims the queued mail and copies the token of the newest confirmation
 * link ("…/confirm/<token>") sent to `recipient` into `token` (at least 128
 * bytes); "" when none. The messages claimed are acknowledged, as a sender would. */
static inline void mailed_confirmation_token(world* w, const char* recipient, char* token, size_t size) {
  char* claimed = NULL;
  char to[200];
  const char* object;
  token[0] = '\0';
  snprintf(to, sizeof to, "\"recipient\":\"%s\"", recipient);
  CHECK_OK(onb_outbox_claim_json(&claimed, w->dir, w->org_id, 1000, 300));
  /* One flat JSON object per message; the bodies hold no braces. */
  for (object = strchr(claimed, '{'); object != NULL; object = strchr(object + 1, '{')) {
    const char* end = strchr(object, '}');
    size_t length = end != NULL ? (size_t)(end - object) : strlen(object);
    char* one = (char*)malloc(length + 1);
    const char* link;
    const char* id;
    CHECK(one != NULL);
    memcpy(one, object, length);
    one[length] = '\0';
    id = strstr(one, "\"id\":\"");
    if (id != NULL) {
      char message_id[128];
      size_t n = 0;
      id += 6;
      while (id[n] != '"' && n + 1 < sizeof message_id) ++n;
      memcpy(message_id, id, n);
      message_id[n] = '\0';
      CHECK_OK(onb_outbox_ack(w->dir, w->org_id, message_id));
    }
    link = strstr(one, "/confirm/");
    if (strstr(one, "\"kind\":\"email_confirmation\"") != NULL && strstr(one, to) != NULL && link != NULL) {
      size_t n = 0;
      link += strlen("/confirm/");
      while (link[n] != '\0' && link[n] != '\\' && link[n] != '"' && link[n] != ' ' && n + 1 < size) ++n;
      memcpy(token, link, n);
      token[n] = '\0';
    }
    free(one);
  }
  onb_free(claimed);
}

#endif
