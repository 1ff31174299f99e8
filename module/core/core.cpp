// SPDX-License-Identifier: GPL-2.0
// The core's entry points: global bring-up and tear-down, called once each by the module shim.
#include <ktp/abi.h>
#include <ktp/version.h>

extern "C" int ktp_core_init(void)
{
	return 0;
}

extern "C" void ktp_core_exit(void)
{
}

extern "C" const char *ktp_core_version(void)
{
	return KTP_VERSION;
}
