/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ case bodies of the ktp_cxx KUnit suite, callable from C. */
#ifndef KTP_CXX_KUNIT_H
#define KTP_CXX_KUNIT_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void ktp_cxx_test_templates(struct kunit *test);
void ktp_cxx_test_virtual_call(struct kunit *test);
void ktp_cxx_test_allocation_failure(struct kunit *test);
void ktp_cxx_test_operator_new_forms(struct kunit *test);
void ktp_cxx_test_result(struct kunit *test);
void ktp_cxx_test_intrusive_list(struct kunit *test);
void ktp_cxx_test_locks(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif
