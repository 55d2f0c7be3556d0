/*
 * uvnetdevvhost.h: /dev/vhost-net for virtio NICs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#define UV_NETDEV_VHOST_PATH "/dev/vhost-net"

/* See UvNetDevOps.openVhost in uvnetdevops.h. */
gboolean uvNetDevVhostOpen(guint queues, gboolean required, int *vhostfds, GPtrArray *warnings,
                           GError **error);
