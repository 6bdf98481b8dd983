/* SCIM through the C ABI: a token made, listed and revoked; requests served
 * with the token and as a member, and the response's getters. */
#include "fixture.h"

static const char* header_value(const onb_scim_response* r, const char* name) {
  size_t i;
  for (i = 0; i < onb_scim_response_header_count(r); i++)
    if (strcmp(onb_scim_response_header_name(r, i), name) == 0) return onb_scim_response_header_value(r, i);
  return NULL;
}

static onb_scim_response* request(world* w, const char* actor_id, const char* bearer, const char* method,
                                  const char* path, const char* query, const char* body) {
  onb_scim_response* r = NULL;
  onb_scim_options opts = ONB_SCIM_OPTIONS_INIT;
  char auth[128];
  const char* names[1] = {"Authorization"};
  const char* values[1];
  snprintf(auth, sizeof auth, "Bearer %s", bearer ? bearer : "");
  values[0] = auth;
  opts.base_url = "https://acme.example/scim/v2";
  CHECK_OK(onb_scim_handle(&r, w->dir, w->org_id, actor_id, &opts, method, path, query, names, values,
                           bearer ? 1 : 0, body, body ? strlen(body) : 0));
  CHECK(r != NULL);
  return r;
}

static void a_token_serves_requests_until_revoked(void) {
  world w = make_world();
  char* secret = NULL;
  char* id = NULL;
  char* list = NULL;
  onb_scim_response* r;
  CHECK_OK(onb_scim_token_create(&secret, &id, w.dir, w.org_id, w.admin_id, "Okta"));
  CHECK(strncmp(secret, "onbscim_", 8) == 0);
  CHECK_OK(onb_scim_token_list_json(&list, w.dir, w.org_id, w.admin_id));
  CHECK(strstr(list, "\"name\":\"Okta\"") != NULL);
  CHECK(strstr(list, secret + 8) == NULL);
  onb_free(list);

  r = request(&w, NULL, secret, "POST", "/Users", NULL,
              "{\"userName\":\"bjensen@example.com\",\"name\":{\"givenName\":\"Barbara\",\"familyName\":"
              "\"Jensen\"}}");
  CHECK(onb_scim_response_status(r) == 201);
  CHECK(strcmp(header_value(r, "Content-Type"), "application/scim+json") == 0);
  CHECK(strncmp(header_value(r, "Location"), "https://acme.example/scim/v2/Users/", 35) == 0);
  CHECK(strncmp(header_value(r, "ETag"), "W/\"", 3) == 0);
  CHECK(strstr(onb_scim_response_body(r), "\"userName\":\"bjensen@example.com\"") != NULL);
  CHECK(onb_scim_response_body_size(r) == strlen(onb_scim_response_body(r)));
  CHECK(onb_scim_response_header_name(r, 99) == NULL);
  onb_scim_response_free(r);

  r = request(&w, NULL, secret, "GET", "/Users", "filter=userName%20eq%20%22bjensen%40example.com%22", NULL);
  CHECK(onb_scim_response_status(r) == 200);
  CHECK(strstr(onb_scim_response_body(r), "\"totalResults\":1") != NULL);
  onb_scim_response_free(r);

  CHECK_OK(onb_scim_token_revoke(w.dir, w.org_id, w.admin_id, id));
  r = request(&w, NULL, secret, "GET", "/Users", NULL, NULL);
  CHECK(onb_scim_response_status(r) == 401);
  CHECK(strstr(onb_scim_response_body(r), "urn:ietf:params:scim:api:messages:2.0:Error") != NULL);
  onb_scim_response_free(r);
  /* Without a token, a request is refused; as the administrator it is served. */
  r = request(&w, NULL, NULL, "GET", "/Users", NULL, NULL);
  CHECK(onb_scim_response_status(r) == 401);
  onb_scim_response_free(r);
  r = request(&w, w.admin_id, NULL, "GET", "/ServiceProviderConfig", NULL, NULL);
  CHECK(onb_scim_response_status(r) == 200);
  onb_scim_response_free(r);
  memset(secret, 0, strlen(secret));
  onb_free(secret);
  onb_free(id);
  free_world(&w);
}

static void misuse_is_reported(void) {
  world w = make_world();
  onb_scim_response* r = NULL;
  onb_scim_options opts;
  CHECK_STATUS(ONB_MISUSE, onb_scim_handle(&r, w.dir, w.org_id, NULL, NULL, NULL, "/Users", NULL, NULL, NULL,
                                           0, NULL, 0));
  CHECK(r == NULL);
  CHECK_STATUS(ONB_MISUSE, onb_scim_options_init(&opts, 99));
  CHECK_OK(onb_scim_options_init(&opts, ONB_SCIM_OPTIONS_VERSION));
  CHECK(opts.version == ONB_SCIM_OPTIONS_VERSION && opts.base_url == NULL && opts.delete_removes == 0);
  CHECK(onb_scim_response_status(NULL) == 0);
  onb_scim_response_free(NULL);
  free_world(&w);
}

int main(void) {
  a_token_serves_requests_until_revoked();
  misuse_is_reported();
  return 0;
}
