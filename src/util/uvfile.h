/*
 * uvfile.h: file descriptors and files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* Close *fdp if it is >= 0 and set it to -1; errors from close() are ignored. */
void uvCloseFdp(int *fdp);

/*
 * GLib 2.74 has no g_autofd: declare an fd as
 *     UV_AUTOCLOSE int fd = -1;
 * and it is closed when it goes out of scope. Hand it on with uvStealFd().
 */
#define UV_AUTOCLOSE __attribute__((cleanup(uvCloseFdp)))

/* Return *fdp and set it to -1, so an UV_AUTOCLOSE variable no longer owns it. */
static inline int
uvStealFd(int *fdp)
{
    int fd = *fdp;
    *fdp = -1;
    return fd;
}

/*
 * Write all @len bytes of @data to @fd, retrying after EINTR and short
 * writes; FALSE with errno set on failure. Async-signal-safe.
 */
gboolean uvFileWriteAll(int fd, const void *data, gsize len);

/*
 * Write @len bytes of @data to @path atomically: a temporary file in the same
 * directory is written, fsync()ed, given @mode, renamed over @path, and the
 * directory is fsync()ed. A crash leaves either the old or the new content,
 * never a mix. On failure @path is unchanged and no temporary file remains.
 */
gboolean uvFileWriteAtomic(const char *path, const char *data, gsize len, mode_t mode,
                           GError **error);

/*
 * uvFileWriteAtomic() without the two fsync()s: readers, and a crash of this
 * process at any point, still see either the old or the new content, never a
 * mix; only a crash of the whole host may lose the change or leave an empty
 * file. For runtime state that means nothing after a host crash anyway (the
 * processes it describes died with the host), where an fsync would only cost
 * a disk flush on every write.
 */
gboolean uvFileWriteAtomicNoSync(const char *path, const char *data, gsize len, mode_t mode,
                                 GError **error);

/* Create @path and its missing parents with @mode (existing ones are left alone). */
gboolean uvDirMakePath(const char *path, mode_t mode, GError **error);
