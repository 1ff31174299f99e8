// SPDX-License-Identifier: GPL-2.0
// Broken on purpose: an unused variable, a warning that -Werror turns into a failed build.
extern "C" int bad_warn(int x)
{
	int unused = x * 2;
	return x;
}
