/* A minimal test harness for the C tests: checks that stop the program
 * with the file, line, expression and the library's last error. */
#ifndef ONBOARD_TESTS_C_CHECK_H
#define ONBOARD_TESTS_C_CHECK_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, pthread barriers */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onboard/onboard.h"

#define CHECK(cond)                                                                            \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      fprintf(stderr, "%s:%d: CHECK(%s) failed (last error: %s)\n", __FILE__, __LINE__, #cond, \
              onb_error_last()->message);                                                      \
      exit(1);                                                                                 \
    }                                                                                          \
  } while (0)

#define CHECK_STATUS(expected, call)                                                                 \
  do {                                                                                               \
    onb_status check_status_ = (call);                                                               \
    if (check_status_ != (expected)) {                                                               \
      fprintf(stderr, "%s:%d: %s returned %s, expected %s (%s)\n", __FILE__, __LINE__, #call,        \
              onb_status_name(check_status_), onb_status_name(expected), onb_error_last()->message); \
      exit(1);                                                                                       \
    }                                                                                                \
  } while (0)

#define CHECK_OK(call) CHECK_STATUS(ONB_OK, call)

#define CHECK_STR(actual, expected)                                                          \
  do {                                                                                       \
    const char* check_a_ = (actual);                                                         \
    const char* check_e_ = (expected);                                                       \
    if (check_a_ == NULL || strcmp(check_a_, check_e_) != 0) {                               \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual, \
              check_a_ ? check_a_ : "(null)", check_e_);                                     \
      exit(1);                                                                               \
    }                                                                                        \
  } while (0)

/* Runs one behaviour, named by its function. */
#define RUN(test)               \
  do {                          \
    test();                     \
    printf("ok - %s\n", #test); \
  } while (0)

#endif
