// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ktp_filter: the filter compiler and evaluator in the kernel. */
#include <kunit/test.h>

#include "filter_kunit.h"

static struct kunit_case ktp_filter_cases[] = {
	KUNIT_CASE(ktp_filter_test_compile_errors),
	KUNIT_CASE(ktp_filter_test_evaluate),
	KUNIT_CASE(ktp_filter_test_allocation_failure),
	{}
};

static struct kunit_suite ktp_filter_suite = {
	.name = "ktp_filter",
	.test_cases = ktp_filter_cases,
};

kunit_test_suites(&ktp_filter_suite);
