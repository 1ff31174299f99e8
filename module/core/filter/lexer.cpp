// SPDX-License-Identifier: GPL-2.0
// The lexical passes: the structure scan over the whole text, and a predicate cut into its tokens.
#include "filter/chars.h"
#include "filter/passes.h"

namespace ktp::filter {

namespace {

// Operators in the order they are tried: a longer one before its prefix.
constexpr struct {
	const char *text;
	Op op;
} kOps[] = {{"~", Op::Glob}, {"!=", Op::Ne}, {"==", Op::Eq}, {"<=", Op::Le},
	    {"<", Op::Lt},   {">=", Op::Ge}, {">", Op::Gt},   {"&", Op::Band}};

// The unmatched '(' native names: the first one, scanning back from the
// end (before `last`), at the outer level of the `open` still open.
int unmatched_open(const char *s, int last, int open)
{
	int level = open;
	char quote = 0;
	for (int i = last; i > 0; i--) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '(') {
			if (level == open)
				return i;
			level--;
		} else if (c == ')') {
			level++;
		} else if (c == '\'' || c == '"') {
			quote = c;
		}
	}
	return 0;
}

// Skips white space from i.
int skip_space(const char *s, int i)
{
	while (is_space(s[i]))
		i++;
	return i;
}

} // namespace

// Balance and count, with native's positions and return codes.
ktl::Status scan_structure(const char *s, Reporter &report, Structure &out)
{
	bool in_pred = false;
	unsigned int count = 0;
	int open = 1, max_open = 1, last_quote = 0;
	char quote = 0;
	int i = 0;
	for (; s[i]; i++) {
		char c = s[i];
		if (is_space(c))
			continue;
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = c;
			last_quote = i;
		} else if ((c == '|' || c == '&') && s[i + 1] == c) {
			in_pred = false;
			continue;
		} else if (c == '(' || c == ')') {
			in_pred = false;
			if (c == ')' && open == 1)
				return report.fail(kErrStray, ErrorCode::TooManyClose, i);
			open += c == '(' ? 1 : -1;
			max_open = open > max_open ? open : max_open;
			continue;
		}
		if (!in_pred) {
			count++;
			in_pred = true;
		}
	}
	if (quote)
		return report.fail(kErrOpenQuote, ErrorCode::MissingQuote, last_quote);
	if (open != 1)
		return report.fail(kErrUnclosed, ErrorCode::TooManyOpen, unmatched_open(s, i - 1, open));
	out = Structure{static_cast<unsigned int>(max_open), count};
	return ktl::Status::success();
}

// FIELD[.ustring] OP VALUE, stopping at the first token that is wrong
// (used stays 0); the checker reports it, after what comes before it.
PredicateSyntax lex_predicate(const char *str, int base)
{
	PredicateSyntax t{};
	t.text = str;
	t.base = base;
	int i = skip_space(str, 0);
	t.name = i;
	while (is_alnum(str[i]) || str[i] == '_')
		i++;
	t.name_end = i;
	if (t.name_end == t.name)
		return t;
	static const char kUstring[] = ".ustring";
	bool ustring = true;
	for (int k = 0; kUstring[k] && ustring; k++)
		ustring = str[i + k] == kUstring[k];
	if (ustring)
		i += sizeof(kUstring) - 1;
	t.op_at = i = skip_space(str, i);
	for (const auto &op : kOps) {
		int n = 0;
		while (op.text[n] && str[i + n] == op.text[n])
			n++;
		if (!op.text[n]) {
			t.has_op = true;
			t.op = op.op;
			i += n;
			break;
		}
	}
	if (!t.has_op)
		return t;
	t.value_at = i = skip_space(str, i);
	if (str[i] == '\'' || str[i] == '"') {
		t.value = PredicateSyntax::Value::Quoted;
		char q = str[i];
		for (i++; str[i] && str[i] != q; i++)
			;
		t.value_end = i;
		if (!str[i] || static_cast<ktl::size_t>(i - t.value_at - 1) >= kMaxStringValue)
			return t;
		i++;
	} else if (is_digit(str[i]) || str[i] == '-') {
		t.value = PredicateSyntax::Value::Number;
		if (str[i] == '-')
			i++;
		while (is_alnum(str[i]))
			i++;
		t.value_end = i;
		if (static_cast<ktl::size_t>(i - t.value_at) >= kMaxNumberLength)
			return t;
	} else {
		t.value = PredicateSyntax::Value::Invalid;
		return t;
	}
	t.used = i;
	return t;
}

} // namespace ktp::filter
