// SPDX-License-Identifier: GPL-2.0
/*
 * Moves ktp's call-site entries out of a linked module's __jump_table into a
 * ktp_jump_table section of their own (a host tool, run by kbuild/objtool-ktp.sh
 * after objtool, on kernels where objtool runs once on the linked module).
 *
 * usage: ktp-split-jump-table OBJECT
 *
 * Example: a linked ktp.o whose __jump_table holds 13 entries, 12 keyed by
 * __ktp_event_* symbols and one by the kernel's validate_usercopy_range,
 * leaves with a one-entry __jump_table for the kernel's jump labels and a
 * 12-entry ktp_jump_table, each with its relocations, and with
 * __start/__stop_ktp_jump_table at 0 and 192 of the new section.
 *
 * The object is an x86-64 ELF relocatable file: no program headers, so new
 * data (the ktp entries, their relocations, the section-name table with
 * ".relaktp_jump_table" added, the section headers with two more) is appended at its end and
 * the headers point there; the kernel's entries and their relocations are
 * compacted in place. Entries are 16 bytes {code, target, key}, each field
 * relocated; an entry's relocations move with it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY 16
#define KTP_KEY_PREFIX "__ktp_event_"
#define RELA_NAME ".relaktp_jump_table"

static const char *path;

static void die(const char *msg)
{
	fprintf(stderr, "%s: ktp-split-jump-table: %s\n", path, msg);
	exit(1);
}

static unsigned char *buf;
static size_t len;

static void *at(size_t off, size_t n)
{
	if (off > len || n > len - off)
		die("truncated or malformed ELF file");
	return buf + off;
}

/* Appends n bytes at the end of the file image, 8-aligned; returns their offset. */
static size_t append(const void *data, size_t n)
{
	size_t off = (len + 7) & ~(size_t)7;
	unsigned char *nb = realloc(buf, off + n);

	if (!nb)
		die("out of memory");
	buf = nb;
	memset(buf + len, 0, off - len);
	if (n)
		memcpy(buf + off, data, n);
	len = off + n;
	return off;
}

static void load(void)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die(strerror(errno));
	len = st.st_size;
	buf = malloc(len ? len : 1);
	if (!buf || read(fd, buf, len) != (ssize_t)len)
		die("cannot read");
	close(fd);
}

static void save(void)
{
	char tmp[4096];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.split", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) || rename(tmp, path))
		die("cannot write");
}

/* long: one pass over the ELF structures, in the order the comment above describes. */
int main(int argc, char **argv)
{
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh, *jt = NULL, *rela = NULL, *symtab = NULL, *shstr;
	size_t symtab_i = 0;
	Elf64_Sym *syms;
	Elf64_Rela *rels;
	const char *strtab;
	unsigned char *is_ktp, *kern_data, *ktp_data;
	Elf64_Rela *kern_rels, *ktp_rels;
	size_t *new_index;
	size_t n, nrel, nsym, i, nk = 0, nt = 0, nkr = 0, ntr = 0, jt_i = 0;
	size_t ktp_off, ktp_rel_off, names_off, shdr_off, name_ktp, shnum;
	Elf64_Shdr new_sh[2];

	if (argc != 2) {
		fprintf(stderr, "usage: ktp-split-jump-table OBJECT\n");
		return 2;
	}
	path = argv[1];
	load();
	eh = at(0, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_REL || eh->e_shentsize != sizeof(Elf64_Shdr))
		die("not a 64-bit little-endian relocatable ELF file");
	shnum = eh->e_shnum;
	if (shnum == 0 || shnum + 2 >= SHN_LORESERVE || eh->e_shstrndx >= shnum)
		die("unsupported section count");
	sh = at(eh->e_shoff, shnum * sizeof(*sh));
	shstr = &sh[eh->e_shstrndx];
	for (i = 0; i < shnum; i++) {
		const char *name = at(shstr->sh_offset + sh[i].sh_name, 1);

		if (!strcmp(name, "ktp_jump_table"))
			die("already has a ktp_jump_table section");
		if (!strcmp(name, "__jump_table")) {
			jt = &sh[i];
			jt_i = i;
		}
		if (sh[i].sh_type == SHT_SYMTAB) {
			symtab = &sh[i];
			symtab_i = i;
		}
	}
	if (!jt || !symtab)
		die("no __jump_table or no symbol table");
	for (i = 0; i < shnum; i++)
		if (sh[i].sh_type == SHT_RELA && sh[i].sh_info == jt_i)
			rela = &sh[i];
	if ((!rela && jt->sh_size) || jt->sh_size % ENTRY || (rela && rela->sh_entsize != sizeof(Elf64_Rela)))
		die("__jump_table without relocations, or not in 16-byte entries");
	n = jt->sh_size / ENTRY;
	nrel = rela ? rela->sh_size / sizeof(Elf64_Rela) : 0;
	nsym = symtab->sh_size / sizeof(Elf64_Sym);
	syms = at(symtab->sh_offset, symtab->sh_size);
	strtab = at(sh[symtab->sh_link].sh_offset, sh[symtab->sh_link].sh_size);
	rels = rela ? at(rela->sh_offset, rela->sh_size) : NULL;

	/* Which entries are ktp's: the key field's relocation names an __ktp_event_* symbol. */
	is_ktp = calloc(n + 1, 1);
	new_index = calloc(n + 1, sizeof(*new_index));
	if (!is_ktp || !new_index)
		die("out of memory");
	for (i = 0; i < nrel; i++) {
		size_t sym = ELF64_R_SYM(rels[i].r_info);

		if (rels[i].r_offset % ENTRY != 8)
			continue;
		if (sym >= nsym || rels[i].r_offset / ENTRY >= n)
			die("bad relocation in __jump_table");
		if (!strncmp(strtab + syms[sym].st_name, KTP_KEY_PREFIX, strlen(KTP_KEY_PREFIX)))
			is_ktp[rels[i].r_offset / ENTRY] = 1;
	}
	for (i = 0; i < n; i++)
		new_index[i] = is_ktp[i] ? nt++ : nk++;
	/*
	 * Without a site of ktp's, the start/stop symbols still get a table of
	 * their own (empty), or ktp would take the kernel's entries they
	 * bracket for sites; without them, there is nothing to do.
	 */
	for (i = 0; i < nsym && strcmp(strtab + syms[i].st_name, "__start_ktp_jump_table"); i++)
		;
	if (i == nsym) {
		if (nt)
			die("ktp call sites but no __start_ktp_jump_table (link with kbuild/ktp-sites-linked.lds)");
		free(is_ktp);
		free(new_index);
		free(buf);
		return 0;
	}

	/* The entries and relocations of each table, in their original order. */
	kern_data = malloc(nk * ENTRY + 1);
	ktp_data = malloc(nt * ENTRY + 1);
	kern_rels = malloc(nrel * sizeof(*kern_rels) + 1);
	ktp_rels = malloc(nrel * sizeof(*ktp_rels) + 1);
	if (!kern_data || !ktp_data || !kern_rels || !ktp_rels)
		die("out of memory");
	for (i = 0; i < n; i++)
		memcpy((is_ktp[i] ? ktp_data : kern_data) + new_index[i] * ENTRY,
		       at(jt->sh_offset + i * ENTRY, ENTRY), ENTRY);
	for (i = 0; i < nrel; i++) {
		size_t e = rels[i].r_offset / ENTRY;
		Elf64_Rela r = rels[i];

		if (e >= n)
			die("relocation beyond __jump_table");
		r.r_offset = new_index[e] * ENTRY + rels[i].r_offset % ENTRY;
		if (is_ktp[e])
			ktp_rels[ntr++] = r;
		else
			kern_rels[nkr++] = r;
	}

	/* The kernel's part, compacted in place. */
	memcpy(at(jt->sh_offset, nk * ENTRY), kern_data, nk * ENTRY);
	if (rela) {
		memcpy(at(rela->sh_offset, nkr * sizeof(*kern_rels)), kern_rels, nkr * sizeof(*kern_rels));
		rela->sh_size = nkr * sizeof(*kern_rels);
	}
	jt->sh_size = nk * ENTRY;

	/* ktp's part, and the name table with ".relaktp_jump_table" added, at the end. */
	ktp_off = append(ktp_data, nt * ENTRY);
	ktp_rel_off = append(ktp_rels, ntr * sizeof(*ktp_rels));
	eh = at(0, sizeof(*eh)); /* append() may have moved the image */
	sh = at(eh->e_shoff, shnum * sizeof(*sh));
	{
		size_t old = sh[eh->e_shstrndx].sh_size;
		char *names = malloc(old + sizeof(RELA_NAME));

		if (!names)
			die("out of memory");
		memcpy(names, at(sh[eh->e_shstrndx].sh_offset, old), old);
		memcpy(names + old, RELA_NAME, sizeof(RELA_NAME));
		names_off = append(names, old + sizeof(RELA_NAME));
		name_ktp = old;
		free(names);
	}

	/* Pointers into buf moved with append(): take the headers again. */
	eh = at(0, sizeof(*eh));
	sh = at(eh->e_shoff, shnum * sizeof(*sh));
	jt = &sh[jt_i];
	sh[eh->e_shstrndx].sh_offset = names_off;
	sh[eh->e_shstrndx].sh_size += sizeof(RELA_NAME);
	memset(new_sh, 0, sizeof(new_sh));
	new_sh[0] = *jt;
	new_sh[0].sh_name = name_ktp + strlen(".rela"); /* "ktp_jump_table", a suffix */
	new_sh[0].sh_addr = 0;
	new_sh[0].sh_offset = ktp_off;
	new_sh[0].sh_size = nt * ENTRY;
	new_sh[1].sh_type = SHT_RELA;
	new_sh[1].sh_flags = SHF_INFO_LINK;
	new_sh[1].sh_link = symtab_i;
	new_sh[1].sh_addralign = 8;
	new_sh[1].sh_entsize = sizeof(Elf64_Rela);
	for (i = 0; i < shnum; i++)
		if (sh[i].sh_type == SHT_RELA && sh[i].sh_info == jt_i)
			new_sh[1] = sh[i];
	new_sh[1].sh_name = name_ktp;
	new_sh[1].sh_offset = ktp_rel_off;
	new_sh[1].sh_size = ntr * sizeof(*ktp_rels);
	new_sh[1].sh_info = shnum;

	/* __start/__stop_ktp_jump_table bracket the new section. */
	{
		syms = at(sh[symtab_i].sh_offset, sh[symtab_i].sh_size);
		strtab = at(sh[sh[symtab_i].sh_link].sh_offset, sh[sh[symtab_i].sh_link].sh_size);
		for (i = 0; i < nsym; i++) {
			const char *name = strtab + syms[i].st_name;

			if (!strcmp(name, "__start_ktp_jump_table") || !strcmp(name, "__stop_ktp_jump_table")) {
				if (syms[i].st_shndx != jt_i)
					die("__start/__stop_ktp_jump_table are not in __jump_table (link with kbuild/ktp-sites-linked.lds)");
				syms[i].st_shndx = shnum;
				syms[i].st_value = strcmp(name, "__start_ktp_jump_table") ? nt * ENTRY : 0;
			}
		}
	}

	/* The section headers, two more, at the end. */
	{
		Elf64_Shdr *table = malloc((shnum + 2) * sizeof(*sh));

		if (!table)
			die("out of memory");
		memcpy(table, sh, shnum * sizeof(*sh));
		memcpy(table + shnum, new_sh, sizeof(new_sh));
		shdr_off = append(table, (shnum + 2) * sizeof(*sh));
		free(table);
	}
	eh = at(0, sizeof(*eh));
	eh->e_shoff = shdr_off;
	eh->e_shnum = shnum + 2;
	save();
	free(is_ktp);
	free(new_index);
	free(kern_data);
	free(ktp_data);
	free(kern_rels);
	free(ktp_rels);
	free(buf);
	return 0;
}
