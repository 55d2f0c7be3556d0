/*
 * qemu_domcheck.c: preflight checks of a domain definition against this host
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu/qemu_domcheck.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_interface.h"
#include "util/uvfile.h"
#include "util/uvnetdev.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

UV_ENUM_IMPL(uvQemuCheckLevel, UV_QEMU_CHECK_LAST, "ok", "warning", "error");

void
uvQemuCheckResultFree(UvQemuCheckResult *res)
{
    if (!res)
        return;
    g_free(res->subject);
    g_free(res->message);
    g_free(res->fix);
    g_free(res);
}

/* Append a result; @fix is taken over (may be NULL). */
static void G_GNUC_PRINTF(5, 6) uvCheckAdd(GPtrArray *results, UvQemuCheckLevel level,
                                           const char *subject, char *fix, const char *fmt, ...)
{
    UvQemuCheckResult *res = g_new0(UvQemuCheckResult, 1);
    va_list ap;

    va_start(ap, fmt);
    res->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    res->level = level;
    res->subject = g_strdup(subject);
    res->fix = fix;
    g_ptr_array_add(results, res);
}

typedef struct {
    GPtrArray *results;
    const UvDomainDef *def;
    gboolean privileged;
    const char *bridgeHelper;
    guint uid;
    guint gid;
    gboolean tunChecked;
    gboolean vhostChecked;
} UvCheckCtx;

/* "uid 0 gid 0 mode 0600" of @sb, for messages. */
static char *
uvCheckNodeOwner(const struct stat *sb)
{
    return g_strdup_printf("uid %u gid %u mode %04o", (guint)sb->st_uid, (guint)sb->st_gid,
                           (guint)(sb->st_mode & 07777));
}

/*
 * Open a node that is harmless to open (no queue is created) and close it.
 * Returns TRUE when usable; otherwise adds a result at @failLevel.
 */
static gboolean
uvCheckOpenNode(UvCheckCtx *ctx, const char *path, UvQemuCheckLevel failLevel, const char *what,
                const char *fixMissing)
{
    UV_AUTOCLOSE int fd = open(path, O_RDWR | O_CLOEXEC);
    int err = errno;
    struct stat sb;

    if (fd >= 0) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, path, NULL, _("%s is usable."), what);
        return TRUE;
    }
    if ((err == EACCES || err == EPERM) && stat(path, &sb) == 0) {
        g_autofree char *owner = uvCheckNodeOwner(&sb);

        uvCheckAdd(ctx->results, failLevel, path, g_strdup_printf("chmod 0666 %s", path),
                   _("%s cannot be opened by uid %u: the node has %s."), what, ctx->uid, owner);
    } else if (err == ENOENT || err == ENODEV || err == ENXIO) {
        uvCheckAdd(ctx->results, failLevel, path, g_strdup(fixMissing),
                   _("%s is not available on this host (%s)."), what, g_strerror(err));
    } else {
        uvCheckAdd(ctx->results, failLevel, path, NULL, _("%s cannot be opened: %s."), what,
                   g_strerror(err));
    }
    return FALSE;
}

static void
uvCheckTunNode(UvCheckCtx *ctx)
{
    if (ctx->tunChecked)
        return;
    ctx->tunChecked = TRUE;
    uvCheckOpenNode(ctx, "/dev/net/tun", UV_QEMU_CHECK_ERROR, _("The tun/tap control node"),
                    "modprobe tun");
}

static char *
uvCheckTapCommand(UvCheckCtx *ctx, const char *name, gboolean multiQueue, gboolean vnetHdr)
{
    return g_strdup_printf("ip tuntap add mode tap user %u group %u name %s%s%s", ctx->uid,
                           ctx->gid, name, multiQueue ? " multi_queue" : "",
                           vnetHdr ? " vnet_hdr" : "");
}

/* The checks of a pre-created tap (kind "tun"). */
static void
uvCheckUnmanagedTap(UvCheckCtx *ctx, const UvDomainNetDef *net, const UvNetDevInfo *info,
                    const char *subject)
{
    const UvNetDevTunInfo *tun = &info->tun;
    guint queues = MAX(net->queues, 1);
    gboolean wantHdr = uvQemuNetModelWantsVnetHdr(net->model);
    gint attached;
    g_autofree char *recreate =
        uvCheckTapCommand(ctx, info->name, queues > 1 || tun->multiQueue, tun->vnetHdr || wantHdr);
    g_autofree char *delAdd =
        g_strdup_printf("ip tuntap del mode tap name %s && %s", info->name, recreate);

    if (!tun->isTap) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("ip tuntap del mode tun name %s && %s", info->name, recreate),
                   _("'%s' is a tun (layer 3) device; a guest NIC needs a tap (layer 2)."),
                   info->name);
        return;
    }
    uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL, _("'%s' is a tap device."),
               info->name);

    if (uvNetDevTunOwnedByUs(tun)) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                   _("'%s' may be opened by uid %u gid %u."), info->name, ctx->uid, ctx->gid);
    } else {
        g_autofree char *owner = tun->owner >= 0 ? g_strdup_printf("%" G_GINT64_FORMAT, tun->owner)
                                                 : g_strdup(_("(unset)"));
        g_autofree char *group = tun->group >= 0 ? g_strdup_printf("%" G_GINT64_FORMAT, tun->group)
                                                 : g_strdup(_("(unset)"));

        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, g_strdup(delAdd),
                   _("'%s' belongs to uid %s gid %s, not to uid %u gid %u."), info->name, owner,
                   group, ctx->uid, ctx->gid);
    }

    if (tun->pi)
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, g_strdup(delAdd),
                   _("'%s' was created with 'pi', which a guest NIC cannot use."), info->name);

    if (queues > 1 && !tun->multiQueue) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, g_strdup(delAdd),
                   _("'%s' is a single-queue tap, but the interface asks for %u queues."),
                   info->name, queues);
    } else {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                   tun->multiQueue ? _("'%s' is a multi_queue tap and can give %u queue(s).")
                                   : _("'%s' is a single-queue tap and %u queue is asked for."),
                   info->name, queues);
    }

    attached = uvNetDevTunAttachedQueues(info);
    if (attached > 0 && !tun->multiQueue) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, NULL,
                   _("'%s' is already in use by another process (a single-queue tap takes one "
                     "user); stop that process or give this guest its own tap."),
                   info->name);
    } else if (attached > 0) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_WARNING, subject, NULL,
                   _("'%s' already has %d queue(s) attached by another process, which would share "
                     "the guest's traffic; give each guest its own tap."),
                   info->name, attached);
    }

    if (wantHdr && !tun->vnetHdr)
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_WARNING, subject, g_strdup(delAdd),
                   _("'%s' was created without vnet_hdr, so the %s NIC runs without checksum "
                     "and segmentation offloads."),
                   info->name, uvDomainNetModelTypeToString(net->model));
    uvCheckTunNode(ctx);
}

/* The checks of a pre-created macvtap. */
static void
uvCheckUnmanagedMacvtap(UvCheckCtx *ctx, const UvDomainNetDef *net, const UvNetDevInfo *info,
                        const char *subject)
{
    g_autofree char *path = g_strdup_printf("/dev/tap%d", info->ifindex);
    char guest[UV_MAC_STRING_BUFLEN], dev[UV_MAC_STRING_BUFLEN];
    struct stat sb;

    uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL, _("'%s' is a macvtap device."),
               info->name);
    uvMacAddrFormat(&net->mac, guest);
    uvMacAddrFormat(&info->mac, dev);
    if (info->hasMac && uvMacAddrEqual(&info->mac, &net->mac))
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                   _("'%s' has the guest's MAC address %s."), info->name, guest);
    else
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("ip link set %s address %s", info->name, guest),
                   _("'%s' has MAC address %s but the guest NIC has %s, so the guest would "
                     "receive nothing (or set <mac address='%s'/>)."),
                   info->name, dev, guest, dev);

    /* access(), not open(): opening the node adds a queue that would take traffic. */
    if (stat(path, &sb) < 0) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, path,
                   g_strdup_printf("mknod %s c %u %u && chown %u:%u %s", path, major(info->tapDev),
                                   minor(info->tapDev), ctx->uid, ctx->gid, path),
                   _("The node of macvtap '%s' does not exist."), info->name);
    } else if (!S_ISCHR(sb.st_mode) || sb.st_rdev != info->tapDev) {
        uvCheckAdd(
            ctx->results, UV_QEMU_CHECK_ERROR, path,
            g_strdup_printf("ip link add link PARENT name %s index N type macvtap", info->name),
            _("The node is device %u:%u, but macvtap '%s' of this network namespace is "
              "%u:%u: it belongs to another namespace's device; give the macvtap an "
              "ifindex no other namespace uses."),
            major(sb.st_rdev), minor(sb.st_rdev), info->name, major(info->tapDev),
            minor(info->tapDev));
    } else if (faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) < 0) {
        g_autofree char *owner = uvCheckNodeOwner(&sb);

        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, path,
                   g_strdup_printf("chown %u:%u %s", ctx->uid, ctx->gid, path),
                   _("The node of macvtap '%s' cannot be opened by uid %u: it has %s."), info->name,
                   ctx->uid, owner);
    } else {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, path, NULL,
                   _("The node of macvtap '%s' is its device and may be opened."), info->name);
    }
}

static void
uvCheckVhost(UvCheckCtx *ctx, const UvDomainNetDef *net)
{
    gboolean required = net->driverName == UV_DOMAIN_NET_DRIVER_VHOST;

    if (net->model != UV_DOMAIN_NET_MODEL_VIRTIO || net->driverName == UV_DOMAIN_NET_DRIVER_QEMU)
        return;
    if (!required && ctx->def->virtType != UV_DOMAIN_VIRT_KVM)
        return;
    if (ctx->vhostChecked && !required)
        return;
    ctx->vhostChecked = TRUE;
    uvCheckOpenNode(ctx, "/dev/vhost-net", required ? UV_QEMU_CHECK_ERROR : UV_QEMU_CHECK_WARNING,
                    _("The vhost-net accelerator"), "modprobe vhost_net");
}

static gboolean
uvCheckInterface(UvCheckCtx *ctx, const UvDomainNetDef *net, guint idx, GError **error)
{
    g_autoptr(UvNetDevInfo) info = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *subject = NULL;
    char mac[UV_MAC_STRING_BUFLEN];
    const char *ifname = net->ifname;
    int rc;

    uvMacAddrFormat(&net->mac, mac);
    subject = ifname ? g_strdup_printf("interface %s", ifname)
                     : g_strdup_printf("interface %u (%s)", idx, mac);

    switch (net->type) {
    case UV_DOMAIN_NET_TYPE_USER:
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                   _("User-mode networking needs nothing from the host."));
        return TRUE;
    case UV_DOMAIN_NET_TYPE_NETWORK:
    case UV_DOMAIN_NET_TYPE_DIRECT:
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("ip tuntap add mode tap user %u group %u name NAME && ip link "
                                   "set NAME up",
                                   ctx->uid, ctx->gid),
                   _("Interface type '%s' is not supported by uvirt; use <interface "
                     "type='ethernet'> with <target dev='NAME' managed='no'/> on a device "
                     "created beforehand."),
                   uvDomainNetTypeToString(net->type));
        return TRUE;
    case UV_DOMAIN_NET_TYPE_BRIDGE: {
        g_autoptr(UvNetDevInfo) br = NULL;

        if ((rc = uvNetDevGetInfo(net->sourceBridge, &br, error)) < 0)
            return FALSE;
        if (rc == 0 || g_strcmp0(br->kind, "bridge") != 0) {
            uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                       rc == 0 ? g_strdup_printf("ip link add %s type bridge && ip link set %s up",
                                                 net->sourceBridge, net->sourceBridge)
                               : NULL,
                       rc == 0 ? _("Bridge '%s' does not exist.") : _("'%s' is not a bridge."),
                       net->sourceBridge);
            return TRUE;
        }
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL, _("Bridge '%s' exists."),
                   net->sourceBridge);
        if (ctx->privileged) {
            uvCheckTunNode(ctx);
            uvCheckVhost(ctx, net);
        } else if (access(ctx->bridgeHelper, X_OK) < 0) {
            uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                       g_strdup("apt-get install qemu-system-common"),
                       _("Without CAP_NET_ADMIN a bridge is joined through QEMU's helper '%s', "
                         "which is not installed."),
                       ctx->bridgeHelper);
        } else {
            uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                       _("Without CAP_NET_ADMIN the bridge is joined through QEMU's helper '%s' "
                         "(it must be setuid root and allow the bridge in "
                         "/etc/qemu/bridge.conf)."),
                       ctx->bridgeHelper);
        }
        return TRUE;
    }
    case UV_DOMAIN_NET_TYPE_ETHERNET:
    case UV_DOMAIN_NET_TYPE_LAST:
        break;
    }

    if (net->managedTap != UV_TRISTATE_BOOL_NO) {
        if (!ctx->privileged)
            uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                       g_strdup_printf("ip tuntap add mode tap user %u group %u name NAME && ip "
                                       "link set NAME up",
                                       ctx->uid, ctx->gid),
                       _("Creating a tap needs CAP_NET_ADMIN, which uid %u lacks; use <target "
                         "dev='NAME' managed='no'/> on a tap root created beforehand."),
                       ctx->uid);
        if (ifname && !strstr(ifname, "%d")) {
            if ((rc = uvNetDevGetInfo(ifname, &info, error)) < 0)
                return FALSE;
            if (rc > 0)
                uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, NULL,
                           _("'%s' already exists, and a managed tap must be new; pick another "
                             "<target dev>, or use managed='no' to open it as it is."),
                           ifname);
        }
        if (ctx->privileged)
            uvCheckTunNode(ctx);
        uvCheckVhost(ctx, net);
        return TRUE;
    }

    if (!ifname) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, NULL,
                   _("managed='no' needs <target dev='NAME'/> naming the pre-created device."));
        return TRUE;
    }
    if ((rc = uvNetDevGetInfo(ifname, &info, &err)) < 0) {
        if (!g_error_matches(err, UV_ERROR, UV_ERROR_INVALID_ARG)) {
            g_propagate_error(error, g_steal_pointer(&err));
            return FALSE;
        }
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, NULL, "%s", err->message);
        return TRUE;
    }
    if (rc == 0) {
        g_autofree char *tap = uvCheckTapCommand(ctx, ifname, net->queues > 1, FALSE);

        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("%s && ip link set %s up", tap, ifname),
                   _("'%s' does not exist in this network namespace (for a macvtap: 'ip link "
                     "add link PARENT name %s address %s type macvtap mode bridge')."),
                   ifname, ifname, mac);
        return TRUE;
    }
    uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL, _("'%s' exists (ifindex %d)."),
               ifname, info->ifindex);

    if (info->isTun) {
        uvCheckUnmanagedTap(ctx, net, info, subject);
    } else if (info->isMacvtap) {
        uvCheckUnmanagedMacvtap(ctx, net, info, subject);
    } else {
        g_autofree char *what = uvNetDevKindDescribe(info->kind);

        g_autofree char *master =
            g_strcmp0(info->kind, "bridge") == 0 ? g_strdup_printf(" master %s", ifname) : NULL;

        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("ip tuntap add mode tap user %u group %u name NAME && ip link "
                                   "set NAME%s up",
                                   ctx->uid, ctx->gid, master ? master : ""),
                   _("'%s' is %s, not a tap or macvtap."), ifname, what);
        return TRUE;
    }

    if (info->up)
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL, _("'%s' is up."), ifname);
    else
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_WARNING, subject,
                   g_strdup_printf("ip link set %s up", ifname),
                   _("'%s' is down, so the guest has no link until it is brought up."), ifname);
    uvCheckVhost(ctx, net);
    return TRUE;
}

/* A file the emulator must read (and write unless @readonly). */
static void
uvCheckPath(UvCheckCtx *ctx, const char *subject, const char *path, gboolean readonly)
{
    struct stat sb;
    int mode = readonly ? R_OK : R_OK | W_OK;

    if (stat(path, &sb) < 0) {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject, NULL, _("'%s' does not exist (%s)."),
                   path, g_strerror(errno));
    } else if (faccessat(AT_FDCWD, path, mode, AT_EACCESS) < 0) {
        g_autofree char *owner = uvCheckNodeOwner(&sb);

        uvCheckAdd(ctx->results, UV_QEMU_CHECK_ERROR, subject,
                   g_strdup_printf("chown %u:%u %s", ctx->uid, ctx->gid, path),
                   readonly ? _("'%s' cannot be read by uid %u: it has %s.")
                            : _("'%s' cannot be read and written by uid %u: it has %s."),
                   path, ctx->uid, owner);
    } else {
        uvCheckAdd(ctx->results, UV_QEMU_CHECK_OK, subject, NULL,
                   readonly ? _("'%s' is readable.") : _("'%s' is readable and writable."), path);
    }
}

gboolean
uvQemuDomainCheck(const UvDomainDef *def, const UvQemuDriverConfig *cfg, GPtrArray *results,
                  GError **error)
{
    UvCheckCtx ctx = {
        .results = results,
        .def = def,
        .privileged = cfg ? cfg->privileged : uvQemuHasNetAdmin(),
        .bridgeHelper =
            cfg && cfg->bridgeHelper ? cfg->bridgeHelper : "/usr/lib/qemu/qemu-bridge-helper",
        .uid = (guint)geteuid(),
        .gid = (guint)getegid(),
    };
    const char *emulator = def->emulator          ? def->emulator
                           : cfg && cfg->emulator ? cfg->emulator
                                                  : QEMU_BINARY;

    if (access(emulator, X_OK) == 0)
        uvCheckAdd(results, UV_QEMU_CHECK_OK, "emulator", NULL, _("'%s' is executable."), emulator);
    else
        uvCheckAdd(results, UV_QEMU_CHECK_ERROR, "emulator",
                   def->emulator ? NULL : g_strdup("apt-get install qemu-system-x86"),
                   _("'%s' cannot be executed (%s)."), emulator, g_strerror(errno));

    {
        g_autoptr(GError) lifecycle = NULL;

        /* only a refusal is worth a line: the defaults need no saying */
        if (!uvQemuCheckLifecycle(def, &lifecycle))
            uvCheckAdd(results, UV_QEMU_CHECK_ERROR, "lifecycle", NULL, "%s", lifecycle->message);
    }

    if (def->virtType == UV_DOMAIN_VIRT_KVM) {
        UV_AUTOCLOSE int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
        int err = errno;
        struct stat sb;

        if (fd >= 0) {
            uvCheckAdd(results, UV_QEMU_CHECK_OK, "/dev/kvm", NULL, _("KVM is usable."));
        } else if ((err == EACCES || err == EPERM) && stat("/dev/kvm", &sb) == 0) {
            g_autofree char *owner = uvCheckNodeOwner(&sb);
            struct group grbuf, *gr = NULL;
            struct passwd pwbuf, *pw = NULL;
            char buf1[4096], buf2[4096];

            if (sb.st_gid != 0 && getgrgid_r(sb.st_gid, &grbuf, buf1, sizeof(buf1), &gr) != 0)
                gr = NULL;
            if (gr && getpwuid_r(ctx.uid, &pwbuf, buf2, sizeof(buf2), &pw) != 0)
                pw = NULL;

            /* Debian gives /dev/kvm to group kvm: joining it is the usual fix. */
            uvCheckAdd(results, UV_QEMU_CHECK_ERROR, "/dev/kvm",
                       gr && pw ? g_strdup_printf("usermod -aG %s %s", gr->gr_name, pw->pw_name)
                                : g_strdup("chmod 0666 /dev/kvm"),
                       _("KVM cannot be opened by uid %u: the node has %s (or use <domain "
                         "type='qemu'>)."),
                       ctx.uid, owner);
        } else {
            uvCheckAdd(results, UV_QEMU_CHECK_ERROR, "/dev/kvm", NULL,
                       _("KVM is not available on this host (%s); use <domain type='qemu'>."),
                       g_strerror(err));
        }
    }

    if (def->os.kernel)
        uvCheckPath(&ctx, "kernel", def->os.kernel, TRUE);
    if (def->os.initrd)
        uvCheckPath(&ctx, "initrd", def->os.initrd, TRUE);
    if (def->os.loader)
        uvCheckPath(&ctx, "loader", def->os.loader, TRUE);
    for (guint i = 0; i < def->ndisks; i++) {
        const UvDomainDiskDef *disk = def->disks[i];
        g_autofree char *subject = g_strdup_printf("disk %s", disk->dst ? disk->dst : "?");

        if (!disk->src)
            continue;
        uvCheckPath(&ctx, subject, disk->src,
                    disk->readonly || disk->device == UV_DOMAIN_DISK_DEVICE_CDROM);
    }

    for (guint i = 0; i < def->nnets; i++) {
        if (!uvCheckInterface(&ctx, def->nets[i], i, error))
            return FALSE;
    }
    return TRUE;
}

gboolean
uvQemuDomainCheckFailed(GPtrArray *results)
{
    for (guint i = 0; i < results->len; i++) {
        const UvQemuCheckResult *res = results->pdata[i];

        if (res->level == UV_QEMU_CHECK_ERROR)
            return TRUE;
    }
    return FALSE;
}

char *
uvQemuDomainCheckFormat(GPtrArray *results)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < results->len; i++) {
        const UvQemuCheckResult *res = results->pdata[i];

        g_string_append_printf(out, "%s: %s: %s\n", uvQemuCheckLevelTypeToString(res->level),
                               res->subject, res->message);
        if (res->level != UV_QEMU_CHECK_OK && res->fix)
            g_string_append_printf(out, "  fix: %s\n", res->fix);
    }
    return g_string_free(out, FALSE);
}
