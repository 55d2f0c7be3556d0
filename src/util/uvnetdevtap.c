/*
 * uvnetdevtap.c: standard tap devices through /dev/net/tun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetdevtap.h"
#include "uvfile.h"
#include "uvnetdevpriv.h"
#include "uvnetlink.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

void (*uvNetDevTapTestBeforeAttach)(const char *ifname);

int
uvNetDevTunOpen(GError **error)
{
    int fd = open(UV_NETDEV_TUN_PATH, O_RDWR | O_CLOEXEC);
    int err = errno;
    struct stat sb;

    if (fd >= 0)
        return fd;
    if (err == ENOENT) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("'%s' does not exist; load the tun module or create the node as root: "
                      "'modprobe tun' or 'mknod %s c 10 200 && chmod 0666 %s'."),
                    UV_NETDEV_TUN_PATH, UV_NETDEV_TUN_PATH, UV_NETDEV_TUN_PATH);
    } else if ((err == EACCES || err == EPERM) && stat(UV_NETDEV_TUN_PATH, &sb) == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_PERMISSION,
                    _("Unable to open '%s' as uid %u: it is owned by uid %u gid %u with mode "
                      "%04o; as root run 'chmod 0666 %s' (access to a tap is still limited to "
                      "its owner)."),
                    UV_NETDEV_TUN_PATH, (guint)geteuid(), (guint)sb.st_uid, (guint)sb.st_gid,
                    (guint)(sb.st_mode & 07777), UV_NETDEV_TUN_PATH);
    } else {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to open '%s': %s"),
                    UV_NETDEV_TUN_PATH, g_strerror(err));
    }
    return -1;
}

static gboolean
uvNetDevTunGetFeatures(int fd, unsigned int *features, GError **error)
{
    if (ioctl(fd, TUNGETFEATURES, features) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to ask '%s' for its features (TUNGETFEATURES): %s"),
                    UV_NETDEV_TUN_PATH, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

/* The command that (re)creates @name as a tap this process may open. */
static char *
uvNetDevTapCreateCommand(const char *name, gboolean multiQueue, gboolean vnetHdr)
{
    return g_strdup_printf("ip tuntap add mode tap user %u group %u name %s%s%s", (guint)geteuid(),
                           (guint)getegid(), name, multiQueue ? " multi_queue" : "",
                           vnetHdr ? " vnet_hdr" : "");
}

/* After TUNSETIFF: the device the fd is attached to must still be @ifindex. */
static gboolean
uvNetDevTapCheckAttached(int fd, const char *name, int ifindex, GError **error)
{
    struct ifreq ifr = {0};
    g_autoptr(UvNetDevInfo) now = NULL;
    g_autoptr(GError) err = NULL;

    if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to ask which device tap '%s' is attached to (TUNGETIFF): %s"), name,
                    g_strerror(errno));
        return FALSE;
    }
    ifr.ifr_name[IFNAMSIZ - 1] = '\0';
    if (strcmp(ifr.ifr_name, name) != 0 || uvNetDevGetInfo(name, &now, &err) <= 0 ||
        now->ifindex != ifindex) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Tap device '%s' (ifindex %d) was deleted or replaced while it was being "
                      "opened; nothing was attached, and it must be created again."),
                    name, ifindex);
        return FALSE;
    }
    return TRUE;
}

gboolean
uvNetDevTapOpenUnmanaged(const UvNetDevTapParams *params, const UvNetDevInfo *info, int *fds,
                         GPtrArray *warnings, GError **error)
{
    UV_NETDEV_FDS_AUTO UvNetDevFds set = {0};
    const UvNetDevTunInfo *tun = &info->tun;
    g_autofree char *recreate = NULL;
    unsigned int features = 0;
    short flags = IFF_TAP | IFF_NO_PI;

    recreate = uvNetDevTapCreateCommand(info->name, params->queues > 1, tun->vnetHdr);
    if (!tun->isTap) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Network device '%s' is a tun (layer 3) device, but a guest NIC needs a tap "
                      "(layer 2) device; as root run 'ip tuntap del mode tun name %s && %s'."),
                    info->name, info->name, recreate);
        return FALSE;
    }
    if (!uvNetDevTunOwnedByUs(tun)) {
        g_autofree char *owner = tun->owner >= 0 ? g_strdup_printf("%" G_GINT64_FORMAT, tun->owner)
                                                 : g_strdup(_("(unset)"));
        g_autofree char *group = tun->group >= 0 ? g_strdup_printf("%" G_GINT64_FORMAT, tun->group)
                                                 : g_strdup(_("(unset)"));

        g_set_error(error, UV_ERROR, UV_ERROR_PERMISSION,
                    _("Tap device '%s' belongs to uid %s gid %s, not to this process (uid %u gid "
                      "%u); as root run 'ip tuntap del mode tap name %s && %s'."),
                    info->name, owner, group, (guint)geteuid(), (guint)getegid(), info->name,
                    recreate);
        return FALSE;
    }
    if (params->queues > 1 && !tun->multiQueue) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Tap device '%s' was created without multi_queue, so it cannot give the %u "
                      "queues the interface asks for; as root run 'ip tuntap del mode tap name "
                      "%s && %s', or ask for one queue."),
                    info->name, params->queues, info->name, recreate);
        return FALSE;
    }
    if (tun->pi) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Tap device '%s' was created with 'pi' (a packet information header on "
                      "every frame), which a guest NIC cannot use; as root run 'ip tuntap del "
                      "mode tap name %s && %s'."),
                    info->name, info->name, recreate);
        return FALSE;
    }

    {
        UV_AUTOCLOSE int probe = uvNetDevTunOpen(error);
        if (probe < 0 || !uvNetDevTunGetFeatures(probe, &features, error))
            return FALSE;
    }
    /*
     * vnet_hdr and multi_queue are stored in the device, and TUNSETIFF rewrites
     * them: ask for exactly what the device already has, so opening it leaves
     * it as it was. A multi_queue tap with one queue works the same way.
     */
    if (tun->vnetHdr)
        flags |= IFF_VNET_HDR;
    if (tun->multiQueue)
        flags |= IFF_MULTI_QUEUE;
    if ((flags & ~IFF_TAP & ~IFF_NO_PI) & ~(short)features) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("Tap device '%s' uses vnet_hdr or multi_queue, which this kernel's tun "
                      "driver does not offer."),
                    info->name);
        return FALSE;
    }
    if (params->vnetHdr && !tun->vnetHdr && warnings) {
        g_autofree char *withHdr = uvNetDevTapCreateCommand(info->name, params->queues > 1, TRUE);

        g_ptr_array_add(warnings,
                        g_strdup_printf(_("Tap device '%s' was created without vnet_hdr, so the "
                                          "virtio NIC runs without checksum and segmentation "
                                          "offloads; for full speed recreate it as root with "
                                          "'ip tuntap del mode tap name %s && %s'."),
                                        info->name, info->name, withHdr));
    }

    for (guint i = 0; i < params->queues; i++) {
        UV_AUTOCLOSE int fd = uvNetDevTunOpen(error);
        struct ifreq ifr = {0};

        if (fd < 0)
            return FALSE;
        g_strlcpy(ifr.ifr_name, info->name, sizeof(ifr.ifr_name));
        ifr.ifr_flags = flags;
        if (i == 0 && uvNetDevTapTestBeforeAttach)
            uvNetDevTapTestBeforeAttach(info->name);
        if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
            int err = errno;

            if (err == EBUSY) {
                g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                            _("Tap device '%s' is already in use by another process (a tap "
                              "created without multi_queue takes a single user)."),
                            info->name);
            } else {
                g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                            _("Unable to attach to tap device '%s' (TUNSETIFF): %s"), info->name,
                            g_strerror(err));
            }
            return FALSE;
        }
        if (!uvNetDevTapCheckAttached(fd, info->name, info->ifindex, error))
            return FALSE;
        set.fd[set.n++] = uvStealFd(&fd);
    }
    uvNetDevFdsSteal(&set, fds);
    return TRUE;
}

/* TUNSETIFF on a fresh /dev/net/tun fd; returns the fd or -1 with errno set. */
static int
uvNetDevTapAttach(const char *name, short flags, char actual[IFNAMSIZ], GError **error)
{
    UV_AUTOCLOSE int fd = uvNetDevTunOpen(error);
    struct ifreq ifr = {0};

    if (fd < 0) {
        errno = 0;
        return -1;
    }
    g_strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
    ifr.ifr_flags = flags;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
        return -1;
    if (actual) {
        memcpy(actual, ifr.ifr_name, IFNAMSIZ);
        actual[IFNAMSIZ - 1] = '\0';
    }
    return uvStealFd(&fd);
}

gboolean
uvNetDevTapCreate(const UvNetDevTapParams *params, char **ifnameOut, int *fds, GError **error)
{
    UV_NETDEV_FDS_AUTO UvNetDevFds set = {0};
    const char *pattern = params->ifname ? params->ifname : "vnet%d";
    gboolean isPattern = strstr(pattern, "%d") != NULL;
    g_autoptr(UvNetDevInfo) info = NULL;
    g_autoptr(UvNetDevInfo) bridge = NULL;
    char name[IFNAMSIZ] = "";
    unsigned int features = 0;
    short flags = IFF_TAP | IFF_NO_PI;
    UvMacAddr hostMac = params->guestMac;
    int rc;

    if (params->queues < 1 || params->queues > UV_NETDEV_MAX_QUEUES) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("A tap device can have 1 to %d queues, not %u."), UV_NETDEV_MAX_QUEUES,
                    params->queues);
        return FALSE;
    }
    if (!uvNetDevValidateName(pattern, error))
        return FALSE;
    if (!isPattern) {
        if ((rc = uvNetDevGetInfo(pattern, &info, error)) < 0)
            return FALSE;
        if (rc > 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                        _("Network device '%s' already exists, and a managed tap must be new; "
                          "pick another <target dev>, or use managed='no' to open a device "
                          "created for this guest."),
                        pattern);
            return FALSE;
        }
    }
    if (params->bridge) {
        if ((rc = uvNetDevGetInfo(params->bridge, &bridge, error)) < 0)
            return FALSE;
        if (rc == 0 || g_strcmp0(bridge->kind, "bridge") != 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                        rc == 0 ? _("Bridge '%s' does not exist; as root run 'ip link add %s type "
                                    "bridge && ip link set %s up'.")
                                : _("Network device '%s' is not a bridge; name a bridge (see "
                                    "'ip -d link show type bridge'), or create one with 'ip link "
                                    "add %s type bridge && ip link set %s up'."),
                        params->bridge, params->bridge, params->bridge);
            return FALSE;
        }
    }

    {
        UV_AUTOCLOSE int probe = uvNetDevTunOpen(error);
        if (probe < 0 || !uvNetDevTunGetFeatures(probe, &features, error))
            return FALSE;
    }
    if (params->vnetHdr && (features & IFF_VNET_HDR))
        flags |= IFF_VNET_HDR;
    if (params->queues > 1) {
        if (!(features & IFF_MULTI_QUEUE)) {
            g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                        _("This kernel's tun driver has no multi_queue support, so tap '%s' "
                          "cannot have %u queues."),
                        pattern, params->queues);
            return FALSE;
        }
        flags |= IFF_MULTI_QUEUE;
    }

    for (guint i = 0; i < params->queues; i++) {
        /* The first attach must create: IFF_TUN_EXCL refuses an existing device. */
        short f = i == 0 ? (short)(flags | IFF_TUN_EXCL) : flags;
        int fd;

        if (i == 0 && !isPattern && uvNetDevTapTestBeforeAttach)
            uvNetDevTapTestBeforeAttach(pattern);
        fd = uvNetDevTapAttach(i == 0 ? pattern : name, f, i == 0 ? name : NULL, error);

        if (fd < 0) {
            int err = errno;

            if (err == 0) {
                /* error already set */
            } else if (err == EPERM) {
                g_set_error(error, UV_ERROR, UV_ERROR_PERMISSION,
                            _("Creating tap device '%s' needs CAP_NET_ADMIN, which this process "
                              "(uid %u) lacks; an unprivileged process needs <target dev='NAME' "
                              "managed='no'/> on a tap created beforehand by root with 'ip tuntap "
                              "add mode tap user %u group %u name NAME && ip link set NAME up'."),
                            pattern, (guint)geteuid(), (guint)geteuid(), (guint)getegid());
            } else if (err == EBUSY) {
                g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                            _("Network device '%s' appeared while the managed tap was being "
                              "created; pick another <target dev>, or use managed='no'."),
                            pattern);
            } else {
                g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                            _("Unable to create tap device '%s': %s"), pattern, g_strerror(err));
            }
            return FALSE;
        }
        set.fd[set.n++] = fd;
        if (i == 0) {
            if ((rc = uvNetDevGetInfo(name, &info, error)) < 0)
                return FALSE;
            if (rc == 0) {
                g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                            _("Tap device '%s' vanished right after it was created."), name);
                return FALSE;
            }
        } else if (!uvNetDevTapCheckAttached(fd, name, info->ifindex, error)) {
            return FALSE;
        }
    }

    /* The host side must not share the guest's address; 0xFE keeps it unicast and local. */
    hostMac.addr[0] = 0xfe;
    if (!uvNetlinkSetMac(name, info->ifindex, &hostMac, error))
        return FALSE;
    if (params->mtu > 0 && !uvNetlinkSetMtu(name, info->ifindex, params->mtu, error))
        return FALSE;
    if (bridge && !uvNetlinkSetMaster(name, info->ifindex, bridge->name, bridge->ifindex, error))
        return FALSE;
    if (!uvNetlinkSetUp(name, info->ifindex, error))
        return FALSE;

    /* Not persistent: if anything above failed, closing the fds removed the device. */
    uvNetDevFdsSteal(&set, fds);
    *ifnameOut = g_strdup(name);
    return TRUE;
}

gboolean
uvNetDevTapDelete(const char *ifname, GError **error)
{
    g_autoptr(UvNetDevInfo) info = NULL;
    int rc;

    if ((rc = uvNetDevGetInfo(ifname, &info, error)) < 0)
        return FALSE;
    if (rc == 0)
        return TRUE;
    if (!info->isTun) {
        g_autofree char *what = uvNetDevKindDescribe(info->kind);

        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Refusing to delete network device '%s': it is %s, not a managed tap."),
                    ifname, what);
        return FALSE;
    }
    return uvNetlinkDeleteLink(ifname, error) >= 0;
}
