// SPDX-License-Identifier: GPL-2.0
// Broken on purpose: a function template instantiated out of line is a weak (COMDAT) definition.
template <int Factor> [[gnu::noinline]] int scaled(int x)
{
	return x * Factor;
}
extern "C" int bad_scaled(int x);
int bad_scaled(int x)
{
	return scaled<3>(x) + scaled<5>(x);
}
