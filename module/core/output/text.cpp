// SPDX-License-Identifier: GPL-2.0
// TextBuffer: growable text built with the platform's snprintf.
#include "output/text.h"

#include <stdarg.h>

namespace ktp {

bool TextBuffer::reserve(ktl::size_t extra)
{
	if (failed_)
		return false;
	if (size_ + extra + 1 <= capacity_)
		return true;
	ktl::size_t want = capacity_ ? capacity_ : 256;
	while (want < size_ + extra + 1)
		want *= 2;
	char *grown = static_cast<char *>(ktp_alloc(want));
	if (!grown) {
		failed_ = true;
		return false;
	}
	for (ktl::size_t i = 0; i < size_; i++)
		grown[i] = data_[i];
	grown[size_] = 0;
	ktp_free(data_);
	data_ = grown;
	capacity_ = want;
	return true;
}

bool TextBuffer::printf(const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	char probe[1];
	va_list copy;
	va_copy(copy, args);
	int need = ktp_vsnprintf(probe, sizeof(probe), fmt, copy);
	va_end(copy);
	if (need < 0 || !reserve(static_cast<ktl::size_t>(need))) {
		va_end(args);
		return false;
	}
	ktp_vsnprintf(data_ + size_, capacity_ - size_, fmt, args);
	va_end(args);
	size_ += static_cast<ktl::size_t>(need);
	return true;
}

bool TextBuffer::append(ktl::StringView s)
{
	ktl::size_t n = s.size();
	if (!reserve(n))
		return false;
	for (ktl::size_t i = 0; i < n; i++)
		data_[size_ + i] = s.data()[i];
	size_ += n;
	data_[size_] = 0;
	return true;
}

char *TextBuffer::release(ktl::size_t *size)
{
	// An empty text is an empty string, not a failure: a file with no lines reads as empty.
	if (!data_ && reserve(0))
		data_[0] = 0;
	char *out = data_;
	*size = size_;
	data_ = nullptr;
	size_ = capacity_ = 0;
	return out;
}

} // namespace ktp
