/*
 * uvnetdevvhost.c: /dev/vhost-net for virtio NICs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetdevvhost.h"
#include "uvfile.h"
#include "uvnetdev.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Why /dev/vhost-net cannot be used (@err is errno) and the fix, in one
 * sentence: the error when the interface requires vhost, else a warning.
 */
static void
uvNetDevVhostReport(int err, gboolean required, GPtrArray *warnings, GError **error)
{
    const char *path = UV_NETDEV_VHOST_PATH;
    char *warning = NULL;
    struct stat sb;

    if (err == ENOENT || err == ENODEV || err == ENXIO) {
        if (required)
            g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                        _("The interface asks for <driver name='vhost'/>, but '%s' is not "
                          "available (%s); as root run 'modprobe vhost_net'."),
                        path, g_strerror(err));
        else
            warning = g_strdup_printf(_("Running the NIC without vhost-net: '%s' is not "
                                        "available (%s); as root run 'modprobe vhost_net'."),
                                      path, g_strerror(err));
    } else if ((err == EACCES || err == EPERM) && stat(path, &sb) == 0) {
        if (required)
            g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                        _("The interface asks for <driver name='vhost'/>, but '%s' cannot be "
                          "opened as uid %u: it is owned by uid %u gid %u with mode %04o; as root "
                          "run 'chmod 0666 %s'."),
                        path, (guint)geteuid(), (guint)sb.st_uid, (guint)sb.st_gid,
                        (guint)(sb.st_mode & 07777), path);
        else
            warning = g_strdup_printf(_("Running the NIC without vhost-net: '%s' cannot be "
                                        "opened as uid %u: it is owned by uid %u gid %u with mode "
                                        "%04o; as root run 'chmod 0666 %s'."),
                                      path, (guint)geteuid(), (guint)sb.st_uid, (guint)sb.st_gid,
                                      (guint)(sb.st_mode & 07777), path);
    } else {
        if (required)
            g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                        _("The interface asks for <driver name='vhost'/>, but '%s' cannot be "
                          "opened: %s"),
                        path, g_strerror(err));
        else
            warning = g_strdup_printf(_("Running the NIC without vhost-net: '%s' cannot be "
                                        "opened: %s"),
                                      path, g_strerror(err));
    }
    if (warning && warnings)
        g_ptr_array_add(warnings, warning);
    else
        g_free(warning);
}

gboolean
uvNetDevVhostOpen(guint queues, gboolean required, int *vhostfds, GPtrArray *warnings,
                  GError **error)
{
    UV_NETDEV_FDS_AUTO UvNetDevFds set = {0};

    if (queues < 1 || queues > UV_NETDEV_MAX_QUEUES) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("A NIC can have 1 to %d vhost queues, not %u."), UV_NETDEV_MAX_QUEUES,
                    queues);
        return FALSE;
    }
    for (guint i = 0; i < queues; i++) {
        int fd = open(UV_NETDEV_VHOST_PATH, O_RDWR | O_CLOEXEC);

        if (fd < 0) {
            uvNetDevVhostReport(errno, required, warnings, error);
            if (required)
                return FALSE;
            uvNetDevFdsClear(&set);
            for (guint j = 0; j < queues; j++)
                vhostfds[j] = -1;
            return TRUE;
        }
        set.fd[set.n++] = fd;
    }
    uvNetDevFdsSteal(&set, vhostfds);
    return TRUE;
}
