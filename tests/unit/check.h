/*
 * check.h - the few lines every unit test shares: CHECK() records a failed
 * expression with its file and line and goes on; check_report() ends main.
 */
#ifndef VOLTE_TEST_CHECK_H
#define VOLTE_TEST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(expr)                                                                  \
    do {                                                                             \
        if (!(expr)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #expr); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

/* The exit status of a test program: 0 when every check passed. */
static inline int check_report(const char *test)
{
    if (failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", test, failures);
        return 1;
    }
    printf("%s: all checks passed\n", test);
    return 0;
}

#endif
