/* SPDX-License-Identifier: GPL-2.0 */
/* Firing the ktp_sample events: rounds first .. first + count - 1 of every sample event. */
#ifndef KTP_SAMPLE_FIRE_H
#define KTP_SAMPLE_FIRE_H

#ifdef __cplusplus
extern "C" {
#endif

void ktp_sample_fire(unsigned long first, unsigned long count);
void ktp_sample_fire_c(unsigned int seq);

#ifdef __cplusplus
}
#endif

#endif
