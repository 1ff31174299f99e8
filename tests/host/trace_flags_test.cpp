// SPDX-License-Identifier: GPL-2.0
// The flags column of trace output: native's letters for each flag combination, with and without lazy preemption.
#include <gtest/gtest.h>

#include <string>

#include "output/trace_reader.h"
#include "platform_host.h"

namespace {

std::string flags_of(unsigned flags, unsigned preempt = 0)
{
	char out[6];
	ktp::render_flags(static_cast<ktl::u8>(flags), static_cast<ktl::u8>(preempt), out);
	return out;
}

struct LazyKernel {
	LazyKernel() { ktp_host::set_kernel_features(KTP_FEATURE_LAZY_RESCHED); }
	~LazyKernel() { ktp_host::set_kernel_features(0); }
};

constexpr unsigned kN = KTP_TRACE_FLAG_NEED_RESCHED, kP = KTP_TRACE_FLAG_PREEMPT_RESCHED,
		   kL = KTP_TRACE_FLAG_NEED_RESCHED_LAZY;

TEST(TraceFlags, WithoutLazyPreemption0x02IsIrqsNotSupported)
{
	EXPECT_EQ(flags_of(KTP_TRACE_FLAG_IRQS_NOSUPPORT), "X....");
	EXPECT_EQ(flags_of(KTP_TRACE_FLAG_IRQS_NOSUPPORT | kN), "Xn...");
	EXPECT_EQ(flags_of(kN | kP), ".N...");
	EXPECT_EQ(flags_of(kP), ".p...");
	EXPECT_EQ(flags_of(KTP_TRACE_FLAG_IRQS_OFF | KTP_TRACE_FLAG_HARDIRQ, 0x12), "d.h21");
}

TEST(TraceFlags, WithLazyPreemptionEveryCombinationHasNativesLetter)
{
	LazyKernel lazy;
	// Native's table (kernel/trace/trace_output.c, 7.3): all eight combinations.
	EXPECT_EQ(flags_of(kN | kL | kP), ".B...");
	EXPECT_EQ(flags_of(kN | kP), ".N...");
	EXPECT_EQ(flags_of(kL | kP), ".L...");
	EXPECT_EQ(flags_of(kN | kL), ".b...");
	EXPECT_EQ(flags_of(kN), ".n...");
	EXPECT_EQ(flags_of(kP), ".p...");
	EXPECT_EQ(flags_of(kL), ".l...");
	EXPECT_EQ(flags_of(0), ".....");
	// No 'X': the bit is the lazy flag.
	EXPECT_EQ(flags_of(KTP_TRACE_FLAG_IRQS_OFF | kL | KTP_TRACE_FLAG_SOFTIRQ, 1), "dls1.");
}

} // namespace
