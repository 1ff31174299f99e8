/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Defining ktp events, from C or C++, in ktp or in any module.
 *
 * In a header (here with the sample system):
 *
 *     #include <ktp/event.h>
 *
 *     KTP_TRACE_EVENT(ktp_sample, sample_basic,
 *         KTP_PROTO(int value, const char *label),
 *         KTP_ARGS(value, label),
 *         KTP_STRUCT(
 *             ktp_field(int, value)
 *             ktp_array(char, tag, 8)
 *             ktp_string(label, label)
 *         ),
 *         KTP_ASSIGN(
 *             __entry->value = value;
 *             __builtin_memcpy(__entry->tag, "sample", 7);
 *             ktp_assign_str(label, label);
 *         ),
 *         KTP_PRINT("value=%d tag=%s label=%s", __entry->value,
 *                   __entry->tag, ktp_get_str(label))
 *     )
 *
 * Every file that includes the header gets trace_sample_basic(),
 * register_trace_sample_basic(), register_trace_prio_sample_basic(),
 * unregister_trace_sample_basic() and trace_sample_basic_enabled(). Exactly
 * one file of the module defines KTP_CREATE_EVENTS before including it; there
 * the same macros also define the event: its record layout, field table,
 * print format, fast printer, out-of-line probe caller and a descriptor in
 * the ktp_events section. The module registers its events and sites with
 * ktp_register_module() (see <ktp/module.h>); nothing keeps a list by hand.
 *
 * Fields: ktp_field(type, name) for integers and bool, ktp_pointer(type,
 * name) for pointers (printed as hex), ktp_array(type, name, len) for fixed
 * arrays, ktp_string(name, src) for a dynamic string (__data_loc char[]),
 * copied in the assignment with ktp_assign_str(name, src) and read with
 * ktp_get_str(name). The record is the native 8-byte common header followed
 * by the fields in declaration order with C alignment.
 *
 * Event classes share layout, assignment and print:
 *
 *     KTP_DECLARE_EVENT_CLASS(cls, KTP_PROTO(...), KTP_ARGS(...),
 *                             KTP_STRUCT(...), KTP_ASSIGN(...), KTP_PRINT(...))
 *     KTP_DEFINE_EVENT(cls, system, name, KTP_PROTO(...), KTP_ARGS(...))
 */
#ifndef KTP_EVENT_H
#define KTP_EVENT_H

#include <ktp/event_abi.h>
#include <ktp/site.h>

#ifdef __cplusplus
#define KTP_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#define KTP_EXTERN_C extern "C"
#define KTP_EXTERN_DECL extern "C"
#define KTP_EXTERN_C_BEGIN extern "C" {
#define KTP_EXTERN_C_END }
#else
#define KTP_EXTERN_DECL extern
#define KTP_EXTERN_C_BEGIN
#define KTP_EXTERN_C_END
#define KTP_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define KTP_EXTERN_C
#endif

#define KTP_PROTO(...) __VA_ARGS__
#define KTP_ARGS(...) __VA_ARGS__
#define KTP_STRUCT(...) __VA_ARGS__
#define KTP_ASSIGN(...) __VA_ARGS__
#define KTP_PRINT(...) __VA_ARGS__

/*
 * The probe path's only local whose address escapes is the ktp_record the
 * core fills; the core never writes past it, so no stack canary.
 */
#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
#define KTP_NO_STACK_PROTECTOR __attribute__((no_stack_protector))
#endif
#endif
#ifndef KTP_NO_STACK_PROTECTOR
#define KTP_NO_STACK_PROTECTOR
#endif

/* Longest dynamic string a record keeps (bytes, NUL included). */
#define KTP_STRING_MAX 1024

/* Field declarations: each becomes a (kind, ...) element of a sequence. */
#define ktp_field(type, name) (KTPK_INT, type, name)
#define ktp_pointer(type, name) (KTPK_PTR, type, name)
#define ktp_array(type, name, len) (KTPK_ARRAY, type, name, len)
#define ktp_string(name, src) (KTPK_STRING, name, src)

/*
 * In print formats: ktp_print_flags(__entry->f, "|", {1, "A"}, {2, "B"}) and
 * ktp_print_symbolic(__entry->s, {0, "idle"}, {1, "busy"}) render as native's
 * __print_flags and __print_symbolic, and the format file shows them so.
 */
#define ktp_print_flags(value, delim, ...)                                                  \
	({                                                                                   \
		static const struct ktp_symbol __ktp_names[] = { __VA_ARGS__, { 0, 0 } };    \
		ktp_render_flags(__ktp_scratch, (unsigned long long)(value), (delim), __ktp_names); \
	})
#define ktp_print_symbolic(value, ...)                                                      \
	({                                                                                   \
		static const struct ktp_symbol __ktp_names[] = { __VA_ARGS__, { 0, 0 } };    \
		ktp_render_symbolic(__ktp_scratch, (unsigned long long)(value), __ktp_names); \
	})

/* In assignments and print formats. */
#define ktp_get_str(name) ((const char *)__entry + (__entry->__data_loc_##name & 0xffff))
#define ktp_assign_str(name, src)                                                           \
	ktp_copy_str((char *)__entry + (__entry->__data_loc_##name & 0xffff), (src),             \
		     __entry->__data_loc_##name >> 16)

static inline unsigned int ktp_str_size(const char *s)
{
	unsigned long n = __builtin_strlen(s ? s : "(null)") + 1;
	return n > KTP_STRING_MAX ? KTP_STRING_MAX : (unsigned int)n;
}

/* Copies at most size - 1 bytes and always terminates (the source may have changed). */
static inline void ktp_copy_str(char *dst, const char *src, unsigned int size)
{
	unsigned int i;

	if (!size)
		return;
	if (!src)
		src = "(null)";
	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = 0;
}

/* ---- preprocessor sequences ----------------------------------------------
 * KTP_STRUCT(ktp_field(int, a) ktp_array(char, c, 4)) expands to the sequence
 * (KTPK_INT, int, a)(KTPK_ARRAY, char, c, 4). KTP_EACH(PASS, seq) appends a
 * (KTPK_END) sentinel and applies PASS_<kind>(...) to every element,
 * alternating between PASS_A and PASS_B so that the preprocessor walks the
 * sequence without recursion; after the sentinel the walk stops.
 */
#define KTP_EACH(pass, seq) pass##_A seq(KTPK_END)
/* The walk goes on after every element but the (KTPK_END) sentinel. */
#define KTP_NEXT_KTPK_INT(next) next
#define KTP_NEXT_KTPK_PTR(next) next
#define KTP_NEXT_KTPK_ARRAY(next) next
#define KTP_NEXT_KTPK_STRING(next) next
#define KTP_NEXT_KTPK_END(next)

/* struct members */
#define KTP_MEMBERS_A(kind, ...) KTP_MEMBERS_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_MEMBERS_B)
#define KTP_MEMBERS_B(kind, ...) KTP_MEMBERS_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_MEMBERS_A)
#define KTP_MEMBERS_KTPK_END()
#define KTP_MEMBERS_KTPK_INT(type, name) type name;
#define KTP_MEMBERS_KTPK_PTR(type, name) type name;
#define KTP_MEMBERS_KTPK_ARRAY(type, name, len) type name[len];
#define KTP_MEMBERS_KTPK_STRING(name, src) unsigned int __data_loc_##name;

/* field table entries (inside a scope where __ktp_rec names the record type) */
#define KTP_TABLE_A(kind, ...) KTP_TABLE_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_TABLE_B)
#define KTP_TABLE_B(kind, ...) KTP_TABLE_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_TABLE_A)
#define KTP_TABLE_KTPK_END()
#define KTP_TABLE_KTPK_INT(type, name)                                                  \
	{ #type, #name, __builtin_offsetof(__ktp_rec, name), sizeof(type),               \
	  (unsigned char)(((type)-1) < ((type)1)), KTP_FIELD_INT, 0 },
#define KTP_TABLE_KTPK_PTR(type, name)                                                  \
	{ #type, #name, __builtin_offsetof(__ktp_rec, name), sizeof(type), 0,            \
	  KTP_FIELD_POINTER, 0 },
#define KTP_TABLE_KTPK_ARRAY(type, name, len)                                           \
	{ #type "[" #len "]", #name, __builtin_offsetof(__ktp_rec, name),                 \
	  sizeof(type) * (len), (unsigned char)(((type)-1) < ((type)1)), KTP_FIELD_ARRAY, \
	  (unsigned short)(len) },
/* A dynamic string is signed as char is, as native reports it. */
#define KTP_TABLE_KTPK_STRING(name, src)                                                \
	{ "__data_loc char[]", #name, __builtin_offsetof(__ktp_rec, __data_loc_##name),   \
	  4, (unsigned char)(((char)-1) < ((char)1)), KTP_FIELD_STRING, 0 },

/* compile-time layout checks: every field after the common header, naturally aligned */
#define KTP_CHECK_A(kind, ...) KTP_CHECK_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_CHECK_B)
#define KTP_CHECK_B(kind, ...) KTP_CHECK_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_CHECK_A)
#define KTP_CHECK_KTPK_END()
#define KTP_CHECK_FIELD(member, type)                                                   \
	KTP_STATIC_ASSERT(__builtin_offsetof(__ktp_rec, member) >= 8 &&                  \
			  __builtin_offsetof(__ktp_rec, member) % __alignof__(type) == 0 &&     \
			  __builtin_offsetof(__ktp_rec, member) < 65536,                      \
			  "ktp: field " #member " misplaced");
#define KTP_CHECK_KTPK_INT(type, name) KTP_CHECK_FIELD(name, type)
#define KTP_CHECK_KTPK_PTR(type, name) KTP_CHECK_FIELD(name, type)
#define KTP_CHECK_KTPK_ARRAY(type, name, len) KTP_CHECK_FIELD(name, type)
#define KTP_CHECK_KTPK_STRING(name, src) KTP_CHECK_FIELD(__data_loc_##name, unsigned int)

/* sizes of the dynamic strings, as locals of the record-size computation */
#define KTP_DYNLEN_A(kind, ...) KTP_DYNLEN_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_DYNLEN_B)
#define KTP_DYNLEN_B(kind, ...) KTP_DYNLEN_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_DYNLEN_A)
#define KTP_DYNLEN_KTPK_END()
#define KTP_DYNLEN_KTPK_INT(type, name)
#define KTP_DYNLEN_KTPK_PTR(type, name)
#define KTP_DYNLEN_KTPK_ARRAY(type, name, len)
#define KTP_DYNLEN_KTPK_STRING(name, src) __ktp_dyn += ktp_str_size(src);

/* how many fields a record has (a compile-time constant) */
#define KTP_NRFIELD_A(kind, ...) KTP_NRFIELD_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_NRFIELD_B)
#define KTP_NRFIELD_B(kind, ...) KTP_NRFIELD_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_NRFIELD_A)
#define KTP_NRFIELD_KTPK_END()
#define KTP_NRFIELD_KTPK_INT(type, name) +1
#define KTP_NRFIELD_KTPK_PTR(type, name) +1
#define KTP_NRFIELD_KTPK_ARRAY(type, name, len) +1
#define KTP_NRFIELD_KTPK_STRING(name, src) +1

/* how many dynamic strings a record has (a compile-time constant) */
#define KTP_NRDYN_A(kind, ...) KTP_NRDYN_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_NRDYN_B)
#define KTP_NRDYN_B(kind, ...) KTP_NRDYN_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_NRDYN_A)
#define KTP_NRDYN_KTPK_END()
#define KTP_NRDYN_KTPK_INT(type, name)
#define KTP_NRDYN_KTPK_PTR(type, name)
#define KTP_NRDYN_KTPK_ARRAY(type, name, len)
#define KTP_NRDYN_KTPK_STRING(name, src) +1

/*
 * Records of a fixed size up to this many bytes are assembled on the probe's
 * stack and handed to the core in one call (ktp_record_write); larger ones,
 * and those with dynamic strings, are filled in place (ktp_record_begin/end).
 */
#define KTP_STACK_RECORD_MAX 256

/* __data_loc words: offset and length of each dynamic string */
#define KTP_DATALOC_A(kind, ...) KTP_DATALOC_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_DATALOC_B)
#define KTP_DATALOC_B(kind, ...) KTP_DATALOC_##kind(__VA_ARGS__) KTP_NEXT_##kind(KTP_DATALOC_A)
#define KTP_DATALOC_KTPK_END()
#define KTP_DATALOC_KTPK_INT(type, name)
#define KTP_DATALOC_KTPK_PTR(type, name)
#define KTP_DATALOC_KTPK_ARRAY(type, name, len)
#define KTP_DATALOC_KTPK_STRING(name, src)                                              \
	{                                                                                \
		unsigned int __ktp_len = ktp_str_size(src);                              \
		if (__ktp_off + __ktp_len > __ktp_cap)                                    \
			__ktp_len = __ktp_cap > __ktp_off ? __ktp_cap - __ktp_off : 0;   \
		__entry->__data_loc_##name = (__ktp_len << 16) | __ktp_off;             \
		__ktp_off += __ktp_len;                                                  \
	}

/*
 * An argument widened to 64 bits for raw callbacks: its own bytes,
 * zero-extended (int -1 gives 0xffffffff, as native's BPF raw tracepoints).
 */
#define KTP_U64(x)                                                                         \
	({                                                                                 \
		__typeof__(x) __ktp_src = (x);                                             \
		unsigned long long __ktp_dst = 0;                                          \
		__builtin_memcpy(&__ktp_dst, &__ktp_src,                                   \
				 sizeof(__ktp_src) < 8 ? sizeof(__ktp_src) : 8);           \
		__ktp_dst;                                                                 \
	})
/* KTP_U64_EACH(a, b, c): KTP_U64(a), KTP_U64(b), KTP_U64(c); up to 12 arguments. */
#define KTP_NARGS(...) KTP_NARGS_(__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define KTP_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, n, ...) n
#define KTP_CAT(a, b) KTP_CAT_(a, b)
#define KTP_CAT_(a, b) a##b
#define KTP_U64_EACH(...) KTP_CAT(KTP_U64_, KTP_NARGS(__VA_ARGS__))(__VA_ARGS__)
#define KTP_U64_1(a) KTP_U64(a)
#define KTP_U64_2(a, ...) KTP_U64(a), KTP_U64_1(__VA_ARGS__)
#define KTP_U64_3(a, ...) KTP_U64(a), KTP_U64_2(__VA_ARGS__)
#define KTP_U64_4(a, ...) KTP_U64(a), KTP_U64_3(__VA_ARGS__)
#define KTP_U64_5(a, ...) KTP_U64(a), KTP_U64_4(__VA_ARGS__)
#define KTP_U64_6(a, ...) KTP_U64(a), KTP_U64_5(__VA_ARGS__)
#define KTP_U64_7(a, ...) KTP_U64(a), KTP_U64_6(__VA_ARGS__)
#define KTP_U64_8(a, ...) KTP_U64(a), KTP_U64_7(__VA_ARGS__)
#define KTP_U64_9(a, ...) KTP_U64(a), KTP_U64_8(__VA_ARGS__)
#define KTP_U64_10(a, ...) KTP_U64(a), KTP_U64_9(__VA_ARGS__)
#define KTP_U64_11(a, ...) KTP_U64(a), KTP_U64_10(__VA_ARGS__)
#define KTP_U64_12(a, ...) KTP_U64(a), KTP_U64_11(__VA_ARGS__)

/* ---- declarations, in every file ------------------------------------------ */

#define KTP_DECLARE_TRACE(name, proto, args)                                               \
	KTP_EXTERN_DECL struct ktp_event __ktp_event_##name;                               \
	KTP_EXTERN_C void __ktp_trace_##name(proto);                                       \
	static inline __attribute__((always_inline)) void trace_##name(proto)              \
	{                                                                                  \
		if (ktp_site(&__ktp_event_##name) &&                                       \
		    __atomic_load_n(&__ktp_event_##name.enabled, __ATOMIC_RELAXED))       \
			__ktp_trace_##name(args);                                          \
	}                                                                                  \
	static inline int trace_##name##_enabled(void)                                     \
	{                                                                                  \
		return __atomic_load_n(&__ktp_event_##name.enabled, __ATOMIC_RELAXED) != 0; \
	}                                                                                  \
	static inline int register_trace_prio_##name(void (*probe)(void *, proto), void *data, \
						     int prio)                             \
	{                                                                                  \
		return ktp_probe_register(&__ktp_event_##name, (void *)probe, data, prio);  \
	}                                                                                  \
	static inline int register_trace_##name(void (*probe)(void *, proto), void *data)  \
	{                                                                                  \
		return register_trace_prio_##name(probe, data, KTP_PRIO_DEFAULT);          \
	}                                                                                  \
	static inline int unregister_trace_##name(void (*probe)(void *, proto), void *data) \
	{                                                                                  \
		return ktp_probe_unregister(&__ktp_event_##name, (void *)probe, data);      \
	}

/* ---- definitions, in the one file with KTP_CREATE_EVENTS ------------------- */

#define KTP_DEFINE_CLASS_BODY(cls, proto, args, fields, assign, print, print_text)         \
	struct ktp_record_##cls {                                                          \
		struct ktp_common_header common;                                           \
		KTP_EACH(KTP_MEMBERS, fields)                                              \
		char __data[];                                                             \
	};                                                                                 \
	static inline __attribute__((unused)) unsigned int __ktp_size_##cls(proto)        \
	{                                                                                  \
		unsigned int __ktp_dyn = 0;                                                \
		KTP_EACH(KTP_DYNLEN, fields)                                               \
		return (unsigned int)sizeof(struct ktp_record_##cls) + __ktp_dyn;          \
	}                                                                                  \
	/* Fills the record after its common header; returns the bytes used. */           \
	static inline __attribute__((unused)) unsigned int __ktp_fill_##cls(               \
		void *__ktp_buf, unsigned int __ktp_cap, proto)                            \
	{                                                                                  \
		struct ktp_record_##cls *__entry = (struct ktp_record_##cls *)__ktp_buf;   \
		unsigned int __ktp_off = (unsigned int)sizeof(*__entry);                   \
		KTP_EACH(KTP_DATALOC, fields)                                              \
		{ assign }                                                                 \
		return __ktp_off;                                                          \
	}                                                                                  \
	static __attribute__((unused)) int __ktp_print_##cls(char *__ktp_out, ktp_size_t __ktp_len, \
							     const void *__ktp_rec)               \
	{                                                                                  \
		const struct ktp_record_##cls *__entry =                                   \
			(const struct ktp_record_##cls *)__ktp_rec;                        \
		/* never zero-filled by the compiler (auto-var-init): only helpers use it */ \
		struct ktp_print_scratch __ktp_scratch_space __attribute__((uninitialized)); \
		struct ktp_print_scratch *__ktp_scratch = &__ktp_scratch_space;            \
		(void)__entry;                                                             \
		(void)__ktp_scratch;                                                       \
		__ktp_scratch_space.used = 0;                                              \
		return ktp_snprintf(__ktp_out, __ktp_len, print);                          \
	}                                                                                  \
	/*                                                                                 \
	 * Recording. A small fixed-size record is assembled on the stack and            \
	 * written in one call (the core filters it there, then copies it in);            \
	 * otherwise reserve (or scratch), fill in place, commit (or filter).             \
	 */                                                                                \
	static inline __attribute__((always_inline, unused)) void __ktp_record_body_##cls(  \
		void *__ktp_data, proto)                                                   \
	{                                                                                  \
		if ((0 KTP_EACH(KTP_NRDYN, fields)) == 0 &&                                \
		    sizeof(struct ktp_record_##cls) <= KTP_STACK_RECORD_MAX) {             \
			/* every byte the core copies is assigned or padding */           \
			struct ktp_record_##cls __ktp_rec __attribute__((uninitialized));  \
			__ktp_fill_##cls(&__ktp_rec, (unsigned int)sizeof(__ktp_rec), args); \
			ktp_record_write_sized(__ktp_data, &__ktp_rec,                     \
					       (unsigned int)sizeof(__ktp_rec));           \
		} else {                                                                   \
			struct ktp_record __ktp_r __attribute__((uninitialized));          \
			unsigned int __ktp_sz = __ktp_size_##cls(args);                    \
			void *__ktp_p = ktp_record_begin(&__ktp_r, __ktp_data, __ktp_sz);  \
			if (__ktp_p) {                                                     \
				__ktp_fill_##cls(__ktp_p, __ktp_sz, args);                 \
				ktp_record_end(&__ktp_r);                                  \
			}                                                                  \
		}                                                                          \
	}                                                                                  \
	/* The recording probe, as registered (its address identifies it). */            \
	static __attribute__((unused, __noinline__, no_instrument_function)) KTP_NO_STACK_PROTECTOR \
	void __ktp_record_##cls(                                                           \
		void *__ktp_data, proto)                                                   \
	{                                                                                  \
		__ktp_record_body_##cls(__ktp_data, args);                                 \
	}                                                                                  \
	/* The record-callback probe: the same record, handed to the callbacks. */       \
	static __attribute__((unused, __noinline__, no_instrument_function)) void         \
	__ktp_callback_##cls(void *__ktp_data, proto)                                      \
	{                                                                                  \
		if ((0 KTP_EACH(KTP_NRDYN, fields)) == 0 &&                                \
		    sizeof(struct ktp_record_##cls) <= KTP_STACK_RECORD_MAX) {             \
			struct ktp_record_##cls __ktp_rec;                                 \
			__builtin_memset(&__ktp_rec, 0, sizeof(__ktp_rec));                \
			__ktp_fill_##cls(&__ktp_rec, (unsigned int)sizeof(__ktp_rec), args); \
			ktp_callback_write(__ktp_data, &__ktp_rec,                         \
					   (unsigned int)sizeof(__ktp_rec));               \
		} else {                                                                   \
			struct ktp_record __ktp_r;                                         \
			unsigned int __ktp_sz = __ktp_size_##cls(args);                    \
			void *__ktp_p = ktp_callback_begin(&__ktp_r, __ktp_data, __ktp_sz); \
			if (__ktp_p) {                                                     \
				__ktp_fill_##cls(__ktp_p, __ktp_sz, args);                 \
				ktp_callback_end(&__ktp_r);                                \
			}                                                                  \
		}                                                                          \
	}                                                                                  \
	/* The raw-callback probe: the arguments, widened. */                             \
	static __attribute__((unused, __noinline__, no_instrument_function)) void         \
	__ktp_raw_##cls(void *__ktp_data, proto)                                           \
	{                                                                                  \
		const unsigned long long __ktp_args[] = { KTP_U64_EACH(args) };            \
		ktp_callback_raw(__ktp_data, __ktp_args,                                   \
				 (unsigned int)(sizeof(__ktp_args) / sizeof(__ktp_args[0]))); \
	}                                                                                  \
	KTP_PERF_PROBE(cls, KTP_PROTO(proto), KTP_ARGS(args))                             \
	/* The room of each event's native slot (see struct ktp_perf_slot). */            \
	enum { __ktp_slot_room_##cls =                                                     \
		       KTP_PERF_SLOT_ROOM(0 KTP_EACH(KTP_NRFIELD, fields), sizeof(print_text)) }; \
	static const char __ktp_print_fmt_##cls[] __attribute__((unused)) = print_text;    \
	static __attribute__((unused)) const struct ktp_field_desc *__ktp_fields_##cls(    \
		unsigned int *count)                                                       \
	{                                                                                  \
		typedef struct ktp_record_##cls __ktp_rec;                                 \
		static const struct ktp_field_desc table[] = {                             \
			KTP_EACH(KTP_TABLE, fields){ 0, 0, 0, 0, 0, 0, 0 }                   \
		};                                                                         \
		KTP_EACH(KTP_CHECK, fields)                                                \
		*count = sizeof(table) / sizeof(table[0]) - 1;                             \
		return table;                                                              \
	}

#define KTP_DEFINE_EVENT_BODY(cls, esys, ename, proto, args)                              \
	KTP_EXTERN_C_BEGIN struct ktp_event __ktp_event_##ename = { 0, 0, 0, 0 }; KTP_EXTERN_C_END \
	/* notrace: the probe path is never itself traced by the function tracer. */     \
	/* Every probe in turn, out of line: the recording-only path stays small. */     \
	static __attribute__((__noinline__, no_instrument_function)) void                  \
	__ktp_call_probes_##ename(struct ktp_probe_array *__pa, proto)                     \
	{                                                                                  \
		unsigned int __i;                                                          \
		for (__i = 0; __i < __pa->count; __i++)                                    \
			((void (*)(void *, proto))__pa->probes[__i].func)(__pa->probes[__i].data, \
									  args);          \
	}                                                                                  \
	KTP_EXTERN_C __attribute__((no_instrument_function)) KTP_NO_STACK_PROTECTOR        \
	void __ktp_trace_##ename(proto)                                                    \
	{                                                                                  \
		struct ktp_probe_array *__pa;                                              \
		ktp_probe_read_lock();                                                     \
		__pa = __atomic_load_n(&__ktp_event_##ename.probes, __ATOMIC_CONSUME);      \
		/* Recording alone (the usual case): inline, no indirect branch; one   \
		 * other probe: one call; several, or none (a site that raced with     \
		 * the event's switching off): a loop out of line. */                     \
		if (__pa->record) {                                                        \
			__ktp_record_body_##cls(__pa->record, args);                       \
		} else if (__pa->count == 1) {                                             \
			((void (*)(void *, proto))__pa->probes[0].func)(__pa->probes[0].data, \
									args);            \
		} else {                                                                   \
			__ktp_call_probes_##ename(__pa, args);                             \
		}                                                                          \
		ktp_probe_read_unlock();                                                   \
	}                                                                                  \
	static const struct ktp_event_desc *__ktp_describe_##ename(void)                   \
	{                                                                                  \
		static struct ktp_event_desc desc;                                         \
		desc.system = #esys;                                                     \
		desc.name = #ename;                                                         \
		desc.fields = __ktp_fields_##cls(&desc.nr_fields);                         \
		desc.record_size = (unsigned int)sizeof(struct ktp_record_##cls);          \
		desc.print_fmt = __ktp_print_fmt_##cls;                                    \
		desc.print = __ktp_print_##cls;                                            \
		desc.event = &__ktp_event_##ename;                                          \
		desc.record = (void *)__ktp_record_##cls;                                  \
		desc.callback = (void *)__ktp_callback_##cls;                              \
		desc.raw = (void *)__ktp_raw_##cls;                                        \
		desc.perf = KTP_PERF_PTR(cls);                                             \
		return &desc;                                                              \
	}                                                                                  \
	static ktp_describe_fn __ktp_describe_ptr_##ename                                   \
		__attribute__((used, section("ktp_events"), aligned(8))) =                 \
			__ktp_describe_##ename;                                            \
	KTP_NATIVE_SLOT(cls, ename)

/*
 * The event's slot in _ftrace_events (see struct ktp_perf_slot): perf and
 * BPF see it as a native event. Not in host builds, nor where
 * KTP_NO_NATIVE_EVENTS is defined (mirror events, whose names are
 * native's, and modules with their own copy of the core).
 */
#if defined(KTP_HOSTED) || defined(KTP_NO_NATIVE_EVENTS)
#define KTP_NATIVE_SLOT(cls, ename)
#define KTP_PERF_PROBE(cls, proto, args)
#define KTP_PERF_PTR(cls) 0
#else
/* The perf probe: the record in perf's buffer, for perf and BPF programs. */
#define KTP_PERF_PROBE(cls, proto, args)                                                    \
	static __attribute__((unused, __noinline__, no_instrument_function)) void         \
	__ktp_perf_##cls(void *__ktp_data, proto)                                          \
	{                                                                                  \
		struct ktp_perf_ctx __ktp_c;                                               \
		unsigned int __ktp_sz = __ktp_size_##cls(args);                            \
		void *__ktp_p = ktp_perf_begin(&__ktp_c, __ktp_data, __ktp_sz);            \
		if (__ktp_p) {                                                             \
			__ktp_fill_##cls(__ktp_p, __ktp_sz, args);                         \
			ktp_perf_end(&__ktp_c);                                            \
		}                                                                          \
	}
#define KTP_PERF_PTR(cls) ((void *)__ktp_perf_##cls)
KTP_EXTERN_DECL struct ktp_perf_bootstrap ktp_perf_bootstrap_class;
#define KTP_NATIVE_SLOT(cls, ename)                                                         \
	static struct {                                                                    \
		struct ktp_perf_slot head;                                                 \
		unsigned long long room[__ktp_slot_room_##cls];                            \
	} __ktp_perf_slot_##ename __attribute__((aligned(8))) = {                          \
		{ { 0, 0 }, &ktp_perf_bootstrap_class, #ename, __ktp_describe_##ename,       \
		  (unsigned int)sizeof(__ktp_perf_slot_##ename) },                         \
		{ 0 }                                                                      \
	};                                                                                 \
	static void *__ktp_perf_slot_ptr_##ename                                            \
		__attribute__((used, section("_ftrace_events"), aligned(8))) =              \
			&__ktp_perf_slot_##ename;
#endif

/*
 * The print format is kept as written, for the format file: the text of
 * KTP_PRINT(...) itself (the core strips the wrapper and shows __entry-> as
 * REC->), taken where the user's tokens are still unexpanded.
 */
#ifdef KTP_CREATE_EVENTS
#define KTP_CLASS(cls, proto, args, fields, assign, print, print_text)                     \
	KTP_DEFINE_CLASS_BODY(cls, KTP_PROTO(proto), KTP_ARGS(args), fields,               \
			      KTP_ASSIGN(assign), KTP_PRINT(print), print_text)
#define KTP_DEFINE_EVENT(cls, system, name, proto, args)                                   \
	KTP_DECLARE_TRACE(name, KTP_PROTO(proto), KTP_ARGS(args))                          \
	KTP_DEFINE_EVENT_BODY(cls, system, name, KTP_PROTO(proto), KTP_ARGS(args))
#else
#define KTP_CLASS(cls, proto, args, fields, assign, print, print_text)
#define KTP_DEFINE_EVENT(cls, system, name, proto, args)                                   \
	KTP_DECLARE_TRACE(name, KTP_PROTO(proto), KTP_ARGS(args))
#endif

#define KTP_DECLARE_EVENT_CLASS(cls, proto, args, fields, assign, print)                   \
	KTP_CLASS(cls, KTP_PROTO(proto), KTP_ARGS(args), KTP_STRUCT(fields),               \
		  KTP_ASSIGN(assign), KTP_PRINT(print), #print)

#define KTP_TRACE_EVENT(system, name, proto, args, fields, assign, print)                  \
	KTP_CLASS(name, KTP_PROTO(proto), KTP_ARGS(args), KTP_STRUCT(fields),              \
		  KTP_ASSIGN(assign), KTP_PRINT(print), #print)                             \
	KTP_DEFINE_EVENT(name, system, name, KTP_PROTO(proto), KTP_ARGS(args))

#endif /* KTP_EVENT_H */
