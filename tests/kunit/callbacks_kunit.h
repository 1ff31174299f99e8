/* SPDX-License-Identifier: GPL-2.0 */
/* The ktp_callbacks KUnit suite: C++ case bodies and helpers callable from C. */
#ifndef KTP_CALLBACKS_KUNIT_H
#define KTP_CALLBACKS_KUNIT_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

int ktp_callbacks_kunit_setup(void);
void ktp_callbacks_kunit_teardown(void);

void ktp_callbacks_test_record_bytes(struct kunit *test);
void ktp_callbacks_test_raw_args(struct kunit *test);
void ktp_callbacks_test_off(struct kunit *test);

/* For the concurrency case, driven from C with kthreads. */
void ktp_callbacks_kunit_fire(int a);
int ktp_callbacks_kunit_on(int on);
long ktp_callbacks_kunit_hits(void);

#ifdef __cplusplus
}
#endif

#endif
