// SPDX-License-Identifier: GPL-2.0
// What host unit tests can ask of the host platform: allocation accounting and failure injection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <ktp/abi.h>

namespace ktp_host {

// Blocks from ktp_alloc/ktp_zalloc not yet freed.
long outstanding_allocations();
// Allocations made to fail so far.
long injected_failures();

// Everything the core logged, and everything it warned about.
std::vector<std::string> &log_lines();
std::vector<std::string> &warnings();
// While on, ktp_warn is recorded without failing the test.
bool expecting_warnings();
void set_expecting_warnings(bool on);

// Text patching (mprotect-based): on/off, and batches written so far.
void set_text_patching_available(bool on);
// Code in [start, end) is of kind (init text, or gone) for ktp_text_kind_of; [0, 0) clears.
void set_init_text(std::uintptr_t start, std::uintptr_t end, ktp_text_kind kind);
long text_patch_batches();
// Times a writer waited for RCU readers.
long rcu_synchronizations();

// The events/ tree as the core announced it: "system:event" added, and removals.
std::vector<std::string> &fs_events();
long &fs_removals();

// Runs body once cleanly, counting its allocations, then once for each of
// them with exactly that allocation failing. The body asserts its own
// behaviour under failure; this checks that every run frees what it
// allocated. Returns the number of allocations of the clean run.
int run_with_each_allocation_failing(const std::function<void()> &body);

// The buffer size ktp_core_init gives each CPU (the module's buffer_size_kb; 1408 unless set).
void set_initial_buffer_kb(unsigned int kb);

// The simulated machine: the calling thread's CPU, the CPU count, NMI
// context, the current pid, and a clock the test drives (or the real one).
void set_cpu(unsigned int cpu);
void set_nr_cpus(unsigned int n);
void set_in_nmi(bool on);
// KTP_FEATURE_* bits ktp_kernel_features() reports: the kernel series' native output (0: 6.1's).
void set_kernel_features(unsigned int features);
void set_pid(int pid);
void set_fake_clock(bool on, unsigned long long now = 0);
void advance_fake_clock(unsigned long long ns);
long reader_wakeups();
// Open ktp_buffer_alloc_begin brackets, and buffer allocations made outside one.
int buffer_alloc_depth();
long buffer_allocs_outside_bracket();

// Runs fn at the core's test points (KTP_TEST_POINT) until the returned
// object goes away; fn sees every point, nested ones included.
class TestPointHook {
public:
	explicit TestPointHook(std::function<void(ktp_test_point)> fn);
	~TestPointHook();
	TestPointHook(const TestPointHook &) = delete;
	TestPointHook &operator=(const TestPointHook &) = delete;
};

} // namespace ktp_host
