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

/* One sentence on why /dev/vhost-net cannot be used, and the fix; @err is errno. */
static char *
uvNetDevVhostProblem(int err)
{
    struct stat sb;

    if (err == ENOENT || err == ENODEV || err == ENXIO)
        return g_strdup_printf(_("'%s' is not available (%s); as root run 'modprobe vhost_net'."),
                               UV_NETDEV_VHOST_PATH, g_strerror(err));
    if ((err == EACCES || err == EPERM) && stat(UV_NETDEV_VHOST_PATH, &sb) == 0)
        return g_strdup_printf(_("Unable to open '%s' as uid %u: it is owned by uid %u gid %u "
                                 "with mode %04o; as root run 'chmod 0666 %s'."),
                               UV_NETDEV_VHOST_PATH, (guint)geteuid(), (guint)sb.st_uid,
                               (guint)sb.st_gid, (guint)(sb.st_mode & 07777), UV_NETDEV_VHOST_PATH);
    return g_strdup_printf(_("Unable to open '%s': %s"), UV_NETDEV_VHOST_PATH, g_strerror(err));
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
            g_autofree char *problem = uvNetDevVhostProblem(errno);

            if (required) {
                g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                            _("The interface asks for <driver name='vhost'/>, but: %s"), problem);
                return FALSE;
            }
            if (warnings)
                g_ptr_array_add(
                    warnings, g_strdup_printf(_("Running the NIC without vhost-net: %s"), problem));
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
