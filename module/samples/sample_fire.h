/* SPDX-License-Identifier: GPL-2.0 */
/* Between the samples' two halves: the C++ firing loop calls the C event's firing. */
#ifndef KTP_SAMPLE_FIRE_H
#define KTP_SAMPLE_FIRE_H

#include <ktp/samples.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fires the C-defined sample event once, as round seq. */
void ktp_sample_fire_c(unsigned int seq);

#ifdef __cplusplus
}
#endif

#endif
