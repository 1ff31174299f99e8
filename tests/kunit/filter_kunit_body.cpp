// SPDX-License-Identifier: GPL-2.0
// C++ bodies of the ktp_filter KUnit suite: native's errors and verdicts, compiled and run in the kernel.
#include "filter/filter.h"
#include "filter_kunit.h"
#include "kunit_bridge.h"

namespace {

using namespace ktp::filter;

const ktp_field_desc kFields[] = {
	{"char[16]", "prev_comm", 8, 16, 1, KTP_FIELD_ARRAY, 16},
	{"pid_t", "prev_pid", 24, 4, 1, KTP_FIELD_INT, 0},
	{"long", "prev_state", 32, 8, 1, KTP_FIELD_INT, 0},
	{"unsigned char", "small", 40, 1, 0, KTP_FIELD_INT, 0},
	{"__data_loc char[]", "name", 44, 4, 0, KTP_FIELD_STRING, 0},
};

struct Rec {
	unsigned char bytes[96] = {};
};

Rec record(const char *comm, int pid, long state, unsigned char small, const char *name)
{
	Rec r;
	for (int i = 0; i < 15 && comm[i]; i++)
		r.bytes[8 + i] = static_cast<unsigned char>(comm[i]);
	__builtin_memcpy(r.bytes + 24, &pid, 4);
	__builtin_memcpy(r.bytes + 32, &state, 8);
	r.bytes[40] = small;
	unsigned int len = 0;
	while (name[len])
		len++;
	len++;
	unsigned int loc = (len << 16) | 64;
	__builtin_memcpy(r.bytes + 44, &loc, 4);
	__builtin_memcpy(r.bytes + 64, name, len);
	return r;
}

// Compiles expr and returns whether rec passes; -1 if it did not compile.
int verdict(const char *expr, const Rec &rec)
{
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	if (!fields)
		return -1;
	ParseError err;
	auto prog = compile(expr, *fields.value(), err);
	if (!prog)
		return -1;
	char comm[16] = "kunit";
	MatchContext ctx{0, comm, nullptr};
	return prog.value()->match(rec.bytes, ctx) ? 1 : 0;
}

bool fails_with(const char *expr, int err_no, ErrorCode code, int pos)
{
	auto fields = FieldTable::for_event(kFields, sizeof(kFields) / sizeof(kFields[0]));
	if (!fields)
		return false;
	ParseError err;
	auto prog = compile(expr, *fields.value(), err);
	return !prog && err.err_no == err_no && err.code == code && err.pos == pos;
}

} // namespace

extern "C" void ktp_filter_test_compile_errors(struct kunit *test)
{
	KTP_KEXPECT(test, fails_with("xyz == 1", -KTP_EINVAL, ErrorCode::FieldNotFound, 4));
	KTP_KEXPECT(test, fails_with("prev_pid = 1", -KTP_EINVAL, ErrorCode::InvalidOp, 10));
	KTP_KEXPECT(test, fails_with("(prev_pid == 1", -2, ErrorCode::TooManyOpen, 0));
	KTP_KEXPECT(test, fails_with("prev_pid == 1)", -1, ErrorCode::TooManyClose, 13));
	KTP_KEXPECT(test, fails_with("prev_comm == \"abc", -3, ErrorCode::MissingQuote, 13));
	KTP_KEXPECT(test, fails_with("prev_comm == 1", -KTP_EINVAL, ErrorCode::ExpectString, 14));
	KTP_KEXPECT(test, fails_with("prev_pid == 08", -KTP_EINVAL, ErrorCode::IllegalIntval, 13));
	KTP_KEXPECT(test, fails_with("prev_pid == 1 &&", -KTP_EINVAL, ErrorCode::InvalidFilter, 16));
}

extern "C" void ktp_filter_test_evaluate(struct kunit *test)
{
	Rec r = record("bash", -7, 1L << 40, 200, "worker-3");
	KTP_KEXPECT(test, verdict("prev_pid == -7", r) == 1);
	KTP_KEXPECT(test, verdict("prev_pid < 0 && prev_state & 0x10000000000", r) == 1);
	KTP_KEXPECT(test, verdict("small > 100", r) == 1);   // unsigned: 200 > 100
	KTP_KEXPECT(test, verdict("small == 456", r) == 1);  // 456 cut to 8 bits is 200
	KTP_KEXPECT(test, verdict("prev_comm ~ \"ba*\" || prev_pid == 1", r) == 1);
	KTP_KEXPECT(test, verdict("!(prev_comm == \"bash\")", r) == 0);
	KTP_KEXPECT(test, verdict("name ~ \"*ker*\"", r) == 1);
	KTP_KEXPECT(test, verdict("name ~ \"worker-[0-9]\"", r) == 1);
	KTP_KEXPECT(test, verdict("comm == \"kunit\" && cpu == 0", r) == 1);
}

extern "C" void ktp_filter_test_allocation_failure(struct kunit *test)
{
	// The allocations of one verdict (the field table, the program and its
	// parts), counted on a clean run: each of them failing in turn refuses
	// the filter cleanly; past the last, it compiles and passes.
	const char *expr = "prev_comm ~ \"a*\" && (prev_pid == 1 || name == \"n\")";
	Rec r = record("a", 1, 0, 0, "n");
	int before = ktp_fault_alloc_attempts();
	KTP_KEXPECT(test, verdict(expr, r) == 1);
	int allocations = ktp_fault_alloc_attempts() - before;
	KTP_KEXPECT(test, allocations >= 3); // the field table, the program, its patterns at least
	for (int nth = 1; nth <= allocations + 1; nth++) {
		ktp_fault_fail_nth_alloc(nth);
		int v = verdict(expr, r);
		ktp_fault_fail_nth_alloc(0);
		KTP_KEXPECT(test, v == (nth <= allocations ? -1 : 1));
	}
	KTP_KEXPECT(test, verdict(expr, r) == 1);
}
