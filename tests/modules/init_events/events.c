// SPDX-License-Identifier: GPL-2.0
/* Defines the ktp_test:test_init_call event of ktp_init_events.ko. */
#define KTP_CREATE_EVENTS
#include "init_events.h"
