// SPDX-License-Identifier: GPL-2.0
/*
 * Preloaded into trace-cmd by ktp-cmd: points libtracefs at ktp's tree and
 * turns writes to native tracing's global files into writes to /dev/null.
 *
 * Example: `ktp-cmd record -e ktp_sample sleep 1` runs trace-cmd with
 * LD_PRELOAD=ktp-cmd-preload.so and KTP_TRACING_DIR=/sys/kernel/debug/ktp.
 * Before main(), the constructor calls libtracefs' tracefs_set_tracing_dir()
 * with that directory, so every tracefs_*() call of trace-cmd and of its
 * recorder children (forked, not executed) uses ktp's files. The constructor
 * then takes itself out of LD_PRELOAD, so that the traced command (`sleep`)
 * runs without it. trace-cmd also writes 1 to /proc/sys/kernel/ftrace_enabled,
 * a file of native tracing: open() of it, or of anything under a native
 * tracing directory, for writing, opens /dev/null instead.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KTP_DEFAULT_DIR "/sys/kernel/debug/ktp"
#define KTP_SELF "ktp-cmd-preload.so"

/* Native tracing's files: exact paths, then directories (with their trailing slash). */
static const char *const ktp_native_files[] = {
	"/proc/sys/kernel/ftrace_enabled",
	"/proc/sys/kernel/stack_tracer_enabled",
	"/proc/sys/kernel/ftrace_dump_on_oops",
	"/proc/sys/kernel/traceoff_on_warning",
	"/proc/sys/kernel/tracepoint_printk",
};
static const char *const ktp_native_dirs[] = {
	"/sys/kernel/tracing/",
	"/sys/kernel/debug/tracing/",
};

static int ktp_trace_opens;
static const char *ktp_tracing_dir; /* the directory given to libtracefs: never guarded */

/* Whether path names one of native tracing's files (1) or not (0). */
int ktp_cmd_is_native(const char *path)
{
	size_t i;

	if (!path)
		return 0;
	if (ktp_tracing_dir) {
		size_t n = strlen(ktp_tracing_dir);

		if (!strncmp(path, ktp_tracing_dir, n) && (!path[n] || path[n] == '/'))
			return 0;
	}
	for (i = 0; i < sizeof(ktp_native_files) / sizeof(ktp_native_files[0]); i++)
		if (!strcmp(path, ktp_native_files[i]))
			return 1;
	for (i = 0; i < sizeof(ktp_native_dirs) / sizeof(ktp_native_dirs[0]); i++) {
		size_t n = strlen(ktp_native_dirs[i]);

		if (!strncmp(path, ktp_native_dirs[i], n) || (!strncmp(path, ktp_native_dirs[i], n - 1) && !path[n - 1]))
			return 1;
	}
	return 0;
}

/* The path open() really opens: /dev/null for a write to a native file. */
static const char *ktp_cmd_target(const char *path, int writing)
{
	int native = writing && ktp_cmd_is_native(path);

	if (ktp_trace_opens)
		fprintf(stderr, "ktp-cmd: open %s %s%s\n", writing ? "w" : "r", path,
			native ? " (native: /dev/null)" : "");
	return native ? "/dev/null" : path;
}

static int ktp_flags_write(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT));
}

static int ktp_mode_write(const char *mode)
{
	return mode && (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+'));
}

#define KTP_NEXT(type, name) ((type)dlsym(RTLD_NEXT, name))

static mode_t ktp_open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = ktp_open_mode(flags, ap);
	va_end(ap);
	return KTP_NEXT(int (*)(const char *, int, ...), "open")(ktp_cmd_target(path, ktp_flags_write(flags)), flags,
								 mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = ktp_open_mode(flags, ap);
	va_end(ap);
	return KTP_NEXT(int (*)(const char *, int, ...), "open64")(ktp_cmd_target(path, ktp_flags_write(flags)),
								   flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = ktp_open_mode(flags, ap);
	va_end(ap);
	return KTP_NEXT(int (*)(int, const char *, int, ...), "openat")(dirfd,
									ktp_cmd_target(path, ktp_flags_write(flags)),
									flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = ktp_open_mode(flags, ap);
	va_end(ap);
	return KTP_NEXT(int (*)(int, const char *, int, ...), "openat64")(dirfd,
									  ktp_cmd_target(path, ktp_flags_write(flags)),
									  flags, mode);
}

/* The fortified opens (_FORTIFY_SOURCE), which libtracefs and trace-cmd call. */
int __open_2(const char *path, int flags)
{
	return KTP_NEXT(int (*)(const char *, int), "__open_2")(ktp_cmd_target(path, ktp_flags_write(flags)), flags);
}

int __open64_2(const char *path, int flags)
{
	return KTP_NEXT(int (*)(const char *, int), "__open64_2")(ktp_cmd_target(path, ktp_flags_write(flags)), flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return KTP_NEXT(int (*)(int, const char *, int), "__openat_2")(dirfd, ktp_cmd_target(path, ktp_flags_write(flags)),
								       flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return KTP_NEXT(int (*)(int, const char *, int), "__openat64_2")(dirfd,
									 ktp_cmd_target(path, ktp_flags_write(flags)),
									 flags);
}

int creat(const char *path, mode_t mode)
{
	return KTP_NEXT(int (*)(const char *, mode_t), "creat")(ktp_cmd_target(path, 1), mode);
}

int creat64(const char *path, mode_t mode)
{
	return KTP_NEXT(int (*)(const char *, mode_t), "creat64")(ktp_cmd_target(path, 1), mode);
}

FILE *fopen(const char *path, const char *mode)
{
	return KTP_NEXT(FILE * (*)(const char *, const char *), "fopen")(ktp_cmd_target(path, ktp_mode_write(mode)),
									  mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	return KTP_NEXT(FILE * (*)(const char *, const char *), "fopen64")(ktp_cmd_target(path, ktp_mode_write(mode)),
									    mode);
}

/* Takes this library out of LD_PRELOAD, so that the commands trace-cmd executes run without it. */
static void ktp_cmd_unpreload(void)
{
	const char *old = getenv("LD_PRELOAD");
	char *copy, *tok, *save = NULL;
	size_t len;

	if (!old)
		return;
	len = strlen(old) + 1;
	copy = strdup(old);
	if (!copy)
		return;
	char *out = calloc(1, len);
	if (!out) {
		free(copy);
		return;
	}
	for (tok = strtok_r(copy, " :", &save); tok; tok = strtok_r(NULL, " :", &save)) {
		const char *base = strrchr(tok, '/');

		if (!strcmp(base ? base + 1 : tok, KTP_SELF))
			continue;
		if (*out)
			strcat(out, ":");
		strcat(out, tok);
	}
	if (*out)
		setenv("LD_PRELOAD", out, 1);
	else
		unsetenv("LD_PRELOAD");
	free(out);
	free(copy);
}

__attribute__((constructor)) static void ktp_cmd_init(void)
{
	int (*set_dir)(char *) = (int (*)(char *))dlsym(RTLD_DEFAULT, "tracefs_set_tracing_dir");
	const char *dir = getenv("KTP_TRACING_DIR");
	char *copy;

	ktp_trace_opens = getenv("KTP_CMD_TRACE_OPENS") && *getenv("KTP_CMD_TRACE_OPENS") == '1';
	ktp_cmd_unpreload();
	if (!dir || !*dir)
		dir = KTP_DEFAULT_DIR;
	if (!set_dir) {
		fprintf(stderr, "ktp-cmd: this program has no tracefs_set_tracing_dir (not linked with libtracefs)\n");
		_exit(127);
	}
	/* A copy the library may keep: it is never freed. */
	copy = strdup(dir);
	if (!copy || set_dir(copy)) {
		fprintf(stderr, "ktp-cmd: tracefs_set_tracing_dir(%s) failed\n", dir);
		_exit(127);
	}
	ktp_tracing_dir = strdup(dir);
}
