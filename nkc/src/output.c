// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * output.c - writes the generated files all or nothing: each goes to a
 * temporary file next to its destination, and only when every one was
 * written completely are they renamed into place.  An unchanged file is
 * left alone so that make does not rebuild what depends on it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nkc.h"

static int mkdir_p(const char *path)
{
	char *dir = xstrdup(path);

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(dir, 0777) && errno != EEXIST) {
			diag_error_noloc("cannot create directory '%s': %s", dir, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static bool same_contents(const char *path, const struct buf *data)
{
	FILE *fp = fopen(path, "rb");
	bool same = false;

	if (!fp)
		return false;
	char *old = malloc(data->len + 1);

	if (old) {
		size_t n = fread(old, 1, data->len + 1, fp);

		same = n == data->len && !memcmp(old, data->s, data->len);
		free(old);
	}
	fclose(fp);
	return same;
}

static int write_temp(const char *path, const struct buf *data, char **tmp)
{
	*tmp = xprintf("%s.tmpXXXXXX", path);
	int fd = mkstemp(*tmp);

	if (fd < 0) {
		diag_error_noloc("cannot create '%s': %s", *tmp, strerror(errno));
		*tmp = NULL;
		return -1;
	}
	size_t off = 0;

	while (off < data->len) {
		ssize_t n = write(fd, data->s + off, data->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			diag_error_noloc("cannot write '%s': %s", *tmp, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, 0644) || close(fd)) {
		diag_error_noloc("cannot write '%s': %s", *tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int write_outputs(struct out_file *files, int n)
{
	char **tmps = xalloc(sizeof(*tmps) * (size_t)(n + 1));
	int r = 0;

	for (int i = 0; i < n && !r; i++) {
		if (same_contents(files[i].path, &files[i].data))
			continue;
		if (mkdir_p(files[i].path) || write_temp(files[i].path, &files[i].data, &tmps[i]))
			r = -1;
	}
	for (int i = 0; i < n; i++) {
		if (!tmps[i])
			continue;
		if (!r && rename(tmps[i], files[i].path)) {
			diag_error_noloc("cannot rename '%s' to '%s': %s", tmps[i], files[i].path,
					 strerror(errno));
			r = -1;
		}
		if (r)
			unlink(tmps[i]);
	}
	return r;
}

static void put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#')
			buf_printf(b, "\\%c", *s);
		else if (*s == '$')
			buf_puts(b, "$$");
		else
			buf_printf(b, "%c", *s);
	}
}

int write_depfile(const char *path, struct out_file *targets, int ntargets, struct vec *deps)
{
	struct out_file f = { .path = path };

	for (int i = 0; i < ntargets; i++) {
		if (i)
			buf_puts(&f.data, " ");
		put_escaped(&f.data, targets[i].path);
	}
	buf_puts(&f.data, ":");
	for (int i = 0; i < deps->n; i++) {
		buf_puts(&f.data, " \\\n ");
		put_escaped(&f.data, deps->v[i]);
	}
	buf_puts(&f.data, "\n");
	/* like gcc -MP: a rule per dependency so deleting one does not break make */
	for (int i = 0; i < deps->n; i++) {
		buf_puts(&f.data, "\n");
		put_escaped(&f.data, deps->v[i]);
		buf_puts(&f.data, ":\n");
	}
	int r = write_outputs(&f, 1);

	buf_free(&f.data);
	return r;
}
