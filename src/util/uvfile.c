/*
 * uvfile.c: file descriptors and files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void
uvCloseFdp(int *fdp)
{
    if (*fdp >= 0) {
        int saved = errno;
        close(*fdp);
        errno = saved;
        *fdp = -1;
    }
}

gboolean
uvFileWriteAll(int fd, const void *data, gsize len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return FALSE;
        }
        p += n;
        len -= (gsize)n;
    }
    return TRUE;
}

static gboolean
uvFileReplace(const char *path, const char *data, gsize len, mode_t mode, gboolean durable,
              GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    UV_AUTOCLOSE int fd = -1;
    UV_AUTOCLOSE int dirfd = -1;

    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create a file in '%s': %s"), dir,
                    g_strerror(errno));
        return FALSE;
    }

    if (fchmod(fd, mode) < 0 || !uvFileWriteAll(fd, data, len) || (durable && fsync(fd) < 0)) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to write '%s': %s"), tmp,
                    g_strerror(errno));
        unlink(tmp);
        return FALSE;
    }

    if (close(uvStealFd(&fd)) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to write '%s': %s"), tmp,
                    g_strerror(errno));
        unlink(tmp);
        return FALSE;
    }

    if (rename(tmp, path) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to rename '%s' to '%s': %s"), tmp,
                    path, g_strerror(errno));
        unlink(tmp);
        return FALSE;
    }

    if (!durable)
        return TRUE;
    /* The rename is only durable once the directory entry is on disk too. */
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0 || fsync(dirfd) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to sync directory '%s': %s"), dir,
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvFileWriteAtomic(const char *path, const char *data, gsize len, mode_t mode, GError **error)
{
    return uvFileReplace(path, data, len, mode, TRUE, error);
}

gboolean
uvFileWriteAtomicNoSync(const char *path, const char *data, gsize len, mode_t mode, GError **error)
{
    return uvFileReplace(path, data, len, mode, FALSE, error);
}

gboolean
uvDirMakePath(const char *path, mode_t mode, GError **error)
{
    if (g_mkdir_with_parents(path, (int)mode) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create directory '%s': %s"),
                    path, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}
