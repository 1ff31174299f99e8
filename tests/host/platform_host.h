// SPDX-License-Identifier: GPL-2.0
// What host unit tests can ask of the host platform: allocation accounting and failure injection.
#pragma once

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

} // namespace ktp_host
