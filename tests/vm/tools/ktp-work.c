// SPDX-License-Identifier: GPL-2.0
/*
 * ktp-work: a small, recognisable workload for comparing ktp's mirror events with native ones
 * (its comm is "ktp-work"): forks children that make a few system calls, yield and sleep briefly.
 *   ktp-work [ROUNDS]
 */
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	struct timespec nap = { 0, 2000000 };

	for (int r = 0; r < rounds; r++) {
		pid_t child = fork();

		if (child == 0) {
			for (int i = 0; i < 20; i++) {
				getpid();
				sched_yield();
			}
			nanosleep(&nap, NULL);
			_exit(0);
		}
		for (int i = 0; i < 10; i++)
			getppid();
		nanosleep(&nap, NULL);
		waitpid(child, NULL, 0);
	}
	return 0;
}
