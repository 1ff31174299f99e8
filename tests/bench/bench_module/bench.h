/* SPDX-License-Identifier: GPL-2.0 */
/* The loops of the benchmark module: each runs n calls with interrupts off and returns the elapsed ns. */
#ifndef KTP_BENCH_H
#define KTP_BENCH_H

#include <linux/types.h>

u64 ktp_bench_loop_empty(unsigned long n);
u64 ktp_bench_loop_native(unsigned long n);
u64 ktp_bench_loop_ktp(unsigned long n);
/* The string events: a char[16] the string_glob filter looks at. */
u64 ktp_bench_loop_native_str(unsigned long n);
u64 ktp_bench_loop_ktp_str(unsigned long n);
int ktp_bench_native_probe(bool on);
/* Call sites for each of the 64 events of the enable_system case (never called). */
void ktp_bench_sys_native(void);
void ktp_bench_sys_ktp(void);
int ktp_bench_ktp_probe(bool on);
/*
 * The callback case: one consumer that gets each record (common header and
 * fields). ktp: a record callback; native: a probe that assembles the same
 * record. Both hand it to ktp_bench_consume.
 */
void ktp_bench_consume(void *data, const void *record, unsigned int size);
int ktp_bench_native_callback(bool on);
int ktp_bench_ktp_callback(bool on);
/* make profile: two calls of the event (the string one with str), the mark between them. */
void ktp_bench_profile_native(bool str);
void ktp_bench_profile_ktp(bool str);
void ktp_bench_profile_mark(void);
/* enable_system's figure: text-patching batches, counted by kprobes (bench_pokes.c). */
void ktp_bench_pokes_start(void);
void ktp_bench_pokes_stop(void);
int ktp_bench_pokes_count(void);

#endif
