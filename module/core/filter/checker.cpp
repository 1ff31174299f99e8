// SPDX-License-Identifier: GPL-2.0
// The type check: a predicate's tokens against the field table, its constant converted for the field.
#include "filter/chars.h"
#include "filter/passes.h"

namespace ktp::filter {

namespace {

// kstrtoull/kstrtoll with base 0: decimal, 0x hex, leading-0 octal, optional
// '+'; kstrtoll also takes '-'. The whole string must be consumed.
bool parse_unsigned(const char *s, ktl::u64 &out)
{
	if (*s == '+')
		s++;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && ((s[2] >= '0' && s[2] <= '9') ||
							    (s[2] >= 'a' && s[2] <= 'f') ||
							    (s[2] >= 'A' && s[2] <= 'F'))) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	if (!*s)
		return false;
	ktl::u64 value = 0;
	for (; *s; s++) {
		unsigned digit;
		if (*s >= '0' && *s <= '9')
			digit = static_cast<unsigned>(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			digit = static_cast<unsigned>(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			digit = static_cast<unsigned>(*s - 'A' + 10);
		else
			return false;
		if (digit >= base)
			return false;
		if (value > (~0ull - digit) / base)
			return false; // overflow: -ERANGE
		value = value * base + digit;
	}
	out = value;
	return true;
}

bool parse_signed(const char *s, ktl::u64 &out)
{
	ktl::u64 magnitude;
	if (*s == '-') {
		if (!parse_unsigned(s + 1, magnitude) || s[1] == '+')
			return false;
		if (magnitude > (1ull << 63))
			return false;
		out = 0 - magnitude;
		return true;
	}
	if (!parse_unsigned(s, magnitude) || magnitude > (1ull << 63) - 1)
		return false;
	out = magnitude;
	return true;
}

// With '~', a leading '!' negates, and the position of '*' picks the test
// (the '*'s that it implies go).
Match glob_kind(Predicate &p, const char *&s, ktl::size_t &len)
{
	Match kind = Match::Full;
	p.negate = len && s[0] == '!';
	if (p.negate) {
		s++;
		len--;
	}
	if (len && is_digit(s[0]))
		return kind;
	for (ktl::size_t i = 0; i < len; i++) {
		if (s[i] == '*') {
			if (i == 0) {
				kind = Match::End;
			} else if (i == len - 1) {
				kind = kind == Match::End ? Match::Middle : Match::Front;
				len = i; // the trailing '*' goes
				break;
			} else {
				return Match::Glob;
			}
		} else if (s[i] == '[' || s[i] == '?' || s[i] == '\\') {
			return Match::Glob;
		}
	}
	if (len && s[0] == '*') {
		s++;
		len--;
	}
	return kind;
}

// The pattern of a string predicate: its test and its own copy of the text.
ktl::Status build_pattern(Predicate &p, const char *s, ktl::size_t len)
{
	Match kind = p.op == Op::Glob ? glob_kind(p, s, len) : Match::Full;
	if (!ktl::Array<char>::create(p.pattern, len + 1))
		return ktl::Error(KTP_ENOMEM);
	for (ktl::size_t i = 0; i < len; i++)
		p.pattern[i] = s[i];
	// A pattern is read as a C string: an embedded NUL would end it early.
	p.pattern_len = static_cast<ktl::u16>(ktl::c_length(p.pattern.data()));
	p.match = kind;
	return ktl::Status::success();
}

// A quoted value: a string field compared by ==, != or ~.
ktl::Status check_string(const PredicateSyntax &syn, const Field &field, Reporter &report, Predicate &p)
{
	const int at = syn.base + syn.value_at, end = syn.base + syn.value_end;
	if (p.op == Op::Ne)
		p.negate = true;
	else if (p.op != Op::Glob && p.op != Op::Eq)
		return report.fail(KTP_EINVAL, ErrorCode::IllegalFieldOp, at);
	if (!is_string_class(field.cls))
		return report.fail(KTP_EINVAL, ErrorCode::ExpectDigit, at);
	if (!syn.text[syn.value_end])
		return report.fail(KTP_EINVAL, ErrorCode::MissingQuote, end);
	auto len = static_cast<ktl::size_t>(syn.value_end - syn.value_at - 1);
	if (len >= kMaxStringValue)
		return report.fail(KTP_EINVAL, ErrorCode::OperandTooLong, end);
	if (!build_pattern(p, syn.text + syn.value_at + 1, len))
		return report.fail(KTP_ENOMEM, ErrorCode::None, 0);
	if (field.cls == FieldClass::StaticString)
		p.field_len = field.size;
	return ktl::Status::success();
}

// A number: parsed as kstrtoll/kstrtoull by the field's signedness.
ktl::Status check_number(const PredicateSyntax &syn, const Field &field, Reporter &report, Predicate &p)
{
	const int at = syn.base + syn.value_at;
	if (is_string_class(field.cls))
		return report.fail(KTP_EINVAL, ErrorCode::ExpectString, at);
	if (p.op == Op::Glob)
		return report.fail(KTP_EINVAL, ErrorCode::IllegalFieldOp, at);
	auto len = static_cast<ktl::size_t>(syn.value_end - syn.value_at);
	char number[kMaxNumberLength];
	if (len >= sizeof(number))
		return report.fail(KTP_EINVAL, ErrorCode::OperandTooLong, syn.base + syn.value_end);
	for (ktl::size_t k = 0; k < len; k++)
		number[k] = syn.text[syn.value_at + k];
	number[len] = 0;
	bool ok = field.is_signed ? parse_signed(number, p.value) : parse_unsigned(number, p.value);
	if (!ok)
		return report.fail(KTP_EINVAL, ErrorCode::IllegalIntval, at);
	if (p.cls == FieldClass::Number && p.op == Op::Ne)
		p.negate = true;
	if (p.cls == FieldClass::Number && field.size != 1 && field.size != 2 && field.size != 4 && field.size != 8) {
		p.never = true;
		if (field.size == 0)
			p.offset = 0; // nothing of its own to load: the header's first byte stands in
	}
	return ktl::Status::success();
}

} // namespace

// The checks in native's order: a token the lexer stopped at is reported
// where native reports it, after the checks of what precedes it.
ktl::Status check_predicate(const PredicateSyntax &syn, const FieldTable &fields, Reporter &report, Predicate &p)
{
	if (syn.name_end == syn.name)
		return report.fail(kErrStray, ErrorCode::None, 0);
	const Field *field = fields.find(syn.text + syn.name, static_cast<ktl::size_t>(syn.name_end - syn.name));
	if (!field)
		return report.fail(KTP_EINVAL, ErrorCode::FieldNotFound, syn.base + syn.name_end);
	if (!syn.has_op)
		return report.fail(KTP_EINVAL, ErrorCode::InvalidOp, syn.base + syn.op_at);
	p = Predicate{};
	p.op = syn.op;
	p.cls = field->cls;
	p.offset = field->offset;
	p.size = static_cast<ktl::u8>(field->size);
	p.is_signed = field->is_signed;
	switch (syn.value) {
	case PredicateSyntax::Value::Quoted:
		return check_string(syn, *field, report, p);
	case PredicateSyntax::Value::Number:
		return check_number(syn, *field, report, p);
	default:
		return report.fail(KTP_EINVAL, ErrorCode::InvalidValue, syn.base + syn.value_at);
	}
}

} // namespace ktp::filter
