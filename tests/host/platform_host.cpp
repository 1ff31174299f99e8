// SPDX-License-Identifier: GPL-2.0
// The host implementation of the C ABI for unit tests: malloc with failure injection, pthread locks.
#include <cassert>
#include "platform_host.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <cstdarg>
#include <sys/mman.h>
#include <unistd.h>
#include <thread>
#include <ctime>

#include <ktp/event_abi.h>

#include <gtest/gtest.h>

namespace {

std::atomic<int> fail_countdown{0};
std::atomic<int> attempts{0};
std::atomic<long> outstanding{0};
std::atomic<long> injected{0};

bool should_fail()
{
	attempts++;
	int c = fail_countdown.load();
	while (c > 0) {
		if (fail_countdown.compare_exchange_weak(c, c - 1))
			break;
	}
	if (c == 1) {
		injected++;
		return true;
	}
	return false;
}

// Every block carries a small header so that ktp_free can tell ours from foreign pointers.
constexpr std::size_t kHeader = 16;
constexpr std::uint64_t kMagic = 0x6b7470616c6c6f63ull; // "ktpalloc"

void *host_alloc(std::size_t size, bool zero)
{
	if (should_fail())
		return nullptr;
	auto *raw = static_cast<unsigned char *>(zero ? std::calloc(1, size + kHeader) : std::malloc(size + kHeader));
	if (!raw)
		return nullptr;
	std::memcpy(raw, &kMagic, sizeof(kMagic));
	outstanding++;
	return raw + kHeader;
}

} // namespace

extern "C" {

void *ktp_alloc(ktp_size_t size) { return host_alloc(size, false); }
void *ktp_zalloc(ktp_size_t size) { return host_alloc(size, true); }

void ktp_free(void *ptr)
{
	if (!ptr)
		return;
	auto *raw = static_cast<unsigned char *>(ptr) - kHeader;
	std::uint64_t magic;
	std::memcpy(&magic, raw, sizeof(magic));
	if (magic != kMagic) {
		ADD_FAILURE() << "ktp_free of a pointer ktp_alloc did not return";
		return;
	}
	std::memset(raw, 0, sizeof(magic));
	outstanding--;
	std::free(raw);
}

void ktp_log(enum ktp_log_level level, const char *msg)
{
	ktp_host::log_lines().push_back(msg);
	if (std::getenv("KTP_HOST_LOG"))
		std::fprintf(stderr, "ktp<%d>: %s\n", static_cast<int>(level), msg);
}

void ktp_warn(const char *msg)
{
	ktp_host::warnings().push_back(msg);
	if (!ktp_host::expecting_warnings())
		ADD_FAILURE() << "ktp_warn: " << msg;
}

void ktp_trap(void)
{
	std::fprintf(stderr, "ktp_trap: the core hit a bug\n");
	std::abort();
}

void ktp_fault_fail_nth_alloc(int nth) { fail_countdown = nth; }
int ktp_fault_alloc_attempts(void) { return attempts.load(); }

static_assert(sizeof(pthread_mutex_t) <= KTP_MUTEX_SIZE);
static_assert(sizeof(pthread_spinlock_t) <= KTP_SPINLOCK_SIZE);

void ktp_mutex_init(struct ktp_mutex *m, const char *, struct ktp_lock_class *)
{
	pthread_mutex_init(reinterpret_cast<pthread_mutex_t *>(m->opaque), nullptr);
}

void ktp_mutex_destroy(struct ktp_mutex *m)
{
	pthread_mutex_destroy(reinterpret_cast<pthread_mutex_t *>(m->opaque));
}

void ktp_mutex_lock(struct ktp_mutex *m) { pthread_mutex_lock(reinterpret_cast<pthread_mutex_t *>(m->opaque)); }
void ktp_mutex_unlock(struct ktp_mutex *m) { pthread_mutex_unlock(reinterpret_cast<pthread_mutex_t *>(m->opaque)); }
// Held by some thread, at least: a lock nobody holds is taken by trylock.
void ktp_mutex_assert_held(const struct ktp_mutex *m)
{
	auto *raw = reinterpret_cast<pthread_mutex_t *>(const_cast<ktp_mutex *>(m)->opaque);
	if (pthread_mutex_trylock(raw) == 0) {
		pthread_mutex_unlock(raw);
		ADD_FAILURE() << "a mutex the caller must hold is not held";
	}
}
void ktp_spin_assert_held(const struct ktp_spinlock *s)
{
	auto *raw = reinterpret_cast<pthread_spinlock_t *>(const_cast<ktp_spinlock *>(s)->opaque);
	if (pthread_spin_trylock(raw) == 0) {
		pthread_spin_unlock(raw);
		ADD_FAILURE() << "a spinlock the caller must hold is not held";
	}
}

void ktp_spin_init(struct ktp_spinlock *s, const char *, struct ktp_lock_class *)
{
	pthread_spin_init(reinterpret_cast<pthread_spinlock_t *>(s->opaque), PTHREAD_PROCESS_PRIVATE);
}

unsigned long ktp_spin_lock_irqsave(struct ktp_spinlock *s)
{
	pthread_spin_lock(reinterpret_cast<pthread_spinlock_t *>(s->opaque));
	return 0x200; // the "interrupts were on" flag, as x86 EFLAGS.IF
}

void ktp_spin_unlock_irqrestore(struct ktp_spinlock *s, unsigned long flags)
{
	if (flags != 0x200)
		ADD_FAILURE() << "spin unlock restored flags it was not given";
	pthread_spin_unlock(reinterpret_cast<pthread_spinlock_t *>(s->opaque));
}

int ktp_vsnprintf(char *buf, ktp_size_t len, const char *fmt, va_list args)
{
	return std::vsnprintf(buf, len, fmt, args);
}

int ktp_snprintf(char *buf, ktp_size_t len, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	int n = std::vsnprintf(buf, len, fmt, args);
	va_end(args);
	return n;
}

// RCU: readers count themselves; a writer waits for the count to drain.
static std::atomic<long> rcu_readers{0};
static std::atomic<long> rcu_syncs{0};
static std::atomic<unsigned int> initial_buffer_kb{1408}; // the kernel module's default

void ktp_rcu_read_lock(void) { rcu_readers.fetch_add(1, std::memory_order_acquire); }
void ktp_rcu_read_unlock(void) { rcu_readers.fetch_sub(1, std::memory_order_release); }
void ktp_preempt_resched(void) {}

void ktp_synchronize_rcu(void)
{
	rcu_syncs++;
	while (rcu_readers.load(std::memory_order_acquire) != 0)
		std::this_thread::yield();
}

// Text patching: the page is made writable with mprotect for the write.
static bool patching_available = true;
static std::atomic<long> patch_batches{0};

int ktp_text_patching_available(void) { return patching_available; }

static bool make_text_writable(void *addr, bool writable)
{
	long page = sysconf(_SC_PAGESIZE);
	auto start = reinterpret_cast<std::uintptr_t>(addr) & ~static_cast<std::uintptr_t>(page - 1);
	auto end = (reinterpret_cast<std::uintptr_t>(addr) + KTP_SITE_LEN + page - 1) & ~static_cast<std::uintptr_t>(page - 1);
	int prot = PROT_READ | PROT_EXEC | (writable ? PROT_WRITE : 0);
	return mprotect(reinterpret_cast<void *>(start), end - start, prot) == 0;
}

int ktp_text_patch_batch(struct ktp_text_patch *patches, unsigned int n)
{
	if (!patching_available)
		return -KTP_ENODEV;
	patch_batches++;
	int written = 0;
	for (unsigned int i = 0; i < n; i++) {
		ktp_text_patch &p = patches[i];
		p.applied = 0;
		if (std::memcmp(p.addr, p.old, KTP_SITE_LEN) != 0) {
			ktp_host::warnings().push_back("site bytes differ from the expected ones");
			if (!ktp_host::expecting_warnings())
				ADD_FAILURE() << "text patch refused: unexpected bytes at a site";
			continue;
		}
		if (!make_text_writable(p.addr, true)) {
			ADD_FAILURE() << "mprotect failed";
			continue;
		}
		std::memcpy(p.addr, p.new_, KTP_SITE_LEN);
		make_text_writable(p.addr, false);
		__builtin___clear_cache(static_cast<char *>(p.addr), static_cast<char *>(p.addr) + KTP_SITE_LEN);
		p.applied = 1;
		written++;
	}
	return written;
}

int ktp_text_read(const void *addr, unsigned char *out, unsigned int n)
{
	std::memcpy(out, addr, n);
	return 0;
}

// One range of code the tests call init text (or gone); everything else lasts.
static std::atomic<std::uintptr_t> init_start{0}, init_end{0};
static std::atomic<int> init_kind{KTP_TEXT_INIT};

enum ktp_text_kind ktp_text_kind_of(const void *addr)
{
	auto a = reinterpret_cast<std::uintptr_t>(addr);
	if (a >= init_start.load() && a < init_end.load())
		return static_cast<ktp_text_kind>(init_kind.load());
	return KTP_TEXT_LASTING;
}

// CPUs, time, pages: each test thread says which CPU it runs on.
static thread_local unsigned int this_cpu = 0;
static thread_local bool in_nmi = false;
static std::atomic<unsigned int> cpu_count{4};
static std::atomic<unsigned long long> fake_clock{0};
static std::atomic<bool> use_fake_clock{false};
static std::atomic<long> wakeups{0};
static thread_local int current_pid = 1000;

unsigned int ktp_nr_cpu_ids(void) { return cpu_count.load(); }
int ktp_cpu_possible(unsigned int cpu) { return cpu < cpu_count.load(); }
unsigned int ktp_this_cpu(void) { return this_cpu; }

// The per-CPU record-path state, for as many CPUs as a test may set.
static ktp_cpu_local cpu_locals[64];
void ktp_cpu_local_set_buffer(unsigned int cpu, void *buffer)
{
	assert(cpu < 64);
	__atomic_store_n(&cpu_locals[cpu].buffer, buffer, __ATOMIC_RELEASE);
	__atomic_store_n(&cpu_locals[cpu].last_pid, -1, __ATOMIC_RELAXED);
}
void *ktp_local_buffer(void) { return __atomic_load_n(&cpu_locals[this_cpu].buffer, __ATOMIC_ACQUIRE); }
void ktp_cpu_local_forget_pid(unsigned int cpu)
{
	assert(cpu < 64);
	__atomic_store_n(&cpu_locals[cpu].last_pid, -1, __ATOMIC_RELEASE);
}
int ktp_local_last_pid_is(int pid) { return __atomic_load_n(&cpu_locals[this_cpu].last_pid, __ATOMIC_RELAXED) == pid; }
void ktp_set_local_last_pid(int pid) { __atomic_store_n(&cpu_locals[this_cpu].last_pid, pid, __ATOMIC_RELAXED); }
int ktp_in_nmi(void) { return in_nmi; }

ktp_u64 ktp_trace_clock(void)
{
	if (use_fake_clock.load(std::memory_order_relaxed))
		return fake_clock.load(std::memory_order_relaxed);
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<ktp_u64>(ts.tv_sec) * 1000000000ull + static_cast<ktp_u64>(ts.tv_nsec);
}

void *ktp_page_alloc(void) { return host_alloc(4096, true); }
void ktp_page_free(void *page) { ktp_free(page); }

// Buffer allocations: counted inside and outside their brackets.
static std::atomic<int> buffer_bracket{0};
static std::atomic<long> buffer_allocs_unbracketed{0};

void ktp_buffer_alloc_begin(void) { buffer_bracket++; }
void ktp_buffer_alloc_end(void) { buffer_bracket--; }

void *ktp_buffer_page_alloc(void)
{
	if (buffer_bracket.load() <= 0)
		buffer_allocs_unbracketed++;
	ktp_test_point_reached(KTP_POINT_BUFFER_PAGE_ALLOC);
	return host_alloc(4096, true);
}

void *ktp_buffer_zalloc(ktp_size_t size)
{
	if (buffer_bracket.load() <= 0)
		buffer_allocs_unbracketed++;
	return host_alloc(size, true);
}

int ktp_spin_trylock_irqsave(struct ktp_spinlock *s, unsigned long *flags)
{
	if (pthread_spin_trylock(reinterpret_cast<pthread_spinlock_t *>(s->opaque)) != 0)
		return 0;
	*flags = 0x200;
	return 1;
}

static unsigned int kernel_features = 0; // 6.1's native output unless a test says otherwise
unsigned int ktp_kernel_features(void) { return kernel_features; }
unsigned int ktp_preempt_base(int preempt_bias) { return static_cast<unsigned int>(preempt_bias) + 1; }
void ktp_fill_common(struct ktp_common_header *hdr, unsigned int type, unsigned int)
{
	hdr->common_type = static_cast<unsigned short>(type);
	hdr->common_flags = 0;
	hdr->common_preempt_count = 1;
	hdr->common_pid = current_pid;
}

int ktp_current_pid(void) { return current_pid; }
void ktp_current_comm(char comm[16])
{
	std::memset(comm, 0, 16);
	std::snprintf(comm, 16, "task-%d", current_pid);
}

void ktp_wake_readers(void) { wakeups++; }

// One hook at a time, set by a test while no other thread writes.
static std::function<void(ktp_test_point)> test_point_fn;
static std::atomic<bool> test_point_armed{false};

void ktp_test_point_reached(enum ktp_test_point where)
{
	if (test_point_armed.load(std::memory_order_acquire))
		test_point_fn(where);
}

long ktp_copy_string_nofault(char *dst, const char *src, long size)
{
	if (!src || size <= 0)
		return -14;
	long i = 0;
	for (; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
	return i + 1;
}

ktp_u64 ktp_available_pages(void) { return 1u << 20; }
unsigned int ktp_initial_buffer_kb(void) { return initial_buffer_kb.load(); }
unsigned int ktp_pid_max_default(void) { return 32768; }
unsigned int ktp_stack_save(unsigned long *store, unsigned int max, unsigned int)
{
	unsigned int n = max < 2 ? max : 2;
	for (unsigned int i = 0; i < n; i++)
		store[i] = 0x1000 + i;
	return n;
}

} // extern "C"

namespace ktp_host {

void set_initial_buffer_kb(unsigned int kb) { initial_buffer_kb = kb; }
void set_cpu(unsigned int cpu) { this_cpu = cpu; }
void set_nr_cpus(unsigned int n) { cpu_count = n; }
void set_in_nmi(bool on) { in_nmi = on; }
void set_kernel_features(unsigned int features) { kernel_features = features; }
void set_pid(int pid) { current_pid = pid; }
void set_fake_clock(bool on, unsigned long long now)
{
	fake_clock = now;
	use_fake_clock = on;
}
void advance_fake_clock(unsigned long long ns) { fake_clock += ns; }
long reader_wakeups() { return wakeups.load(); }
int buffer_alloc_depth() { return buffer_bracket.load(); }
long buffer_allocs_outside_bracket() { return buffer_allocs_unbracketed.load(); }

TestPointHook::TestPointHook(std::function<void(ktp_test_point)> fn)
{
	test_point_fn = std::move(fn);
	test_point_armed.store(true, std::memory_order_release);
}

TestPointHook::~TestPointHook()
{
	test_point_armed.store(false, std::memory_order_release);
	test_point_fn = nullptr;
}

void set_text_patching_available(bool on) { patching_available = on; }
void set_init_text(std::uintptr_t start, std::uintptr_t end, ktp_text_kind kind)
{
	init_kind = kind;
	init_start = start;
	init_end = end;
}
long text_patch_batches() { return patch_batches.load(); }
long rcu_synchronizations() { return rcu_syncs.load(); }


long outstanding_allocations() { return outstanding.load(); }
long injected_failures() { return injected.load(); }

std::vector<std::string> &log_lines()
{
	static std::vector<std::string> lines;
	return lines;
}

std::vector<std::string> &warnings()
{
	static std::vector<std::string> w;
	return w;
}

static bool expecting = false;
bool expecting_warnings() { return expecting; }
void set_expecting_warnings(bool on) { expecting = on; }

int run_with_each_allocation_failing(const std::function<void()> &body)
{
	// First a clean run, to count the allocations the body makes.
	ktp_fault_fail_nth_alloc(0);
	long before = outstanding_allocations();
	int start = ktp_fault_alloc_attempts();
	body();
	int total = ktp_fault_alloc_attempts() - start;
	EXPECT_EQ(outstanding_allocations(), before) << "the body leaked on its clean run";
	// Then once per allocation, with exactly that allocation failing.
	for (int nth = 1; nth <= total; nth++) {
		long injected_before = injected_failures();
		ktp_fault_fail_nth_alloc(nth);
		body();
		ktp_fault_fail_nth_alloc(0);
		EXPECT_EQ(injected_failures(), injected_before + 1) << "allocation " << nth << " was never attempted";
		EXPECT_EQ(outstanding_allocations(), before) << "leak when allocation " << nth << " failed";
	}
	return total;
}

} // namespace ktp_host

extern "C" {

void ktp_fs_event_added(void *event, const char *system, const char *name)
{
	ktp_host::fs_events().push_back(std::string(system) + ":" + name);
	(void)event;
}

void ktp_fs_event_removed(void *event)
{
	ktp_host::fs_removals()++;
	(void)event;
}

} // extern "C"

namespace ktp_host {


std::vector<std::string> &fs_events()
{
	static std::vector<std::string> v;
	return v;
}

long &fs_removals()
{
	static long n;
	return n;
}

} // namespace ktp_host
