// SPDX-License-Identifier: GPL-2.0
// The parser: '(' ')' '!' '&&' '||' read left to right with an explicit stack, the expression out in postfix form.
#include "filter/chars.h"
#include "filter/passes.h"

namespace ktp::filter {

static constinit bool trailing_operator_accepted = false;

void set_trailing_operator_accepted(bool on) { trailing_operator_accepted = on; }

namespace {

// One level of parentheses: the negation in force, and a pending && / ||.
constexpr ktl::u8 kInvert = 1, kPendingAnd = 2, kPendingOr = 4;

// Native's parse (process_preds), its program building left to the lowering:
// where native links a pending chain of predicates, a connective is emitted.
class Parser {
public:
	Parser(const char *text, const Structure &s, Workspace &ws, Reporter &report, Parsed &out)
		: text_(text), ptr_(text), structure_(s), ws_(ws), report_(report), out_(out)
	{
	}
	ktl::Status run();

private:
	ktl::Status operand(const char *next);
	ktl::Status after_predicate();
	void emit(NodeKind kind, bool invert) { ws_.postfix[out_.nodes++] = Node{kind, invert}; }
	int at(const char *p) const { return static_cast<int>(p - text_); }
	// The postfix read so far is one expression: every predicate but one joined.
	bool complete() const { return out_.preds == out_.nodes - out_.preds + 1; }

	const char *text_;
	const char *ptr_;
	const Structure &structure_;
	Workspace &ws_;
	Reporter &report_;
	Parsed &out_;           // what was read so far, also when the parse fails
	unsigned int top_ = 0;  // the current level
	bool invert_ = false;
	bool done_ = false;
	int err_ = KTP_ENOMEM; // what a stray token returns: native's -ENOMEM, then -EPERM
};

ktl::Status Parser::run()
{
	out_ = Parsed{};
	ws_.stack[0] = 0;
	while (!done_ && *ptr_) {
		const char *next = ptr_++;
		if (!is_space(*next))
			KTP_TRY(operand(next));
	}
	if (!done_ && out_.preds && !(trailing_operator_accepted && complete()))
		return report_.fail(KTP_EINVAL, ErrorCode::InvalidFilter, at(ptr_));
	if (top_ != 0)
		return report_.fail(err_, ErrorCode::TooManyOpen, at(ptr_));
	if (!out_.preds)
		return report_.fail(KTP_EINVAL, ErrorCode::NoFilter, at(ptr_));
	return ktl::Status::success();
}

// '(' opens a level, '!' negates, anything else starts a predicate.
ktl::Status Parser::operand(const char *next)
{
	if (*next == '(') {
		if (top_ + 1 > structure_.depth)
			return report_.fail(KTP_EINVAL, ErrorCode::None, 0);
		ws_.stack[++top_] = invert_ ? kInvert : 0;
		return ktl::Status::success();
	}
	if (*next == '!' && next[1] != '=' && next[1] != '~') {
		invert_ = !invert_;
		return ktl::Status::success();
	}
	if (out_.preds >= structure_.preds)
		return report_.fail(err_, ErrorCode::TooManyPreds, at(next));
	PredicateSyntax &syn = ws_.syntax[out_.preds++];
	syn = lex_predicate(next, at(ptr_));
	emit(NodeKind::Predicate, invert_);
	if (!syn.used) // a wrong token: the checker reports it
		return report_.fail(KTP_EINVAL, ErrorCode::None, 0);
	ptr_ = next + syn.used;
	err_ = kErrStray;
	return after_predicate();
}

// After a predicate: '&&', '||', ')' or the end, each closing what it ends
// ('&&' binds tighter: a pending '&&' closes before a pending '||').
ktl::Status Parser::after_predicate()
{
	for (;;) {
		const char *next = ptr_++;
		if (is_space(*next))
			continue;
		char c = *next;
		if (c == '&' || c == '|') {
			if (next[1] != c)
				return report_.fail(err_, ErrorCode::TooManyPreds, at(next));
			ptr_++;
		} else if (c != ')' && c != '\0') {
			return report_.fail(err_, ErrorCode::TooManyPreds, at(next));
		}
		ktl::u8 &level = ws_.stack[top_];
		invert_ = level & kInvert;
		if (level & kPendingAnd) {
			emit(NodeKind::And, invert_);
			level &= static_cast<ktl::u8>(~kPendingAnd);
		}
		if (c == '&') {
			level |= kPendingAnd;
			return ktl::Status::success();
		}
		if (level & kPendingOr) {
			emit(NodeKind::Or, invert_);
			level &= static_cast<ktl::u8>(~kPendingOr);
		}
		if (c == '|') {
			level |= kPendingOr;
			return ktl::Status::success();
		}
		if (!c) {
			done_ = true;
			return ktl::Status::success();
		}
		if (top_ == 0)
			return report_.fail(err_, ErrorCode::TooManyClose, at(ptr_));
		top_--;
	}
}

} // namespace

ktl::Status parse(const char *text, const Structure &s, Workspace &ws, Reporter &report, Parsed &out)
{
	Parser parser(text, s, ws, report, out);
	return parser.run();
}

} // namespace ktp::filter
