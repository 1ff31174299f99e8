// SPDX-License-Identifier: GPL-2.0
/* Turns expectations made by C++ test bodies into KUnit expectations. */
#include <kunit/test.h>

#include "kunit_bridge.h"

void ktp_kunit_check(void *test, int ok, const char *expr, const char *file, int line)
{
	/* A named pointer: 7.3's KUNIT_FAIL expands test->last_seen, which a cast would not bind. */
	struct kunit *kunit = test;

	/* Short: 6.1 keeps only 512 bytes of log per case, and the verdict line comes after it. */
	if (!ok)
		KUNIT_FAIL(kunit, "%s:%d: %s", file, line, expr);
}
