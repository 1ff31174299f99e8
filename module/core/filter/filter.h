// SPDX-License-Identifier: GPL-2.0
// Event filters: ftrace's filter language compiled against an event's fields into a flat program.
//
// The folder, by pass and role:
//   lexer.cpp      the structure scan and a predicate's tokens
//   parser.cpp     '(' ')' '!' '&&' '||' to a postfix form
//   checker.cpp    each predicate against the field table (fields.h)
//   lower.cpp      the postfix form to the flat program (program.h)
//   compact.cpp    the compact, chain and u32-pair forms the record path runs inline
//   compiler.cpp   the passes in order (passes.h), and compile()
//   evaluator.cpp  the general walk; glob.cpp the glob; errors.cpp the error texts and read-back
#pragma once

#include <ktp/event_abi.h>

#include "filter/errors.h"
#include "filter/fields.h"
#include "filter/program.h"
#include "ktl/base.h"
#include "ktl/memory.h"
#include "ktl/result.h"
#include "output/text.h"

namespace ktp::filter {

// Compiles text against fields. On failure, error says why (and the
// returned Result carries -err_no's positive code).
[[nodiscard]] ktl::Result<ktl::Owned<Program>> compile(const char *text, const FieldTable &fields,
						       ParseError &error);

// The length of text without trailing white space: what a filter file
// compiles and shows (a write's newline included), as native strips it.
ktl::size_t trimmed_length(const char *text);

// Native's read-back of a failed filter: the text, a caret line and the
// message (or "Error: (N)" for failures without a message).
bool render_error(const char *text, const ParseError &error, TextBuffer &out);

// Glob matching as ftrace does it: '*', '?', '[...]' (ranges, '!' negation), '\' escapes.
bool glob_match(const char *pattern, const char *str, ktl::size_t len);
// On: a class reached at the end of the string fails the whole match, as
// the kernel's glob does from 6.12 ("[!a]*" does not match ""); off: the
// class is tried against the NUL, as Debian's 6.1 does ("[!a]*" matches "").
// Set once, before any filter runs (ktp_core_init, from the shim's features).
void set_glob_class_needs_char(bool on);
// On: a filter whose text ends after '&&' or '||' that follows a complete
// expression is that expression ("pid == 1 &&" is "pid == 1"), as 6.12's
// parser reads it; off: refused as meaningless, as 6.1's and 7.3's are.
// Set once, before any filter is compiled (ktp_core_init).
void set_trailing_operator_accepted(bool on);

} // namespace ktp::filter
