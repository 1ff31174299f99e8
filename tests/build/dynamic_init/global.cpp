// SPDX-License-Identifier: GPL-2.0
// Broken on purpose: a global whose initializer runs at startup lands in .init_array.
extern "C" int bad_compute(void);
extern "C" int bad_global;
int bad_global = bad_compute();
