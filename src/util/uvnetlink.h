/*
 * uvnetlink.h: small rtnetlink helpers on top of libnl-3
 *
 * Each call opens its own NETLINK_ROUTE socket (close-on-exec) in the
 * caller's network namespace and closes it before returning.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <linux/netlink.h>

#include "uvmacaddr.h"

/*
 * Ask the kernel for the link named @ifname, or when @ifname is NULL the one
 * with index @ifindex (RTM_GETLINK). Returns 1 and a
 * copy of the RTM_NEWLINK reply in *@replyOut (g_free() it), 0 when there is
 * no such device (*@replyOut untouched), -1 with @error set on failure.
 */
int uvNetlinkGetLink(const char *ifname, int ifindex, struct nlmsghdr **replyOut, GError **error);

/*
 * Change one property of the link @ifindex (named @ifname in messages). Each
 * sets a UV_ERROR_SYSTEM error naming the device, the value and the kernel's
 * reason.
 */
gboolean uvNetlinkSetMac(const char *ifname, int ifindex, const UvMacAddr *mac, GError **error);
gboolean uvNetlinkSetMtu(const char *ifname, int ifindex, guint mtu, GError **error);
gboolean uvNetlinkSetMaster(const char *ifname, int ifindex, const char *master, int masterIndex,
                            GError **error);
gboolean uvNetlinkSetUp(const char *ifname, int ifindex, GError **error);

/*
 * Delete the link @ifname (RTM_DELLINK). Returns 1 when deleted, 0 when it
 * did not exist, -1 with @error set on failure.
 */
int uvNetlinkDeleteLink(const char *ifname, GError **error);
