/*
 * onboard.h — the stable C ABI of onboard (libonboard.so).
 *
 * Conventions (docs/c-api.md has the long form):
 *  - Names are onb_<object>_<verb>. Functions that can fail return an
 *    onb_status (ONB_OK = 0); output parameters come first and are named
 *    `out`. On failure every `out` is set to NULL (or 0) and
 *    onb_error_last() says why.
 *  - Handles are opaque. Each one returned must be freed with its own
 *    onb_<object>_free(); freeing NULL is a no-op, and freeing a handle twice
 *    is detected (ONB_MISUSE in onb_error_last()) as long as its address was
 *    not reused meanwhile. Strings a handle's accessors return are owned by
 *    the handle and live as long as it does.
 *  - Strings returned through `char** out` are allocated by the library,
 *    NUL-terminated UTF-8, and must be freed with onb_free().
 *  - Strings passed in are NUL-terminated UTF-8; the library copies what it
 *    keeps. Times are seconds since the Unix epoch (UTC).
 *  - Options structs start with `uint32_t version`. Initialize them with
 *    their ONB_*_INIT macro or onb_*_init(); passing NULL means defaults.
 *  - Bulk results (lists) are JSON text: an array of objects whose keys are
 *    documented in docs/c-api.md. New keys may appear; none disappear.
 *  - Status numbers never change; a new condition gets a new number.
 *    A signature never changes either: a new need gets a new function (_v2).
 *
 * Thread safety: every function may be called from any thread. One
 * onb_directory may be used by several threads at once (the storage
 * serializes writes). Other handles (users, invitations, organizations) are
 * immutable values: they may be read from several threads but freed once.
 * onb_error_last() is per thread.
 *
 * Callbacks (progress, cancellation; used by the import functions): a
 * callback receives the `void* user_data` the host registered, returns 0 to
 * continue and non-zero to stop, which ends the call with ONB_CANCELLED and
 * leaves the storage unchanged. A callback is C: it must not throw or
 * longjmp across the library. It is called on the thread that made the call.
 */
#ifndef ONBOARD_ONBOARD_H
#define ONBOARD_ONBOARD_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(ONB_BUILDING_LIBRARY)
#define ONB_API __declspec(dllexport)
#else
#define ONB_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define ONB_API __attribute__((visibility("default")))
#else
#define ONB_API
#endif

/* The release this header belongs to. onb_version_number() is the release
 * of the library loaded at run time; a binding compares the two. */
#define ONB_VERSION_MAJOR 0
#define ONB_VERSION_MINOR 1
#define ONB_VERSION_PATCH 0
#define ONB_VERSION_STRING "0.1.0"
#define ONB_VERSION_NUMBER (ONB_VERSION_MAJOR * 10000 + ONB_VERSION_MINOR * 100 + ONB_VERSION_PATCH)

/* The size of a master key in bytes (also onb_key_size()). */
#define ONB_KEY_SIZE 32

/* Options versions this header knows: the newest of each struct. A library
 * still accepts every older version (a struct of version 1 ends before the
 * fields version 2 appended, which then take their defaults). */
#define ONB_OPEN_OPTIONS_VERSION 2
#define ONB_ORGANIZATION_OPTIONS_VERSION 1
#define ONB_INVITE_OPTIONS_VERSION 1
#define ONB_USER_FILTER_VERSION 1

/* Static initializers; equal to what the matching onb_*_init() writes. */
#define ONB_OPEN_OPTIONS_INIT \
  { ONB_OPEN_OPTIONS_VERSION, 0, NULL, NULL, 0, 0, 0, 0 }
#define ONB_ORGANIZATION_OPTIONS_INIT \
  { ONB_ORGANIZATION_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, 0, NULL, NULL, NULL }
#define ONB_INVITE_OPTIONS_INIT \
  { ONB_INVITE_OPTIONS_VERSION, 0, NULL, NULL, NULL }
#define ONB_USER_FILTER_INIT \
  { ONB_USER_FILTER_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/* Options of the keys, links and user administration functions. */
#define ONB_REGISTRATION_KEY_OPTIONS_VERSION 1
#define ONB_PRECREATE_OPTIONS_VERSION 1
#define ONB_DOCUMENT_OPTIONS_VERSION 1
#define ONB_SIGNUP_LINK_OPTIONS_VERSION 1
#define ONB_SIGNUP_LINK_CHANGES_VERSION 1
#define ONB_USER_QUERY_VERSION 1
#define ONB_REGISTRATION_KEY_CHANGES_VERSION 1

#define ONB_REGISTRATION_KEY_OPTIONS_INIT \
  { ONB_REGISTRATION_KEY_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0 }
#define ONB_PRECREATE_OPTIONS_INIT \
  { ONB_PRECREATE_OPTIONS_VERSION, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0 }
#define ONB_DOCUMENT_OPTIONS_INIT \
  { ONB_DOCUMENT_OPTIONS_VERSION, 0, NULL, NULL, 0 }
#define ONB_SIGNUP_LINK_OPTIONS_INIT \
  { ONB_SIGNUP_LINK_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 }
#define ONB_SIGNUP_LINK_CHANGES_INIT \
  { ONB_SIGNUP_LINK_CHANGES_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, 0 }
#define ONB_REGISTRATION_KEY_CHANGES_INIT \
  { ONB_REGISTRATION_KEY_CHANGES_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0 }
#define ONB_USER_QUERY_INIT \
  { ONB_USER_QUERY_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/* Options of the import functions. */
#define ONB_IMPORT_OPTIONS_VERSION 4

#define ONB_IMPORT_OPTIONS_INIT \
  { ONB_IMPORT_OPTIONS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL, 0, 0 }

/* Options of self-registration (links and 10-digit keys, the _v2 calls). */
#define ONB_SELF_REGISTRATION_OPTIONS_VERSION 1

#define ONB_SELF_REGISTRATION_OPTIONS_INIT \
  { ONB_SELF_REGISTRATION_OPTIONS_VERSION, 0 }

/* SCIM (onb_scim_handle). */
#define ONB_SCIM_OPTIONS_VERSION 1
#define ONB_SCIM_OPTIONS_INIT \
  { ONB_SCIM_OPTIONS_VERSION, 0, NULL, 0, 0, 0 }

#ifdef __cplusplus
extern "C" {
#endif

/* ONB_CDEF_BEGIN — the Python binding reads the declarations from here to
 * ONB_CDEF_END; keep preprocessor lines out of this region. */

/* ---- status and errors ------------------------------------------------ */

/* Why a call failed. The numbers are shared with the C++ Errc and never change. */
typedef enum onb_status {
  ONB_OK = 0,
  ONB_INVALID_INPUT = 1,          /* a value or a file is malformed */
  ONB_NOT_FOUND = 2,              /* no such record (in this organization) */
  ONB_ALREADY_EXISTS = 3,         /* a member, pending invitation or duplicate exists */
  ONB_EXPIRED = 4,                /* an invitation, key or link is past its expiry */
  ONB_ALREADY_USED = 5,           /* a one-use secret was consumed, or uses ran out */
  ONB_REVOKED = 6,                /* an invitation, key or link was revoked or disabled */
  ONB_PERMISSION_DENIED = 7,      /* the actor may not do this */
  ONB_WEAK_PASSWORD = 8,          /* the password policy refused a password */
  ONB_THROTTLED = 9,              /* too many failed attempts; try again later */
  ONB_LIMIT_EXCEEDED = 10,        /* seats, file size, row count */
  ONB_STORAGE = 11,               /* the storage backend failed */
  ONB_BUSY = 12,                  /* the storage is locked by another writer; retry */
  ONB_CANCELLED = 13,             /* a host callback asked to stop */
  ONB_UNSUPPORTED_FORMAT = 14,    /* a file is not CSV/XLSX or is damaged */
  ONB_MUST_CHANGE_PASSWORD = 15,  /* the password is right but must be replaced first */
  ONB_AUTHENTICATION_FAILED = 16, /* wrong email or password */
  ONB_MISUSE = 17,                /* the API was called wrongly (NULL, bad version, freed handle) */
  ONB_INTERNAL = 18               /* a bug in onboard; the message says where */
} onb_status;

/* The last failure on this thread. Owned by the library; valid until the
 * next onboard call on this thread. Every function returning onb_status
 * resets it on entry, so after a success code is ONB_OK and message "". */
typedef struct onb_error {
  onb_status code;
  const char* message;     /* one sentence for people; never NULL, never a secret */
  int64_t row;             /* spreadsheet row (header = 1) of a file problem; 0 when none */
  const char* column;      /* column name as written in the file; "" when none */
  const char* detail_code; /* finer stable code such as "email.invalid"; "" when none */
} onb_error;

/* The last error of the calling thread; never NULL. */
ONB_API const onb_error* onb_error_last(void);
/* Resets the calling thread's last error to ONB_OK. */
ONB_API void onb_error_clear(void);
/* The stable short name of a status ("invalid_input"); "unknown" for a
 * number this library does not know. Static storage; do not free. */
ONB_API const char* onb_status_name(onb_status status);

/* ---- versions and memory ---------------------------------------------- */

/* The release of the loaded library as MAJOR*10000 + MINOR*100 + PATCH. */
ONB_API int onb_version_number(void);
/* The release of the loaded library as "MAJOR.MINOR.PATCH"; static storage. */
ONB_API const char* onb_version_string(void);
/* The size of a master key in bytes (32). */
ONB_API size_t onb_key_size(void);
/* Frees a string (or other memory) the library returned through `char** out`.
 * NULL is a no-op. */
ONB_API void onb_free(void* ptr);

/* ---- opaque handles ----------------------------------------------------- */

typedef struct onb_directory onb_directory;       /* an open store: free with onb_directory_free */
typedef struct onb_organization onb_organization; /* free with onb_organization_free */
typedef struct onb_user onb_user;                 /* free with onb_user_free */
typedef struct onb_invitation onb_invitation;     /* free with onb_invitation_free */

/* A host callback reporting progress: `done` of `total` units (for imports,
 * bytes of the file; see onb_import_run). Return 0 to continue, non-zero to
 * cancel (the call returns ONB_CANCELLED). */
typedef int (*onb_progress_fn)(void* user_data, uint64_t done, uint64_t total);

/* ---- directory ---------------------------------------------------------- */

typedef enum onb_clock_mode {
  ONB_CLOCK_SYSTEM = 0, /* the real time */
  ONB_CLOCK_MANUAL = 1  /* starts at now_unix and moves only by onb_directory_set_time */
} onb_clock_mode;

typedef struct onb_open_options {
  uint32_t version;     /* ONB_OPEN_OPTIONS_VERSION */
  int32_t clock_mode;   /* an onb_clock_mode */
  const char* key_file; /* master key file (64 hex digits); created with mode 0600 only for an empty store */
  const uint8_t* key;   /* or the master key itself, ONB_KEY_SIZE bytes; the library copies it */
  size_t key_size;      /* the size of `key` */
  int64_t now_unix;     /* the start of a manual clock */
  /* version 2: */
  uint32_t threads;  /* threads one call may keep busy, the caller's included; 1: the library starts no
                        thread at all (the SQLite checkpoint runs on the committing thread); 0: the default
                        (the machine's cores, 1 to 4) */
  uint32_t reserved; /* 0 */
} onb_open_options;

/* Sets `opts` to the defaults of options `version` (1 or 2; a version 1
 * struct is written only up to its end). Errors: ONB_MISUSE when opts is
 * NULL or the version is unknown to this library. */
ONB_API onb_status onb_open_options_init(onb_open_options* opts, uint32_t version);

/* Opens the directory stored at `uri` ("memory:", "sqlite:path/to.db",
 * "postgresql://…"). A persistent store needs `key_file` or `key`; "memory:"
 * without either gets a random key. *out must be freed with
 * onb_directory_free. Errors: ONB_INVALID_INPUT (uri, key file), ONB_STORAGE,
 * ONB_MISUSE (no key for a persistent store, bad options). */
ONB_API onb_status onb_directory_open(onb_directory** out, const char* uri, const onb_open_options* opts);
/* Closes the directory. NULL is a no-op. Every other handle stays valid. */
ONB_API void onb_directory_free(onb_directory* dir);
/* Moves a manual clock to `unix_seconds`. Errors: ONB_MISUSE when the
 * directory runs on the system clock. */
ONB_API onb_status onb_directory_set_time(onb_directory* dir, int64_t unix_seconds);
/* The directory's current time in Unix seconds. */
ONB_API onb_status onb_directory_now(int64_t* out, onb_directory* dir);

/* ---- organizations ------------------------------------------------------ */

typedef struct onb_organization_options {
  uint32_t version;           /* ONB_ORGANIZATION_OPTIONS_VERSION */
  uint32_t reserved;          /* 0 */
  const char* name;           /* required */
  const char* base_url;       /* NULL: "https://onboard.invalid"; links are <base_url>/invite/<token> */
  const char* time_zone;      /* NULL: "UTC"; an IANA name */
  const char* role_preset;    /* NULL: "workspace"; or "it" */
  const char* const* offices; /* offices_count names; none: {"HQ"} */
  size_t offices_count;
  const char* default_office; /* NULL: the first office */
  const char* const* teams;   /* teams_count names */
  size_t teams_count;
  int64_t seat_limit;         /* 0: no limit */
  const char* admin_email;    /* required */
  const char* admin_name;     /* required: the full name */
  const char* admin_password; /* NULL or "": one is generated and returned once */
} onb_organization_options;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_organization_options_init(onb_organization_options* opts, uint32_t version);

/* Creates an organization and its first administrator (the highest role).
 * *out (free with onb_organization_free) and, when admin_out is not NULL,
 * *admin_out (free with onb_user_free). When the password was generated,
 * *generated_password_out receives it once (free with onb_free); otherwise
 * NULL. Errors: ONB_INVALID_INPUT, ONB_WEAK_PASSWORD, ONB_MISUSE. */
ONB_API onb_status onb_organization_create(onb_organization** out, onb_user** admin_out,
                                           char** generated_password_out, onb_directory* dir,
                                           const onb_organization_options* opts);
/* Reads one organization. Errors: ONB_NOT_FOUND. */
ONB_API onb_status onb_organization_get(onb_organization** out, onb_directory* dir, const char* org_id);
/* Every organization as a JSON array (free with onb_free). */
ONB_API onb_status onb_organizations_list_json(char** out, onb_directory* dir);
/* Replaces the settings, base URL, time zone and seat limit from an
 * organization JSON object (as onb_organization_json writes; missing keys
 * keep their defaults). The actor needs manage_users. Errors:
 * ONB_INVALID_INPUT, ONB_PERMISSION_DENIED, ONB_NOT_FOUND. */
ONB_API onb_status onb_organization_update_json(onb_organization** out, onb_directory* dir,
                                                const char* org_id, const char* actor_id, const char* json);
/* Frees an organization. NULL is a no-op. */
ONB_API void onb_organization_free(onb_organization* org);
ONB_API const char* onb_organization_id(const onb_organization* org);
ONB_API const char* onb_organization_name(const onb_organization* org);
ONB_API const char* onb_organization_base_url(const onb_organization* org);
ONB_API const char* onb_organization_time_zone(const onb_organization* org);
ONB_API const char* onb_organization_default_office(const onb_organization* org);
/* The seat limit; 0 when there is none. */
ONB_API int64_t onb_organization_seat_limit(const onb_organization* org);
/* How long a new invitation lasts, in seconds. */
ONB_API int64_t onb_organization_invitation_ttl(const onb_organization* org);
/* The whole organization (settings, roles, catalogs) as a JSON object; free with onb_free. */
ONB_API onb_status onb_organization_json(char** out, const onb_organization* org);
/* Changes an organization (`onboard org set`) in one audited transaction.
 * change_json is a JSON object with any of: "seat_limit" (a number, or null
 * for unlimited), "invitation_days", "add_teams", "remove_teams",
 * "add_offices", "remove_offices" (lists of names), "rename_teams",
 * "rename_offices" (objects {"Old": "New"}), "default_office", "time_zone",
 * "password_min_length", "locale" ("en" or "de"), "pending_hold_seats"
 * (true or false). Renaming renames it for the people, pending invitations,
 * keys and links that have it; removing one in use is refused naming who
 * uses it. Needs manage_users. Errors: ONB_INVALID_INPUT, ONB_PERMISSION_DENIED,
 * ONB_ALREADY_EXISTS, ONB_LIMIT_EXCEEDED (a seat limit below the seats taken). */
ONB_API onb_status onb_organization_change_json(onb_organization** out, onb_directory* dir,
                                                const char* org_id, const char* actor_id,
                                                const char* change_json);
/* The organization's seats as a JSON object (free with onb_free): "limit"
 * (null: unlimited), "used", "not_activated", "pending_invitations",
 * "pending_hold_seats", "reserved", "free" (null: unlimited). Needs invite_users. */
ONB_API onb_status onb_organization_seats_json(char** out, onb_directory* dir, const char* org_id,
                                               const char* actor_id);

/* ---- invitations -------------------------------------------------------- */

typedef struct onb_invite_options {
  uint32_t version;   /* ONB_INVITE_OPTIONS_VERSION */
  uint32_t reserved;  /* 0 */
  const char* role;   /* NULL: the catalog's default role */
  const char* team;   /* NULL: none */
  const char* office; /* NULL: the organization's default office */
} onb_invite_options;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_invite_options_init(onb_invite_options* opts, uint32_t version);

/* Invites `email` on behalf of member `actor_id` (needs invite_users; the
 * role may not be above the actor's) and queues the invitation message.
 * *out carries the token and link, which exist only in this handle. Errors:
 * ONB_INVALID_INPUT, ONB_PERMISSION_DENIED, ONB_ALREADY_EXISTS, ONB_LIMIT_EXCEEDED. */
ONB_API onb_status onb_invitation_create(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* email,
                                         const onb_invite_options* opts);
/* Reads an invitation by its token without using it (safe for mail link
 * scanners). Errors: ONB_INVALID_INPUT, ONB_NOT_FOUND, ONB_EXPIRED,
 * ONB_ALREADY_USED, ONB_REVOKED. */
ONB_API onb_status onb_invitation_inspect(onb_invitation** out, onb_directory* dir, const char* org_id,
                                          const char* token);
/* Uses the invitation once and creates the member; *out is the new user
 * (free with onb_user_free). Errors: as onb_invitation_inspect, plus
 * ONB_WEAK_PASSWORD, ONB_ALREADY_EXISTS, ONB_LIMIT_EXCEEDED. */
ONB_API onb_status onb_invitation_accept(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* token, const char* name, const char* password);
/* Issues a new token and expiry; the old link stops working. *out carries
 * the new token and link. Errors: ONB_NOT_FOUND, ONB_ALREADY_USED,
 * ONB_REVOKED, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_invitation_resend(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* invitation_id);
/* Revokes a pending invitation; its link stops working. Errors as resend. */
ONB_API onb_status onb_invitation_revoke(onb_invitation** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* invitation_id);
/* Every invitation of the organization, newest first, as a JSON array (free
 * with onb_free). Needs invite_users. */
ONB_API onb_status onb_invitations_list_json(char** out, onb_directory* dir, const char* org_id,
                                             const char* actor_id);
/* The same, only those whose status is now `status`: "pending", "expired",
 * "accepted", "revoked", or "all" (or NULL). Errors: ONB_INVALID_INPUT for
 * another status. */
ONB_API onb_status onb_invitations_list_status_json(char** out, onb_directory* dir, const char* org_id,
                                                    const char* actor_id, const char* status);
/* Frees an invitation and wipes its token. NULL is a no-op. */
ONB_API void onb_invitation_free(onb_invitation* invitation);
ONB_API const char* onb_invitation_id(const onb_invitation* invitation);
ONB_API const char* onb_invitation_email(const onb_invitation* invitation);
ONB_API const char* onb_invitation_role(const onb_invitation* invitation);
/* The team; "" when none. */
ONB_API const char* onb_invitation_team(const onb_invitation* invitation);
ONB_API const char* onb_invitation_office(const onb_invitation* invitation);
/* "pending", "expired", "accepted" or "revoked", as of when the handle was made. */
ONB_API const char* onb_invitation_status(const onb_invitation* invitation);
ONB_API int64_t onb_invitation_expires_at(const onb_invitation* invitation);
ONB_API int64_t onb_invitation_resend_count(const onb_invitation* invitation);
/* The secret token, only in a handle from create or resend; NULL otherwise. */
ONB_API const char* onb_invitation_token(const onb_invitation* invitation);
/* The link to send (<base_url>/invite/<token>), only from create or resend; NULL otherwise. */
ONB_API const char* onb_invitation_link(const onb_invitation* invitation);
/* The invitation as a JSON object, without its token; free with onb_free. */
ONB_API onb_status onb_invitation_json(char** out, const onb_invitation* invitation);

/* ---- users and sign-in -------------------------------------------------- */

typedef struct onb_user_filter {
  uint32_t version;           /* ONB_USER_FILTER_VERSION */
  int32_t include_deleted;    /* non-zero: deleted users too (when status is NULL) */
  const char* status;         /* "pending_activation", "active", "suspended", "deleted",
                                 "pending_verification"; NULL: any */
  const char* role;           /* exact catalog name; NULL: any */
  const char* office;         /* NULL: any */
  const char* team;           /* NULL: any */
  const char* text;           /* case-insensitive substring of email, names, username; NULL: any */
  const char* registered_via; /* key or link id; NULL: any */
  const char* after_id;       /* page after this user id (ids sort by creation); NULL: from the start */
  size_t limit;               /* 0: no limit */
} onb_user_filter;

/* Sets `filter` to the defaults of `version` (everyone not deleted). Errors: ONB_MISUSE. */
ONB_API onb_status onb_user_filter_init(onb_user_filter* filter, uint32_t version);

/* Checks an email or a username (`email` may be either: looked up as an
 * email, then as a username) and a password. Errors:
 * ONB_AUTHENTICATION_FAILED (the same for an unknown email or username and a
 * wrong password), ONB_MUST_CHANGE_PASSWORD,
 * ONB_PERMISSION_DENIED (suspended or not activated), ONB_THROTTLED (the
 * account's failures; see onb_user_authenticate_v2, which also takes the
 * caller's source). */
ONB_API onb_status onb_user_authenticate(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* email, const char* password);
/* Replaces a password after checking the current one; clears
 * must_change_password. Errors: ONB_AUTHENTICATION_FAILED, ONB_WEAK_PASSWORD. */
ONB_API onb_status onb_user_change_password(onb_user** out, onb_directory* dir, const char* org_id,
                                            const char* email, const char* current_password,
                                            const char* new_password);
/* onb_user_authenticate, throttled per `source` as well: the caller's IP
 * address or device id (only its keyed hash is stored; NULL or "": only the
 * account is counted). Per account and per source, after 100 consecutive
 * failures (fewer if the organization says so) the answer is ONB_THROTTLED
 * with the time to try again, whether the password is right or not, and
 * the lock doubles with each further failure; while the organization's
 * hourly budget is spent, sources with failures wait after each one. An
 * unknown email is counted like a known one. A right password resets the
 * counts. Errors: as onb_user_authenticate, plus ONB_THROTTLED. */
ONB_API onb_status onb_user_authenticate_v2(onb_user** out, onb_directory* dir, const char* org_id,
                                            const char* email, const char* password, const char* source);
/* onb_user_change_password, throttled like onb_user_authenticate_v2 (the
 * same counts: it checks the current password). Errors: as
 * onb_user_change_password, plus ONB_THROTTLED. */
ONB_API onb_status onb_user_change_password_v2(onb_user** out, onb_directory* dir, const char* org_id,
                                               const char* email, const char* current_password,
                                               const char* new_password, const char* source);
/* Reads a user; an actor may read itself, and others with manage_users.
 * Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_user_get(onb_user** out, onb_directory* dir, const char* org_id, const char* actor_id,
                                const char* user_id);
/* The member with this email. Errors: ONB_INVALID_INPUT, ONB_NOT_FOUND. */
ONB_API onb_status onb_user_find_by_email(onb_user** out, onb_directory* dir, const char* org_id,
                                          const char* email);
/* The users matching `filter` (NULL: everyone not deleted), oldest first,
 * as a JSON array (free with onb_free). Needs manage_users. */
ONB_API onb_status onb_users_list_json(char** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const onb_user_filter* filter);
/* The users matching `filter` (NULL: everyone not deleted; people waiting
 * for their email's confirmation only when `status` asks for them) as a
 * file that imports back with existing "update" as "nothing changed":
 * "csv" (NULL) or "xlsx" `format`, the import template's columns plus every
 * attribute and Status, never a password, hash or key. `filter.after_id`
 * and `limit` page as in onb_users_list_json. *out holds *size_out bytes (may
 * be NULL; an XLSX is binary, a NUL follows) and is freed with onb_free.
 * Needs manage_users; audited ("users.exported"). It holds personal data:
 * store it as onb_users_export_file does. Errors: ONB_PERMISSION_DENIED,
 * ONB_INVALID_INPUT (a format, status, role, office or team that is not one). */
ONB_API onb_status onb_users_export(char** out, size_t* size_out, onb_directory* dir, const char* org_id,
                                    const char* actor_id, const onb_user_filter* filter, const char* format);
/* onb_users_export written to `path`, mode 0600, never through a symbolic
 * link and never over an existing file unless `replace` is non-zero.
 * *count_out (may be NULL) receives how many people it holds. Errors: those
 * of onb_users_export, ONB_ALREADY_EXISTS, ONB_STORAGE (the file). */
ONB_API onb_status onb_users_export_file(size_t* count_out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const onb_user_filter* filter,
                                         const char* format, const char* path, int replace);
/* Frees a user. NULL is a no-op. */
ONB_API void onb_user_free(onb_user* user);
ONB_API const char* onb_user_id(const onb_user* user);
/* The email as given; "" for a user without one. */
ONB_API const char* onb_user_email(const onb_user* user);
ONB_API const char* onb_user_display_name(const onb_user* user);
ONB_API const char* onb_user_first_name(const onb_user* user);
ONB_API const char* onb_user_last_name(const onb_user* user);
ONB_API const char* onb_user_role(const onb_user* user);
ONB_API const char* onb_user_office(const onb_user* user);
/* "pending_activation", "active", "suspended", "deleted" or "pending_verification"
 * (registered with a link or 10-digit key, waiting for the email's confirmation). */
ONB_API const char* onb_user_status(const onb_user* user);
/* 1 when the user must choose a new password before signing in, else 0. */
ONB_API int onb_user_must_change_password(const onb_user* user);
ONB_API int64_t onb_user_created_at(const onb_user* user);
/* The user as a JSON object (never a password hash or key); free with onb_free. */
ONB_API onb_status onb_user_json(char** out, const onb_user* user);

/* ---- outbox: the mail the host sends ------------------------------------ */

/* Claims up to `limit` queued messages for `lease_seconds` (0: 300) and
 * returns them ready to send, secrets filled in, as a JSON array (free with
 * onb_free). Acknowledge each with onb_outbox_ack after sending; an
 * unacknowledged claim lapses and the message is claimed again. */
ONB_API onb_status onb_outbox_claim_json(char** out, onb_directory* dir, const char* org_id, size_t limit,
                                         int64_t lease_seconds);
/* Marks a claimed message as sent. Errors: ONB_NOT_FOUND (not claimed). */
ONB_API onb_status onb_outbox_ack(onb_directory* dir, const char* org_id, const char* message_id);
/* The messages in `state` ("queued", "claimed", "sent", "cancelled"; NULL: all), oldest
 * first, secrets hidden, as a JSON array (free with onb_free). Needs manage_users. */
ONB_API onb_status onb_outbox_list_json(char** out, onb_directory* dir, const char* org_id,
                                        const char* actor_id, const char* state);

/* ---- audit -------------------------------------------------------------- */

/* The newest `limit` audit events (0: all), newest first, as a JSON array
 * (free with onb_free). Needs manage_users. */
ONB_API onb_status onb_audit_list_json(char** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, size_t limit);

/* ---- registration keys (10 digits, many people) ------------------------- */

typedef struct onb_registration_key onb_registration_key; /* free with onb_registration_key_free */

typedef struct onb_registration_key_options {
  uint32_t version;        /* ONB_REGISTRATION_KEY_OPTIONS_VERSION */
  uint32_t reserved;       /* 0 */
  const char* label;       /* NULL: none */
  const char* role;        /* NULL: the catalog's default role */
  const char* team;        /* NULL: none */
  const char* office;      /* NULL: the organization's default office */
  const char* valid_until; /* NULL: no end; a date ("2026-12-31": until the next midnight in the
                              organization's time zone) or an ISO 8601 instant (the first second it fails) */
  int64_t max_uses;        /* 0: unlimited */
} onb_registration_key_options;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_registration_key_options_init(onb_registration_key_options* opts, uint32_t version);

/* Creates a 10-digit organization key (the actor needs add_users_by_link; the
 * role may not be above the actor's). *out carries the digits, which exist
 * only in this handle (free with onb_registration_key_free, which wipes them).
 * Errors: ONB_PERMISSION_DENIED, ONB_INVALID_INPUT (catalog values, dates, uses). */
ONB_API onb_status onb_registration_key_create(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id,
                                               const onb_registration_key_options* opts);
/* What onb_registration_key_update changes; a NULL field (or a zero
 * set_max_uses) stays as it is. The digits never change. */
typedef struct onb_registration_key_changes {
  uint32_t version;     /* ONB_REGISTRATION_KEY_CHANGES_VERSION */
  int32_t set_max_uses; /* non-zero: replace max_uses */
  const char* label;
  const char* role;
  const char* team; /* "" removes the team */
  const char* office;
  const char* valid_until; /* "" removes the end; otherwise as in onb_registration_key_options */
  int64_t max_uses;        /* with set_max_uses: 0 removes the limit; else not below the uses so far */
} onb_registration_key_changes;

/* Sets `changes` to "change nothing" for `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_registration_key_changes_init(onb_registration_key_changes* changes, uint32_t version);
/* Changes a key's label, role, team, office, end or use limit under the rules
 * of create (NULL changes: nothing); its digits stay. *out is the key without
 * digits. Audited ("key.edited", the fields before and after). Errors:
 * ONB_NOT_FOUND, ONB_PERMISSION_DENIED (the key's role or the new one ranks
 * above the actor's), ONB_INVALID_INPUT (catalog values, dates, a limit below
 * the uses so far), ONB_REVOKED, ONB_EXPIRED (create a new key instead). */
ONB_API onb_status onb_registration_key_update(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id, const char* key_id,
                                               const onb_registration_key_changes* changes);
/* Every key, newest first, as a JSON array (free with onb_free); each object
 * also has "registered", the users who registered with it. Never the digits. */
ONB_API onb_status onb_registration_keys_list_json(char** out, onb_directory* dir, const char* org_id,
                                                   const char* actor_id);
/* Revokes a key at once; revoking twice changes nothing. *out is the key
 * without digits. Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_registration_key_revoke(onb_registration_key** out, onb_directory* dir,
                                               const char* org_id, const char* actor_id, const char* key_id);
/* Registers a person with a 10-digit key typed by them (spaces, dashes and
 * full-width digits are fine): *out is the new user with the key's role,
 * team and office (free with onb_user_free), in status
 * "pending_verification" until they use the confirmation link mailed to
 * them. Prefer onb_registration_key_redeem_v2, whose answer does not tell
 * whether the address was a member's (this one still says ONB_ALREADY_EXISTS). `source` is the caller's
 * IP address or device id, for throttling (NULL: counted with every caller
 * that gives none). A typo caught by the check digit costs no attempt.
 * Errors: ONB_INVALID_INPUT, ONB_THROTTLED, ONB_NOT_FOUND, ONB_REVOKED,
 * ONB_EXPIRED, ONB_ALREADY_USED, ONB_ALREADY_EXISTS, ONB_WEAK_PASSWORD, ONB_LIMIT_EXCEEDED. */
ONB_API onb_status onb_registration_key_redeem(onb_user** out, onb_directory* dir, const char* org_id,
                                               const char* key, const char* email, const char* name,
                                               const char* password, const char* source);
/* Frees a key handle and wipes its digits. NULL is a no-op. */
ONB_API void onb_registration_key_free(onb_registration_key* key);
ONB_API const char* onb_registration_key_id(const onb_registration_key* key);
ONB_API const char* onb_registration_key_label(const onb_registration_key* key);
ONB_API const char* onb_registration_key_role(const onb_registration_key* key);
/* The team; "" when none. */
ONB_API const char* onb_registration_key_team(const onb_registration_key* key);
ONB_API const char* onb_registration_key_office(const onb_registration_key* key);
/* "active", "expired", "used_up" or "revoked", as of when the handle was made. */
ONB_API const char* onb_registration_key_status(const onb_registration_key* key);
/* The first second the key no longer works; 0 when it has no end. */
ONB_API int64_t onb_registration_key_valid_until(const onb_registration_key* key);
/* The most uses allowed; 0 when unlimited. */
ONB_API int64_t onb_registration_key_max_uses(const onb_registration_key* key);
ONB_API int64_t onb_registration_key_use_count(const onb_registration_key* key);
/* The 10 digits ("1234567890"), only in a handle from create; NULL otherwise. */
ONB_API const char* onb_registration_key_digits(const onb_registration_key* key);
/* The digits grouped as people should see them ("12345 67890"), only from create; NULL otherwise. */
ONB_API const char* onb_registration_key_grouped(const onb_registration_key* key);
/* The key as a JSON object, never its digits; free with onb_free. */
ONB_API onb_status onb_registration_key_json(char** out, const onb_registration_key* key);

/* ---- pre-created users (29-digit keys) and their documents ---------------- */

typedef struct onb_user_key onb_user_key; /* free with onb_user_key_free */
typedef struct onb_document onb_document; /* free with onb_document_free */

typedef struct onb_precreate_options {
  uint32_t version;         /* ONB_PRECREATE_OPTIONS_VERSION */
  uint32_t reserved;        /* 0 */
  const char* email;        /* NULL: none (print a document); given: the key is mailed (outbox) */
  const char* role;         /* NULL: the catalog's default role */
  const char* const* teams; /* teams_count contact groups */
  size_t teams_count;
  const char* office;                 /* NULL: the organization's default office */
  const char* external_id;            /* NULL: none */
  const char* const* attribute_names; /* attributes_count names, each with the value of the same index */
  const char* const* attribute_values;
  size_t attributes_count;
} onb_precreate_options;

typedef struct onb_document_options {
  uint32_t version;            /* ONB_DOCUMENT_OPTIONS_VERSION */
  uint32_t reserved;           /* 0 */
  const char* format;          /* NULL or "pdf": a PDF; "html": an HTML page */
  const char* const* user_ids; /* user_ids_count ids; none: every user waiting for activation */
  size_t user_ids_count;
} onb_document_options;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_precreate_options_init(onb_precreate_options* opts, uint32_t version);
/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_document_options_init(onb_document_options* opts, uint32_t version);

/* Creates a user waiting for activation (status "pending_activation"), whose
 * names the person cannot change, and their 29-digit key (the actor needs
 * add_users). *out carries the key, which exists only in this handle (free
 * with onb_user_key_free, which wipes it). Errors: ONB_PERMISSION_DENIED,
 * ONB_INVALID_INPUT, ONB_ALREADY_EXISTS (email or external id), ONB_LIMIT_EXCEEDED. */
ONB_API onb_status onb_user_precreate(onb_user_key** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* first_name, const char* last_name,
                                      const onb_precreate_options* opts);
/* Activates the user a 29-digit key belongs to with the chosen password and,
 * when `email` is not NULL, that email; the names stay. *out is the user
 * (free with onb_user_free). `source` as in onb_registration_key_redeem.
 * Errors: as onb_registration_key_redeem, plus ONB_PERMISSION_DENIED (suspended). */
ONB_API onb_status onb_user_key_redeem(onb_user** out, onb_directory* dir, const char* org_id,
                                       const char* key, const char* password, const char* email,
                                       const char* source);
/* Reads the user a 29-digit key belongs to without using the key, to show
 * the activation page the locked names (free *out with onb_user_free). A
 * wrong key counts against `source` as in onb_user_key_redeem; a right one
 * counts nothing. Errors: ONB_INVALID_INPUT, ONB_THROTTLED, ONB_NOT_FOUND,
 * ONB_ALREADY_USED (already active), ONB_PERMISSION_DENIED (suspended). */
ONB_API onb_status onb_user_key_inspect(onb_user** out, onb_directory* dir, const char* org_id,
                                        const char* key, const char* source);
/* Replaces a not-activated user's key (the old one dies at once) and queues
 * the message again when the user has an email or `email` (not NULL)
 * corrects it. *out carries the new key. Errors: ONB_NOT_FOUND,
 * ONB_ALREADY_USED (already active), ONB_INVALID_INPUT, ONB_ALREADY_EXISTS. */
ONB_API onb_status onb_user_key_resend(onb_user_key** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const char* user_id, const char* email);
/* Frees a user key handle and wipes its digits. NULL is a no-op. */
ONB_API void onb_user_key_free(onb_user_key* key);
/* The id of the user the key belongs to. */
ONB_API const char* onb_user_key_user_id(const onb_user_key* key);
/* The 29 digits. */
ONB_API const char* onb_user_key_digits(const onb_user_key* key);
/* The digits grouped ("12345 67890 12345 67890 12345 6789"). */
ONB_API const char* onb_user_key_grouped(const onb_user_key* key);
/* The user as a new handle (free with onb_user_free). */
ONB_API onb_status onb_user_key_user(onb_user** out, const onb_user_key* key);

/* Renders registration documents, one page per not-activated user, from the
 * sealed keys (the actor needs add_users); an audit event records it. The
 * document carries keys in clear: print it, do not store it. Free with
 * onb_document_free, which wipes it. Errors: ONB_NOT_FOUND, ONB_INVALID_INPUT
 * (a user already active, an unknown format), ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_document_create(onb_document** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const onb_document_options* opts);
/* Frees a document and wipes its bytes. NULL is a no-op. */
ONB_API void onb_document_free(onb_document* document);
/* The bytes of the PDF or the HTML text (not NUL-terminated); owned by the handle. */
ONB_API const uint8_t* onb_document_data(const onb_document* document);
ONB_API size_t onb_document_size(const onb_document* document);
/* The number of pages: one per person. */
ONB_API size_t onb_document_pages(const onb_document* document);

/* ---- self-registration links -------------------------------------------- */

typedef struct onb_signup_link onb_signup_link; /* free with onb_signup_link_free */

typedef struct onb_signup_link_options {
  uint32_t version;                   /* ONB_SIGNUP_LINK_OPTIONS_VERSION */
  uint32_t reserved;                  /* 0 */
  const char* label;                  /* NULL: none */
  const char* role;                   /* NULL: the catalog's default role */
  const char* team;                   /* NULL: none */
  const char* office;                 /* NULL: the organization's default office */
  const char* expires;                /* NULL: never; a date or an ISO 8601 instant, as valid_until */
  const char* const* allowed_domains; /* allowed_domains_count email domains; none: any */
  size_t allowed_domains_count;
  int64_t max_uses; /* 0: unlimited */
} onb_signup_link_options;

/* What onb_signup_link_edit changes; a NULL field (or a zero set_* flag) stays as it is. */
typedef struct onb_signup_link_changes {
  uint32_t version;     /* ONB_SIGNUP_LINK_CHANGES_VERSION */
  int32_t set_max_uses; /* non-zero: replace max_uses */
  const char* label;
  const char* role;
  const char* team; /* "" removes the team */
  const char* office;
  const char* expires; /* "" removes the expiry */
  int64_t max_uses;    /* with set_max_uses: 0 removes the limit */
  const char* const* allowed_domains;
  size_t allowed_domains_count;
  int32_t set_allowed_domains; /* non-zero: replace the domains (a count of 0 allows any) */
  uint32_t reserved;           /* 0 */
} onb_signup_link_changes;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_signup_link_options_init(onb_signup_link_options* opts, uint32_t version);
/* Sets `changes` to "change nothing" for `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_signup_link_changes_init(onb_signup_link_changes* changes, uint32_t version);

/* Creates a link (the actor needs manage_links; the role may not be above
 * the actor's). *out carries the token and URL (<base_url>/join/<token>),
 * which exist only in this handle (free with onb_signup_link_free, which
 * wipes them). Errors: ONB_PERMISSION_DENIED, ONB_INVALID_INPUT. */
ONB_API onb_status onb_signup_link_create(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const onb_signup_link_options* opts);
/* Changes a link (NULL changes: nothing); its URL stays. Errors:
 * ONB_NOT_FOUND, and those of create. */
ONB_API onb_status onb_signup_link_edit(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                        const char* actor_id, const char* link_id,
                                        const onb_signup_link_changes* changes);
/* Switches a link on again. Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_signup_link_enable(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const char* link_id);
/* Switches a link off: it refuses registrations until enabled. Errors as enable. */
ONB_API onb_status onb_signup_link_disable(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                           const char* actor_id, const char* link_id);
/* Every link, newest first, with its use count, as a JSON array (free with
 * onb_free). Never a token. Needs manage_links. */
ONB_API onb_status onb_signup_links_list_json(char** out, onb_directory* dir, const char* org_id,
                                              const char* actor_id);
/* The link's URL as a QR code: a standalone SVG document (free with
 * onb_free). It encodes the secret URL: show it to whom the link is for.
 * Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_signup_link_qr_svg(char** out, onb_directory* dir, const char* org_id,
                                          const char* actor_id, const char* link_id);
/* Registers a person through a link. ONB_OK means "a message is on its way
 * to `email`": for a new email a user waiting for their confirmation link
 * was made (see onb_signup_link_redeem_v2), for an email that already has an
 * account nobody was made and its owner was told, and the two cannot be
 * told apart here on purpose. Errors: ONB_INVALID_INPUT (token,
 * email, name, a domain the link does not allow), ONB_NOT_FOUND, ONB_REVOKED
 * (disabled), ONB_EXPIRED, ONB_ALREADY_USED, ONB_WEAK_PASSWORD, ONB_LIMIT_EXCEEDED. */
ONB_API onb_status onb_signup_link_redeem(onb_directory* dir, const char* org_id, const char* token,
                                          const char* email, const char* name, const char* password);
/* Reads a link by its token (or the whole URL) without using it, to render
 * the registration page; needs no member. *out has no token or URL (free
 * with onb_signup_link_free). Errors: as onb_signup_link_redeem's for the
 * link itself: ONB_INVALID_INPUT, ONB_NOT_FOUND, ONB_REVOKED (disabled),
 * ONB_EXPIRED, ONB_ALREADY_USED (no uses left). */
ONB_API onb_status onb_signup_link_inspect(onb_signup_link** out, onb_directory* dir, const char* org_id,
                                           const char* token);
/* Frees a link handle and wipes its token and URL. NULL is a no-op. */
ONB_API void onb_signup_link_free(onb_signup_link* link);
ONB_API const char* onb_signup_link_id(const onb_signup_link* link);
ONB_API const char* onb_signup_link_label(const onb_signup_link* link);
ONB_API const char* onb_signup_link_role(const onb_signup_link* link);
/* The team; "" when none. */
ONB_API const char* onb_signup_link_team(const onb_signup_link* link);
ONB_API const char* onb_signup_link_office(const onb_signup_link* link);
/* "active", "disabled", "expired" or "used_up", as of when the handle was made. */
ONB_API const char* onb_signup_link_status(const onb_signup_link* link);
/* The first second the link no longer works; 0 when it never expires. */
ONB_API int64_t onb_signup_link_expires_at(const onb_signup_link* link);
/* The most uses allowed; 0 when unlimited. */
ONB_API int64_t onb_signup_link_max_uses(const onb_signup_link* link);
ONB_API int64_t onb_signup_link_use_count(const onb_signup_link* link);
/* 1 when the link is switched on, else 0. */
ONB_API int onb_signup_link_enabled(const onb_signup_link* link);
/* The secret token, only in a handle from create; NULL otherwise. */
ONB_API const char* onb_signup_link_token(const onb_signup_link* link);
/* The URL to publish (<base_url>/join/<token>), only from create; NULL otherwise. */
ONB_API const char* onb_signup_link_url(const onb_signup_link* link);
/* The link as a JSON object (with allowed_domains), never its token; free with onb_free. */
ONB_API onb_status onb_signup_link_json(char** out, const onb_signup_link* link);

/* ---- user administration ------------------------------------------------ */

typedef struct onb_user_query {
  uint32_t version;        /* ONB_USER_QUERY_VERSION */
  int32_t include_deleted; /* non-zero: deleted users too (when status is NULL) */
  const char* status;      /* "pending_activation", "active", "suspended", "deleted",
                              "pending_verification"; NULL: any */
  const char* role;        /* a catalog role; NULL: any */
  const char* office;      /* NULL: any */
  const char* team;        /* NULL: any */
  const char* text;        /* case-insensitive part of email, names or username; NULL: any */
  const char* after;       /* the next_after of the previous page; NULL: the first page */
  size_t limit;            /* users per page, 1 to 10,000; 0: 100 */
} onb_user_query;

/* Sets `query` to the defaults of `version` (the first 100 users not deleted). Errors: ONB_MISUSE. */
ONB_API onb_status onb_user_query_init(onb_user_query* query, uint32_t version);

/* One page of the users matching `query` (NULL: defaults), oldest first, as
 * a JSON array (free with onb_free). When another page follows and
 * next_after_out is not NULL, *next_after_out receives the value for
 * query.after (free with onb_free); on the last page it is NULL. Needs
 * manage_users. Errors: ONB_PERMISSION_DENIED, ONB_INVALID_INPUT (an unknown
 * role, office, team or status; a page size above 10,000). */
ONB_API onb_status onb_users_page_json(char** out, char** next_after_out, onb_directory* dir,
                                       const char* org_id, const char* actor_id, const onb_user_query* query);
/* Deletes `count` users, all or none: their keys die, pending invitations
 * to their emails are revoked, one audit event each. *out is the deleted
 * users as a JSON array (free with onb_free). Deleting a deleted user again
 * changes nothing. Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED (yourself, a
 * role above your own). */
ONB_API onb_status onb_users_delete_json(char** out, onb_directory* dir, const char* org_id,
                                         const char* actor_id, const char* const* user_ids, size_t count);
/* Suspends a user: they cannot sign in or redeem their key. *out is the user
 * (free with onb_user_free). Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED,
 * ONB_INVALID_INPUT (a deleted user). */
ONB_API onb_status onb_user_suspend(onb_user** out, onb_directory* dir, const char* org_id,
                                    const char* actor_id, const char* user_id);
/* Undoes a suspension: active again, or waiting for activation if they never
 * activated. Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED, ONB_INVALID_INPUT (not suspended). */
ONB_API onb_status onb_user_reactivate(onb_user** out, onb_directory* dir, const char* org_id,
                                       const char* actor_id, const char* user_id);
/* One person by id, email or username (deleted ones by id only), without
 * secrets. Needs manage_users. Errors: ONB_NOT_FOUND, ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_user_show(onb_user** out, onb_directory* dir, const char* org_id, const char* actor_id,
                                 const char* who);
/* Edits one person (id, email or username): `changes_json` is a JSON object
 * with any of "role", "teams" (an array), "office", "first_name",
 * "last_name", "email", "username", "external_id"; only those given change
 * (an empty string removes an email, username or external id). Audited with
 * each field before and after. The rank rule applies to the person's role
 * and to a new one; nobody changes their own role. Errors:
 * ONB_PERMISSION_DENIED, ONB_NOT_FOUND, ONB_INVALID_INPUT (an unknown field or
 * catalog value, locked names of a pre-created person), ONB_ALREADY_EXISTS
 * (the email, username or external id is someone else's). */
ONB_API onb_status onb_user_edit_json(onb_user** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* who, const char* changes_json);

/* ---- bulk import (CSV, XLSX) --------------------------------------------- */

typedef struct onb_import_report onb_import_report; /* free with onb_import_report_free */

/* The text values are the CLI's spellings (docs/import.md); NULL takes the default. */
typedef struct onb_import_options {
  uint32_t version;            /* ONB_IMPORT_OPTIONS_VERSION */
  int32_t notify;              /* 0: no mail; ONB_NOTIFY_LINKS (1, any other non-zero value too):
                                  activation messages, and for generated passwords a one-use
                                  set-password link (never the password); ONB_NOTIFY_PASSWORDS:
                                  the generated passwords themselves ("login details", weaker) */
  const char* mode;            /* NULL: "all-or-nothing"; or "valid-rows" */
  const char* existing;        /* rows matching existing users: NULL: "error"; "skip" or "update" */
  const char* role;            /* NULL: per row (the Role column); a role: for every row */
  const char* passwords;       /* NULL: "auto" (the Password or Password Hash column's cell, else
                                  generated); "generate", "file" (the Password column, and a Password
                                  Hash column), "hash" (the Password Hash column only: hashes made by
                                  another system, docs/migration.md) or "none" */
  const char* activation;      /* with passwords "none": NULL: "email"; or "key" (in the credentials) */
  const char* unknown_columns; /* NULL: "attribute"; or "error" */
  const char* column_map;      /* "Header=field,Other=ignore"; NULL: the built-in aliases only */
  uint64_t max_rows;           /* 0: the organization's limit (500 by default); raise freely */
  uint64_t max_bytes;          /* 0: the organization's limit (10 MiB by default) */
  /* version 2: */
  uint32_t threads;  /* threads this import may keep busy, the caller's included; 1: it starts none;
                        0: the directory's (onb_open_options.threads) */
  uint32_t reserved; /* 0 */
  /* version 3: */
  const char* missing; /* members no row matches: NULL: "keep"; "suspend" (needs existing "update", mode
                          "all-or-nothing" and manage_users; never the actor or a higher rank; the plan
                          lists them with action "suspend") */
  /* version 4: */
  uint32_t allow_weak_hashes; /* non-zero: accept Password Hash cells of weak schemes (salted SHA-1/MD5,
                                 md5-crypt, PBKDF2-SHA1); 0: such a row is an error */
  uint32_t reserved3;         /* 0 */
} onb_import_options;

/* Values of onb_import_options.notify. */
#define ONB_NOTIFY_NONE 0
#define ONB_NOTIFY_LINKS 1
#define ONB_NOTIFY_PASSWORDS 2

/* Sets `opts` to the defaults of `version` (1 to 4; an older struct is
 * written only up to its end). Errors: ONB_MISUSE. */
ONB_API onb_status onb_import_options_init(onb_import_options* opts, uint32_t version);

/* Reads the file `bytes` (`size` bytes; CSV or XLSX, told apart by content
 * and `file_name`, which may be NULL) and plans every row without writing
 * (the actor needs import_users). `progress` (may be NULL) is called with
 * `user_data` as the file is read; `done` and `total` count bytes of the
 * file. *out is the report (free with onb_import_report_free). When the file
 * has problems (rows, limits, an unreadable file) the result is
 * ONB_INVALID_INPUT, onb_error_last() holds the first problem's row, column
 * and code (detail_code), and *out is STILL SET so the host can show every
 * problem: free it. Other errors (*out NULL): ONB_PERMISSION_DENIED,
 * ONB_INVALID_INPUT (options), ONB_CANCELLED, ONB_STORAGE, ONB_BUSY. */
ONB_API onb_status onb_import_preview(onb_import_report** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* bytes, size_t size,
                                      const char* file_name, const onb_import_options* opts,
                                      onb_progress_fn progress, void* user_data);
/* Previews, then writes the users, their messages, an import job and an
 * audit event in one transaction. `progress` sees the file read twice
 * (checking, then writing): `total` is twice the file's size. ONB_OK means
 * the rows were written (in "valid-rows" mode rows with errors may have been
 * left out: see onb_import_report_error_count). When problems kept anything
 * from being written: ONB_INVALID_INPUT with *out set, as in preview. After
 * any other error nothing was written and *out is NULL. */
ONB_API onb_status onb_import_run(onb_import_report** out, onb_directory* dir, const char* org_id,
                                  const char* actor_id, const char* bytes, size_t size, const char* file_name,
                                  const onb_import_options* opts, onb_progress_fn progress, void* user_data);
/* Frees a report and wipes credentials not taken yet. NULL is a no-op. */
ONB_API void onb_import_report_free(onb_import_report* report);
/* Data rows read; rows without errors. */
ONB_API int64_t onb_import_report_rows(const onb_import_report* report);
ONB_API int64_t onb_import_report_valid(const onb_import_report* report);
/* 1 when the rows were written, else 0 (always 0 for a preview). */
ONB_API int onb_import_report_committed(const onb_import_report* report);
/* Users created, updated and skipped (a preview: what a run would do). */
ONB_API int64_t onb_import_report_created(const onb_import_report* report);
ONB_API int64_t onb_import_report_updated(const onb_import_report* report);
ONB_API int64_t onb_import_report_skipped(const onb_import_report* report);
/* Members no row matched that are (or, in a preview, would be) suspended:
 * options.missing "suspend". */
ONB_API int64_t onb_import_report_suspended(const onb_import_report* report);
/* The problems listed (at most 1000; the JSON's error_rows counts every row). */
ONB_API size_t onb_import_report_error_count(const onb_import_report* report);
/* The i-th problem: spreadsheet row (header = 1; 0 for the whole file), the
 * column as written in the file ("" for none), its stable code and its
 * sentence. Owned by the report. An index out of range returns 0 or NULL and
 * sets ONB_MISUSE. */
ONB_API int64_t onb_import_report_error_row(const onb_import_report* report, size_t index);
ONB_API const char* onb_import_report_error_column(const onb_import_report* report, size_t index);
ONB_API const char* onb_import_report_error_code(const onb_import_report* report, size_t index);
ONB_API const char* onb_import_report_error_message(const onb_import_report* report, size_t index);
/* Warnings (a Windows-1252 file, an unused Password column…), as for errors. */
ONB_API size_t onb_import_report_warning_count(const onb_import_report* report);
ONB_API const char* onb_import_report_warning(const onb_import_report* report, size_t index);
/* How many people got a generated password or an activation key in this run. */
ONB_API size_t onb_import_report_credential_count(const onb_import_report* report);
/* The report as a JSON object (counts, errors, warnings, conflicts, plan;
 * "credentials" is their count, never the secrets); free with onb_free. */
ONB_API onb_status onb_import_report_json(char** out, const onb_import_report* report);
/* The credentials of a committed run as CSV (UTF-8 with BOM, every field
 * quoted and formula-safe), returned once: the handle wipes its copy, and a
 * second call is ONB_ALREADY_USED. *out is freed with onb_free (wipe it
 * first: it holds passwords or keys); *size_out (may be NULL) receives its
 * length. Errors: ONB_NOT_FOUND (this report made no credentials). */
ONB_API onb_status onb_import_report_credentials_csv(char** out, size_t* size_out, onb_import_report* report);
/* The import job a committed run recorded ("" when nothing was written):
 * what onb_import_take_credentials_csv and onb_import_discard_credentials
 * take. Owned by the report. */
ONB_API const char* onb_import_report_job_id(const onb_import_report* report);
/* A committed run also stores its credentials sealed with the master key, in
 * the same transaction as the accounts, so nothing after the commit can lose
 * them. Once the host has durably saved the report's copy, it calls
 * onb_import_discard_credentials; if it never could (a crash, a full disk),
 * onb_import_take_credentials_csv hands the sealed copy out, once. Unclaimed,
 * it is wiped after the organization's credentials_ttl (7 days by default).
 * Both are allowed to the member who ran the import, or one with
 * import_users whose role ranks at least as high, and are audited.
 *
 * The credentials of import `job_id` as CSV, as
 * onb_import_report_credentials_csv makes it; the sealed copy is deleted.
 * *out is freed with onb_free (wipe it first); *size_out (may be NULL) is
 * its length. Errors: ONB_ALREADY_USED (handed out before), ONB_EXPIRED,
 * ONB_NOT_FOUND (no such import, or it made none), ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_import_take_credentials_csv(char** out, size_t* size_out, onb_directory* dir,
                                                   const char* org_id, const char* actor_id,
                                                   const char* job_id);
/* Deletes the sealed copy of `job_id`'s credentials without reading it. Same
 * rules and errors as onb_import_take_credentials_csv. */
ONB_API onb_status onb_import_discard_credentials(onb_directory* dir, const char* org_id,
                                                  const char* actor_id, const char* job_id);
/* Wipes the organization's sealed credentials that expired unclaimed (imports
 * and takes do it too); *purged_out (may be NULL) is how many parts went. */
ONB_API onb_status onb_import_purge_expired_credentials(int64_t* purged_out, onb_directory* dir,
                                                        const char* org_id);
/* The uploaded file again as formula-safe CSV with an "Errors" column, for
 * fixing and uploading again. Pass the same bytes and file name as to the
 * import. *out is freed with onb_free; *size_out (may be NULL) is its length.
 * Errors: ONB_INVALID_INPUT, ONB_UNSUPPORTED_FORMAT (the file cannot be read). */
ONB_API onb_status onb_import_annotated_csv(char** out, size_t* size_out, const onb_import_report* report,
                                            const char* bytes, size_t size, const char* file_name);
/* A blank import file with the organization's headers: "csv" (NULL) or
 * "xlsx" (with drop-down lists of roles, offices and teams). *out holds
 * *size_out bytes (an XLSX is binary; a NUL follows them) and is freed with
 * onb_free. Errors: ONB_NOT_FOUND, ONB_INVALID_INPUT (another format). */
ONB_API onb_status onb_import_template(char** out, size_t* size_out, onb_directory* dir, const char* org_id,
                                       const char* format);

/* ---- self-registration proven by the mailbox ---------------------------- */

/* A registration through a link or a 10-digit key makes an account in status
 * "pending_verification": it cannot sign in (onb_user_authenticate answers it as a
 * wrong password), holds no seat and never blocks the address, until the
 * person opens the one-use confirmation link the outbox carries to the
 * address (kind "email_confirmation", "<base_url>/confirm/<token>", valid 24
 * hours) and gives the password chosen when registering (onb_email_confirm).
 * A later registration of the same address replaces the unconfirmed
 * one (its link dies); an invitation, a pre-created user or an import of the
 * address is never refused because of it. */

typedef struct onb_self_registration_options {
  uint32_t version;        /* ONB_SELF_REGISTRATION_OPTIONS_VERSION */
  uint32_t email_verified; /* non-zero: the host verified the address itself (SSO, its own mail
                              check): the account is active at once, with no confirmation link */
} onb_self_registration_options;

/* Sets `opts` to the defaults of `version`. Errors: ONB_MISUSE. */
ONB_API onb_status onb_self_registration_options_init(onb_self_registration_options* opts, uint32_t version);

/* Registers a person through a link. ONB_OK means "a message is on its way
 * to `email`", whether the address was free (a confirmation link, or with
 * email_verified a welcome), a member's (the owner is told someone tried) or
 * waiting for a confirmation (a fresh link replaces the old): the three
 * cannot be told apart here on purpose. `opts` NULL: the defaults. Errors:
 * ONB_INVALID_INPUT (token, email, name, a domain the link does not allow),
 * ONB_NOT_FOUND, ONB_REVOKED, ONB_EXPIRED, ONB_ALREADY_USED,
 * ONB_WEAK_PASSWORD, ONB_LIMIT_EXCEEDED, ONB_MISUSE (a bad options version). */
ONB_API onb_status onb_signup_link_redeem_v2(onb_directory* dir, const char* org_id, const char* token,
                                             const char* email, const char* name, const char* password,
                                             const onb_self_registration_options* opts);
/* Registers a person with a 10-digit key; ONB_OK as onb_signup_link_redeem_v2
 * (never ONB_ALREADY_EXISTS). `source` as in onb_registration_key_redeem.
 * Errors: ONB_INVALID_INPUT, ONB_THROTTLED, ONB_NOT_FOUND, ONB_REVOKED,
 * ONB_EXPIRED, ONB_ALREADY_USED, ONB_WEAK_PASSWORD, ONB_LIMIT_EXCEEDED, ONB_MISUSE. */
ONB_API onb_status onb_registration_key_redeem_v2(onb_directory* dir, const char* org_id, const char* key,
                                                  const char* email, const char* name, const char* password,
                                                  const char* source,
                                                  const onb_self_registration_options* opts);
/* Reads a confirmation link's token (or the whole URL: its last path
 * segment) without using it, to render a page; safe for mail scanners.
 * *out is the pending_verification user (free with onb_user_free);
 * *expires_at (may be NULL) the first second the link fails. Errors:
 * ONB_INVALID_INPUT, ONB_NOT_FOUND (unknown, replaced or used), ONB_EXPIRED. */
ONB_API onb_status onb_email_confirmation_inspect(onb_user** out, int64_t* expires_at, onb_directory* dir,
                                                  const char* org_id, const char* token);
/* Uses a confirmation link once (token or whole URL): *out is the user, now
 * active. Of two concurrent calls one wins. The link alone is not enough:
 * `password` must be the one chosen when registering (as typed), so the
 * owner of an address who clicks a stranger's link cannot activate the
 * stranger's account; a host's confirmation page asks for it. A wrong
 * password is ONB_AUTHENTICATION_FAILED and leaves the link unused; it is
 * counted like a wrong sign-in (onb_user_authenticate_v2: the same
 * per-account budget, and per `source`, the caller's IP address or device
 * id, NULL or "": the account alone), then ONB_THROTTLED with the time to
 * try again. Errors: as onb_email_confirmation_inspect, plus
 * ONB_AUTHENTICATION_FAILED, ONB_THROTTLED, ONB_LIMIT_EXCEEDED (no seat
 * left; the link keeps working until it expires), ONB_MISUSE (NULL password). */
ONB_API onb_status onb_email_confirm(onb_user** out, onb_directory* dir, const char* org_id,
                                     const char* token, const char* password, const char* source);

/* ---- set-password links ------------------------------------------------ */

/* An import with generated passwords and notify mails each person a one-use
 * link, "<base_url>/set-password/<token>" (outbox kind "set_password"), to
 * choose their own password instead of the generated one. It works once,
 * until the organization's invitation lifetime ends, and dies when the
 * password changes by any route. */

/* Reads a set-password link's token (or the whole URL) without using it;
 * safe for mail scanners. *out is the user (free with onb_user_free);
 * *expires_at (may be NULL) the first second the link fails. Errors:
 * ONB_INVALID_INPUT (not such a link), ONB_NOT_FOUND (unknown, forged or
 * already used), ONB_EXPIRED, ONB_PERMISSION_DENIED (account not active). */
ONB_API onb_status onb_password_link_inspect(onb_user** out, int64_t* expires_at, onb_directory* dir,
                                             const char* org_id, const char* token);
/* Uses a set-password link once: `password` is checked against the
 * organization's policy, must_change_password is cleared, *out is the user.
 * Of two concurrent calls one wins. Errors: as onb_password_link_inspect,
 * plus ONB_WEAK_PASSWORD (the link stays unused), ONB_MISUSE (NULL password). */
ONB_API onb_status onb_password_link_use(onb_user** out, onb_directory* dir, const char* org_id,
                                         const char* token, const char* password);

/* ---- mail templates: the organization's mail in its language ------------- */

/* The outbox's subjects and bodies come from templates per locale ("en",
 * "de"; the organization's "locale" setting, or the one an invitation was
 * first sent in) and kind ("invitation", "registration_key", "activation",
 * "email_confirmation", "set_password", "login_details", "welcome",
 * "already_registered"), each a subject, a plain text and an HTML body in ICU
 * MessageFormat (docs/mails.md lists each kind's arguments). Claimed messages
 * carry "html" beside "body". */

/* The templates as the organization has them (every locale, or `locale`
 * when not NULL), as a JSON array of {"locale","kind","subject","text","html",
 * "subject_overridden","text_overridden","html_overridden"} (free with
 * onb_free; "html" "" means made from the text). Needs manage_users. */
ONB_API onb_status onb_mail_templates_list_json(char** out, onb_directory* dir, const char* org_id,
                                                const char* actor_id, const char* locale);
/* Overrides parts of one template: NULL keeps a part, "" returns it to the
 * shipped one. Each part is checked (MessageFormat, only the kind's
 * arguments, a body keeps {secret_link} or {secret}, a subject never has
 * them). Audited. Errors: ONB_INVALID_INPUT (detail_code "mail.template",
 * "mail.locale", "mail.kind"), ONB_PERMISSION_DENIED. */
ONB_API onb_status onb_mail_template_change(onb_directory* dir, const char* org_id, const char* actor_id,
                                            const char* locale, const char* kind, const char* subject,
                                            const char* text_body, const char* html_body);
/* A template filled in with sample values: {"subject","text","html"} (free
 * with onb_free). Needs manage_users. */
ONB_API onb_status onb_mail_template_preview_json(char** out, onb_directory* dir, const char* org_id,
                                                  const char* actor_id, const char* locale, const char* kind);

/* ---- the event feed and webhook signatures (docs/events.md) ------------- */

/* Up to `limit` (0: 100; at most 1000) events after `cursor` (NULL or "":
 * from the first), in commit order, as a JSON array of {"cursor","type",
 * "id","at","actor","subject","data"} (free with onb_free). When
 * next_cursor_out is not NULL it receives the cursor to pass next (free
 * with onb_free; the same as `cursor` when nothing new was there). At least
 * once: store the cursor after handling the events, de-duplicate by "id".
 * Needs manage_users. Errors: ONB_PERMISSION_DENIED, ONB_INVALID_INPUT (a
 * cursor the feed did not give, a limit above 1000). */
ONB_API onb_status onb_events_since_json(char** out, char** next_cursor_out, onb_directory* dir,
                                         const char* org_id, const char* actor_id, const char* cursor,
                                         size_t limit);
/* Writes the feed's "invitation.expired" (actor "system", subject the
 * invitation, data {"email","expires_at"}) once for each invitation past its
 * expiry, neither accepted nor revoked, and not yet noted for that expiry (a
 * resend clears the mark), the earliest first, at most `limit` (0: 1000) in
 * one transaction. A maintenance call like
 * onb_import_purge_expired_credentials: no actor; the host calls it when it
 * likes (the library starts no thread). *noted_out (may be NULL) is how many.
 * Errors: ONB_STORAGE. */
ONB_API onb_status onb_invitations_note_expired(int64_t* noted_out, onb_directory* dir, const char* org_id,
                                                size_t limit);
/* The X-Onboard-Signature of a webhook `body` (`body_size` bytes) sent at
 * `timestamp` (Unix seconds, sent in X-Onboard-Timestamp): "sha256=" and
 * the hex HMAC-SHA-256 of "<timestamp>.<body>" under `secret` (`secret_size`
 * bytes). *out is freed with onb_free. Errors: ONB_MISUSE. */
ONB_API onb_status onb_webhook_sign(char** out, const char* secret, size_t secret_size, int64_t timestamp,
                                    const char* body, size_t body_size);
/* ONB_OK when `signature` is onb_webhook_sign's for these (compared in
 * constant time), else ONB_AUTHENTICATION_FAILED. The receiver also refuses
 * timestamps far from its clock. Errors: ONB_MISUSE. */
ONB_API onb_status onb_webhook_verify(const char* secret, size_t secret_size, int64_t timestamp,
                                      const char* body, size_t body_size, const char* signature);

/* ---- SCIM 2.0 provisioning (docs/scim.md) ------------------------------ */

/* A SCIM bearer token acting as actor_id (needs manage_users), named `name`.
 * *secret_out receives the token once ("onbscim_…"; free with onb_free after
 * wiping it), *id_out its id (free with onb_free); the store keeps only its
 * keyed hash. Audited. Errors: ONB_PERMISSION_DENIED, ONB_INVALID_INPUT. */
ONB_API onb_status onb_scim_token_create(char** secret_out, char** id_out, onb_directory* dir,
                                         const char* org_id, const char* actor_id, const char* name);
/* The organization's SCIM tokens as a JSON array of {"id","name","created_by",
 * "created_at","last_used_at","revoked"} (free with onb_free). Needs manage_users. */
ONB_API onb_status onb_scim_token_list_json(char** out, onb_directory* dir, const char* org_id,
                                            const char* actor_id);
/* Revokes a token for good. Refused (ONB_PERMISSION_DENIED) when its maker
 * ranks above the actor. Errors: ONB_NOT_FOUND. */
ONB_API onb_status onb_scim_token_revoke(onb_directory* dir, const char* org_id, const char* actor_id,
                                         const char* token_id);

typedef struct onb_scim_options {
  uint32_t version;             /* ONB_SCIM_OPTIONS_VERSION */
  uint32_t reserved;            /* 0 */
  const char* base_url;         /* where the handler is mounted, for locations; NULL: relative */
  int delete_removes;           /* nonzero: DELETE /Users/ID deletes; 0: it suspends */
  uint32_t max_bulk_operations; /* 0: 100 */
  uint32_t max_payload_bytes;   /* 0: 1 MiB */
} onb_scim_options;

/* A SCIM response: status, headers and body; free with onb_scim_response_free. */
typedef struct onb_scim_response onb_scim_response;

/* Serves one SCIM request for org_id. With actor_id NULL the request must
 * carry "Authorization: Bearer <token>" among the headers and acts as the
 * token's maker; otherwise it acts as actor_id. `path` is relative to where
 * the handler is mounted ("/Users/ID"), `query` the raw query string (NULL:
 * none), headers two arrays of header_count names and values, body
 * body_size bytes (NULL: none). A refused request is still ONB_OK with a
 * SCIM error response; the status is an error only for a misuse. */
ONB_API onb_status onb_scim_handle(onb_scim_response** out, onb_directory* dir, const char* org_id,
                                   const char* actor_id, const onb_scim_options* opts, const char* method,
                                   const char* path, const char* query, const char* const* header_names,
                                   const char* const* header_values, size_t header_count, const char* body,
                                   size_t body_size);
ONB_API onb_status onb_scim_options_init(onb_scim_options* opts, uint32_t version);
/* The HTTP status (200, 201, 204, 400…); 0 for NULL. */
ONB_API int onb_scim_response_status(const onb_scim_response* response);
ONB_API size_t onb_scim_response_header_count(const onb_scim_response* response);
/* The name and value of header `index`; NULL past the end. Owned by the response. */
ONB_API const char* onb_scim_response_header_name(const onb_scim_response* response, size_t index);
ONB_API const char* onb_scim_response_header_value(const onb_scim_response* response, size_t index);
/* The body (JSON, or "" for 204), NUL-terminated; owned by the response. */
ONB_API const char* onb_scim_response_body(const onb_scim_response* response);
ONB_API size_t onb_scim_response_body_size(const onb_scim_response* response);
ONB_API void onb_scim_response_free(onb_scim_response* response);

/* ONB_CDEF_END */

#ifdef __cplusplus
}
#endif

#endif /* ONBOARD_ONBOARD_H */
