// SPDX-License-Identifier: GPL-2.0
/*
 * ktp-io: file operations busybox cannot do, for VM scenarios (built static into the initramfs):
 *   ktp-io nonblock FILE        read once with O_NONBLOCK: prints "EAGAIN" or "data N"
 *   ktp-io poll FILE MS         poll for input: prints "ready" or "timeout"
 *   ktp-io signal FILE          a blocking read interrupted by SIGALRM after 1 s: prints "EINTR" or "data N"
 *   ktp-io write FILE TEXT      one write(2) of TEXT with \0 and \n decoded: prints "wrote N" or the error
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "write")) {
		static char text[1 << 16];
		size_t len = 0;
		const char *p;

		for (p = argc > 3 ? argv[3] : ""; *p && len < sizeof(text); p++) {
			if (p[0] == '\\' && (p[1] == '0' || p[1] == 'n')) {
				text[len++] = p[1] == '0' ? 0 : '\n';
				p++;
			} else {
				text[len++] = *p;
			}
		}
		fd = open(argv[2], O_WRONLY);
		if (fd < 0) {
			printf("open: %s\n", strerror(errno));
			return 1;
		}
		n = write(fd, text, len);
		if (n < 0)
			printf("%s\n", strerror(errno));
		else
			printf("wrote %zd\n", n);
		return 0;
	}
	fd = open(argv[2], O_RDONLY | (strcmp(argv[1], "nonblock") ? 0 : O_NONBLOCK));
	if (fd < 0) {
		printf("open: %s\n", strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "poll")) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, argc > 3 ? atoi(argv[3]) : 1000);

		printf("%s\n", r > 0 && (p.revents & POLLIN) ? "ready" : r == 0 ? "timeout" : "error");
		return 0;
	}
	if (!strcmp(argv[1], "signal")) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm; /* no SA_RESTART: the read must return */
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		printf("%s\n", errno == EAGAIN ? "EAGAIN" : errno == EINTR ? "EINTR" : strerror(errno));
	else
		printf("data %zd\n", n);
	return 0;
}
