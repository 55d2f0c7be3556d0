/*
 * uvnetdevtap.h: standard tap devices through /dev/net/tun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "uvnetdev.h"
#include "uvnetdevops.h"

#define UV_NETDEV_TUN_PATH "/dev/net/tun"

/*
 * Open /dev/net/tun (O_RDWR | O_CLOEXEC). Returns the fd, or -1 with an error
 * that names the node, its owner and mode when it is not accessible.
 */
int uvNetDevTunOpen(GError **error);

/*
 * Attach @params->queues fds to the existing tap described by @info (kind
 * "tun", looked up by the caller). Never creates, changes or deletes the
 * device: its ownership, queue mode and packet-info setting are checked first,
 * its vnet_hdr setting is kept as it is (a warning when a virtio guest would
 * want it), and after TUNSETIFF the device must still have @info->ifindex.
 * Writes @fds only on success.
 */
gboolean uvNetDevTapOpenUnmanaged(const UvNetDevTapParams *params, const UvNetDevInfo *info,
                                  int *fds, GPtrArray *warnings, GError **error);

/* See UvNetDevOps.createManaged in uvnetdevops.h. */
gboolean uvNetDevTapCreate(const UvNetDevTapParams *params, char **ifnameOut, int *fds,
                           GError **error);

/* See UvNetDevOps.deleteManaged; refuses a device that is not a tap. */
gboolean uvNetDevTapDelete(const char *ifname, GError **error);
