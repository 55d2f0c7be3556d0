/*
 * qemu_interface.c: the host side of a domain's <interface>s
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_interface.h"
#include "util/uvfile.h"
#include "util/uvnetdev.h"

#include <string.h>

gboolean
uvQemuNetModelWantsVnetHdr(UvDomainNetModel model)
{
    return model == UV_DOMAIN_NET_MODEL_VIRTIO || model == UV_DOMAIN_NET_MODEL_E1000E ||
           model == UV_DOMAIN_NET_MODEL_VMXNET3;
}

void
uvQemuPreparedCloseFds(UvQemuPrepared *prep)
{
    if (!prep)
        return;
    for (guint i = 0; i < prep->nnets; i++) {
        UvQemuNetPrepared *n = &prep->nets[i];

        if (n->fdPath)
            continue; /* offline: numbers for the shell, nothing open */
        for (guint q = 0; q < n->ntapfds; q++)
            uvCloseFdp(&n->tapfds[q]);
        for (guint q = 0; q < n->nvhostfds; q++)
            uvCloseFdp(&n->vhostfds[q]);
    }
}

void
uvQemuPreparedDeleteManaged(UvQemuPrepared *prep, const UvNetDevOps *ops)
{
    if (!prep)
        return;
    for (guint i = 0; i < prep->nnets; i++) {
        UvQemuNetPrepared *n = &prep->nets[i];
        g_autoptr(GError) err = NULL;

        if (!n->managed || !n->ifname)
            continue;
        if (!ops->deleteManaged(n->ifname, &err))
            g_debug("Unable to delete tap '%s', ignoring: %s", n->ifname, err->message);
    }
}

void
uvQemuPreparedFree(UvQemuPrepared *prep)
{
    if (!prep)
        return;
    uvQemuPreparedCloseFds(prep);
    for (guint i = 0; i < prep->nnets; i++) {
        g_free(prep->nets[i].tapfds);
        g_free(prep->nets[i].vhostfds);
        g_free(prep->nets[i].ifname);
        g_free(prep->nets[i].fdPath);
    }
    g_free(prep->nets);
    g_free(prep);
}

static UvQemuPrepared *
uvQemuPreparedNew(guint nnets)
{
    UvQemuPrepared *prep = g_new0(UvQemuPrepared, 1);

    prep->nnets = nnets;
    prep->nets = g_new0(UvQemuNetPrepared, nnets);
    return prep;
}

static gboolean
uvQemuNetCheckSupported(const UvDomainNetDef *net, GError **error)
{
    switch (net->type) {
    case UV_DOMAIN_NET_TYPE_NETWORK:
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("Interface type 'network' (source network '%s') is not supported by uvirt, "
                      "which has no virtual network driver; use <interface type='ethernet'> with "
                      "<target dev='NAME' managed='no'/> on a tap created beforehand instead."),
                    net->sourceNetwork ? net->sourceNetwork : "");
        return FALSE;
    case UV_DOMAIN_NET_TYPE_DIRECT:
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("Interface type 'direct' (macvtap on '%s') is not supported by uvirt, which "
                      "does not create macvtap devices; create the macvtap beforehand and use "
                      "<interface type='ethernet'> with <target dev='NAME' managed='no'/> "
                      "instead."),
                    net->sourceDev ? net->sourceDev : "");
        return FALSE;
    case UV_DOMAIN_NET_TYPE_ETHERNET:
        if (net->managedTap == UV_TRISTATE_BOOL_NO && !net->ifname) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("An interface with <target managed='no'/> needs the name of the "
                          "pre-created device in <target dev='...'/>."));
            return FALSE;
        }
        return TRUE;
    case UV_DOMAIN_NET_TYPE_USER:
    case UV_DOMAIN_NET_TYPE_BRIDGE:
    case UV_DOMAIN_NET_TYPE_LAST:
        break;
    }
    return TRUE;
}

/* vhost-net only helps virtio; without KVM it is used only when asked for by name. */
static gboolean
uvQemuNetWantsVhost(const UvDomainDef *def, const UvDomainNetDef *net, gboolean *required)
{
    *required = net->driverName == UV_DOMAIN_NET_DRIVER_VHOST;
    if (net->model != UV_DOMAIN_NET_MODEL_VIRTIO || net->driverName == UV_DOMAIN_NET_DRIVER_QEMU)
        return FALSE;
    return *required || def->virtType == UV_DOMAIN_VIRT_KVM;
}

static gboolean
uvQemuNetUsesTap(const UvDomainNetDef *net, gboolean privileged)
{
    return net->type == UV_DOMAIN_NET_TYPE_ETHERNET ||
           (net->type == UV_DOMAIN_NET_TYPE_BRIDGE && privileged);
}

UvQemuPrepared *
uvQemuInterfacesPrepare(const UvDomainDef *def, const UvNetDevOps *ops, gboolean privileged,
                        GPtrArray *warnings, GError **error)
{
    g_autoptr(UvQemuPrepared) prep = uvQemuPreparedNew(def->nnets);

    for (guint i = 0; i < def->nnets; i++) {
        if (!uvQemuNetCheckSupported(def->nets[i], error))
            return NULL;
    }

    for (guint i = 0; i < def->nnets; i++) {
        const UvDomainNetDef *net = def->nets[i];
        UvQemuNetPrepared *n = &prep->nets[i];
        guint queues = MAX(net->queues, 1);
        gboolean vhostRequired = FALSE;
        UvNetDevTapParams params = {0};

        if (!uvQemuNetUsesTap(net, privileged))
            continue;

        params.ifname = net->ifname;
        params.guestMac = net->mac;
        params.queues = queues;
        params.vnetHdr = uvQemuNetModelWantsVnetHdr(net->model);
        params.mtu = 0; /* a pre-created device's MTU is never touched: <mtu> is host_mtu */
        params.bridge = net->type == UV_DOMAIN_NET_TYPE_BRIDGE ? net->sourceBridge : NULL;

        n->tapfds = g_new(int, queues);
        for (guint q = 0; q < queues; q++)
            n->tapfds[q] = -1;

        if (net->type == UV_DOMAIN_NET_TYPE_ETHERNET && net->managedTap == UV_TRISTATE_BOOL_NO) {
            if (!ops->openUnmanaged(&params, n->tapfds, warnings, error))
                goto error;
            n->ifname = g_strdup(net->ifname);
        } else {
            /* A name without "%d" that exists is refused by createManaged. */
            params.mtu = net->mtu;
            if (!ops->createManaged(&params, &n->ifname, n->tapfds, error))
                goto error;
            n->managed = TRUE;
        }
        n->ntapfds = queues;

        if (uvQemuNetWantsVhost(def, net, &vhostRequired)) {
            n->vhostfds = g_new(int, queues);
            for (guint q = 0; q < queues; q++)
                n->vhostfds[q] = -1;
            n->nvhostfds = queues;
            if (!ops->openVhost(queues, vhostRequired, n->vhostfds, warnings, error))
                goto error;
            if (n->vhostfds[0] < 0) {
                /* not available and not required: run without vhost */
                g_clear_pointer(&n->vhostfds, g_free);
                n->nvhostfds = 0;
            }
        }
    }
    return g_steal_pointer(&prep);

error:
    /* delete while our fds still pin the names to our devices */
    uvQemuPreparedDeleteManaged(prep, ops);
    uvQemuPreparedCloseFds(prep);
    return NULL;
}

UvQemuPrepared *
uvQemuInterfacesPrepareOffline(const UvDomainDef *def, gboolean privileged, int firstFd,
                               GError **error)
{
    g_autoptr(UvQemuPrepared) prep = uvQemuPreparedNew(def->nnets);
    int nextFd = firstFd;

    for (guint i = 0; i < def->nnets; i++) {
        if (!uvQemuNetCheckSupported(def->nets[i], error))
            return NULL;
    }

    for (guint i = 0; i < def->nnets; i++) {
        const UvDomainNetDef *net = def->nets[i];
        UvQemuNetPrepared *n = &prep->nets[i];
        g_autoptr(UvNetDevInfo) info = NULL;
        g_autoptr(GError) err = NULL;
        gboolean vhostRequired = FALSE;

        /* offline, a bridge always goes through QEMU's helper, which root can use too */
        if (net->type != UV_DOMAIN_NET_TYPE_ETHERNET)
            continue;

        n->wantVhost = uvQemuNetWantsVhost(def, net, &vhostRequired);
        n->ifname = g_strdup(net->ifname);
        if (net->type == UV_DOMAIN_NET_TYPE_ETHERNET && net->managedTap == UV_TRISTATE_BOOL_NO &&
            uvNetDevGetInfo(net->ifname, &info, &err) > 0 && info->isMacvtap) {
            /* QEMU cannot open a macvtap by name: the shell opens /dev/tapN for it. */
            guint queues = MAX(net->queues, 1);

            if (queues > 1) {
                g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                            _("The macvtap device '%s' with %u queues cannot be expressed as a "
                              "command line: each queue needs its own open file descriptor."),
                            net->ifname, queues);
                return NULL;
            }
            n->fdPath = g_strdup_printf("/dev/tap%d", info->ifindex);
            /* not open here: the number is only printed (see uvQemuPreparedCloseFds) */
            n->tapfds = g_new(int, 1);
            n->tapfds[0] = nextFd++;
            n->ntapfds = 1;
            continue;
        }
        n->byName = TRUE;
    }
    return g_steal_pointer(&prep);
}
