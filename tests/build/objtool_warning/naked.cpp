// SPDX-License-Identifier: GPL-2.0
// Broken on purpose: a hand-written 'ret' bypasses the return thunk; objtool warns.
extern "C" void bad_naked_return(void);
extern "C" void bad_naked_return(void)
{
	asm volatile("ret; int3");
}
