/*
 * qemu_domcheck.h: preflight checks of a domain definition against this host
 *
 * Tells a user, before they start a guest, everything on the host that would
 * stop it from starting or its networking from working: for every interface
 * the device (exists, kind, owner, up, macvtap MAC, queues, in use), the
 * device nodes (/dev/net/tun, /dev/tapN, /dev/vhost-net, /dev/kvm), the
 * emulator, kernel, initrd, loader and disk paths. Nothing is changed, and
 * no device is attached to (a queue opened on a tap or macvtap in use by a
 * running guest would steal its traffic): only facts and access rights are
 * looked at, and harmless nodes (/dev/net/tun, /dev/vhost-net, /dev/kvm)
 * opened and closed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "conf/domain_conf.h"
#include "qemu/qemu_conf.h"
#include "util/uvenum.h"

typedef enum {
    UV_QEMU_CHECK_OK = 0,
    UV_QEMU_CHECK_WARNING, /* start works, but something will not (a link down, no vhost) */
    UV_QEMU_CHECK_ERROR,   /* start would fail, or the NIC could not work */

    UV_QEMU_CHECK_LAST
} UvQemuCheckLevel;
UV_ENUM_DECL(uvQemuCheckLevel); /* "ok", "warning", "error" */

typedef struct {
    UvQemuCheckLevel level;
    char *subject; /* what was checked: "interface mytap0", "/dev/kvm", "disk vda" ... */
    char *message; /* one sentence, what was found */
    char *fix;     /* for a warning or an error: the command that fixes it, or NULL */
} UvQemuCheckResult;

void uvQemuCheckResultFree(UvQemuCheckResult *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuCheckResult, uvQemuCheckResultFree)

/*
 * Check @def against this host and append one UvQemuCheckResult per check to
 * @results (create it with g_ptr_array_new_with_free_func(
 * (GDestroyNotify)uvQemuCheckResultFree)). @cfg gives the default emulator,
 * the bridge helper and whether we have CAP_NET_ADMIN; NULL means the built-in
 * defaults and this process's own capability. Returns FALSE with @error set
 * only when checking itself failed (e.g. netlink unusable); problems found
 * are results, not errors.
 */
gboolean uvQemuDomainCheck(const UvDomainDef *def, const UvQemuDriverConfig *cfg,
                           GPtrArray *results, GError **error);

/* TRUE when @results hold an error, i.e. starting the domain would fail. */
gboolean uvQemuDomainCheckFailed(GPtrArray *results);

/*
 * The report, one line per check:
 *     ok|warning|error: SUBJECT: MESSAGE
 * and after each warning or error that has one:
 *       fix: COMMAND
 * Returns a new string (ends with a newline unless @results is empty).
 */
char *uvQemuDomainCheckFormat(GPtrArray *results);
