/*
 * uvnetdev.c: facts about a host network device
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetdev.h"
#include "uvnetdevpriv.h"
#include "uvfile.h"
#include "uvnetlink.h"

#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

gboolean uvNetDevTestForceSysfs;

void
uvNetDevInfoFree(UvNetDevInfo *info)
{
    if (!info)
        return;
    g_free(info->name);
    g_free(info->kind);
    g_free(info);
}

gboolean
uvNetDevNameIsValid(const char *ifname)
{
    gsize len;

    if (!ifname)
        return FALSE;
    len = strlen(ifname);
    if (len < 1 || len >= IFNAMSIZ)
        return FALSE;
    if (strcmp(ifname, ".") == 0 || strcmp(ifname, "..") == 0)
        return FALSE;
    for (const char *p = ifname; *p; p++) {
        /* the kernel refuses '/' and whitespace, ':' separates an alias, and control
         * characters would make the name unusable in ip(8) */
        if (*p == '/' || *p == ':' || g_ascii_isspace(*p) || g_ascii_iscntrl(*p))
            return FALSE;
    }
    return TRUE;
}

gboolean
uvNetDevValidateName(const char *ifname, GError **error)
{
    if (!ifname || !*ifname) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG, _("A network device name is empty."));
        return FALSE;
    }
    if (strlen(ifname) >= IFNAMSIZ) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Network device name '%s' is longer than the kernel's limit of %d bytes."),
                    ifname, IFNAMSIZ - 1);
        return FALSE;
    }
    if (!uvNetDevNameIsValid(ifname)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Network device name '%s' is not valid: it must not be '.' or '..' nor "
                      "contain '/', ':', white space or control characters."),
                    ifname);
        return FALSE;
    }
    return TRUE;
}

static char *
uvNetDevSysfsRead(const char *ifname, const char *file)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/%s", ifname, file);
    char *content = NULL;

    if (!g_file_get_contents(path, &content, NULL, NULL))
        return NULL;
    return g_strstrip(content);
}

/*
 * /sys only shows the network namespace it was mounted in, which need not be
 * ours: believe it only when it reports the ifindex netlink gave us.
 */
static gboolean
uvNetDevSysfsIsOurs(const UvNetDevInfo *info, GError **error)
{
    g_autofree char *idx = uvNetDevSysfsRead(info->name, "ifindex");

    if (!idx || atoi(idx) != info->ifindex) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Network device '%s' is not visible under /sys/class/net with ifindex %d: "
                      "/sys must be mounted from this network namespace."),
                    info->name, info->ifindex);
        return FALSE;
    }
    return TRUE;
}

static gboolean
uvNetDevTunFromSysfs(UvNetDevInfo *info, GError **error)
{
    g_autofree char *flags = NULL;
    g_autofree char *owner = NULL;
    g_autofree char *group = NULL;
    guint64 f;

    if (!uvNetDevSysfsIsOurs(info, error))
        return FALSE;
    flags = uvNetDevSysfsRead(info->name, "tun_flags");
    owner = uvNetDevSysfsRead(info->name, "owner");
    group = uvNetDevSysfsRead(info->name, "group");
    if (!flags || !owner || !group) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to read the tun attributes of network device '%s' from "
                      "/sys/class/net."),
                    info->name);
        return FALSE;
    }
    f = g_ascii_strtoull(flags, NULL, 16);
    info->tun.isTap = (f & IFF_TAP) != 0;
    info->tun.multiQueue = (f & IFF_MULTI_QUEUE) != 0;
    info->tun.vnetHdr = (f & IFF_VNET_HDR) != 0;
    info->tun.persist = (f & IFF_PERSIST) != 0;
    info->tun.pi = (f & IFF_NO_PI) == 0;
    info->tun.numQueues = -1;
    info->tun.owner = g_ascii_strtoll(owner, NULL, 10);
    info->tun.group = g_ascii_strtoll(group, NULL, 10);
    return TRUE;
}

static void
uvNetDevTunFromNetlink(UvNetDevInfo *info, struct nlattr *data)
{
    struct nlattr *tb[IFLA_TUN_MAX + 1] = {0};

    nla_parse_nested(tb, IFLA_TUN_MAX, data, NULL);
    info->tun.isTap = tb[IFLA_TUN_TYPE] && nla_get_u8(tb[IFLA_TUN_TYPE]) == IFF_TAP;
    info->tun.owner = tb[IFLA_TUN_OWNER] ? (gint64)nla_get_u32(tb[IFLA_TUN_OWNER]) : -1;
    info->tun.group = tb[IFLA_TUN_GROUP] ? (gint64)nla_get_u32(tb[IFLA_TUN_GROUP]) : -1;
    info->tun.multiQueue = tb[IFLA_TUN_MULTI_QUEUE] && nla_get_u8(tb[IFLA_TUN_MULTI_QUEUE]);
    info->tun.vnetHdr = tb[IFLA_TUN_VNET_HDR] && nla_get_u8(tb[IFLA_TUN_VNET_HDR]);
    info->tun.persist = tb[IFLA_TUN_PERSIST] && nla_get_u8(tb[IFLA_TUN_PERSIST]);
    info->tun.pi = tb[IFLA_TUN_PI] && nla_get_u8(tb[IFLA_TUN_PI]);
    info->tun.numQueues = tb[IFLA_TUN_NUM_QUEUES] ? (gint)nla_get_u32(tb[IFLA_TUN_NUM_QUEUES]) : -1;
}

static gboolean
uvNetDevMacvtapFromSysfs(UvNetDevInfo *info, GError **error)
{
    g_autofree char *file = g_strdup_printf("macvtap/tap%d/dev", info->ifindex);
    g_autofree char *dev = NULL;
    guint maj, min;

    if (!uvNetDevSysfsIsOurs(info, error))
        return FALSE;
    if (!(dev = uvNetDevSysfsRead(info->name, file)) || sscanf(dev, "%u:%u", &maj, &min) != 2) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to read the character device number of macvtap '%s' from "
                      "/sys/class/net/%s/%s."),
                    info->name, info->name, file);
        return FALSE;
    }
    info->tapDev = makedev(maj, min);
    return TRUE;
}

static UvNetDevInfo *
uvNetDevParse(struct nlmsghdr *hdr, GError **error)
{
    g_autoptr(UvNetDevInfo) info = g_new0(UvNetDevInfo, 1);
    struct nlattr *tb[IFLA_MAX + 1] = {0};
    struct nlattr *li[IFLA_INFO_MAX + 1] = {0};
    struct ifinfomsg *ifi = nlmsg_data(hdr);

    if (nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_IFNAME]) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("The kernel sent a malformed answer about network device #%d."),
                    ifi->ifi_index);
        return NULL;
    }
    info->name = g_strndup(nla_data(tb[IFLA_IFNAME]), nla_len(tb[IFLA_IFNAME]));
    info->ifindex = ifi->ifi_index;
    info->up = (ifi->ifi_flags & IFF_UP) != 0;
    if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == UV_MAC_BUFLEN) {
        memcpy(info->mac.addr, nla_data(tb[IFLA_ADDRESS]), UV_MAC_BUFLEN);
        info->hasMac = TRUE;
    }
    if (tb[IFLA_MTU])
        info->mtu = nla_get_u32(tb[IFLA_MTU]);
    if (tb[IFLA_CARRIER])
        info->carrier = nla_get_u8(tb[IFLA_CARRIER]) != 0;
    if (tb[IFLA_MASTER])
        info->masterIndex = (int)nla_get_u32(tb[IFLA_MASTER]);
    if (tb[IFLA_LINKINFO] && nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0 &&
        li[IFLA_INFO_KIND])
        info->kind = g_strndup(nla_data(li[IFLA_INFO_KIND]), nla_len(li[IFLA_INFO_KIND]));

    if (g_strcmp0(info->kind, "tun") == 0) {
        info->isTun = TRUE;
        if (li[IFLA_INFO_DATA] && !uvNetDevTestForceSysfs)
            uvNetDevTunFromNetlink(info, li[IFLA_INFO_DATA]);
        else if (!uvNetDevTunFromSysfs(info, error))
            return NULL;
    } else if (g_strcmp0(info->kind, "macvtap") == 0) {
        info->isMacvtap = TRUE;
        if (!uvNetDevMacvtapFromSysfs(info, error))
            return NULL;
    }
    return g_steal_pointer(&info);
}

int
uvNetDevGetInfo(const char *ifname, UvNetDevInfo **infoOut, GError **error)
{
    g_autofree struct nlmsghdr *reply = NULL;
    UvNetDevInfo *info;
    int rc;

    if (!uvNetDevValidateName(ifname, error))
        return -1;
    if ((rc = uvNetlinkGetLink(ifname, 0, &reply, error)) <= 0)
        return rc;
    if (!(info = uvNetDevParse(reply, error)))
        return -1;
    *infoOut = info;
    return 1;
}

char *
uvNetDevNameFromIndex(int ifindex)
{
    g_autofree struct nlmsghdr *reply = NULL;
    struct nlattr *tb[IFLA_MAX + 1] = {0};

    if (ifindex <= 0 || uvNetlinkGetLink(NULL, ifindex, &reply, NULL) <= 0)
        return NULL;
    if (nlmsg_parse(reply, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_IFNAME])
        return NULL;
    return g_strndup(nla_data(tb[IFLA_IFNAME]), nla_len(tb[IFLA_IFNAME]));
}

gint
uvNetDevTunAttachedQueues(const UvNetDevInfo *info)
{
    if (!info->isTun)
        return -1;
    if (info->tun.numQueues >= 0)
        return info->tun.numQueues;
    if (!info->tun.multiQueue)
        return info->carrier ? 1 : 0;
    return -1;
}

gboolean
uvNetDevTunOwnedByUs(const UvNetDevTunInfo *tun)
{
    /* The kernel's rule: a set owner must be our euid, and a set group one of our groups. */
    if (tun->owner >= 0 && (uid_t)tun->owner != geteuid())
        return FALSE;
    if (tun->group >= 0 && (gid_t)tun->group != getegid()) {
        g_autofree gid_t *groups = NULL;
        int n = getgroups(0, NULL);

        if (n <= 0)
            return FALSE;
        groups = g_new0(gid_t, n);
        n = getgroups(n, groups);
        for (int i = 0; i < n; i++) {
            if (groups[i] == (gid_t)tun->group)
                return TRUE;
        }
        return FALSE;
    }
    return TRUE;
}

void
uvNetDevFdsClear(UvNetDevFds *set)
{
    for (guint i = 0; i < set->n; i++)
        uvCloseFdp(&set->fd[i]);
    set->n = 0;
}

void
uvNetDevFdsSteal(UvNetDevFds *set, int *out)
{
    memcpy(out, set->fd, set->n * sizeof(int));
    set->n = 0;
}

char *
uvNetDevKindDescribe(const char *kind)
{
    static const struct {
        const char *kind;
        const char *text;
    } table[] = {
        {"bridge", N_("a bridge")},
        {"veth", N_("one end of a veth pair")},
        {"macvlan", N_("a macvlan device")},
        {"ipvlan", N_("an ipvlan device")},
        {"vlan", N_("a VLAN device")},
        {"bond", N_("a bond")},
        {"dummy", N_("a dummy device")},
        {"vxlan", N_("a VXLAN device")},
        {"team", N_("a team device")},
        {"tun", N_("a tun (layer 3) device")},
        {"wireguard", N_("a WireGuard device")},
    };

    if (!kind)
        return g_strdup(_("a physical NIC or the loopback"));
    for (guint i = 0; i < G_N_ELEMENTS(table); i++) {
        if (strcmp(table[i].kind, kind) == 0)
            return g_strdup(_(table[i].text));
    }
    return g_strdup_printf(_("a '%s' device"), kind);
}
