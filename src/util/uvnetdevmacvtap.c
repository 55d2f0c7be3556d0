/*
 * uvnetdevmacvtap.c: pre-created macvtap devices through /dev/tapIFINDEX
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetdevmacvtap.h"
#include "uvfile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* udev may still be creating the node of a macvtap that was just added. */
#define UV_MACVTAP_NODE_WAIT_STEPS 25
#define UV_MACVTAP_NODE_WAIT_USEC (20 * 1000)

static gboolean
uvNetDevMacvtapCheckNode(const char *path, const UvNetDevInfo *info, const struct stat *sb,
                         GError **error)
{
    if (!S_ISCHR(sb->st_mode)) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("'%s' is not a character device, so it cannot be the node of macvtap '%s'; "
                      "as root replace it with 'mknod %s c %u %u'."),
                    path, info->name, path, major(info->tapDev), minor(info->tapDev));
        return FALSE;
    }
    if (sb->st_rdev == info->tapDev)
        return TRUE;
    g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                _("'%s' is character device %u:%u, but macvtap '%s' of this network namespace is "
                  "%u:%u, so the node belongs to a device of another network namespace; give the "
                  "macvtap an ifindex no other namespace uses ('ip link add link PARENT name %s "
                  "index N type macvtap'), or run uvirt with a /dev holding 'mknod %s c %u %u'."),
                path, major(sb->st_rdev), minor(sb->st_rdev), info->name, major(info->tapDev),
                minor(info->tapDev), info->name, path, major(info->tapDev), minor(info->tapDev));
    return FALSE;
}

static int
uvNetDevMacvtapOpenNode(const char *path, const UvNetDevInfo *info, GError **error)
{
    UV_AUTOCLOSE int fd = -1;
    struct stat sb;
    int err = 0;

    for (int i = 0; i < UV_MACVTAP_NODE_WAIT_STEPS; i++) {
        if (stat(path, &sb) == 0) {
            err = 0;
            break;
        }
        if ((err = errno) != ENOENT)
            break;
        g_usleep(UV_MACVTAP_NODE_WAIT_USEC);
    }
    if (err == ENOENT) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Macvtap '%s' has no device node '%s' (udev did not create it); as root run "
                      "'mknod %s c %u %u && chown %u:%u %s'."),
                    info->name, path, path, major(info->tapDev), minor(info->tapDev),
                    (guint)geteuid(), (guint)getegid(), path);
        return -1;
    }
    if (err) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to look at '%s': %s"), path,
                    g_strerror(err));
        return -1;
    }
    if (!uvNetDevMacvtapCheckNode(path, info, &sb, error))
        return -1;
    if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0) {
        err = errno;
        if (err == EACCES || err == EPERM) {
            g_set_error(error, UV_ERROR, UV_ERROR_PERMISSION,
                        _("Unable to open '%s', the node of macvtap '%s', as uid %u: it is owned "
                          "by uid %u gid %u with mode %04o; as root run 'chown %u:%u %s'."),
                        path, info->name, (guint)geteuid(), (guint)sb.st_uid, (guint)sb.st_gid,
                        (guint)(sb.st_mode & 07777), (guint)geteuid(), (guint)getegid(), path);
        } else {
            g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                        _("Unable to open '%s', the node of macvtap '%s': %s"), path, info->name,
                        g_strerror(err));
        }
        return -1;
    }
    /* The node may have been replaced between stat() and open(). */
    if (fstat(fd, &sb) < 0 || !uvNetDevMacvtapCheckNode(path, info, &sb, error)) {
        if (error && !*error)
            g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to look at '%s': %s"), path,
                        g_strerror(errno));
        return -1;
    }
    return uvStealFd(&fd);
}

/* Make the queue's flags what we want, only if they differ; check what it is attached to. */
static gboolean
uvNetDevMacvtapSetup(int fd, const char *path, const UvNetDevInfo *info, short want, GError **error)
{
    const short mask = IFF_VNET_HDR | IFF_MULTI_QUEUE;
    struct ifreq ifr = {0};
    g_autoptr(UvNetDevInfo) now = NULL;

    if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to read the flags of macvtap '%s' through '%s' (TUNGETIFF): %s"),
                    info->name, path, g_strerror(errno));
        return FALSE;
    }
    ifr.ifr_name[IFNAMSIZ - 1] = '\0';
    if (strcmp(ifr.ifr_name, info->name) != 0 || uvNetDevGetInfo(info->name, &now, NULL) <= 0 ||
        now->ifindex != info->ifindex) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Macvtap '%s' (ifindex %d) was deleted or replaced while '%s' was being "
                      "opened."),
                    info->name, info->ifindex, path);
        return FALSE;
    }
    if ((ifr.ifr_flags & mask) == want)
        return TRUE;
    ifr.ifr_flags = (short)((ifr.ifr_flags & ~mask) | want);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to set vnet_hdr/multi_queue on a queue of macvtap '%s' (TUNSETIFF): "
                      "%s"),
                    info->name, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvNetDevMacvtapOpen(const UvNetDevTapParams *params, const UvNetDevInfo *info, int *fds,
                    GPtrArray *warnings, GError **error)
{
    UV_NETDEV_FDS_AUTO UvNetDevFds set = {0};
    g_autofree char *path = g_strdup_printf("/dev/tap%d", info->ifindex);
    char guest[UV_MAC_STRING_BUFLEN], dev[UV_MAC_STRING_BUFLEN];
    short want = 0;

    if (!info->hasMac || !uvMacAddrEqual(&info->mac, &params->guestMac)) {
        uvMacAddrFormat(&params->guestMac, guest);
        uvMacAddrFormat(&info->mac, dev);
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Macvtap '%s' has MAC address %s but the guest NIC has %s, so the guest "
                      "would receive nothing; as root run 'ip link set %s address %s', or set "
                      "<mac address='%s'/> in the domain."),
                    info->name, dev, guest, info->name, guest, dev);
        return FALSE;
    }
    if (params->vnetHdr)
        want |= IFF_VNET_HDR;
    if (params->queues > 1)
        want |= IFF_MULTI_QUEUE;

    for (guint i = 0; i < params->queues; i++) {
        UV_AUTOCLOSE int fd = uvNetDevMacvtapOpenNode(path, info, error);

        if (fd < 0 || !uvNetDevMacvtapSetup(fd, path, info, want, error))
            return FALSE;
        set.fd[set.n++] = uvStealFd(&fd);
    }
    uvNetDevFdsSteal(&set, fds);
    return TRUE;
}
