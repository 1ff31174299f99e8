/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ktp.ko's own sample events (module/samples/) offer the rest of the
 * module: firing every ktp_sample event, for the shim's sample_fire file.
 * The shim knows the samples through this header alone.
 */
#ifndef KTP_SAMPLES_H
#define KTP_SAMPLES_H

#ifdef __cplusplus
extern "C" {
#endif

/* Fires rounds first .. first + count - 1 of every ktp_sample event (C and C++ definitions). */
void ktp_sample_fire(unsigned long first, unsigned long count);

#ifdef __cplusplus
}
#endif

#endif
