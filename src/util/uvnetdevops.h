/*
 * uvnetdevops.h: the operations the QEMU driver uses on host network devices
 *
 * The driver never calls the netdev functions directly: it goes through a
 * UvNetDevOps table, so the argv fixture tests can substitute a fake table
 * (fds 3, 4, ... for taps, 44, 45, ... for vhost) with no kernel involved.
 * uvNetDevOpsReal is the table that talks to the kernel.
 *
 * Common rules for every entry:
 *  - fds handed out are O_CLOEXEC and owned by the caller from then on;
 *  - output parameters (fds arrays, names) are written only when the call
 *    returns TRUE; on FALSE nothing was handed out and nothing leaked;
 *  - errors are set in the UV_ERROR domain (UV_ERROR_DEVICE for a missing or
 *    unsuitable device, UV_ERROR_PERMISSION for access denied, UV_ERROR_SYSTEM
 *    for an unexpected system call failure, UV_ERROR_INVALID_ARG for bad
 *    parameters), as one sentence that names the device, what is wrong and the
 *    command that fixes it;
 *  - warnings (may be NULL to drop them) receive g_strdup'ed whole sentences
 *    for non-fatal findings; the caller owns the array (use
 *    g_ptr_array_new_with_free_func(g_free)).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "uvmacaddr.h"

/* The most queues (fds) one interface may ask for. */
#ifndef UV_NETDEV_MAX_QUEUES
# define UV_NETDEV_MAX_QUEUES 256
#endif

typedef struct {
    /* managed: NULL (first free "vnet%d") or a name, which may contain one "%d";
     * unmanaged: required, the name of the pre-created device */
    const char *ifname;
    UvMacAddr guestMac; /* the guest's <mac address=...> */
    guint queues;       /* number of fds wanted, 1 .. UV_NETDEV_MAX_QUEUES */
    gboolean vnetHdr;   /* request IFF_VNET_HDR (virtio model), when the kernel has it */
    guint mtu;          /* managed only: MTU to set, 0 = leave the kernel's default */
    const char *bridge; /* managed only: attach the new tap to this bridge, or NULL */
} UvNetDevTapParams;

typedef struct _UvNetDevOps {
    /*
     * Open the pre-created tap or macvtap @params->ifname (managed='no') and
     * write @params->queues fds into @fds. The device's kind decides the path
     * (tap: /dev/net/tun + TUNSETIFF; macvtap: /dev/tapIFINDEX). The device is
     * never created, reconfigured or deleted, on any path. Refused with an
     * error: missing device, another kind, a tap owned by another uid/gid, a
     * macvtap whose MAC differs from @params->guestMac, a queue count the
     * device cannot give, an inaccessible device node, a /dev/tapN node of
     * another network namespace's device. Warnings: a device that is down; a
     * tap without vnet_hdr for @params->vnetHdr (a tap keeps the vnet_hdr and
     * multi_queue it was created with, since TUNSETIFF would rewrite them in
     * the device; a multi_queue tap may be opened with one queue).
     */
    gboolean (*openUnmanaged)(const UvNetDevTapParams *params, int *fds, GPtrArray *warnings,
                              GError **error);

    /*
     * Create a managed tap (managed='yes', needs CAP_NET_ADMIN): the given
     * name (refused if it exists) or the first free one of the pattern; host
     * MAC = guest MAC with the first byte 0xFE; MTU if asked; up; attached to
     * @params->bridge if set. Not persistent: it vanishes when the last fd
     * closes. On success writes @params->queues fds into @fds and the name it
     * got into *@ifnameOut (caller g_free()s). On failure nothing is left
     * behind. Without CAP_NET_ADMIN the error (UV_ERROR_PERMISSION) explains
     * managed='no' with a pre-created device.
     */
    gboolean (*createManaged)(const UvNetDevTapParams *params, char **ifnameOut, int *fds,
                              GError **error);

    /*
     * Delete a tap created by createManaged(). Only for managed devices:
     * callers must never pass an unmanaged name. A device that no longer
     * exists is success (it goes away with its last fd).
     */
    gboolean (*deleteManaged)(const char *ifname, GError **error);

    /*
     * Open /dev/vhost-net @queues times into @vhostfds. When it cannot be
     * opened: if @required (<driver name='vhost'/>) an error; otherwise TRUE
     * with every @vhostfds[i] set to -1 and a warning appended to @warnings
     * (QEMU then runs the NIC without vhost).
     */
    gboolean (*openVhost)(guint queues, gboolean required, int *vhostfds, GPtrArray *warnings,
                          GError **error);
} UvNetDevOps;

/* The table that talks to the kernel (src/util/uvnetdevops.c). */
extern const UvNetDevOps uvNetDevOpsReal;
