/*
 * uvnetlink.c: small rtnetlink helpers on top of libnl-3
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetlink.h"

#include <net/if.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <linux/rtnetlink.h>
#include <string.h>

typedef struct nl_sock UvNlSock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvNlSock, nl_socket_free)
typedef struct nl_msg UvNlMsg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvNlMsg, nlmsg_free)

/* libnl's nl_connect() creates its socket with SOCK_CLOEXEC. */
static struct nl_sock *
uvNetlinkOpen(GError **error)
{
    g_autoptr(UvNlSock) sk = nl_socket_alloc();
    int rc;

    if (!sk) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to allocate a netlink socket."));
        return NULL;
    }
    if ((rc = nl_connect(sk, NETLINK_ROUTE)) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to open a routing netlink socket: %s"), nl_geterror(rc));
        return NULL;
    }
    return g_steal_pointer(&sk);
}

static int
uvNetlinkCopyReply(struct nl_msg *msg, void *opaque)
{
    struct nlmsghdr **replyp = opaque;
    struct nlmsghdr *hdr = nlmsg_hdr(msg);

    if (hdr->nlmsg_type == RTM_NEWLINK && !*replyp)
        *replyp = g_memdup2(hdr, hdr->nlmsg_len);
    return NL_OK;
}

static struct nl_msg *
uvNetlinkLinkMsg(int type, int flags, int ifindex, unsigned int ifflags, unsigned int change)
{
    struct ifinfomsg ifi = {
        .ifi_family = AF_UNSPEC,
        .ifi_index = ifindex,
        .ifi_flags = ifflags,
        .ifi_change = change,
    };
    struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

    if (msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
        nlmsg_free(msg);
        return NULL;
    }
    return msg;
}

int
uvNetlinkGetLink(const char *ifname, int ifindex, struct nlmsghdr **replyOut, GError **error)
{
    g_autofree char *what = ifname ? g_strdup(ifname) : g_strdup_printf("#%d", ifindex);
    g_autoptr(UvNlSock) sk = NULL;
    g_autoptr(UvNlMsg) msg = NULL;
    g_autofree struct nlmsghdr *reply = NULL;
    int rc;

    if (!(sk = uvNetlinkOpen(error)))
        return -1;
    if (!(msg = uvNetlinkLinkMsg(RTM_GETLINK, 0, ifname ? 0 : ifindex, 0, 0)) ||
        (ifname && nla_put_string(msg, IFLA_IFNAME, ifname) < 0)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Unable to build a netlink request for network device '%s'."), what);
        return -1;
    }
    /* A plain GET answers with the link or an error, so no ACK is wanted. */
    nl_socket_disable_auto_ack(sk);
    nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, uvNetlinkCopyReply, &reply);
    if ((rc = nl_send_auto(sk, msg)) >= 0)
        rc = nl_recvmsgs_default(sk);
    if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND)
        return 0;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to query network device '%s' over netlink: %s"), what,
                    nl_geterror(rc));
        return -1;
    }
    if (!reply) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("The kernel sent no answer about network device '%s'."), what);
        return -1;
    }
    *replyOut = g_steal_pointer(&reply);
    return 1;
}

/* Send @msg and wait for the kernel's acknowledgement; returns 0 or -NLE_*. */
static int
uvNetlinkTalk(struct nl_msg *msg, GError **error)
{
    g_autoptr(UvNlSock) sk = NULL;

    if (!(sk = uvNetlinkOpen(error))) {
        nlmsg_free(msg);
        return 1;
    }
    return nl_send_sync(sk, msg); /* frees msg */
}

#define UV_NETLINK_BUILD_FAILED(ifname)                                                            \
 g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,                                                   \
             _("Unable to build a netlink request for network device '%s'."), ifname)

gboolean
uvNetlinkSetMac(const char *ifname, int ifindex, const UvMacAddr *mac, GError **error)
{
    struct nl_msg *msg = uvNetlinkLinkMsg(RTM_NEWLINK, 0, ifindex, 0, 0);
    char macstr[UV_MAC_STRING_BUFLEN];
    int rc;

    if (!msg || nla_put(msg, IFLA_ADDRESS, UV_MAC_BUFLEN, mac->addr) < 0) {
        nlmsg_free(msg);
        UV_NETLINK_BUILD_FAILED(ifname);
        return FALSE;
    }
    if ((rc = uvNetlinkTalk(msg, error)) > 0)
        return FALSE;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to set the MAC address of network device '%s' to %s: %s"), ifname,
                    uvMacAddrFormat(mac, macstr), nl_geterror(rc));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvNetlinkSetMtu(const char *ifname, int ifindex, guint mtu, GError **error)
{
    struct nl_msg *msg = uvNetlinkLinkMsg(RTM_NEWLINK, 0, ifindex, 0, 0);
    int rc;

    if (!msg || nla_put_u32(msg, IFLA_MTU, mtu) < 0) {
        nlmsg_free(msg);
        UV_NETLINK_BUILD_FAILED(ifname);
        return FALSE;
    }
    if ((rc = uvNetlinkTalk(msg, error)) > 0)
        return FALSE;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to set the MTU of network device '%s' to %u: %s"), ifname, mtu,
                    nl_geterror(rc));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvNetlinkSetMaster(const char *ifname, int ifindex, const char *master, int masterIndex,
                   GError **error)
{
    struct nl_msg *msg = uvNetlinkLinkMsg(RTM_NEWLINK, 0, ifindex, 0, 0);
    int rc;

    if (!msg || nla_put_u32(msg, IFLA_MASTER, (guint32)masterIndex) < 0) {
        nlmsg_free(msg);
        UV_NETLINK_BUILD_FAILED(ifname);
        return FALSE;
    }
    if ((rc = uvNetlinkTalk(msg, error)) > 0)
        return FALSE;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to attach network device '%s' to bridge '%s': %s"), ifname, master,
                    nl_geterror(rc));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvNetlinkSetUp(const char *ifname, int ifindex, GError **error)
{
    struct nl_msg *msg = uvNetlinkLinkMsg(RTM_NEWLINK, 0, ifindex, IFF_UP, IFF_UP);
    int rc;

    if (!msg) {
        UV_NETLINK_BUILD_FAILED(ifname);
        return FALSE;
    }
    if ((rc = uvNetlinkTalk(msg, error)) > 0)
        return FALSE;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to bring network device '%s' up: %s"), ifname, nl_geterror(rc));
        return FALSE;
    }
    return TRUE;
}

int
uvNetlinkDeleteLink(const char *ifname, GError **error)
{
    struct nl_msg *msg = uvNetlinkLinkMsg(RTM_DELLINK, 0, 0, 0, 0);
    int rc;

    if (!msg || nla_put_string(msg, IFLA_IFNAME, ifname) < 0) {
        nlmsg_free(msg);
        UV_NETLINK_BUILD_FAILED(ifname);
        return -1;
    }
    if ((rc = uvNetlinkTalk(msg, error)) > 0)
        return -1;
    if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND)
        return 0;
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to delete network device '%s': %s"),
                    ifname, nl_geterror(rc));
        return -1;
    }
    return 1;
}
