// SPDX-License-Identifier: GPL-2.0
// Broken on purpose: a delete-expression needs operator delete(void *, size_t), which nothing defines.
struct Widget {
	int value;
};
extern "C" void bad_drop(void *p);
extern "C" void bad_drop(void *p)
{
	delete static_cast<Widget *>(p);
}
