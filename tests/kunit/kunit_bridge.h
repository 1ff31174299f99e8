/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets KUnit case bodies written in C++ (which cannot include kernel headers)
 * report expectations to the running KUnit test.
 */
#ifndef KTP_KUNIT_BRIDGE_H
#define KTP_KUNIT_BRIDGE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Records a passed or failed expectation on the struct kunit *test. */
void ktp_kunit_check(void *test, int ok, const char *expr, const char *file, int line);

#ifdef __cplusplus
}
#endif

/* KTP_KEXPECT(test, cond): a KUnit expectation from C++. */
#define KTP_KEXPECT(test, cond) ktp_kunit_check((test), !!(cond), #cond, __FILE_NAME__, __LINE__)

#endif
