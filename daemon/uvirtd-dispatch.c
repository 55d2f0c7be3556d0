/*
 * uvirtd-dispatch.c: the procedure table of uvirtd
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "uvirtd-dispatch.h"

#include "remote_protocol.h"
#include "uvirtd-host.h"

#include <string.h>

typedef struct {
    UvConnect *conn;
    UvDispatchSession *sess;
    const char *procName; /* the procedure being served, for messages */
    /* the domain a call created or defined, for its events */
    gboolean made;
    guint8 madeUUID[UV_UUID_BUFLEN];
} UvDispatchCtx;

/* Decode nothing more, encode the return value into @ret. */
typedef gboolean (*UvDispatchFunc)(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                                   GError **error);

enum {
    UV_PROC_EARLY = 1 << 0, /* allowed before CONNECT_OPEN */
    UV_PROC_WRITE = 1 << 1, /* changes something: refused on a read-only connection */
};

typedef struct {
    gint32 proc;
    const char *name;
    UvRemoteArgsKind args;
    unsigned int flags; /* UV_PROC_* */
    UvDispatchFunc func;
} UvDispatchProc;

/* virConnectListAllDomainsFlags beyond ACTIVE / INACTIVE, filtered here. */
enum {
    UV_LIST_PERSISTENT = 1 << 2,
    UV_LIST_TRANSIENT = 1 << 3,
    UV_LIST_RUNNING = 1 << 4,
    UV_LIST_PAUSED = 1 << 5,
    UV_LIST_SHUTOFF = 1 << 6,
    UV_LIST_OTHER = 1 << 7,
    UV_LIST_MANAGEDSAVE = 1 << 8,
    UV_LIST_NO_MANAGEDSAVE = 1 << 9,
    UV_LIST_AUTOSTART = 1 << 10,
    UV_LIST_NO_AUTOSTART = 1 << 11,
    UV_LIST_HAS_SNAPSHOT = 1 << 12,
    UV_LIST_NO_SNAPSHOT = 1 << 13,
    UV_LIST_HAS_CHECKPOINT = 1 << 14,
    UV_LIST_NO_CHECKPOINT = 1 << 15,
};

/* virConnectFlags: VIR_CONNECT_RO, what virsh -r and openReadOnly() send */
#define UV_CONNECT_RO (1 << 0)
/* virDomainShutdownFlagValues: default and ACPI power button are what we do. */
#define UV_SHUTDOWN_ACPI_POWER_BTN (1 << 0)
/* virDomainDestroyFlagsValues */
#define UV_DESTROY_GRACEFUL (1 << 0)
/* virDomainUndefineFlagsValues: none of these objects exist in uvirt. */
#define UV_UNDEFINE_KNOWN_FLAGS 0x7f

void
uvDispatchSessionInit(UvDispatchSession *sess, UvEvents *events)
{
    memset(sess, 0, sizeof(*sess));
    g_mutex_init(&sess->lock);
    sess->events = events;
}

void
uvDispatchSessionClear(UvDispatchSession *sess)
{
    g_mutex_clear(&sess->lock);
    g_clear_pointer(&sess->name, g_free);
}

/*
 * The domain a call names. Like libvirt, the UUID identifies it; looking it
 * up through the public API also yields the driver's "no domain" error.
 */
static UvDomain *
uvDispatchDomain(UvDispatchCtx *ctx, UvRemoteArgs *args, GError **error)
{
    return uvDomainLookupByUUID(ctx->conn, args->dom.uuid, error);
}

static void
uvDispatchPutDomain(GByteArray *ret, UvDomain *dom)
{
    guint8 uuid[UV_UUID_BUFLEN];

    uvDomainGetUUID(dom, uuid);
    uvRemoteDomainEncode(ret, uvDomainGetName(dom), uuid, uvDomainGetID(dom));
}

static gboolean
uvDispatchCheckFlags(UvDispatchCtx *ctx, guint32 flags, guint32 known, GError **error)
{
    if (flags & ~known) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("unsupported flags (0x%x) in procedure %s"), flags & ~known, ctx->procName);
        return FALSE;
    }
    return TRUE;
}

/* ---- connection ---- */

static gboolean
uvDispatchConnectOpen(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    const char *name = args->str;

    /* The client tells us the URI it resolved; we serve one hypervisor only. */
    if (name && *name && !g_str_has_prefix(name, "qemu:")) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_CONNECT,
                    _("uvirtd serves QEMU only and cannot open URI '%s'"), name);
        return FALSE;
    }
    /* As libvirtd: once, so a read-only connection stays read-only. */
    if (!g_atomic_int_compare_and_exchange(&ctx->sess->opened, 0, 1)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL, _("connection already open"));
        return FALSE;
    }
    g_debug("client opens '%s'", name ? name : "(null)");
    g_mutex_lock(&ctx->sess->lock);
    g_free(ctx->sess->name);
    ctx->sess->name = g_strdup(name && *name ? name : uvConnectGetURI(ctx->conn));
    g_mutex_unlock(&ctx->sess->lock);
    g_atomic_int_set(&ctx->sess->readonly, (args->flags & UV_CONNECT_RO) ? 1 : 0);
    return TRUE;
}

static gboolean
uvDispatchConnectClose(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_atomic_int_set(&ctx->sess->opened, 0);
    return TRUE;
}

static gboolean
uvDispatchAuthList(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    /* The peer's uid was checked when it connected: nothing more to ask. */
    uvXdrPutU32(ret, 1);
    uvXdrPutI32(ret, UV_REMOTE_AUTH_NONE);
    return TRUE;
}

static gboolean
uvDispatchSupportsFeature(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    /*
     * None of libvirt's optional protocol features (keepalive, event and
     * close callbacks, migration, fd passing) is offered; answering 0 keeps
     * clients on the plain call/reply path.
     */
    uvXdrPutI32(ret, 0);
    return TRUE;
}

static gboolean
uvDispatchGetType(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    uvXdrPutString(ret, "QEMU");
    return TRUE;
}

static gboolean
uvDispatchGetVersion(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    gulong v;

    if (!uvConnectGetVersion(ctx->conn, &v, error))
        return FALSE;
    uvXdrPutU64(ret, v);
    return TRUE;
}

static gboolean
uvDispatchGetLibVersion(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    gulong v;

    if (!uvConnectGetLibVersion(ctx->conn, &v, error))
        return FALSE;
    uvXdrPutU64(ret, v);
    return TRUE;
}

static gboolean
uvDispatchGetHostname(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autofree char *host = uvConnectGetHostname(ctx->conn, error);

    if (!host)
        return FALSE;
    uvXdrPutString(ret, host);
    return TRUE;
}

static gboolean
uvDispatchGetURI(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_mutex_lock(&ctx->sess->lock);
    uvXdrPutString(ret, ctx->sess->name ? ctx->sess->name : uvConnectGetURI(ctx->conn));
    g_mutex_unlock(&ctx->sess->lock);
    return TRUE;
}

static gboolean
uvDispatchIsSecure(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    uvXdrPutI32(ret, 1); /* a local UNIX socket */
    return TRUE;
}

/*
 * An XDR "char x<>": libvirt sends C strings this way, NUL included, and
 * every char takes 4 bytes on the wire.
 */
static void
uvDispatchPutCharArray(GByteArray *ret, const char *s)
{
    gsize len = strlen(s) + 1;

    uvXdrPutU32(ret, len);
    for (gsize n = 0; n < len; n++)
        uvXdrPutI32(ret, (gint8)s[n]);
}

static gboolean
uvDispatchNodeGetSecurityModel(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                               GError **error)
{
    /* What libvirt reports with no security driver: virsh prints "none" and "0". */
    uvDispatchPutCharArray(ret, "none");
    uvDispatchPutCharArray(ret, "0");
    return TRUE;
}

static gboolean
uvDispatchGetSecurityLabel(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    gboolean active;

    if (!dom || !uvDomainIsActive(dom, &active, error))
        return FALSE;
    /* No label: QEMU runs with the daemon's own identity. */
    uvDispatchPutCharArray(ret, "");
    uvXdrPutI32(ret, 0); /* enforcing */
    return TRUE;
}

static gboolean
uvDispatchXMLToNative(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autofree char *native =
        uvConnectDomainXMLToNative(ctx->conn, args->str, args->str2, args->flags, error);

    if (!native)
        return FALSE;
    uvXdrPutString(ret, native);
    return TRUE;
}

static gboolean
uvDispatchNodeGetInfo(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    UvHostInfo info;

    uvHostInfoGet(&info);
    /* char model[32]: a fixed array, 4 bytes per char */
    for (gsize n = 0; n < sizeof(info.model); n++)
        uvXdrPutI32(ret, (gint8)info.model[n]);
    uvXdrPutU64(ret, info.memory);
    uvXdrPutI32(ret, info.cpus);
    uvXdrPutI32(ret, info.mhz);
    uvXdrPutI32(ret, info.nodes);
    uvXdrPutI32(ret, info.sockets);
    uvXdrPutI32(ret, info.cores);
    uvXdrPutI32(ret, info.threads);
    return TRUE;
}

static gboolean
uvDispatchGetCapabilities(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autofree char *caps = uvHostCapabilities();

    uvXdrPutString(ret, caps);
    return TRUE;
}

/*
 * Networks, storage pools, host interfaces, node devices, nwfilters and
 * secrets are not uvirt's to manage: their lists are empty, so that
 * net-list, pool-list and virt-manager show nothing rather than an error.
 */
static gboolean
uvDispatchEmptyList(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    uvXdrPutU32(ret, 0); /* objects<> */
    uvXdrPutU32(ret, 0); /* ret */
    return TRUE;
}

/* ---- events ---- */

/* virDomainEventID: lifecycle is the one uvirtd reports. */
#define UV_DOMAIN_EVENT_ID_LIFECYCLE 0

static gboolean
uvDispatchLifecycleListen(UvDispatchCtx *ctx, gboolean on, GError **error)
{
    if (!ctx->sess->events) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT, _("this uvirtd sends no events"));
        return FALSE;
    }
    /* Only a change of mind counts: a client registers each event once. */
    if (g_atomic_int_compare_and_exchange(&ctx->sess->lifecycle, !on, on))
        uvEventsListen(ctx->sess->events, on ? 1 : -1);
    return TRUE;
}

static gboolean
uvDispatchEventRegisterAny(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    if (args->i != UV_DOMAIN_EVENT_ID_LIFECYCLE) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("uvirtd reports lifecycle events only, not event %d"), args->i);
        return FALSE;
    }
    return uvDispatchLifecycleListen(ctx, TRUE, error);
}

static gboolean
uvDispatchEventDeregisterAny(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                             GError **error)
{
    if (args->i != UV_DOMAIN_EVENT_ID_LIFECYCLE) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("uvirtd reports lifecycle events only, not event %d"), args->i);
        return FALSE;
    }
    return uvDispatchLifecycleListen(ctx, FALSE, error);
}

/* The older virConnectDomainEventRegister: lifecycle events, {int cb_registered}. */
static gboolean
uvDispatchEventRegister(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    if (!uvDispatchLifecycleListen(ctx, TRUE, error))
        return FALSE;
    uvXdrPutI32(ret, 1);
    return TRUE;
}

static gboolean
uvDispatchEventDeregister(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    if (!uvDispatchLifecycleListen(ctx, FALSE, error))
        return FALSE;
    uvXdrPutI32(ret, 0);
    return TRUE;
}

GByteArray *
uvDispatchLifecycleMessage(const char *name, const guint8 *uuid, int id, int event, int detail)
{
    UvRemoteHeader hdr = {UV_REMOTE_PROGRAM,
                          UV_REMOTE_PROTOCOL_VERSION,
                          UV_REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE,
                          UV_REMOTE_MESSAGE,
                          0,
                          UV_REMOTE_OK};
    GByteArray *msg = uvRemoteMessageNew(&hdr);

    uvRemoteDomainEncode(msg, name, uuid, id);
    uvXdrPutI32(msg, event);
    uvXdrPutI32(msg, detail);
    (void)uvRemoteMessageFinish(msg, NULL); /* small: cannot exceed the limit */
    return msg;
}

/* ---- listing ---- */

static gboolean
uvDispatchMatchFilter(UvDomain *dom, guint32 flags, gboolean *match, GError **error)
{
    gboolean persistent = TRUE, autostart = FALSE;
    int state = 0, reason = 0;

    *match = TRUE;
    if (flags & (UV_LIST_PERSISTENT | UV_LIST_TRANSIENT)) {
        if (!uvDomainIsPersistent(dom, &persistent, error))
            return FALSE;
        if (!((flags & UV_LIST_PERSISTENT && persistent) ||
              (flags & UV_LIST_TRANSIENT && !persistent)))
            *match = FALSE;
    }
    if (flags & (UV_LIST_RUNNING | UV_LIST_PAUSED | UV_LIST_SHUTOFF | UV_LIST_OTHER)) {
        gboolean ok;

        if (!uvDomainGetState(dom, &state, &reason, error))
            return FALSE;
        ok = (flags & UV_LIST_RUNNING && state == UV_DOMAIN_RUNNING) ||
             (flags & UV_LIST_PAUSED && state == UV_DOMAIN_PAUSED) ||
             (flags & UV_LIST_SHUTOFF && state == UV_DOMAIN_SHUTOFF) ||
             (flags & UV_LIST_OTHER && state != UV_DOMAIN_RUNNING && state != UV_DOMAIN_PAUSED &&
              state != UV_DOMAIN_SHUTOFF);
        if (!ok)
            *match = FALSE;
    }
    if (flags & (UV_LIST_AUTOSTART | UV_LIST_NO_AUTOSTART)) {
        if (!uvDomainGetAutostart(dom, &autostart, error))
            return FALSE;
        if (!((flags & UV_LIST_AUTOSTART && autostart) ||
              (flags & UV_LIST_NO_AUTOSTART && !autostart)))
            *match = FALSE;
    }
    /* uvirt keeps no managed-save images, snapshots or checkpoints. */
    if (flags & (UV_LIST_MANAGEDSAVE | UV_LIST_NO_MANAGEDSAVE) && !(flags & UV_LIST_NO_MANAGEDSAVE))
        *match = FALSE;
    if (flags & (UV_LIST_HAS_SNAPSHOT | UV_LIST_NO_SNAPSHOT) && !(flags & UV_LIST_NO_SNAPSHOT))
        *match = FALSE;
    if (flags & (UV_LIST_HAS_CHECKPOINT | UV_LIST_NO_CHECKPOINT) &&
        !(flags & UV_LIST_NO_CHECKPOINT))
        *match = FALSE;
    return TRUE;
}

/* The domains matching libvirt's list @flags, as a GPtrArray of UvDomain. */
static GPtrArray *
uvDispatchList(UvDispatchCtx *ctx, guint32 flags, GError **error)
{
    guint32 base = flags & (UV_CONNECT_LIST_DOMAINS_ACTIVE | UV_CONNECT_LIST_DOMAINS_INACTIVE);
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)uvDomainFree);
    UvDomain **all;

    if (!uvDispatchCheckFlags(ctx, flags, 0xffff, error))
        return NULL;
    /* Both bits mean the same as neither. */
    if (base == (UV_CONNECT_LIST_DOMAINS_ACTIVE | UV_CONNECT_LIST_DOMAINS_INACTIVE))
        base = 0;
    if (!(all = uvConnectListAllDomains(ctx->conn, base, error)))
        return NULL;
    for (UvDomain **d = all; *d; d++) {
        gboolean match;
        g_autoptr(GError) err = NULL;

        if (!uvDispatchMatchFilter(*d, flags, &match, &err)) {
            /* A domain undefined under our feet is simply no longer listed. */
            if (g_error_matches(err, UV_ERROR, UV_ERROR_NO_DOMAIN))
                continue;
            g_propagate_error(error, g_steal_pointer(&err));
            uvDomainListFree(all);
            return NULL;
        }
        if (match)
            g_ptr_array_add(out, uvDomainRef(*d));
    }
    uvDomainListFree(all);
    if (out->len > UV_REMOTE_DOMAIN_LIST_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Too many domains (%u) to send in one reply"), out->len);
        return NULL;
    }
    return g_steal_pointer(&out);
}

static gboolean
uvDispatchListAllDomains(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(GPtrArray) doms = uvDispatchList(ctx, args->flags, error);

    if (!doms)
        return FALSE;
    if (args->i) {
        uvXdrPutU32(ret, doms->len);
        for (guint n = 0; n < doms->len; n++)
            uvDispatchPutDomain(ret, doms->pdata[n]);
    } else {
        uvXdrPutU32(ret, 0);
    }
    uvXdrPutU32(ret, doms->len);
    return TRUE;
}

static gboolean
uvDispatchNumOfDomains(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(GPtrArray) doms = uvDispatchList(ctx, UV_CONNECT_LIST_DOMAINS_ACTIVE, error);

    if (!doms)
        return FALSE;
    uvXdrPutI32(ret, doms->len);
    return TRUE;
}

static gboolean
uvDispatchNumOfDefinedDomains(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                              GError **error)
{
    g_autoptr(GPtrArray) doms = uvDispatchList(ctx, UV_CONNECT_LIST_DOMAINS_INACTIVE, error);

    if (!doms)
        return FALSE;
    uvXdrPutI32(ret, doms->len);
    return TRUE;
}

static gboolean
uvDispatchListDomains(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(GPtrArray) doms = NULL;
    guint n;

    if (args->i < 0 || args->i > UV_REMOTE_DOMAIN_LIST_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("maxids %d is out of range"), args->i);
        return FALSE;
    }
    if (!(doms = uvDispatchList(ctx, UV_CONNECT_LIST_DOMAINS_ACTIVE, error)))
        return FALSE;
    n = MIN(doms->len, (guint)args->i);
    uvXdrPutU32(ret, n);
    for (guint k = 0; k < n; k++)
        uvXdrPutI32(ret, uvDomainGetID(doms->pdata[k]));
    return TRUE;
}

static gboolean
uvDispatchListDefinedDomains(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                             GError **error)
{
    g_autoptr(GPtrArray) doms = NULL;
    guint n;

    if (args->i < 0 || args->i > UV_REMOTE_DOMAIN_LIST_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("maxnames %d is out of range"), args->i);
        return FALSE;
    }
    if (!(doms = uvDispatchList(ctx, UV_CONNECT_LIST_DOMAINS_INACTIVE, error)))
        return FALSE;
    n = MIN(doms->len, (guint)args->i);
    uvXdrPutU32(ret, n);
    for (guint k = 0; k < n; k++)
        uvXdrPutString(ret, uvDomainGetName(doms->pdata[k]));
    return TRUE;
}

/* ---- lookup ---- */

static gboolean
uvDispatchLookupByID(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDomainLookupByID(ctx->conn, args->i, error);

    if (!dom)
        return FALSE;
    uvDispatchPutDomain(ret, dom);
    return TRUE;
}

static gboolean
uvDispatchLookupByName(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDomainLookupByName(ctx->conn, args->str, error);

    if (!dom)
        return FALSE;
    uvDispatchPutDomain(ret, dom);
    return TRUE;
}

static gboolean
uvDispatchLookupByUUID(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDomainLookupByUUID(ctx->conn, args->uuid, error);

    if (!dom)
        return FALSE;
    uvDispatchPutDomain(ret, dom);
    return TRUE;
}

/* ---- lifecycle ---- */

static gboolean
uvDispatchDefineXML(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = NULL;

    if (!uvDispatchCheckFlags(ctx, args->flags, UV_DOMAIN_DEFINE_VALIDATE, error))
        return FALSE;
    if (!(dom = uvDomainDefineXML(ctx->conn, args->str, args->flags, error)))
        return FALSE;
    uvDispatchPutDomain(ret, dom);
    ctx->made = TRUE;
    uvDomainGetUUID(dom, ctx->madeUUID);
    return TRUE;
}

static gboolean
uvDispatchCreateXML(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDomainCreateXML(ctx->conn, args->str, args->flags, error);

    if (!dom)
        return FALSE;
    uvDispatchPutDomain(ret, dom);
    ctx->made = TRUE;
    uvDomainGetUUID(dom, ctx->madeUUID);
    return TRUE;
}

static gboolean
uvDispatchCreate(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainCreate(dom, error);
}

static gboolean
uvDispatchCreateWithFlags(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    g_autoptr(UvDomain) now = NULL;

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags, 0, error) || !uvDomainCreate(dom, error))
        return FALSE;
    /* The reply carries the domain with its new id. */
    if (!(now = uvDomainLookupByUUID(ctx->conn, args->dom.uuid, error)))
        return FALSE;
    uvDispatchPutDomain(ret, now);
    return TRUE;
}

static gboolean
uvDispatchDestroy(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainDestroy(dom, error);
}

static gboolean
uvDispatchDestroyFlags(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags, UV_DESTROY_GRACEFUL, error))
        return FALSE;
    return uvDomainDestroy(dom, error);
}

static gboolean
uvDispatchShutdown(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainShutdown(dom, error);
}

static gboolean
uvDispatchShutdownFlags(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags, UV_SHUTDOWN_ACPI_POWER_BTN, error))
        return FALSE;
    return uvDomainShutdown(dom, error);
}

static gboolean
uvDispatchReboot(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainReboot(dom, args->flags, error);
}

static gboolean
uvDispatchSuspend(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainSuspend(dom, error);
}

static gboolean
uvDispatchResume(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainResume(dom, error);
}

static gboolean
uvDispatchUndefine(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainUndefine(dom, error);
}

static gboolean
uvDispatchUndefineFlags(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags, UV_UNDEFINE_KNOWN_FLAGS, error))
        return FALSE;
    return uvDomainUndefine(dom, error);
}

/* ---- inspection ---- */

static gboolean
uvDispatchGetState(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    int state, reason;

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags, 0, error) ||
        !uvDomainGetState(dom, &state, &reason, error))
        return FALSE;
    uvXdrPutI32(ret, state);
    uvXdrPutI32(ret, reason);
    return TRUE;
}

static gboolean
uvDispatchGetInfo(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    UvDomainInfo info;

    if (!dom)
        return FALSE;
    if (!uvDomainGetInfo(dom, &info, error))
        return FALSE;
    uvXdrPutU32(ret, (guint8)info.state);
    uvXdrPutU64(ret, info.maxMem);
    uvXdrPutU64(ret, info.memory);
    uvXdrPutU32(ret, (guint16)info.nrVirtCpu);
    uvXdrPutU64(ret, info.cpuTime);
    return TRUE;
}

static gboolean
uvDispatchGetMaxMemory(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    UvDomainInfo info;

    if (!dom)
        return FALSE;
    if (!uvDomainGetInfo(dom, &info, error))
        return FALSE;
    uvXdrPutU64(ret, info.maxMem);
    return TRUE;
}

static gboolean
uvDispatchGetXMLDesc(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    g_autofree char *xml = NULL;

    if (!dom)
        return FALSE;
    /* UPDATE_CPU and MIGRATABLE change nothing in what uvirt prints. */
    if (!uvDispatchCheckFlags(ctx, args->flags, 0xf, error))
        return FALSE;
    xml = uvDomainGetXMLDesc(dom, args->flags & (UV_DOMAIN_XML_SECURE | UV_DOMAIN_XML_INACTIVE),
                             error);
    if (!xml)
        return FALSE;
    uvXdrPutString(ret, xml);
    return TRUE;
}

static gboolean
uvDispatchGetOSType(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    gboolean active;

    if (!dom)
        return FALSE;
    /* Every QEMU guest uvirt runs is a full virtual machine; still check it exists. */
    if (!uvDomainIsActive(dom, &active, error))
        return FALSE;
    uvXdrPutString(ret, "hvm");
    return TRUE;
}

/* A procedure whose reply is one boolean property of a domain, as an int. */
static gboolean
uvDispatchDomainBool(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret,
                     gboolean (*get)(UvDomain *dom, gboolean *value, GError **error),
                     GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    gboolean v;

    if (!dom)
        return FALSE;
    if (!get(dom, &v, error))
        return FALSE;
    uvXdrPutI32(ret, v ? 1 : 0);
    return TRUE;
}

static gboolean
uvDispatchIsActive(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    return uvDispatchDomainBool(ctx, args, ret, uvDomainIsActive, error);
}

static gboolean
uvDispatchIsPersistent(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    return uvDispatchDomainBool(ctx, args, ret, uvDomainIsPersistent, error);
}

static gboolean
uvDispatchGetAutostart(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    return uvDispatchDomainBool(ctx, args, ret, uvDomainGetAutostart, error);
}

static gboolean
uvDispatchSetAutostart(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);

    if (!dom)
        return FALSE;
    return uvDomainSetAutostart(dom, args->i != 0, error);
}

/* Answers "none" for things uvirt does not keep, after checking the domain exists. */
static gboolean
uvDispatchZeroForDomain(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    gboolean active;

    if (!dom)
        return FALSE;
    if (!uvDomainIsActive(dom, &active, error))
        return FALSE;
    uvXdrPutI32(ret, 0);
    return TRUE;
}

/* What the domain's start left to say (a pre-created device that is down ...). */
static gboolean
uvDispatchGetMessages(UvDispatchCtx *ctx, UvRemoteArgs *args, GByteArray *ret, GError **error)
{
    g_autoptr(UvDomain) dom = uvDispatchDomain(ctx, args, error);
    g_auto(GStrv) msgs = NULL;
    guint n;

    if (!dom)
        return FALSE;
    if (!uvDispatchCheckFlags(ctx, args->flags,
                              UV_DOMAIN_MESSAGE_DEPRECATION | UV_DOMAIN_MESSAGE_TAINTING, error))
        return FALSE;
    if (!(msgs = uvDomainGetMessages(dom, args->flags, error)))
        return FALSE;
    if ((n = g_strv_length(msgs)) > UV_REMOTE_DOMAIN_MESSAGES_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Too many messages (%u) for domain '%s' to send in one reply"), n,
                    uvDomainGetName(dom));
        return FALSE;
    }
    uvXdrPutStringList(ret, (const char *const *)msgs);
    return TRUE;
}

#define P(num, fn, kind, flags)                                                                    \
 {                                                                                                 \
  UV_REMOTE_PROC_##num, #num, UV_REMOTE_ARGS_##kind, flags, fn                                     \
 }

static const UvDispatchProc uvDispatchProcs[] = {
    P(CONNECT_OPEN, uvDispatchConnectOpen, OPT_STRING_FLAGS, UV_PROC_EARLY),
    P(CONNECT_CLOSE, uvDispatchConnectClose, NONE, UV_PROC_EARLY),
    P(CONNECT_GET_TYPE, uvDispatchGetType, NONE, 0),
    P(CONNECT_GET_VERSION, uvDispatchGetVersion, NONE, 0),
    P(NODE_GET_INFO, uvDispatchNodeGetInfo, NONE, 0),
    P(CONNECT_GET_CAPABILITIES, uvDispatchGetCapabilities, NONE, 0),
    P(DOMAIN_CREATE, uvDispatchCreate, DOM, UV_PROC_WRITE),
    P(DOMAIN_CREATE_XML, uvDispatchCreateXML, STRING_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_DEFINE_XML, uvDispatchDefineXML, STRING, UV_PROC_WRITE),
    P(DOMAIN_DESTROY, uvDispatchDestroy, DOM, UV_PROC_WRITE),
    P(DOMAIN_GET_XML_DESC, uvDispatchGetXMLDesc, DOM_FLAGS, 0),
    P(DOMAIN_GET_AUTOSTART, uvDispatchGetAutostart, DOM, 0),
    P(DOMAIN_GET_INFO, uvDispatchGetInfo, DOM, 0),
    P(DOMAIN_GET_MAX_MEMORY, uvDispatchGetMaxMemory, DOM, 0),
    P(DOMAIN_GET_OS_TYPE, uvDispatchGetOSType, DOM, 0),
    P(CONNECT_LIST_DEFINED_DOMAINS, uvDispatchListDefinedDomains, INT, 0),
    P(DOMAIN_LOOKUP_BY_ID, uvDispatchLookupByID, INT, 0),
    P(DOMAIN_LOOKUP_BY_NAME, uvDispatchLookupByName, STRING, 0),
    P(DOMAIN_LOOKUP_BY_UUID, uvDispatchLookupByUUID, UUID, 0),
    P(CONNECT_NUM_OF_DEFINED_DOMAINS, uvDispatchNumOfDefinedDomains, NONE, 0),
    P(DOMAIN_REBOOT, uvDispatchReboot, DOM_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_RESUME, uvDispatchResume, DOM, UV_PROC_WRITE),
    P(DOMAIN_SET_AUTOSTART, uvDispatchSetAutostart, DOM_INT, UV_PROC_WRITE),
    P(DOMAIN_SHUTDOWN, uvDispatchShutdown, DOM, UV_PROC_WRITE),
    P(DOMAIN_SUSPEND, uvDispatchSuspend, DOM, UV_PROC_WRITE),
    P(DOMAIN_UNDEFINE, uvDispatchUndefine, DOM, UV_PROC_WRITE),
    P(CONNECT_LIST_DOMAINS, uvDispatchListDomains, INT, 0),
    P(CONNECT_NUM_OF_DOMAINS, uvDispatchNumOfDomains, NONE, 0),
    P(CONNECT_GET_HOSTNAME, uvDispatchGetHostname, NONE, 0),
    P(CONNECT_SUPPORTS_FEATURE, uvDispatchSupportsFeature, INT, UV_PROC_EARLY),
    P(AUTH_LIST, uvDispatchAuthList, NONE, UV_PROC_EARLY),
    P(CONNECT_GET_URI, uvDispatchGetURI, NONE, 0),
    P(DOMAIN_GET_SECURITY_LABEL, uvDispatchGetSecurityLabel, DOM, 0),
    P(NODE_GET_SECURITY_MODEL, uvDispatchNodeGetSecurityModel, NONE, 0),
    P(CONNECT_DOMAIN_XML_TO_NATIVE, uvDispatchXMLToNative, STRING2_FLAGS, UV_PROC_WRITE),
    P(CONNECT_IS_SECURE, uvDispatchIsSecure, NONE, 0),
    P(DOMAIN_IS_ACTIVE, uvDispatchIsActive, DOM, 0),
    P(DOMAIN_IS_PERSISTENT, uvDispatchIsPersistent, DOM, 0),
    P(CONNECT_GET_LIB_VERSION, uvDispatchGetLibVersion, NONE, 0),
    P(DOMAIN_HAS_MANAGED_SAVE_IMAGE, uvDispatchZeroForDomain, DOM_FLAGS, 0),
    P(DOMAIN_SNAPSHOT_NUM, uvDispatchZeroForDomain, DOM_FLAGS, 0),
    P(DOMAIN_CREATE_WITH_FLAGS, uvDispatchCreateWithFlags, DOM_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_IS_UPDATED, uvDispatchZeroForDomain, DOM, 0),
    P(DOMAIN_GET_STATE, uvDispatchGetState, DOM_FLAGS, 0),
    P(DOMAIN_UNDEFINE_FLAGS, uvDispatchUndefineFlags, DOM_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_DESTROY_FLAGS, uvDispatchDestroyFlags, DOM_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_SHUTDOWN_FLAGS, uvDispatchShutdownFlags, DOM_FLAGS, UV_PROC_WRITE),
    P(CONNECT_LIST_ALL_DOMAINS, uvDispatchListAllDomains, INT_FLAGS, 0),
    P(DOMAIN_DEFINE_XML_FLAGS, uvDispatchDefineXML, STRING_FLAGS, UV_PROC_WRITE),
    P(DOMAIN_GET_MESSAGES, uvDispatchGetMessages, DOM_FLAGS, 0),
    P(CONNECT_DOMAIN_EVENT_REGISTER, uvDispatchEventRegister, NONE, 0),
    P(CONNECT_DOMAIN_EVENT_DEREGISTER, uvDispatchEventDeregister, NONE, 0),
    P(CONNECT_DOMAIN_EVENT_REGISTER_ANY, uvDispatchEventRegisterAny, INT, 0),
    P(CONNECT_DOMAIN_EVENT_DEREGISTER_ANY, uvDispatchEventDeregisterAny, INT, 0),
    P(CONNECT_LIST_ALL_STORAGE_POOLS, uvDispatchEmptyList, INT_FLAGS, 0),
    P(CONNECT_LIST_ALL_NETWORKS, uvDispatchEmptyList, INT_FLAGS, 0),
    P(CONNECT_LIST_ALL_INTERFACES, uvDispatchEmptyList, INT_FLAGS, 0),
    P(CONNECT_LIST_ALL_NODE_DEVICES, uvDispatchEmptyList, INT_FLAGS, 0),
    P(CONNECT_LIST_ALL_NWFILTERS, uvDispatchEmptyList, INT_FLAGS, 0),
    P(CONNECT_LIST_ALL_SECRETS, uvDispatchEmptyList, INT_FLAGS, 0),
};

#undef P

static const UvDispatchProc *
uvDispatchFind(gint32 proc)
{
    for (guint n = 0; n < G_N_ELEMENTS(uvDispatchProcs); n++) {
        if (uvDispatchProcs[n].proc == proc)
            return &uvDispatchProcs[n];
    }
    return NULL;
}

const char *
uvDispatchProcName(gint32 proc)
{
    const UvDispatchProc *p = uvDispatchFind(proc);

    return p ? p->name : NULL;
}

GByteArray *
uvDispatchErrorReply(const UvRemoteHeader *hdr, gint32 code, gint32 domain, const char *message)
{
    UvRemoteHeader rh = *hdr;
    GByteArray *msg;

    rh.type = UV_REMOTE_REPLY;
    rh.status = UV_REMOTE_ERROR;
    msg = uvRemoteMessageNew(&rh);
    uvRemoteErrorEncode(msg, code, domain, message);
    /* An error reply is small; it cannot exceed the limit. */
    (void)uvRemoteMessageFinish(msg, NULL);
    return msg;
}

static GByteArray *
uvDispatchGErrorReply(const UvRemoteHeader *hdr, const GError *err)
{
    gint32 code, domain;

    uvRemoteErrorFromGError(err, &code, &domain);
    return uvDispatchErrorReply(hdr, code, domain, err->message);
}

/* After a successful change: events for the domain it touched, before the reply. */
static void
uvDispatchNotify(UvDispatchCtx *ctx, const UvDispatchProc *p, const UvRemoteArgs *args)
{
    gboolean destroy =
        p->proc == UV_REMOTE_PROC_DOMAIN_DESTROY || p->proc == UV_REMOTE_PROC_DOMAIN_DESTROY_FLAGS;
    int stopped = destroy ? UV_EVENT_STOPPED_DESTROYED : -1;

    switch (p->args) {
    case UV_REMOTE_ARGS_DOM:
    case UV_REMOTE_ARGS_DOM_FLAGS:
    case UV_REMOTE_ARGS_DOM_INT:
        uvEventsDomainChanged(ctx->sess->events, args->dom.uuid, stopped);
        return;
    default:
        break;
    }
    if (ctx->made)
        uvEventsDomainChanged(ctx->sess->events, ctx->madeUUID, stopped);
    else
        uvEventsKick(ctx->sess->events);
}

GByteArray *
uvDispatchCall(UvConnect *conn, UvDispatchSession *sess, const UvRemoteHeader *hdr,
               const guint8 *payload, gsize len)
{
    const UvDispatchProc *p = uvDispatchFind(hdr->proc);
    UvDispatchCtx ctx = {conn, sess, p ? p->name : NULL, FALSE, {0}};
    UvRemoteArgs args = {0};
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) msg = NULL;
    UvRemoteHeader rh = *hdr;
    UvXdrReader r;
    gboolean ok;

    if (!p) {
        /*
         * libvirt's client recognizes the "unknown procedure" prefix and
         * treats the call as unsupported (falling back to older calls).
         */
        g_autofree char *m = g_strdup_printf(
            "unknown procedure: %d (uvirtd does not implement this call)", hdr->proc);

        g_debug("%s", m);
        return uvDispatchErrorReply(hdr, UV_VIR_ERR_RPC, UV_VIR_FROM_RPC, m);
    }
    if (!(p->flags & UV_PROC_EARLY) && !g_atomic_int_get(&sess->opened)) {
        return uvDispatchErrorReply(hdr, UV_VIR_ERR_INTERNAL_ERROR, UV_VIR_FROM_RPC,
                                    _("connection not open"));
    }
    if (p->flags & UV_PROC_WRITE && g_atomic_int_get(&sess->readonly)) {
        return uvDispatchErrorReply(hdr, UV_VIR_ERR_OPERATION_DENIED, UV_VIR_FROM_NONE,
                                    _("operation forbidden for read only access"));
    }

    uvXdrReaderInit(&r, payload, len);
    if (!uvRemoteArgsDecode(&r, p->args, &args, &err)) {
        g_autofree char *m =
            g_strdup_printf(_("Invalid arguments for procedure %s: %s"), p->name, err->message);

        uvRemoteArgsClear(&args);
        return uvDispatchErrorReply(hdr, UV_VIR_ERR_RPC, UV_VIR_FROM_RPC, m);
    }

    rh.type = UV_REMOTE_REPLY;
    rh.status = UV_REMOTE_OK;
    msg = uvRemoteMessageNew(&rh);
    if (p->flags & UV_PROC_WRITE && sess->events) {
        uvEventsCallBegin(sess->events);
        ok = p->func(&ctx, &args, msg, &err);
        if (ok)
            uvDispatchNotify(&ctx, p, &args);
        uvEventsCallEnd(sess->events);
    } else {
        ok = p->func(&ctx, &args, msg, &err);
    }
    uvRemoteArgsClear(&args);
    if (!ok) {
        g_debug("%s failed: %s", p->name, err ? err->message : "?");
        if (!err)
            g_set_error(&err, UV_ERROR, UV_ERROR_INTERNAL, _("%s failed without a reason"),
                        p->name);
        return uvDispatchGErrorReply(hdr, err);
    }
    if (!uvRemoteMessageFinish(msg, &err))
        return uvDispatchGErrorReply(hdr, err);
    return g_steal_pointer(&msg);
}
