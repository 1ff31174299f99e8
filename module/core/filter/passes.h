// SPDX-License-Identifier: GPL-2.0
// The compiler's passes and what they hand each other: structure, predicate tokens, postfix form, workspace.
//
// compile() runs, in order (compiler.cpp):
//  1. scan_structure (lexer.cpp): counts predicates and parenthesis depth,
//     finds unbalanced '(' ')' and unterminated quotes, with native's
//     positions and odd errnos (EPERM, ENOENT, ESRCH).
//  2. Parser (parser.cpp): one left-to-right pass over '(' ')' '!' '&&' '||'
//     with an explicit stack, no recursion; each predicate is cut into
//     tokens (lex_predicate) and the expression comes out in postfix form:
//     "a == 1 && (b == 2 || !c == 3)" is a b c[!] || &&.
//  3. check_predicate (checker.cpp): each predicate against the field
//     table: the field, the operator for its type, the constant converted
//     to its size and signedness, the string's pattern.
//  4. lower (lower.cpp): the postfix form to the flat program (program.h),
//     every numeric predicate to a load and one range test.
//  5. Program::build_compact_forms (compact.cpp): the compact, chain and
//     u32-pair forms the record path runs inline.
// Errors come out in native's order: a structural error found by the parser
// is reported only once the predicates before it passed their checks.
#pragma once

#include "filter/filter.h"

namespace ktp::filter {

// Pass 1's findings.
struct Structure {
	unsigned int depth; // the deepest parenthesis nesting, plus one
	unsigned int preds; // predicates counted (an upper bound of those parsed)
};
[[nodiscard]] ktl::Status scan_structure(const char *text, Reporter &report, Structure &out);

// A number constant's longest text, as native's buffer for kstrtoll (24 bytes, NUL included).
inline constexpr ktl::size_t kMaxNumberLength = 24;

// One predicate cut into tokens (FIELD[.ustring] OP VALUE); positions are
// relative to text, native's error positions add base.
struct PredicateSyntax {
	enum class Value : ktl::u8 { Missing, Quoted, Number, Invalid };
	const char *text;     // where the predicate starts (white space included)
	int base;             // native's base for error positions
	int name, name_end;   // the field's name: text[name, name_end); empty: none
	int op_at;            // where the operator is, or should be
	bool has_op;
	Op op;
	Value value;
	int value_at;         // the value's first character (a quoted one's quote)
	int value_end;        // a quoted value's closing quote (or the NUL); past a number
	int used;             // characters consumed; 0 when a token is wrong (the parser stops)
};
PredicateSyntax lex_predicate(const char *text, int base);

// The postfix form: predicates in order, each connective after its operands.
// A predicate carries the negation in force ('!' before it or around its
// parentheses); a connective carries that of its level.
enum class NodeKind : ktl::u8 { Predicate, And, Or };
struct Node {
	NodeKind kind;
	bool invert;
};

// Every array the passes use, allocated at once after the structure scan
// (so that, as native, running out of memory is told before any parse error).
struct Workspace {
	ktl::Array<PredicateSyntax> syntax; // preds
	ktl::Array<Node> postfix;           // at most a predicate and a connective per predicate
	ktl::Array<ktl::u8> stack;          // the parser's levels: depth + 1
	ktl::Array<int> target;             // lowering: preds + 2 (the accept and reject slots)
	ktl::Array<bool> branch;
	ktl::Array<bool> inverts;
	[[nodiscard]] ktl::Status create(const Structure &s);
};

// What the parser read: syntax[0 .. preds) and postfix[0 .. nodes).
struct Parsed {
	unsigned int preds = 0;
	unsigned int nodes = 0;
};
[[nodiscard]] ktl::Status parse(const char *text, const Structure &s, Workspace &ws, Reporter &report,
				Parsed &out);

// Pass 3: one predicate's tokens against the fields.
[[nodiscard]] ktl::Status check_predicate(const PredicateSyntax &syn, const FieldTable &fields, Reporter &report,
					  Predicate &out);

// Pass 4's part for one numeric predicate: its load and range test.
void lower_number(Predicate &p);

// Runs the passes over one text (compiler.cpp); lower() is pass 4 (lower.cpp).
class Compiler {
public:
	Compiler(const char *text, const FieldTable &fields, ParseError &error)
		: text_(text), fields_(fields), error_(error), report_(error)
	{
	}
	ktl::Result<ktl::Owned<Program>> run();

private:
	ktl::Status check(Program &prog, const Parsed &parsed);
	ktl::Status lower(Program &prog, const Parsed &parsed);

	const char *text_;
	const FieldTable &fields_;
	ParseError &error_;
	Reporter report_;
	Workspace ws_;
};

} // namespace ktp::filter
