// SPDX-License-Identifier: GPL-2.0
/*
 * ktp-torture: precise single operations for the torture scenarios (built static into the initramfs):
 *   ktp-torture write FILE random|zeros|digits LEN [OFFSET]   one write(2) (pwrite at OFFSET): "ok N" or "err ENAME"
 *   ktp-torture write FILE text TEXT [OFFSET]                  TEXT as given; "\0" in TEXT is a NUL byte
 *   ktp-torture failnth N write FILE TEXT                      fail the Nth allocation of one write(2)
 *   ktp-torture failnth N insmod MODULE.ko [PARAMS]            fail the Nth allocation of init_module(2)
 *       both print "ok injected|clean" or "err ENAME injected|clean" (clean: the Nth allocation never came)
 *   ktp-torture read FILE block|poll|raw SECONDS [CPU]
 *       reads until SECONDS have passed and the file is drained (a trace_pipe file: at most 10 s more; a blocking read, poll with
 *       O_NONBLOCK, or whole raw pages of CPU), counts the records by CPU: "records cpu0=A cpu1=B lost=L reads=R"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CPUS 8

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case ENOENT: return "ENOENT";
	case EBUSY: return "EBUSY";
	case ENOSPC: return "ENOSPC";
	case EFAULT: return "EFAULT";
	case E2BIG: return "E2BIG";
	case EPERM: return "EPERM";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EAGAIN: return "EAGAIN";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ERANGE: return "ERANGE";
	case ENOEXEC: return "ENOEXEC";
	case ESPIPE: return "ESPIPE";
	case EBADF: return "EBADF";
	case EFBIG: return "EFBIG";
	default: {
		static char buf[32];

		snprintf(buf, sizeof(buf), "E%d", e);
		return buf;
	}
	}
}

static char *fill(const char *kind, const char *arg, size_t *len)
{
	char *buf;
	size_t i;

	if (!strcmp(kind, "text")) {
		buf = strdup(arg);
		for (i = *len = 0; arg[i]; i++) {
			if (arg[i] == '\\' && arg[i + 1] == '0') {
				buf[(*len)++] = 0;
				i++;
			} else {
				buf[(*len)++] = arg[i];
			}
		}
		return buf;
	}
	*len = strtoul(arg, NULL, 0);
	buf = calloc(1, *len + 1);
	if (!strcmp(kind, "random")) {
		int fd = open("/dev/urandom", O_RDONLY);

		if (fd < 0 || read(fd, buf, *len) < 0)
			exit(2);
		close(fd);
	} else if (!strcmp(kind, "digits")) {
		for (i = 0; i < *len; i++)
			buf[i] = '1';
	}
	return buf;
}

static int set_failnth(unsigned n)
{
	char s[16];
	int fd = open("/proc/thread-self/fail-nth", O_RDWR);
	int len = snprintf(s, sizeof(s), "%u", n);

	if (fd < 0 || write(fd, s, len) != len) {
		printf("fail-nth: %s\n", strerror(errno));
		exit(2);
	}
	return fd;
}

/* After the operation: 0 left means the Nth allocation came and failed. */
static const char *failnth_outcome(int fd)
{
	char s[16] = "";
	ssize_t n = pread(fd, s, sizeof(s) - 1, 0);

	if (n <= 0)
		exit(2);
	if (atoi(s) == 0)
		return "injected";
	if (pwrite(fd, "0", 1, 0) != 1)
		exit(2);
	return "clean";
}

static int do_write(int argc, char **argv)
{
	size_t len;
	char *buf;
	ssize_t n;
	int fd;

	if (argc < 5)
		return 2;
	buf = fill(argv[3], argv[4], &len);
	fd = open(argv[2], O_WRONLY);
	if (fd < 0) {
		printf("open %s\n", errname(errno));
		return 0;
	}
	n = argc > 5 ? pwrite(fd, buf, len, strtoll(argv[5], NULL, 0)) : write(fd, buf, len);
	if (n < 0)
		printf("err %s\n", errname(errno));
	else
		printf("ok %zd\n", n);
	close(fd);
	return 0;
}

static int do_failnth(int argc, char **argv)
{
	unsigned nth;
	int fd, ffd, r, e;
	const char *out;

	if (argc < 5)
		return 2;
	nth = strtoul(argv[2], NULL, 0);
	if (!strcmp(argv[3], "write")) {
		size_t len;
		char *buf;

		if (argc < 6)
			return 2;
		buf = fill("text", argv[5], &len);
		fd = open(argv[4], O_WRONLY);
		if (fd < 0) {
			printf("open %s\n", errname(errno));
			return 1;
		}
		ffd = set_failnth(nth);
		r = write(fd, buf, len) < 0 ? -1 : 0;
		e = errno;
		out = failnth_outcome(ffd);
		close(fd);
	} else if (!strcmp(argv[3], "insmod")) {
		struct stat st;
		char *image;

		fd = open(argv[4], O_RDONLY);
		if (fd < 0 || fstat(fd, &st) < 0)
			return 2;
		image = malloc(st.st_size);
		if (!image || read(fd, image, st.st_size) != st.st_size)
			return 2;
		ffd = set_failnth(nth);
		r = syscall(SYS_init_module, image, (unsigned long)st.st_size, argc > 5 ? argv[5] : "");
		e = errno;
		out = failnth_outcome(ffd);
	} else {
		return 2;
	}
	if (r < 0)
		printf("err %s %s\n", errname(e), out);
	else
		printf("ok %s\n", out);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long records[MAX_CPUS], lost;

/* One line of trace_pipe: "comm-pid [00N] ..." counts for CPU N; "CPU:N [LOST M EVENTS]" adds to lost. */
static void count_line(const char *line)
{
	const char *p;
	unsigned long long m;
	int cpu;

	if (sscanf(line, "CPU:%d [LOST %llu EVENTS]", &cpu, &m) == 2) {
		lost += m;
		return;
	}
	for (p = line; (p = strchr(p, '[')); p++) {
		if (p > line && p[-1] == ' ' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
		    p[3] >= '0' && p[3] <= '9' && p[4] == ']') {
			cpu = atoi(p + 1);
			if (cpu < MAX_CPUS)
				records[cpu]++;
			return;
		}
	}
}

/* One raw page in native's format: 8-byte time stamp, 8-byte commit, then events. */
static void count_page(const unsigned char *page, size_t size, int cpu)
{
	uint64_t commit;
	size_t off = 16, end;

	if (size < 16)
		return;
	memcpy(&commit, page + 8, 8);
	end = 16 + (commit & 0xfffff);
	if (end > size)
		end = size;
	while (off + 4 <= end) {
		uint32_t hdr, len;

		memcpy(&hdr, page + off, 4);
		len = hdr & 31;
		if (len == 29) { /* padding: to the page's end when delta is 0 */
			if ((hdr >> 5) == 0 || off + 8 > end)
				break;
			memcpy(&len, page + off + 4, 4);
			off += 4 + len;
		} else if (len == 30 || len == 31) {
			off += 8;
		} else if (len == 0) {
			if (off + 8 > end)
				break;
			memcpy(&len, page + off + 4, 4);
			off += 4 + len;
			records[cpu]++;
		} else {
			off += 4 + 4 * len;
			records[cpu]++;
		}
	}
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int do_read(int argc, char **argv)
{
	static char buf[65536 + 1];
	char line[8192];
	size_t fill_len = 0;
	const char *mode;
	double deadline;
	unsigned long reads = 0;
	int fd, cpu = 0, draining = 0, is_pipe, i;

	if (argc < 5)
		return 2;
	mode = argv[3];
	deadline = now() + atof(argv[4]);
	if (argc > 5)
		cpu = atoi(argv[5]) % MAX_CPUS;
	is_pipe = strstr(argv[2], "trace_pipe") != NULL;
	fd = open(argv[2], O_RDONLY | (strcmp(mode, "poll") ? 0 : O_NONBLOCK));
	if (fd < 0) {
		printf("open %s\n", errname(errno));
		return 1;
	}
	if (strcmp(mode, "poll")) {
		struct sigaction sa;
		struct itimerval it = { { 0, 200000 }, { 0, 200000 } };

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm; /* no SA_RESTART: a blocking read returns EINTR */
		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &it, NULL);
	}
	for (;;) {
		ssize_t n;

		/*
		 * Events still coming through a pipe: the caller left tracing on.
		 * A trace file ends (read returns 0) however long it takes to
		 * render, so it is read to its end.
		 */
		if (draining && is_pipe && now() >= deadline + 10)
			break;
		if (!draining && now() >= deadline) {
			/* Time is up: take what is left without waiting. */
			struct itimerval off = { { 0, 0 }, { 0, 0 } };

			setitimer(ITIMER_REAL, &off, NULL);
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
			draining = 1;
		}
		if (!strcmp(mode, "poll") && !draining) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (poll(&p, 1, 100) <= 0)
				continue;
		}
		n = read(fd, buf, !strcmp(mode, "raw") ? 4096 : sizeof(buf) - 1);
		if (n < 0 && (errno == EINTR || (errno == EAGAIN && !draining)))
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0) {
			printf("read %s\n", errname(errno));
			return 1;
		}
		if (n == 0) {
			if (draining || !strcmp(mode, "raw"))
				break;
			continue;
		}
		reads++;
		if (!strcmp(mode, "raw")) {
			count_page((unsigned char *)buf, n, cpu);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n' || fill_len == sizeof(line) - 1) {
				line[fill_len] = 0;
				count_line(line);
				fill_len = 0;
			} else {
				line[fill_len++] = buf[i];
			}
		}
	}
	printf("records");
	for (i = 0; i < MAX_CPUS; i++)
		if (records[i] || i < 2)
			printf(" cpu%d=%llu", i, records[i]);
	printf(" lost=%llu reads=%lu\n", lost, reads);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "write"))
		return do_write(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "failnth"))
		return do_failnth(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "read"))
		return do_read(argc, argv);
	fprintf(stderr, "usage: see the header of ktp-torture.c\n");
	return 2;
}
