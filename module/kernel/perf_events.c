// SPDX-License-Identifier: GPL-2.0
/*
 * ktp events as native trace events for perf and BPF: each event's slot in
 * its module's _ftrace_events section (see struct ktp_perf_slot) becomes a
 * trace_event_call when the kernel registers the module's events, and its
 * class->reg attaches ktp's perf probe while perf or BPF uses it.
 *
 * For ktp_sample:sample_basic in ktp.ko: at MODULE_STATE_COMING the kernel
 * calls our raw_init on the slot (class and name are all it reads first),
 * which builds the call in place, registers its native type id and gives
 * it TRACE_EVENT_FL_TRACEPOINT (BPF tracepoint programs attach only to
 * those) and TRACE_EVENT_FL_IGNORE_ENABLE (native's enable and filter
 * files are absent: ktp's own tree records ktp events). The kernel then sets
 * call->module, so perf and BPF hold the owning module while attached, and
 * removes the call when the module goes. perf_event_open(PERF_TYPE_TRACEPOINT,
 * id) calls reg(TRACE_REG_PERF_REGISTER): the event's generated perf probe
 * is attached as a ktp probe; it fills perf's buffer with the record
 * (fields at the offsets of the format) and submits it to BPF programs
 * and perf events.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint-defs.h>

#include <ktp/abi.h>
#include <ktp/event_abi.h>

#if defined(CONFIG_EVENT_TRACING) && defined(CONFIG_PERF_EVENTS)

/* What raw_init builds in a slot: then the field descriptors, then the print format. */
struct ktp_perf_call {
	struct trace_event_call call;
	struct trace_event_class class;
	struct tracepoint tp;
	const struct ktp_event_desc *desc;
	struct trace_event_fields fields[];
};

/*
 * The native field descriptors, in the record's order: the kernel places
 * each at the next offset aligned to .align after the common header, which
 * is where C placed it in ktp's record (the event macro checks the natural
 * alignment at compile time); arrays carry their length for the format.
 */
static void ktp_perf_fill_fields(struct trace_event_fields *out, const struct ktp_event_desc *desc)
{
	unsigned int i;

	for (i = 0; i < desc->nr_fields; i++) {
		const struct ktp_field_desc *f = &desc->fields[i];
		int len = f->kind == KTP_FIELD_ARRAY ? f->array_len : 0;
		struct trace_event_fields one = {
			.type = f->type,
			.name = f->name,
			.size = f->size,
			.align = len ? f->size / len : f->size,
			.is_signed = f->is_signed,
			.filter_type = FILTER_OTHER,
			.len = len,
		};

		memcpy(&out[i], &one, sizeof(one));
	}
	memset(&out[desc->nr_fields], 0, sizeof(out[0]));
}

/* Native never records these events (no enable file); its printer names them. */
static enum print_line_t ktp_perf_print(struct trace_iterator *iter, int flags, struct trace_event *event)
{
	trace_seq_printf(&iter->seq, "ktp event %d\n", event->type);
	return trace_handle_return(&iter->seq);
}

static struct trace_event_functions ktp_perf_funcs = {
	.trace = ktp_perf_print,
};

static int ktp_perf_reg(struct trace_event_call *call, enum trace_reg type, void *data)
{
	struct ktp_perf_call *pc = container_of(call, struct ktp_perf_call, call);

	switch (type) {
	case TRACE_REG_PERF_REGISTER:
		/* -ENODEV until the owning module registered its events with ktp */
		return ktp_probe_register(pc->desc->event, pc->desc->perf, call, KTP_PRIO_DEFAULT);
	case TRACE_REG_PERF_UNREGISTER:
		/* waits until no CPU runs the probe */
		return ktp_probe_unregister(pc->desc->event, pc->desc->perf, call);
	case TRACE_REG_PERF_OPEN:
	case TRACE_REG_PERF_CLOSE:
	case TRACE_REG_PERF_ADD:
	case TRACE_REG_PERF_DEL:
		return 0;
	default:
		return -EINVAL; /* native enabling: absent (TRACE_EVENT_FL_IGNORE_ENABLE) */
	}
}

static int ktp_perf_raw_init(struct trace_event_call *call)
{
	struct ktp_perf_slot *slot = (struct ktp_perf_slot *)call;
	struct ktp_perf_call *pc = (struct ktp_perf_call *)call;
	ktp_describe_fn describe = slot->describe;
	const struct ktp_event_desc *desc = describe ? describe() : NULL;
	size_t bytes = slot->bytes, used;
	char *fmt;
	int len;

	BUILD_BUG_ON(offsetof(struct trace_event_call, class) != offsetof(struct ktp_perf_slot, klass));
	BUILD_BUG_ON(offsetof(struct trace_event_call, name) != offsetof(struct ktp_perf_slot, name));
	BUILD_BUG_ON(sizeof(struct ktp_perf_call) > KTP_PERF_SLOT_BASE);
	BUILD_BUG_ON(sizeof(struct trace_event_fields) > KTP_PERF_SLOT_PER_FIELD);
	if (!desc || !desc->perf)
		return -ENOSYS;
	used = sizeof(*pc) + (desc->nr_fields + 1) * sizeof(pc->fields[0]);
	if (used >= bytes)
		return -ENOSYS;
	memset(pc, 0, bytes);
	fmt = (char *)pc + used;
	len = ktp_render_native_print_fmt(desc->print_fmt, fmt, bytes - used);
	if (len < 0) {
		pr_warn("ktp: %s:%s: no native event (print format: %d)\n", desc->system, desc->name, len);
		return -ENOSYS;
	}
	ktp_perf_fill_fields(pc->fields, desc);
	pc->desc = desc;
	pc->tp.name = desc->name;
	pc->class.system = desc->system;
	pc->class.reg = ktp_perf_reg;
	pc->class.fields_array = pc->fields;
	INIT_LIST_HEAD(&pc->class.fields);
	call->class = &pc->class;
	call->tp = &pc->tp;
	call->print_fmt = fmt;
	call->event.funcs = &ktp_perf_funcs;
	call->flags = TRACE_EVENT_FL_TRACEPOINT | TRACE_EVENT_FL_IGNORE_ENABLE;
	if (!register_trace_event(&call->event))
		return -ENODEV;
	return 0;
}

struct trace_event_class ktp_perf_bootstrap_class = {
	.raw_init = ktp_perf_raw_init,
};

/* The perf probe's two halves, as native's perf_trace_<event>; preemption is off. */
void *ktp_perf_begin(struct ktp_perf_ctx *ctx, void *callp, unsigned int size)
{
	struct trace_event_call *call = callp;
	struct hlist_head *head = this_cpu_ptr(call->perf_events);
	struct pt_regs *regs;

	if (!bpf_prog_array_valid(call) && hlist_empty(head))
		return NULL;
	size = ALIGN(size + sizeof(u32), sizeof(u64)) - sizeof(u32);
	ctx->entry = perf_trace_buf_alloc(size, &regs, &ctx->rctx);
	if (!ctx->entry)
		return NULL;
	perf_fetch_caller_regs(regs);
	ctx->call = call;
	ctx->regs = regs;
	ctx->head = head;
	ctx->size = size;
	return ctx->entry;
}

void ktp_perf_end(struct ktp_perf_ctx *ctx)
{
	perf_trace_run_bpf_submit(ctx->entry, ctx->size, ctx->rctx, ctx->call, 1, ctx->regs, ctx->head, NULL);
}

#else /* no native events to give */

static int ktp_perf_raw_init(void *call)
{
	return -ENOSYS;
}

struct {
	void *fields[16];
	int (*raw_init)(void *call);
} ktp_perf_bootstrap_class = { .raw_init = ktp_perf_raw_init };

void *ktp_perf_begin(struct ktp_perf_ctx *ctx, void *call, unsigned int size)
{
	return NULL;
}

void ktp_perf_end(struct ktp_perf_ctx *ctx)
{
}

#endif

EXPORT_SYMBOL_GPL(ktp_perf_bootstrap_class);
EXPORT_SYMBOL_GPL(ktp_perf_begin);
EXPORT_SYMBOL_GPL(ktp_perf_end);
