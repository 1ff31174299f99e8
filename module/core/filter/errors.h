// SPDX-License-Identifier: GPL-2.0
// The filter's errors: native's parse error codes and texts (one X-macro table), and where a compilation failed.
#pragma once

#include "ktl/base.h"
#include "ktl/result.h"

namespace ktp::filter {

// Native's parse errors, in native's numbering (its err_text[] order): name and text.
#define KTP_FILTER_ERRORS(X)                                                                         \
	X(None, "No error")                                                                          \
	X(InvalidOp, "Invalid operator")                                                             \
	X(TooManyOpen, "Too many '('")                                                               \
	X(TooManyClose, "Too few '('")                                                               \
	X(MissingQuote, "Missing matching quote")                                                    \
	X(OperandTooLong, "Operand too long")                                                        \
	X(ExpectString, "Expecting string field")                                                    \
	X(ExpectDigit, "Expecting numeric field")                                                    \
	X(IllegalFieldOp, "Illegal operation for field type")                                        \
	X(FieldNotFound, "Field not found")                                                          \
	X(IllegalIntval, "Illegal integer value")                                                    \
	X(BadSubsysFilter, "Couldn't find or set field in one of a subsystem's events")              \
	X(TooManyPreds, "Too many terms in predicate expression")                                    \
	X(InvalidFilter, "Meaningless filter expression")                                            \
	X(IpFieldOnly, "Only 'ip' field is supported for function trace")                            \
	X(InvalidValue, "Invalid value (did you forget quotes)?")                                    \
	X(Errno, "Error")                                                                            \
	X(NoFilter, "No filter found")

enum class ErrorCode : ktl::u8 {
#define KTP_FILTER_ERROR_NAME(name, text) name,
	KTP_FILTER_ERRORS(KTP_FILTER_ERROR_NAME)
#undef KTP_FILTER_ERROR_NAME
};

const char *error_text(ErrorCode code);

// Native's structural failures return odd errnos: -EPERM for a stray ')' or
// operator, -ENOENT for an unclosed '(', -ESRCH for an unclosed quote.
inline constexpr int kErrStray = 1;      // EPERM
inline constexpr int kErrUnclosed = 2;   // ENOENT
inline constexpr int kErrOpenQuote = 3;  // ESRCH

// Where and why compilation failed, and the errno the write returns.
struct ParseError {
	int err_no = 0;        // negative errno: what the filter file's write returns
	ErrorCode code = ErrorCode::None;
	int pos = 0;           // native's error position
};

// Records a failure in a ParseError and gives the Error (positive errno) the passes propagate.
class Reporter {
public:
	explicit Reporter(ParseError &out) : out_(out) {}
	ktl::Error fail(int errno_code, ErrorCode code, int pos)
	{
		out_.err_no = -errno_code;
		out_.code = code;
		out_.pos = pos;
		return ktl::Error(errno_code);
	}

private:
	ParseError &out_;
};

} // namespace ktp::filter
