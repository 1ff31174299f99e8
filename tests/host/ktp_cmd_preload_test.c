// SPDX-License-Identifier: GPL-2.0
/*
 * The ktp-cmd preload library in isolation: this program stands in for
 * trace-cmd (it defines tracefs_set_tracing_dir) and runs with the library
 * preloaded; it prints "ok N" or the first check that failed and exits 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char *set_dir;
static int checks;

__attribute__((visibility("default"))) int tracefs_set_tracing_dir(char *dir)
{
	set_dir = strdup(dir);
	return 0;
}

static void expect(int cond, const char *what)
{
	checks++;
	if (!cond) {
		printf("FAIL: %s\n", what);
		exit(1);
	}
}

/* Whether fd is /dev/null (character device 1:3). */
static int is_null(int fd)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
}

int main(int argc, char **argv)
{
	char tmp[] = "/tmp/ktp-cmd-test-XXXXXX";
	int fd;
	FILE *f;

	(void)argc;
	(void)argv;
	expect(set_dir && !strcmp(set_dir, getenv("KTP_EXPECT_DIR")), "tracefs_set_tracing_dir got KTP_TRACING_DIR");
	expect(!getenv("LD_PRELOAD") || !strstr(getenv("LD_PRELOAD"), "ktp-cmd-preload.so"),
	       "the library left LD_PRELOAD for the commands run");
	expect(getenv("LD_PRELOAD") == NULL || !strcmp(getenv("LD_PRELOAD"), getenv("KTP_EXPECT_PRELOAD")),
	       "other preloaded libraries stay");
	fd = open("/proc/sys/kernel/ftrace_enabled", O_WRONLY);
	expect(is_null(fd), "a write open of ftrace_enabled opens /dev/null");
	close(fd);
	fd = open("/proc/sys/kernel/ftrace_enabled", O_RDONLY);
	expect(fd < 0 || !is_null(fd), "a read open of ftrace_enabled is left alone");
	if (fd >= 0)
		close(fd);
	if (strcmp(set_dir, "/sys/kernel/tracing")) {
		fd = openat(AT_FDCWD, "/sys/kernel/tracing/tracing_on", O_WRONLY | O_TRUNC);
		expect(is_null(fd), "openat for writing under /sys/kernel/tracing opens /dev/null");
		close(fd);
	}
	f = fopen("/sys/kernel/debug/tracing/events/enable", "w");
	expect(f && is_null(fileno(f)), "fopen \"w\" under /sys/kernel/debug/tracing opens /dev/null");
	fclose(f);
	f = fopen("/sys/kernel/tracing-not/x", "r+");
	expect(!f, "a path that only starts like a native directory is left alone");
	if (!strcmp(set_dir, "/sys/kernel/tracing")) {
		/* Pointed at native's own tree (for comparisons): its files are written. */
		fd = open("/sys/kernel/tracing/tracing_on", O_WRONLY);
		expect(!is_null(fd), "the given tracing directory is not guarded");
		if (fd >= 0)
			close(fd);
		printf("ok %d\n", checks);
		return 0;
	}
	fd = mkstemp(tmp);
	expect(fd >= 0, "mkstemp");
	close(fd);
	fd = open(tmp, O_WRONLY | O_TRUNC);
	expect(fd >= 0 && !is_null(fd), "a write open of another file is left alone");
	close(fd);
	unlink(tmp);
	printf("ok %d\n", checks);
	return 0;
}
