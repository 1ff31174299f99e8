/* SPDX-License-Identifier: GPL-2.0 */
/* The ring buffer, driven from the C side of the ktp_ring KUnit suite (kernel contexts live there). */
#ifndef KTP_RING_KUNIT_H
#define KTP_RING_KUNIT_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

/* One CPU's ring of pages (NULL when memory runs out). */
void *ktp_ring_kunit_create(unsigned int pages);
void ktp_ring_kunit_destroy(void *ring);
/* Reserve space for len bytes (>= 4) and put value in its first word; commit separately. */
void *ktp_ring_kunit_reserve(void *ring, unsigned int len, unsigned int value);
void ktp_ring_kunit_commit(void *ring);
/* Reserve, fill and commit; 0 or -1 when refused. */
int ktp_ring_kunit_write(void *ring, unsigned int len, unsigned int value);
/* Consumes up to max events: their first words and timestamps; returns how many. */
unsigned int ktp_ring_kunit_drain(void *ring, unsigned int *values, unsigned long long *stamps, unsigned int max);
/* Nonzero when a reader would find an event (no allocation: callable in atomic context). */
unsigned int ktp_ring_kunit_visible(void *ring);
void ktp_ring_kunit_counters(void *ring, unsigned long long *written, unsigned long long *read,
			     unsigned long long *overrun, unsigned long long *dropped);

void ktp_ring_test_sizes_and_wrap(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif
