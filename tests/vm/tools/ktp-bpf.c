// SPDX-License-Identifier: GPL-2.0
/*
 * ktp-bpf: attaches a hand-assembled BPF_PROG_TYPE_TRACEPOINT program to a
 * tracepoint event (perf_event_open on CPU 0 + PERF_EVENT_IOC_SET_BPF; it runs for every CPU),
 * writes TEXT to FILE, and prints how many times the program ran and the sum of
 * one 4-byte field it read from the record at the format's offset:
 *
 *     ktp-bpf ID OFFSET FILE TEXT    ->  "count=40 sum=780"
 *
 * ID is the event's native id (events/<sys>/<event>/id), OFFSET the field's
 * offset in its format; TEXT is written to FILE while the program is
 * attached (e.g. "20" to ktp's sample_fire).
 */
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int main(int argc, char **argv)
{
	static char log[65536];
	union bpf_attr attr;
	struct perf_event_attr pattr;
	unsigned long long value[2] = { 0, 0 };
	unsigned int key = 0;
	int map, prog, fd, n, cpu, ncpu, fds[64];

	if (argc != 5) {
		fprintf(stderr, "usage: ktp-bpf ID OFFSET FILE TEXT\n");
		return 2;
	}
	int id = atoi(argv[1]), off = atoi(argv[2]);

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 16;
	attr.max_entries = 1;
	map = sys_bpf(BPF_MAP_CREATE, &attr);
	if (map < 0) {
		perror("BPF_MAP_CREATE");
		return 1;
	}
	/* count += 1; sum += *(u32 *)(ctx + off), both in map[0] */
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),          /* r6 = ctx */
		INSN(BPF_LDX | BPF_MEM | BPF_W, 7, 6, off, 0),           /* r7 = *(u32 *)(r6 + off) */
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),            /* key = 0 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),          /* r2 = &key */
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, map), /* r1 = map */
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3, 0),             /* no value: done */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),    /* count += 1 */
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 7, 8, BPF_ADD),    /* sum += field */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	prog = sys_bpf(BPF_PROG_LOAD, &attr);
	if (prog < 0) {
		perror("BPF_PROG_LOAD");
		fprintf(stderr, "%s\n", log);
		return 1;
	}
	/*
	 * The programs hang on the event, not on the perf event: one perf
	 * event (CPU 0) runs the program for calls on every CPU, and the same
	 * program again on another perf event of the event is EEXIST.
	 */
	ncpu = 1;
	for (cpu = 0; cpu < ncpu; cpu++) {
		memset(&pattr, 0, sizeof(pattr));
		pattr.type = PERF_TYPE_TRACEPOINT;
		pattr.size = sizeof(pattr);
		pattr.config = id;
		pattr.sample_period = 1;
		pattr.sample_type = PERF_SAMPLE_RAW;
		fds[cpu] = syscall(__NR_perf_event_open, &pattr, -1, cpu, -1, 0);
		if (fds[cpu] < 0) {
			perror("perf_event_open");
			return 1;
		}
		if (ioctl(fds[cpu], PERF_EVENT_IOC_SET_BPF, prog) || ioctl(fds[cpu], PERF_EVENT_IOC_ENABLE, 0)) {
			perror("PERF_EVENT_IOC_SET_BPF");
			return 1;
		}
	}
	fd = open(argv[3], O_WRONLY);
	if (fd < 0 || write(fd, argv[4], strlen(argv[4])) < 0) {
		perror(argv[3]);
		return 1;
	}
	close(fd);
	for (cpu = 0; cpu < ncpu; cpu++)
		close(fds[cpu]);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)value;
	n = sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
	if (n) {
		perror("BPF_MAP_LOOKUP_ELEM");
		return 1;
	}
	printf("count=%llu sum=%llu\n", value[0], value[1]);
	return 0;
}
