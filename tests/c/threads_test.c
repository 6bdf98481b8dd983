/* One directory used from several threads at once: invitations and accepts
 * interleave without losing or duplicating anyone, one token is used once,
 * and each thread keeps its own last error. */
#include "fixture.h"

#include <pthread.h>

#define THREADS 4
#define PER_THREAD 2

typedef struct job {
  world* w;
  int index;
  int failures;
  const char* token; /* the shared token, for the race */
  onb_status status;
  pthread_barrier_t* barrier;
} job;

static void* invite_and_accept(void* arg) {
  job* j = arg;
  int i;
  for (i = 0; i < PER_THREAD; ++i) {
    char email[64], token[128];
    onb_invitation* inv = NULL;
    onb_user* user = NULL;
    snprintf(email, sizeof email, "t%d-%d@acme.example", j->index, i);
    if (onb_invitation_create(&inv, j->w->dir, j->w->org_id, j->w->admin_id, email, NULL) != ONB_OK) {
      j->failures++;
      continue;
    }
    snprintf(token, sizeof token, "%s", onb_invitation_token(inv));
    onb_invitation_free(inv);
    if (onb_invitation_accept(&user, j->w->dir, j->w->org_id, token, "Thread Worker", GOOD_PASSWORD) !=
            ONB_OK ||
        strcmp(onb_user_email(user), email) != 0)
      j->failures++;
    onb_user_free(user);
  }
  return NULL;
}

static void* accept_shared_token(void* arg) {
  job* j = arg;
  onb_user* user = NULL;
  pthread_barrier_wait(j->barrier);
  j->status = onb_invitation_accept(&user, j->w->dir, j->w->org_id, j->token, "Racing Rita", GOOD_PASSWORD);
  onb_user_free(user);
  return NULL;
}

static void* fail_with_own_error(void* arg) {
  job* j = arg;
  char email[64];
  onb_user* user = NULL;
  snprintf(email, sizeof email, "missing%d@acme.example", j->index);
  if (onb_user_find_by_email(&user, j->w->dir, j->w->org_id, email) != ONB_NOT_FOUND) j->failures++;
  pthread_barrier_wait(j->barrier); /* every thread has failed by now */
  if (strstr(onb_error_last()->message, email) == NULL) j->failures++;
  return NULL;
}

static world sqlite_world(char* dir_path, size_t size) {
  char uri[320], key[300];
  world w;
  temp_dir(dir_path, size);
  snprintf(uri, sizeof uri, "sqlite:%s/threads.db", dir_path);
  snprintf(key, sizeof key, "%s/threads.key", dir_path);
  create_acme(&w, open_manual(uri, key));
  return w;
}

static void threads_invite_and_accept_on_one_directory(void) {
  char dir_path[256];
  world w = sqlite_world(dir_path, sizeof dir_path);
  pthread_t threads[THREADS];
  job jobs[THREADS];
  char* users = NULL;
  const char* at;
  int i, count = 0;
  for (i = 0; i < THREADS; ++i) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].w = &w;
    jobs[i].index = i;
    CHECK(pthread_create(&threads[i], NULL, invite_and_accept, &jobs[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(jobs[i].failures == 0);
  }
  CHECK_OK(onb_users_list_json(&users, w.dir, w.org_id, w.admin_id, NULL));
  for (at = users; (at = strstr(at, "\"email\":")) != NULL; ++at) count++;
  CHECK(count == 1 + THREADS * PER_THREAD);
  onb_free(users);
  free_world(&w);
  remove_tree(dir_path);
}

static void one_token_accepted_by_several_threads_makes_one_account(void) {
  char dir_path[256], token[128];
  world w = sqlite_world(dir_path, sizeof dir_path);
  pthread_t threads[THREADS];
  job jobs[THREADS];
  pthread_barrier_t barrier;
  int i, ok = 0;
  invite(&w, "rita@acme.example", token, sizeof token);
  CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
  for (i = 0; i < THREADS; ++i) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].w = &w;
    jobs[i].token = token;
    jobs[i].barrier = &barrier;
    CHECK(pthread_create(&threads[i], NULL, accept_shared_token, &jobs[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    if (jobs[i].status == ONB_OK)
      ok++;
    else
      CHECK(jobs[i].status == ONB_ALREADY_USED || jobs[i].status == ONB_ALREADY_EXISTS);
  }
  CHECK(ok == 1);
  pthread_barrier_destroy(&barrier);
  free_world(&w);
  remove_tree(dir_path);
}

static void each_thread_keeps_its_own_last_error(void) {
  world w = make_world();
  pthread_t threads[THREADS];
  job jobs[THREADS];
  pthread_barrier_t barrier;
  int i;
  CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
  for (i = 0; i < THREADS; ++i) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].w = &w;
    jobs[i].index = i;
    jobs[i].barrier = &barrier;
    CHECK(pthread_create(&threads[i], NULL, fail_with_own_error, &jobs[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(jobs[i].failures == 0);
  }
  CHECK(onb_error_last()->code == ONB_OK); /* the main thread saw none of it */
  pthread_barrier_destroy(&barrier);
  free_world(&w);
}

int main(void) {
  RUN(threads_invite_and_accept_on_one_directory);
  RUN(one_token_accepted_by_several_threads_makes_one_account);
  RUN(each_thread_keeps_its_own_last_error);
  return 0;
}
