// SPDX-License-Identifier: GPL-2.0
/* Turns expectations made by C++ test bodies into KUnit expectations. */
#include <kunit/test.h>

#include "kunit_bridge.h"

void ktp_kunit_check(void *test, int ok, const char *expr, const char *file, int line)
{
	/* Short: 6.1 keeps only 512 bytes of log per case, and the verdict line comes after it. */
	if (!ok)
		KUNIT_FAIL((struct kunit *)test, "%s:%d: %s", file, line, expr);
}
