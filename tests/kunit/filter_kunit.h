/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ case bodies of the ktp_filter KUnit suite. */
#ifndef KTP_FILTER_KUNIT_H
#define KTP_FILTER_KUNIT_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void ktp_filter_test_compile_errors(struct kunit *test);
void ktp_filter_test_evaluate(struct kunit *test);
void ktp_filter_test_allocation_failure(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif
