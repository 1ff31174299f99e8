// SPDX-License-Identifier: GPL-2.0
// The filter compiler and evaluator (the passes are described in filter.h).
#include "filter/filter.h"

#include <ktp/event_abi.h>

namespace ktp::filter {

namespace {

constexpr const char *kErrorText[] = {
	"No error",
	"Invalid operator",
	"Too many '('",
	"Too few '('",
	"Missing matching quote",
	"Operand too long",
	"Expecting string field",
	"Expecting numeric field",
	"Illegal operation for field type",
	"Field not found",
	"Illegal integer value",
	"Couldn't find or set field in one of a subsystem's events",
	"Too many terms in predicate expression",
	"Meaningless filter expression",
	"Only 'ip' field is supported for function trace",
	"Invalid value (did you forget quotes)?",
	"Error",
	"No filter found",
};

// Operators in the order they are tried: a longer one before its prefix.
constexpr struct {
	const char *text;
	Op op;
} kOps[] = {{"~", Op::Glob}, {"!=", Op::Ne}, {"==", Op::Eq}, {"<=", Op::Le},
	    {"<", Op::Lt},   {">=", Op::Ge}, {">", Op::Gt},   {"&", Op::Band}};

enum class Match : ktl::u8 { Full, Front, Middle, End, Glob };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

ktl::size_t str_len(const char *s)
{
	ktl::size_t n = 0;
	while (s[n])
		n++;
	return n;
}

bool contains(const char *hay, const char *needle)
{
	ktl::size_t n = str_len(needle);
	for (; *hay; hay++) {
		ktl::size_t i = 0;
		while (i < n && hay[i] == needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

bool equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

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

// The string tests of native, over a string that may not be terminated:
// len is the field's length (0: terminated).
bool match_string(const Predicate &p, const char *str, ktl::size_t len)
{
	const char *pat = p.pattern;
	ktl::size_t plen = p.pattern_len;
	switch (static_cast<Match>(p.match)) {
	case Match::Full: {
		if (!len)
			return equal(str, pat);
		if (len < plen)
			return false;
		for (ktl::size_t i = 0; i < len; i++) {
			if (str[i] != pat[i])
				return false;
			if (!str[i])
				return true;
		}
		return true;
	}
	case Match::Front:
		if (len && len < plen)
			return false;
		for (ktl::size_t i = 0; i < plen; i++)
			if (str[i] != pat[i])
				return false;
		return true;
	case Match::Middle: {
		// Bounded by len, not by a NUL: native scans the whole field.
		ktl::size_t n = len ? len : str_len(str);
		if (plen == 0)
			return true;
		const char first = pat[0];
		for (ktl::size_t i = 0; i + plen <= n; i++) {
			if (str[i] != first)
				continue; // the usual case: one compare per position
			ktl::size_t k = 1;
			while (k < plen && str[i + k] == pat[k])
				k++;
			if (k == plen)
				return true;
		}
		return false;
	}
	case Match::End: {
		if (!len)
			return false; // native compares at len - 1: never for terminated strings
		ktl::size_t n = len - 1;
		if (n < plen)
			return false;
		for (ktl::size_t i = 0; i < plen; i++)
			if (str[n - plen + i] != pat[i])
				return false;
		return true;
	}
	case Match::Glob:
		return glob_match(pat, str, len ? len : str_len(str) + 1);
	}
	return false;
}

template <typename T> T load(const void *record, ktl::u16 offset)
{
	T v;
	__builtin_memcpy(&v, static_cast<const char *>(record) + offset, sizeof(T));
	return v;
}

// Loads a numeric field widened to 64 bits (sign-extended for signed fields).
inline __attribute__((always_inline)) ktl::u64 load_number(const void *rec, ktl::u16 offset, ktl::u8 how)
{
	switch (how) {
	case 1: return load<ktl::u8>(rec, offset);
	case 2: return load<ktl::u16>(rec, offset);
	case 4: return load<ktl::u32>(rec, offset);
	case 0x11: return static_cast<ktl::u64>(static_cast<ktl::s64>(load<ktl::s8>(rec, offset)));
	case 0x12: return static_cast<ktl::u64>(static_cast<ktl::s64>(load<ktl::s16>(rec, offset)));
	case 0x14: return static_cast<ktl::u64>(static_cast<ktl::s64>(load<ktl::s32>(rec, offset)));
	default: return load<ktl::u64>(rec, offset);
	}
}

// Every numeric predicate but '&' is one range test on the widened value:
// after xoring the sign bit, signed order is unsigned order, so x < v is
// x in [0, v - 1], x >= v is x in [v, max], x != v is x outside [v, v].
// The test is then (x - lo) <= span: one subtraction and one comparison.
inline __attribute__((always_inline)) bool eval_number(const Predicate &p, const void *rec)
{
	ktl::u64 x = load_number(rec, p.offset, p.load);
	if (p.op == Op::Band)
		return (x & p.value) != 0;
	x ^= p.flip;
	return ((x - p.lo) <= p.span) != p.outside;
}

// Fills a numeric predicate's load and range from its op, size, sign and value.
void prepare_number(Predicate &p)
{
	if (p.never) {
		// One byte of the field is loaded (in bounds whatever its size) and
		// tested against an empty range: every path gives false.
		p.size = 1;
		p.is_signed = false;
		p.load = 1;
		p.op = Op::Eq;
		p.negate = false;
		p.flip = 0;
		p.lo = 0;
		p.span = ~0ull;
		p.outside = true;
		return;
	}
	unsigned int bits = p.size * 8u;
	ktl::u64 mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
	p.load = static_cast<ktl::u8>(p.size | (p.is_signed && p.size < 8 ? 0x10 : 0));
	ktl::u64 v = p.value & mask;
	if (p.op == Op::Band) {
		// The field is compared at its own width: zero-extend both sides.
		p.load = p.size;
		p.value = v;
		return;
	}
	if (p.is_signed && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~mask; // sign-extend the value like the field
	p.flip = p.is_signed ? 1ull << 63 : 0;
	ktl::u64 key = v ^ p.flip;
	p.outside = false;
	switch (p.op) {
	case Op::Eq:
	case Op::Ne:
		p.lo = key;
		p.span = 0;
		p.outside = p.negate;
		return;
	case Op::Lt:
		if (key == 0) {
			p.lo = 0; // nothing is below the smallest value
			p.span = ~0ull;
			p.outside = true;
		} else {
			p.lo = 0;
			p.span = key - 1;
		}
		return;
	case Op::Le:
		p.lo = 0;
		p.span = key;
		return;
	case Op::Gt:
		if (key == ~0ull) {
			p.lo = 0;
			p.span = ~0ull;
			p.outside = true;
		} else {
			p.lo = key + 1;
			p.span = ~0ull - p.lo;
		}
		return;
	case Op::Ge:
		p.lo = key;
		p.span = ~0ull - key;
		return;
	default:
		p.lo = 0;
		p.span = ~0ull;
		p.outside = true; // no other operator applies to numbers
		return;
	}
}

bool eval_cpu(const Predicate &p, int cpu)
{
	int v = static_cast<int>(p.value);
	switch (p.op) {
	case Op::Eq: return cpu == v;
	case Op::Ne: return cpu != v;
	case Op::Lt: return cpu < v;
	case Op::Le: return cpu <= v;
	case Op::Gt: return cpu > v;
	case Op::Ge: return cpu >= v;
	default: return false;
	}
}

// A char * field: the string is copied (safely) first; kept out of line so
// that the common predicates need no large stack frame.
__attribute__((noinline)) bool eval_char_ptr(const Predicate &p, const void *rec, const MatchContext &ctx)
{
	const char *ptr = load<const char *>(rec, p.offset);
	char copy[256];
	if (!ctx.copy_string || ctx.copy_string(copy, ptr, sizeof(copy)) < 0)
		return false; // a fault is no match
	copy[sizeof(copy) - 1] = 0;
	return match_string(p, copy, str_len(copy) + 1) != p.negate;
}

inline __attribute__((always_inline)) bool eval(const Predicate &p, const void *rec, const MatchContext &ctx)
{
	switch (p.cls) {
	case FieldClass::Number:
		return eval_number(p, rec);
	case FieldClass::Cpu:
		return eval_cpu(p, ctx.cpu);
	case FieldClass::Comm:
		return match_string(p, ctx.comm, 16) != p.negate;
	case FieldClass::StaticString:
		return match_string(p, static_cast<const char *>(rec) + p.offset, p.field_len) != p.negate;
	case FieldClass::DynString: {
		ktl::u32 loc = load<ktl::u32>(rec, p.offset);
		const char *str = static_cast<const char *>(rec) + (loc & 0xffff);
		return match_string(p, str, loc >> 16) != p.negate;
	}
	case FieldClass::CharPtr:
		return eval_char_ptr(p, rec, ctx);
	}
	return false;
}

} // namespace

const char *error_text(ErrorCode code)
{
	auto i = static_cast<unsigned>(code);
	return i < sizeof(kErrorText) / sizeof(kErrorText[0]) ? kErrorText[i] : "Error";
}

FieldClass classify(const char *type, ktl::u8 kind)
{
	if (contains(type, "__data_loc") && contains(type, "char"))
		return FieldClass::DynString;
	if (contains(type, "[") && contains(type, "char"))
		return FieldClass::StaticString;
	if (equal(type, "char *") || equal(type, "const char *"))
		return FieldClass::CharPtr;
	return FieldClass::Number;
}

ktl::Result<ktl::Owned<FieldTable>> FieldTable::for_event(const ktp_field_desc *fields, unsigned int count)
{
	static const Field generic[] = {
		{"CPU", FieldClass::Cpu, 0, 4, true},     {"cpu", FieldClass::Cpu, 0, 4, true},
		{"common_cpu", FieldClass::Cpu, 0, 4, true}, {"COMM", FieldClass::Comm, 0, 16, false},
		{"comm", FieldClass::Comm, 0, 16, false},
		{"common_type", FieldClass::Number, 0, 2, false},
		{"common_flags", FieldClass::Number, 2, 1, false},
		{"common_preempt_count", FieldClass::Number, 3, 1, false},
		{"common_pid", FieldClass::Number, 4, 4, true},
	};
	constexpr unsigned int kGeneric = sizeof(generic) / sizeof(generic[0]);
	ktl::Owned<FieldTable> table = ktl::make<FieldTable>();
	if (!table || !ktl::Array<Field>::create(table->fields_, count + kGeneric))
		return ktl::Error(KTP_ENOMEM);
	for (unsigned int i = 0; i < count; i++) {
		const ktp_field_desc &d = fields[i];
		table->fields_[i] = Field{d.name, classify(d.type, d.kind), d.offset, d.size, d.is_signed != 0};
	}
	for (unsigned int i = 0; i < kGeneric; i++)
		table->fields_[count + i] = generic[i];
	return table;
}

const Field *FieldTable::find(const char *name, ktl::size_t len) const
{
	for (const Field &f : fields_) {
		ktl::size_t n = str_len(f.name);
		if (n != len)
			continue;
		ktl::size_t i = 0;
		while (i < len && f.name[i] == name[i])
			i++;
		if (i == len)
			return &f;
	}
	return nullptr;
}

Program::~Program()
{
	for (unsigned int i = 0; preds_ && i < count_; i++)
		ktp_free(preds_[i].pattern);
	ktp_free(preds_);
	ktp_free(steps_);
	ktp_free(numbers_);
}

// The compact numeric program, when every predicate qualifies (without
// memory for it, the general walk serves: the fast form is only faster).
static_assert(kMaxPredicates + 1 <= 0xffff, "a compact step's target fits 16 bits");

void Program::build_numbers()
{
	for (unsigned int i = 0; i < count_; i++) {
		const Predicate &p = preds_[i];
		if (p.cls != FieldClass::Number || p.op == Op::Band || p.offset < sizeof(ktp_common_header))
			return;
	}
	numbers_ = static_cast<NumberStep *>(ktp_alloc(sizeof(NumberStep) * count_));
	if (!numbers_)
		return;
	for (unsigned int i = 0; i < count_; i++) {
		const Predicate &p = preds_[i];
		NumberStep &n = numbers_[i];
		Load kind;
		switch (p.size) {
		case 4: kind = p.is_signed ? Load::S32 : Load::U32; break;
		case 8: kind = Load::U64; break;
		case 2: kind = p.is_signed ? Load::S16 : Load::U16; break;
		default: kind = p.is_signed ? Load::S8 : Load::U8; break;
		}
		n.where = step_where(p.offset, kind);
		// A predicate holds when in-range differs from outside; the walk
		// branches when it equals when_to_branch.
		n.branch_if_in = steps_[i].when_to_branch != p.outside;
		n.next = static_cast<ktl::u16>(steps_[i].target + 1);
		n.flip = p.flip;
		n.lo = p.lo;
		n.span = p.span;
	}
	// A conjunction: every step either rejects at once (it branches to the
	// reject slot, count_ + 1) or goes on, so each predicate must come out
	// as the opposite of when_to_branch. Each step becomes "holds inside its
	// range": a predicate that must be true outside [lo, lo + span] (or,
	// negated, must be false inside it) must be true inside the complement,
	// the range [lo + span + 1, lo - 1] of span ~span - 1 (wrapping round
	// 2^64). A step that can never pass (outside everything) has no such
	// range; its program keeps the general walk.
	if (count_ == 0)
		return;
	for (unsigned int i = 0; i < count_; i++)
		if (steps_[i].target != count_ ||
		    (preds_[i].outside != steps_[i].when_to_branch && preds_[i].span == ~0ull))
			return;
	for (unsigned int i = 0; i < count_; i++) {
		NumberStep &n = numbers_[i];
		if (preds_[i].outside != steps_[i].when_to_branch) {
			n.lo = preds_[i].lo + preds_[i].span + 1;
			n.span = ~preds_[i].span - 1;
		}
		n.branch_if_in = false; // out of range: to the reject slot
		n.next = static_cast<ktl::u16>(count_ + 1);
	}
	chain_end_ = numbers_ + count_;
	if (count_ > 2)
		return;
	for (unsigned int i = 0; i < count_; i++) {
		if (numbers_[i].where > 0xffff)
			return; // not a u32 field (kind U32 is 0)
		pair_[i].offset = numbers_[i].where;
		if (!narrow_to_u32(numbers_[i].lo, numbers_[i].span, pair_[i].lo, pair_[i].span))
			return; // no u32 value passes: the chain walk says so
	}
	if (count_ == 1)
		pair_[1] = U32Range{pair_[0].offset, 0, ~0u}; // always holds
	u32_pair_ = true;
}

// The range [lo, end] either stays below 2^64 or wraps round to [0, end];
// the u32 values are its part below 2^32, which mod 2^32 is one range.
bool narrow_to_u32(ktl::u64 lo, ktl::u64 span, ktl::u32 &lo32, ktl::u32 &span32)
{
	constexpr ktl::u64 kMax = 0xffffffffull;
	ktl::u64 end = lo + span;
	if (end >= lo) { // no wrap
		if (lo > kMax)
			return false;
		lo32 = static_cast<ktl::u32>(lo);
		span32 = static_cast<ktl::u32>((end < kMax ? end : kMax) - lo);
		return true;
	}
	// [lo, 2^64 - 1] and [0, end]
	ktl::u64 low_end = end < kMax ? end : kMax;
	if (lo > kMax) { // only the wrapped part holds u32 values
		lo32 = 0;
		span32 = static_cast<ktl::u32>(low_end);
	} else if (low_end + 1 >= lo) { // the two parts meet: every value
		lo32 = 0;
		span32 = ~0u;
	} else { // from lo up through 2^32 - 1, round to low_end
		lo32 = static_cast<ktl::u32>(lo);
		span32 = static_cast<ktl::u32>(low_end - lo);
	}
	return true;
}

KTP_NOTRACE bool Program::match(const void *record, const MatchContext &ctx) const
{
	// One forward walk: a predicate whose result equals when_to_branch jumps.
	unsigned int i = 0;
	while (i < count_) {
		bool result = eval(preds_[i], record, ctx);
		if (result == steps_[i].when_to_branch)
			i = steps_[i].target + 1;
		else
			i++;
	}
	return steps_[i].target != 0; // slot count_: accept, count_ + 1: reject
}

class Compiler {
public:
	Compiler(const char *text, const FieldTable &fields, ParseError &error)
		: text_(text), fields_(fields), error_(error)
	{
	}

	ktl::Result<ktl::Owned<Program>> run();

private:
	int fail(int err_no, ErrorCode code, int pos)
	{
		error_.err_no = err_no;
		error_.code = code;
		error_.pos = pos;
		return err_no;
	}
	int scan_structure(unsigned int &depth, unsigned int &preds);
	int parse_predicate(const char *start, int pos, Predicate &out);
	int build_pattern(Predicate &p, const char *s, ktl::size_t len);

	const char *text_;
	const FieldTable &fields_;
	ParseError &error_;
};

// Pass 1: balance and count, with native's positions and return codes.
int Compiler::scan_structure(unsigned int &depth, unsigned int &preds)
{
	const char *s = text_;
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
		switch (c) {
		case '\'':
		case '"':
			quote = c;
			last_quote = i;
			break;
		case '|':
		case '&':
			if (s[i + 1] != c)
				break;
			in_pred = false;
			continue;
		case '(':
			in_pred = false;
			if (++open > max_open)
				max_open = open;
			continue;
		case ')':
			in_pred = false;
			if (open == 1)
				return fail(-1, ErrorCode::TooManyClose, i);
			open--;
			continue;
		}
		if (!in_pred) {
			count++;
			in_pred = true;
		}
	}
	if (quote)
		return fail(-3, ErrorCode::MissingQuote, last_quote);
	if (open != 1) {
		// The unmatched '(' is the first one, scanning back, at the outer level.
		int level = open;
		for (i--; i > 0; i--) {
			char c = s[i];
			if (quote) {
				if (c == quote)
					quote = 0;
				continue;
			}
			if (c == '(') {
				if (level == open)
					return fail(-2, ErrorCode::TooManyOpen, i);
				level--;
			} else if (c == ')') {
				level++;
			} else if (c == '\'' || c == '"') {
				quote = c;
			}
		}
		return fail(-2, ErrorCode::TooManyOpen, 0);
	}
	depth = static_cast<unsigned int>(max_open);
	preds = count;
	return 0;
}

int Compiler::build_pattern(Predicate &p, const char *s, ktl::size_t len)
{
	// With '~', a leading '!' negates, and the position of '*' picks the test.
	Match kind = Match::Full;
	if (p.op == Op::Glob) {
		if (len && s[0] == '!') {
			p.negate = true;
			s++;
			len--;
		} else {
			p.negate = false;
		}
		if (!(len && is_digit(s[0]))) {
			for (ktl::size_t i = 0; i < len; i++) {
				if (s[i] == '*') {
					if (i == 0) {
						kind = Match::End;
					} else if (i == len - 1) {
						kind = kind == Match::End ? Match::Middle : Match::Front;
						len = i; // the trailing '*' goes
						break;
					} else {
						kind = Match::Glob;
						break;
					}
				} else if (s[i] == '[' || s[i] == '?' || s[i] == '\\') {
					kind = Match::Glob;
					break;
				}
			}
			if (kind != Match::Glob && len && s[0] == '*') {
				s++;
				len--;
			}
		}
	}
	char *pat = static_cast<char *>(ktp_alloc(len + 1));
	if (!pat)
		return -KTP_ENOMEM;
	for (ktl::size_t i = 0; i < len; i++)
		pat[i] = s[i];
	pat[len] = 0;
	p.pattern = pat;
	// A pattern is read as a C string: an embedded NUL would end it early.
	p.pattern_len = static_cast<ktl::u16>(str_len(pat));
	p.match = static_cast<ktl::u8>(kind);
	return 0;
}

// One predicate starting at start; pos is native's base for error positions.
// Returns the characters consumed, or a negative errno.
int Compiler::parse_predicate(const char *start, int pos, Predicate &p)
{
	const char *str = start;
	int i = 0;
	while (is_space(str[i]))
		i++;
	int s = i;
	while (is_alnum(str[i]) || str[i] == '_')
		i++;
	int len = i - s;
	if (!len)
		return fail(-1, ErrorCode::None, 0);
	const Field *field = fields_.find(str + s, static_cast<ktl::size_t>(len));
	if (!field)
		return fail(-KTP_EINVAL, ErrorCode::FieldNotFound, pos + i);
	static const char kUstring[] = ".ustring";
	bool ustring = true;
	for (int k = 0; kUstring[k] && ustring; k++)
		ustring = str[i + k] == kUstring[k];
	if (ustring)
		i += sizeof(kUstring) - 1;
	while (is_space(str[i]))
		i++;
	int op = -1;
	for (int k = 0; k < static_cast<int>(sizeof(kOps) / sizeof(kOps[0])); k++) {
		const char *t = kOps[k].text;
		int n = 0;
		while (t[n] && str[i + n] == t[n])
			n++;
		if (!t[n]) {
			op = k;
			i += n;
			break;
		}
	}
	if (op < 0)
		return fail(-KTP_EINVAL, ErrorCode::InvalidOp, pos + i);
	while (is_space(str[i]))
		i++;
	s = i;

	p = Predicate{};
	p.op = kOps[op].op;
	p.cls = field->cls;
	p.offset = field->offset;
	p.size = static_cast<ktl::u8>(field->size);
	p.is_signed = field->is_signed;
	bool is_string = field->cls == FieldClass::StaticString || field->cls == FieldClass::DynString ||
			 field->cls == FieldClass::CharPtr || field->cls == FieldClass::Comm;

	if (str[i] == '\'' || str[i] == '"') {
		char q = str[i];
		if (p.op == Op::Ne)
			p.negate = true;
		else if (p.op != Op::Glob && p.op != Op::Eq)
			return fail(-KTP_EINVAL, ErrorCode::IllegalFieldOp, pos + i);
		if (!is_string)
			return fail(-KTP_EINVAL, ErrorCode::ExpectDigit, pos + i);
		for (i++; str[i]; i++)
			if (str[i] == q)
				break;
		if (!str[i])
			return fail(-KTP_EINVAL, ErrorCode::MissingQuote, pos + i);
		s++;
		len = i - s;
		if (static_cast<ktl::size_t>(len) >= kMaxStringValue)
			return fail(-KTP_EINVAL, ErrorCode::OperandTooLong, pos + i);
		if (build_pattern(p, str + s, static_cast<ktl::size_t>(len)))
			return fail(-KTP_ENOMEM, ErrorCode::None, 0);
		if (field->cls == FieldClass::StaticString)
			p.field_len = field->size;
		i++;
	} else if (is_digit(str[i]) || str[i] == '-') {
		if (is_string)
			return fail(-KTP_EINVAL, ErrorCode::ExpectString, pos + i);
		if (p.op == Op::Glob)
			return fail(-KTP_EINVAL, ErrorCode::IllegalFieldOp, pos + i);
		if (str[i] == '-')
			i++;
		while (is_alnum(str[i]))
			i++;
		len = i - s;
		char number[24];
		if (static_cast<ktl::size_t>(len) >= sizeof(number))
			return fail(-KTP_EINVAL, ErrorCode::OperandTooLong, pos + i);
		for (int k = 0; k < len; k++)
			number[k] = str[s + k];
		number[len] = 0;
		bool ok = field->is_signed ? parse_signed(number, p.value) : parse_unsigned(number, p.value);
		if (!ok)
			return fail(-KTP_EINVAL, ErrorCode::IllegalIntval, pos + s);
		if (p.cls == FieldClass::Number && p.op == Op::Ne)
			p.negate = true;
		if (p.cls == FieldClass::Number && field->size != 1 && field->size != 2 && field->size != 4 &&
		    field->size != 8) {
			p.never = true;
			if (field->size == 0)
				p.offset = 0; // nothing of its own to load: the header's first byte stands in
		}
	} else {
		return fail(-KTP_EINVAL, ErrorCode::InvalidValue, pos + i);
	}
	(void)ustring;
	return i;
}

ktl::Result<ktl::Owned<Program>> Compiler::run()
{
	error_ = ParseError{};
	if (str_len(text_) > kMaxFilterLength) {
		fail(-KTP_EINVAL, ErrorCode::None, 0);
		return ktl::Error(KTP_EINVAL);
	}
	unsigned int depth = 0, nr_preds = 0;
	if (int err = scan_structure(depth, nr_preds))
		return ktl::Error(-err);
	if (!nr_preds) {
		fail(-KTP_EINVAL, ErrorCode::None, 0);
		return ktl::Error(KTP_EINVAL);
	}
	if (nr_preds > kMaxPredicates) {
		fail(-KTP_EINVAL, ErrorCode::TooManyPreds, 0);
		return ktl::Error(KTP_EINVAL);
	}

	// Frames of the parenthesis stack: the negation in force, and pending && / ||.
	constexpr ktl::u8 kInvert = 1, kPendingAnd = 2, kPendingOr = 4;
	ktl::Owned<Program> prog = ktl::make<Program>();
	ktl::Array<ktl::u8> stack, inverts;
	if (!prog || !ktl::Array<ktl::u8>::create(stack, depth + 1) ||
	    !ktl::Array<ktl::u8>::create(inverts, nr_preds + 2)) {
		fail(-KTP_ENOMEM, ErrorCode::None, 0);
		return ktl::Error(KTP_ENOMEM);
	}
	prog->preds_ = static_cast<Predicate *>(ktp_zalloc((nr_preds + 2) * sizeof(Predicate)));
	prog->steps_ = static_cast<Program::Step *>(ktp_zalloc((nr_preds + 2) * sizeof(Program::Step)));
	if (!prog->preds_ || !prog->steps_) {
		fail(-KTP_ENOMEM, ErrorCode::None, 0);
		return ktl::Error(KTP_ENOMEM);
	}
	// Targets are kept as native keeps them during the build ("index - 1",
	// signed); the Step array stores the final ones.
	ktl::Array<int> target;
	ktl::Array<bool> branch;
	if (!ktl::Array<int>::create(target, nr_preds + 2) || !ktl::Array<bool>::create(branch, nr_preds + 2)) {
		fail(-KTP_ENOMEM, ErrorCode::None, 0);
		return ktl::Error(KTP_ENOMEM);
	}
	// Links the pending chain of predicate n to branch (on `when`) past it.
	auto link = [&](unsigned int n, bool when) {
		int t = target[n];
		int s = target[static_cast<ktl::size_t>(t)];
		branch[static_cast<ktl::size_t>(t)] = when;
		target[static_cast<ktl::size_t>(t)] = static_cast<int>(n);
		target[n] = s;
	};

	unsigned int top = 0;
	stack[0] = 0;
	bool invert = false;
	unsigned int n = 0;
	int err = -KTP_ENOMEM;
	const char *str = text_;
	const char *ptr = str;
	bool done = false;
	while (!done && *ptr) {
		const char *next = ptr++;
		if (is_space(*next))
			continue;
		if (*next == '(') {
			if (top + 1 > depth) {
				fail(-KTP_EINVAL, ErrorCode::None, 0);
				return ktl::Error(KTP_EINVAL);
			}
			stack[++top] = invert ? kInvert : 0;
			continue;
		}
		if (*next == '!' && next[1] != '=' && next[1] != '~') {
			invert = !invert;
			continue;
		}
		if (n >= nr_preds) {
			fail(err, ErrorCode::TooManyPreds, static_cast<int>(next - str));
			return ktl::Error(-err);
		}
		inverts[n] = invert;
		target[n] = static_cast<int>(n) - 1;
		int used = parse_predicate(next, static_cast<int>(ptr - str), prog->preds_[n]);
		if (used < 0)
			return ktl::Error(-used);
		prog->count_ = ++n; // owned by the program from here (patterns freed with it)
		ptr = next + used;

		err = -1;
		for (;;) {
			next = ptr++;
			if (is_space(*next))
				continue;
			char c = *next;
			if (c == '&' || c == '|') {
				if (next[1] != c) {
					fail(err, ErrorCode::TooManyPreds, static_cast<int>(next - str));
					return ktl::Error(-err);
				}
				ptr++;
			} else if (c != ')' && c != '\0') {
				fail(err, ErrorCode::TooManyPreds, static_cast<int>(next - str));
				return ktl::Error(-err);
			}
			invert = stack[top] & kInvert;
			if (stack[top] & kPendingAnd) {
				link(n - 1, invert);
				stack[top] &= static_cast<ktl::u8>(~kPendingAnd);
			}
			if (c == '&') {
				stack[top] |= kPendingAnd;
				break;
			}
			if (stack[top] & kPendingOr) {
				link(n - 1, !invert);
				stack[top] &= static_cast<ktl::u8>(~kPendingOr);
			}
			if (c == '|') {
				stack[top] |= kPendingOr;
				break;
			}
			if (!c) {
				done = true;
				break;
			}
			if (top == 0) {
				fail(err, ErrorCode::TooManyClose, static_cast<int>(ptr - str));
				return ktl::Error(-err);
			}
			top--;
		}
	}
	if (!done && n) {
		fail(-KTP_EINVAL, ErrorCode::InvalidFilter, static_cast<int>(ptr - str));
		return ktl::Error(KTP_EINVAL);
	}
	if (top != 0) {
		fail(err, ErrorCode::TooManyOpen, static_cast<int>(ptr - str));
		return ktl::Error(-err);
	}
	if (!n) {
		fail(-KTP_EINVAL, ErrorCode::NoFilter, static_cast<int>(ptr - str));
		return ktl::Error(KTP_EINVAL);
	}

	// The accept and reject slots, and the last predicate falls to accept.
	target[n] = 1;
	target[n + 1] = 0;
	target[n - 1] = static_cast<int>(n);
	branch[n - 1] = false;
	// Pass 2: a jump to a jump on the same condition goes straight on.
	for (unsigned int i = n - 1; i--;) {
		int t = target[i];
		if (branch[i] == branch[static_cast<ktl::size_t>(t)])
			target[i] = target[static_cast<ktl::size_t>(t)];
	}
	// Pass 3: fold the negations into the branch conditions.
	for (unsigned int i = 0; i < n; i++) {
		branch[i] = (inverts[i] != 0) != branch[i];
		if (target[i] <= static_cast<int>(i)) {
			fail(-KTP_EINVAL, ErrorCode::None, 0);
			return ktl::Error(KTP_EINVAL);
		}
	}
	for (unsigned int i = 0; i < n + 2; i++) {
		prog->steps_[i].target = static_cast<ktl::u32>(target[i]);
		prog->steps_[i].when_to_branch = branch[i];
	}
	for (unsigned int k = 0; k < prog->count_; k++) {
		prog->needs_comm_ |= prog->preds_[k].cls == FieldClass::Comm;
		if (prog->preds_[k].cls == FieldClass::Number) {
			prepare_number(prog->preds_[k]);
			prog->needs_common_ |= prog->preds_[k].offset < sizeof(ktp_common_header);
		}
	}
	prog->build_numbers();
	return prog;
}

ktl::Result<ktl::Owned<Program>> compile(const char *text, const FieldTable &fields, ParseError &error)
{
	Compiler c(text, fields, error);
	return c.run();
}

ktl::size_t trimmed_length(const char *text)
{
	ktl::size_t n = str_len(text);
	while (n && is_space(text[n - 1]))
		n--;
	return n;
}

bool render_error(const char *text, const ParseError &error, TextBuffer &out)
{
	int len = static_cast<int>(str_len(text));
	int pos = error.pos > len ? len : error.pos;
	if (pos)
		pos++; // native's caret column
	out.append(text);
	if (error.code != ErrorCode::None) {
		out.printf("\n%*s", pos, "^");
		out.printf("\nparse_error: %s\n", error_text(error.code));
	} else {
		out.printf("\nError: (%d)\n", static_cast<int>(error.code));
	}
	return !out.failed();
}

// Glob: '*' any run, '?' any one character, '[...]' a class ('!' negates,
// a-z ranges; a malformed class is literal), '\' takes the next character
// literally. Past len the string reads as NUL; only one level of
// backtracking is ever needed, since '*' matches everything.
bool glob_match(const char *pattern, const char *string, ktl::size_t len)
{
	auto pat = reinterpret_cast<const unsigned char *>(pattern);
	auto str = reinterpret_cast<const unsigned char *>(string);
	const unsigned char *end = str + len;
	const unsigned char *back_pat = nullptr, *back_str = nullptr;
	for (;;) {
		unsigned char c = str >= end ? 0 : *str;
		unsigned char d = *pat++;
		str++;
		switch (d) {
		case '?':
			if (c == 0)
				return false;
			continue;
		case '*':
			if (*pat == 0)
				return true;
			back_pat = pat;
			back_str = --str;
			continue;
		case '[': {
			bool matched = false, inverted = *pat == '!';
			const unsigned char *cls = pat + inverted;
			unsigned char a = *cls++;
			bool malformed = false;
			do {
				unsigned char b = a;
				if (a == 0) {
					malformed = true;
					break;
				}
				if (cls[0] == '-' && cls[1] != ']') {
					b = cls[1];
					if (b == 0) {
						malformed = true;
						break;
					}
					cls += 2;
				}
				matched |= a <= c && c <= b;
			} while ((a = *cls++) != ']');
			if (!malformed) {
				if (matched != inverted) {
					pat = cls;
					continue;
				}
				break; // to the backtrack below
			}
			// A malformed class: '[' is a literal character.
			if (c == d)
				continue;
			break;
		}
		case '\\':
			d = *pat++;
			[[fallthrough]];
		default:
			if (c == d) {
				if (d == 0)
					return true;
				continue;
			}
			break;
		}
		// Mismatch: retry from the last '*', one character further.
		if (c == 0 || !back_pat)
			return false;
		pat = back_pat;
		str = ++back_str;
	}
}

} // namespace ktp::filter
