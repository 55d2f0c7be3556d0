/*
 * qemu_interface.h: the host side of a domain's <interface>s, prepared
 * before QEMU starts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every host device is reached through a UvNetDevOps table, so the argv
 * tests run this code with a fake table and no kernel.
 */
#pragma once

#include <glib.h>

#include "conf/domain_conf.h"
#include "util/uvnetdevops.h"

/* What QEMU gets for one <interface>. */
typedef struct {
    int *tapfds; /* one per queue; ntapfds == 0: QEMU needs no fd (user, bridge helper, byName) */
    guint ntapfds;
    int *
        vhostfds; /* one per queue, -1 where vhost-net could not be opened; nvhostfds == 0: no vhost */
    guint nvhostfds;
    char *ifname;       /* the host device used: the pre-created one or the tap we created */
    gboolean managed;   /* @ifname was created by this start and is deleted at stop */
    gboolean byName;    /* offline (domxml-to-native): QEMU opens @ifname itself */
    gboolean wantVhost; /* offline: let QEMU open /dev/vhost-net itself */
    char *fdPath; /* offline: the node the shell must open for @tapfds (a macvtap's /dev/tapN) */
} UvQemuNetPrepared;

typedef struct {
    UvQemuNetPrepared *nets; /* one per def->nets[i] */
    guint nnets;
} UvQemuPrepared;

/*
 * Open or create what each interface of @def needs, through @ops:
 *  ethernet managed='no'  ops->openUnmanaged (tap or macvtap, never changed)
 *  ethernet managed       ops->createManaged (needs CAP_NET_ADMIN)
 *  bridge                 privileged: a managed tap on the bridge; else QEMU's bridge helper
 *  user                   nothing
 *  network, direct        refused (UV_ERROR_NO_SUPPORT), naming the alternative
 * plus ops->openVhost for virtio NICs that want vhost-net. Non-fatal findings
 * go to @warnings (may be NULL). On failure every fd opened here is closed and
 * every tap created here deleted before returning.
 */
UvQemuPrepared *uvQemuInterfacesPrepare(const UvDomainDef *def, const UvNetDevOps *ops,
                                        gboolean privileged, GPtrArray *warnings, GError **error);

/*
 * The same without touching any device, for domxml-to-native: pre-created
 * taps and managed taps are named for QEMU to open; a pre-created macvtap gets
 * fd numbers from @firstFd on and the /dev/tapN path for the shell to open.
 */
UvQemuPrepared *uvQemuInterfacesPrepareOffline(const UvDomainDef *def, gboolean privileged,
                                               int firstFd, GError **error);

/* Close every fd still held by @prep (after handing them to QEMU or on failure). */
void uvQemuPreparedCloseFds(UvQemuPrepared *prep);

/* Delete the taps this start created (on failure), through @ops; errors are ignored. */
void uvQemuPreparedDeleteManaged(UvQemuPrepared *prep, const UvNetDevOps *ops);

/* Close the fds and free @prep (created taps are NOT deleted: see above). */
void uvQemuPreparedFree(UvQemuPrepared *prep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuPrepared, uvQemuPreparedFree)

/* Does model @model get IFF_VNET_HDR (virtio, e1000e, vmxnet3)? */
gboolean uvQemuNetModelWantsVnetHdr(UvDomainNetModel model);
