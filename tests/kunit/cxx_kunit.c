// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_cxx: C++ inside the kernel (templates, virtual calls, allocation failure, Result, locks). */
#include <kunit/test.h>

#include "cxx_kunit.h"

static struct kunit_case ktp_cxx_cases[] = {
	KUNIT_CASE(ktp_cxx_test_templates),
	KUNIT_CASE(ktp_cxx_test_virtual_call),
	KUNIT_CASE(ktp_cxx_test_allocation_failure),
	KUNIT_CASE(ktp_cxx_test_operator_new_forms),
	KUNIT_CASE(ktp_cxx_test_result),
	KUNIT_CASE(ktp_cxx_test_intrusive_list),
	KUNIT_CASE(ktp_cxx_test_locks),
	{}
};

static struct kunit_suite ktp_cxx_suite = {
	.name = "ktp_cxx",
	.test_cases = ktp_cxx_cases,
};

kunit_test_suites(&ktp_cxx_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktp KUnit suites");
