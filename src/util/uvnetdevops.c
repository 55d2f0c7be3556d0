/*
 * uvnetdevops.c: the real UvNetDevOps table, and the checks common to taps
 * and macvtaps
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvnetdevops.h"
#include "uvnetdev.h"
#include "uvnetdevmacvtap.h"
#include "uvnetdevtap.h"
#include "uvnetdevvhost.h"

#include <unistd.h>

static gboolean
uvNetDevOpenUnmanaged(const UvNetDevTapParams *params, int *fds, GPtrArray *warnings,
                      GError **error)
{
    g_autoptr(UvNetDevInfo) info = NULL;
    char mac[UV_MAC_STRING_BUFLEN];
    gboolean ok;
    int rc;

    if (!params->ifname) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("An interface with managed='no' needs <target dev='NAME'/> naming the "
                      "pre-created device."));
        return FALSE;
    }
    if (params->queues < 1 || params->queues > UV_NETDEV_MAX_QUEUES) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Network device '%s' can be opened with 1 to %d queues, not %u."),
                    params->ifname, UV_NETDEV_MAX_QUEUES, params->queues);
        return FALSE;
    }
    if ((rc = uvNetDevGetInfo(params->ifname, &info, error)) < 0)
        return FALSE;
    if (rc == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Network device '%s' does not exist in this network namespace; with "
                      "managed='no' it must be created beforehand, as root: 'ip tuntap add mode "
                      "tap user %u group %u name %s%s && ip link set %s up', or for a macvtap "
                      "'ip link add link PARENT name %s address %s type macvtap mode bridge && "
                      "ip link set %s up'."),
                    params->ifname, (guint)geteuid(), (guint)getegid(), params->ifname,
                    params->queues > 1 ? " multi_queue" : "", params->ifname, params->ifname,
                    uvMacAddrFormat(&params->guestMac, mac), params->ifname);
        return FALSE;
    }

    if (info->isTun) {
        ok = uvNetDevTapOpenUnmanaged(params, info, fds, warnings, error);
    } else if (info->isMacvtap) {
        ok = uvNetDevMacvtapOpen(params, info, fds, warnings, error);
    } else if (g_strcmp0(info->kind, "bridge") == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Network device '%s' is a bridge, not a tap or macvtap; give the guest a "
                      "tap on that bridge, as root: 'ip tuntap add mode tap user %u group %u name "
                      "NAME && ip link set NAME master %s up', and name NAME in <target dev>."),
                    info->name, (guint)geteuid(), (guint)getegid(), info->name);
        return FALSE;
    } else {
        g_autofree char *what = uvNetDevKindDescribe(info->kind);

        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE,
                    _("Network device '%s' is %s, not a tap or macvtap, so it cannot back a guest "
                      "NIC with managed='no'; create a tap for the guest, as root: 'ip tuntap add "
                      "mode tap user %u group %u name NAME && ip link set NAME up', and name NAME "
                      "in <target dev>."),
                    info->name, what, (guint)geteuid(), (guint)getegid());
        return FALSE;
    }
    if (ok && !info->up && warnings) {
        g_ptr_array_add(warnings, g_strdup_printf(_("Network device '%s' is down, so the guest "
                                                    "has no link until it is brought up with "
                                                    "'ip link set %s up'."),
                                                  info->name, info->name));
    }
    return ok;
}

const UvNetDevOps uvNetDevOpsReal = {
    .openUnmanaged = uvNetDevOpenUnmanaged,
    .createManaged = uvNetDevTapCreate,
    .deleteManaged = uvNetDevTapDelete,
    .openVhost = uvNetDevVhostOpen,
};
