// SPDX-License-Identifier: GPL-2.0
// The compiler: the passes run in order over one text (passes.h describes them), and compile(), its entry point.
#include "filter/chars.h"
#include "filter/passes.h"

namespace ktp::filter {

ktl::Status Workspace::create(const Structure &s)
{
	if (!ktl::Array<PredicateSyntax>::create(syntax, s.preds) || !ktl::Array<Node>::create(postfix, 2 * s.preds) ||
	    !ktl::Array<ktl::u8>::create(stack, s.depth + 1) || !ktl::Array<int>::create(target, s.preds + 2) ||
	    !ktl::Array<bool>::create(branch, s.preds + 2) || !ktl::Array<bool>::create(inverts, s.preds + 2))
		return ktl::Error(KTP_ENOMEM);
	return ktl::Status::success();
}

// Pass 3 over every predicate read; then the parser's own error, if any, is
// the first in native's order.
ktl::Status Compiler::check(Program &prog, const Parsed &parsed)
{
	for (unsigned int i = 0; i < parsed.preds; i++)
		KTP_TRY(check_predicate(ws_.syntax[i], fields_, report_, prog.preds_[i]));
	prog.count_ = parsed.preds;
	return ktl::Status::success();
}

ktl::Result<ktl::Owned<Program>> Compiler::run()
{
	error_ = ParseError{};
	if (ktl::c_length(text_) > kMaxFilterLength)
		return report_.fail(KTP_EINVAL, ErrorCode::None, 0);
	Structure structure;
	KTP_TRY(scan_structure(text_, report_, structure));
	if (!structure.preds)
		return report_.fail(KTP_EINVAL, ErrorCode::None, 0);
	if (structure.preds > kMaxPredicates)
		return report_.fail(KTP_EINVAL, ErrorCode::TooManyPreds, 0);

	ktl::Owned<Program> prog = ktl::make<Program>();
	if (!prog || !ws_.create(structure) || !ktl::Array<Predicate>::create(prog->preds_, structure.preds + 2) ||
	    !ktl::Array<Program::Step>::create(prog->steps_, structure.preds + 2))
		return report_.fail(KTP_ENOMEM, ErrorCode::None, 0);

	// The parser's error waits until the predicates before it are checked.
	ParseError parse_error;
	Reporter parse_report(parse_error);
	Parsed parsed;
	ktl::Status syntax = parse(text_, structure, ws_, parse_report, parsed);
	KTP_TRY(check(*prog, parsed));
	if (!syntax) {
		error_ = parse_error;
		return syntax.error();
	}
	KTP_TRY(lower(*prog, parsed));
	prog->build_compact_forms();
	return prog;
}

ktl::Result<ktl::Owned<Program>> compile(const char *text, const FieldTable &fields, ParseError &error)
{
	Compiler c(text, fields, error);
	return c.run();
}

} // namespace ktp::filter
