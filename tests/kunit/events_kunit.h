/* SPDX-License-Identifier: GPL-2.0 */
/* The ktp_events KUnit suite: C++ case bodies and helpers callable from C. */
#ifndef KTP_EVENTS_KUNIT_H
#define KTP_EVENTS_KUNIT_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

int ktp_events_kunit_setup(int patching);
void ktp_events_kunit_teardown(void);

void ktp_events_test_site_bytes(struct kunit *test);
void ktp_events_test_refcounts(struct kunit *test);
void ktp_events_test_batch(struct kunit *test);
void ktp_events_test_fallback(struct kunit *test);
void ktp_events_test_probe_errors(struct kunit *test);
void ktp_events_test_registry(struct kunit *test);
void ktp_events_test_mismatch(struct kunit *test);

/* For the concurrency case, driven from C with kthreads. */
void ktp_events_kunit_fire(int a);
long ktp_events_kunit_fire_framed(int a);
int ktp_events_kunit_probe_on(void);
int ktp_events_kunit_probe_off(void);
long ktp_events_kunit_probe_hits(void);
/* (Un)registers fn as a probe of kunit_first. */
int ktp_events_kunit_probe_raw(void (*fn)(void *, int, int), void *data, int on);

#ifdef __cplusplus
}
#endif

#endif
