// SPDX-License-Identifier: GPL-2.0
/* Turns expectations made by C++ test bodies into KUnit expectations. */
#include <kunit/test.h>

#include "kunit_bridge.h"

void ktp_kunit_check(void *test, int ok, const char *expr, const char *file, int line)
{
	KUNIT_EXPECT_TRUE_MSG((struct kunit *)test, ok, "%s:%d: expected %s", file, line, expr);
}
