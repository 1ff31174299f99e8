// SPDX-License-Identifier: GPL-2.0
// TextBuffer: a growable text buffer for the core's read-only files, with printf.
#pragma once

#include "ktl/base.h"
#include "ktl/result.h"
#include "ktl/string_view.h"

namespace ktp {

class TextBuffer {
public:
	TextBuffer() = default;
	~TextBuffer() { ktp_free(data_); }
	TextBuffer(const TextBuffer &) = delete;
	TextBuffer &operator=(const TextBuffer &) = delete;

	// Appends formatted text; false (and the buffer marked failed) when memory runs out.
	bool printf(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	bool append(ktl::StringView s);

	bool failed() const { return failed_; }
	const char *data() const { return data_ ? data_ : ""; }
	ktl::size_t size() const { return size_; }
	// Hands the buffer to the caller (free with ktp_free): a string even when
	// nothing was appended; null only when memory ran out.
	char *release(ktl::size_t *size);

private:
	bool reserve(ktl::size_t extra);
	char *data_ = nullptr;
	ktl::size_t size_ = 0;
	ktl::size_t capacity_ = 0;
	bool failed_ = false;
};

} // namespace ktp
