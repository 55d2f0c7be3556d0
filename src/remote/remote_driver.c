/*
 * remote_driver.c: the uvirt API over a UNIX socket to uvirtd
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Claims qemu+unix:///session and qemu+unix:///system, optionally with
 * ?socket=PATH, and turns every driver entry into one call of libvirt's
 * remote protocol. Calls on one connection are serialized: a call holds the
 * socket from sending its request until its reply is read.
 */
#include "util/uvinternal.h"
#include "driver.h"

#include "util/uvfile.h"
#include "remote_message.h"
#include "remote_protocol.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct {
    int fd;
    GMutex lock;
    guint32 serial;
} UvRemotePriv;

static gboolean
uvRemoteProbe(const char *uri)
{
    return g_str_has_prefix(uri, "qemu+unix://");
}

/* The reply to one call: the message and a reader positioned on its payload. */
typedef struct {
    GBytes *msg;
    UvXdrReader r;
} UvRemoteReply;

static void
uvRemoteReplyClear(UvRemoteReply *reply)
{
    g_clear_pointer(&reply->msg, g_bytes_unref);
}

static gboolean
uvRemoteExchange(UvRemotePriv *priv, GByteArray *req, guint32 serial, UvRemoteReply *reply,
                 UvRemoteHeader *hdr, GError **error)
{
    if (!uvRemoteMessageWrite(priv->fd, req, error))
        return FALSE;
    for (;;) {
        g_autoptr(GBytes) msg = NULL;
        gsize len;
        const guint8 *data;

        if (!uvRemoteMessageRead(priv->fd, &msg, error))
            return FALSE;
        if (!msg) {
            g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("uvirtd closed the connection"));
            return FALSE;
        }
        data = g_bytes_get_data(msg, &len);
        uvXdrReaderInit(&reply->r, data, len);
        if (!uvRemoteHeaderDecode(&reply->r, hdr, error))
            return FALSE;
        /* A keepalive ping we never asked for: ignore it. */
        if (hdr->prog == UV_KEEPALIVE_PROGRAM)
            continue;
        if (hdr->prog != UV_REMOTE_PROGRAM || hdr->type != UV_REMOTE_REPLY ||
            hdr->serial != serial) {
            g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                        _("Unexpected message from uvirtd (program 0x%x, type %d, serial %u)"),
                        hdr->prog, hdr->type, hdr->serial);
            return FALSE;
        }
        reply->msg = g_steal_pointer(&msg);
        return TRUE;
    }
}

/*
 * Call @proc with @args of layout @kind. On success @reply holds the return
 * payload for the caller to decode; on failure the server's error (or the
 * transport's) is in @error.
 */
static gboolean
uvRemoteCall(UvConnect *conn, gint32 proc, UvRemoteArgsKind kind, const UvRemoteArgs *args,
             UvRemoteReply *reply, GError **error)
{
    UvRemotePriv *priv = conn->privateData;
    UvRemoteHeader hdr = {UV_REMOTE_PROGRAM, UV_REMOTE_PROTOCOL_VERSION, proc, UV_REMOTE_CALL, 0,
                          UV_REMOTE_OK};
    g_autoptr(GByteArray) req = NULL;
    UvRemoteHeader rh;
    gboolean ok;

    g_mutex_lock(&priv->lock);
    hdr.serial = priv->serial++;
    req = uvRemoteMessageNew(&hdr);
    if (args)
        uvRemoteArgsEncode(req, kind, args);
    ok = uvRemoteMessageFinish(req, error);
    if (ok && priv->fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("The connection to uvirtd was closed after an earlier failure"));
        ok = FALSE;
    } else if (ok && !uvRemoteExchange(priv, req, hdr.serial, reply, &rh, error)) {
        /* A request or reply cut short leaves the stream out of step: no later call may use it. */
        uvCloseFdp(&priv->fd);
        ok = FALSE;
    }
    g_mutex_unlock(&priv->lock);
    if (!ok)
        return FALSE;

    if (rh.status != UV_REMOTE_OK) {
        UvRemoteError e = {0};

        if (!uvRemoteErrorDecode(&reply->r, &e, error)) {
            uvRemoteReplyClear(reply);
            return FALSE;
        }
        g_set_error_literal(error, UV_ERROR, uvRemoteErrorToUv(e.code),
                            e.message ? e.message : _("uvirtd reported an unknown error"));
        uvRemoteErrorClear(&e);
        uvRemoteReplyClear(reply);
        return FALSE;
    }
    return TRUE;
}

/* A call whose reply is empty. */
static gboolean
uvRemoteCallVoid(UvConnect *conn, gint32 proc, UvRemoteArgsKind kind, const UvRemoteArgs *args,
                 GError **error)
{
    UvRemoteReply reply = {0};
    gboolean ok;

    if (!uvRemoteCall(conn, proc, kind, args, &reply, error))
        return FALSE;
    ok = uvXdrReaderFinish(&reply.r, error);
    uvRemoteReplyClear(&reply);
    return ok;
}

static void
uvRemoteArgsForDomain(UvRemoteArgs *args, UvDomain *dom)
{
    args->dom.name = dom->name;
    memcpy(args->dom.uuid, dom->uuid, UV_UUID_BUFLEN);
    args->dom.id = dom->id;
}

static gboolean
uvRemoteDomainCallVoid(UvDomain *dom, gint32 proc, GError **error)
{
    UvRemoteArgs args = {0};

    uvRemoteArgsForDomain(&args, dom);
    return uvRemoteCallVoid(dom->conn, proc, UV_REMOTE_ARGS_DOM, &args, error);
}

static gboolean
uvRemoteCallInt(UvConnect *conn, gint32 proc, UvRemoteArgsKind kind, const UvRemoteArgs *args,
                gint32 *out, GError **error)
{
    UvRemoteReply reply = {0};
    gboolean ok;

    if (!uvRemoteCall(conn, proc, kind, args, &reply, error))
        return FALSE;
    ok = uvXdrGetI32(&reply.r, out, error) && uvXdrReaderFinish(&reply.r, error);
    uvRemoteReplyClear(&reply);
    return ok;
}

static gboolean
uvRemoteCallU64(UvConnect *conn, gint32 proc, guint64 *out, GError **error)
{
    UvRemoteReply reply = {0};
    gboolean ok;

    if (!uvRemoteCall(conn, proc, UV_REMOTE_ARGS_NONE, NULL, &reply, error))
        return FALSE;
    ok = uvXdrGetU64(&reply.r, out, error) && uvXdrReaderFinish(&reply.r, error);
    uvRemoteReplyClear(&reply);
    return ok;
}

static char *
uvRemoteCallString(UvConnect *conn, gint32 proc, UvRemoteArgsKind kind, const UvRemoteArgs *args,
                   GError **error)
{
    UvRemoteReply reply = {0};
    char *s = NULL;

    if (!uvRemoteCall(conn, proc, kind, args, &reply, error))
        return NULL;
    if (!uvXdrGetString(&reply.r, UV_REMOTE_STRING_MAX, &s, error) ||
        !uvXdrReaderFinish(&reply.r, error))
        g_clear_pointer(&s, g_free);
    uvRemoteReplyClear(&reply);
    return s;
}

static UvDomain *
uvRemoteCallDomain(UvConnect *conn, gint32 proc, UvRemoteArgsKind kind, const UvRemoteArgs *args,
                   GError **error)
{
    UvRemoteReply reply = {0};
    UvRemoteDomain rd = {0};
    UvDomain *dom = NULL;

    if (!uvRemoteCall(conn, proc, kind, args, &reply, error))
        return NULL;
    if (uvRemoteDomainDecode(&reply.r, &rd, error) && uvXdrReaderFinish(&reply.r, error))
        dom = uvDomainNew(conn, rd.name, rd.uuid, rd.id);
    uvRemoteDomainClear(&rd);
    uvRemoteReplyClear(&reply);
    return dom;
}

/* ---- connections ---- */

static int
uvRemoteDial(const char *path, GError **error)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    UV_AUTOCLOSE int fd = -1;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Socket path '%s' is too long for a UNIX socket"), path);
        return -1;
    }
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create a socket: %s"),
                    g_strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_CONNECT,
                    _("Unable to connect to uvirtd at '%s': %s"), path, g_strerror(errno));
        return -1;
    }
    return uvStealFd(&fd);
}

/* Socket path and the libvirt URI to announce, from qemu+unix:///session?socket=PATH. */
static gboolean
uvRemoteParseURI(const char *uri, char **socketPath, char **name, GError **error)
{
    g_autoptr(GUri) u = g_uri_parse(uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_autoptr(GHashTable) params = NULL;
    const char *path, *query, *sock = NULL;
    gboolean system;

    if (!u || (g_uri_get_host(u) && *g_uri_get_host(u))) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("invalid URI '%s': expected qemu+unix:///session or qemu+unix:///system"),
                    uri);
        return FALSE;
    }
    path = g_uri_get_path(u);
    if (g_strcmp0(path, "/session") == 0) {
        system = FALSE;
    } else if (g_strcmp0(path, "/system") == 0) {
        system = TRUE;
    } else {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("invalid URI '%s': expected qemu+unix:///session or qemu+unix:///system"),
                    uri);
        return FALSE;
    }
    if ((query = g_uri_get_query(u))) {
        params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, error);
        if (!params)
            return FALSE;
        sock = g_hash_table_lookup(params, "socket");
    }
    *socketPath = sock ? g_strdup(sock) : uvRemoteDefaultSocket(system);
    *name = g_strdup(system ? "qemu:///system" : "qemu:///session");
    return TRUE;
}

static void
uvRemotePrivFree(UvRemotePriv *priv)
{
    if (!priv)
        return;
    uvCloseFdp(&priv->fd);
    g_mutex_clear(&priv->lock);
    g_free(priv);
}

static gboolean
uvRemoteConnectOpen(UvConnect *conn, const char *uri, GError **error)
{
    g_autofree char *socketPath = NULL;
    g_autofree char *name = NULL;
    UvRemotePriv *priv;
    UvRemoteReply reply = {0};
    UvRemoteArgs args = {0};
    guint32 n;
    gboolean none = FALSE;

    if (!uvRemoteParseURI(uri, &socketPath, &name, error))
        return FALSE;
    priv = g_new0(UvRemotePriv, 1);
    g_mutex_init(&priv->lock);
    if ((priv->fd = uvRemoteDial(socketPath, error)) < 0) {
        uvRemotePrivFree(priv);
        return FALSE;
    }
    conn->privateData = priv;

    /* Only "none" is spoken here; uvirtd checked our uid when we connected. */
    if (!uvRemoteCall(conn, UV_REMOTE_PROC_AUTH_LIST, UV_REMOTE_ARGS_NONE, NULL, &reply, error)) {
        /* uvirtd hangs up at once on a uid it does not serve. */
        g_prefix_error(error,
                       _("uvirtd at '%s' refused the connection (it serves its own uid "
                         "only): "),
                       socketPath);
        goto error;
    }
    if (!uvXdrGetCount(&reply.r, 20, &n, error)) {
        uvRemoteReplyClear(&reply);
        goto error;
    }
    for (guint32 k = 0; k < n; k++) {
        gint32 type;

        if (!uvXdrGetI32(&reply.r, &type, error)) {
            uvRemoteReplyClear(&reply);
            goto error;
        }
        none |= type == UV_REMOTE_AUTH_NONE;
    }
    uvRemoteReplyClear(&reply);
    if (n > 0 && !none) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_CONNECT,
                    _("The daemon at '%s' requires an authentication uvirt does not speak"),
                    socketPath);
        goto error;
    }

    args.str = name;
    if (!uvRemoteCallVoid(conn, UV_REMOTE_PROC_CONNECT_OPEN, UV_REMOTE_ARGS_OPT_STRING_FLAGS, &args,
                          error))
        goto error;
    conn->uri = g_strdup(uri);
    return TRUE;

error:
    uvRemotePrivFree(priv);
    conn->privateData = NULL;
    return FALSE;
}

static void
uvRemoteConnectClose(UvConnect *conn)
{
    UvRemotePriv *priv = conn->privateData;

    if (!priv)
        return;
    /* The daemon forgets the session either way; a failure here changes nothing. */
    (void)uvRemoteCallVoid(conn, UV_REMOTE_PROC_CONNECT_CLOSE, UV_REMOTE_ARGS_NONE, NULL, NULL);
    uvRemotePrivFree(priv);
    conn->privateData = NULL;
}

static char *
uvRemoteGetHostname(UvConnect *conn, GError **error)
{
    return uvRemoteCallString(conn, UV_REMOTE_PROC_CONNECT_GET_HOSTNAME, UV_REMOTE_ARGS_NONE, NULL,
                              error);
}

static gboolean
uvRemoteGetVersion(UvConnect *conn, gulong *version, GError **error)
{
    guint64 v;

    if (!uvRemoteCallU64(conn, UV_REMOTE_PROC_CONNECT_GET_VERSION, &v, error))
        return FALSE;
    *version = v;
    return TRUE;
}

static gboolean
uvRemoteGetLibVersion(UvConnect *conn, gulong *version, GError **error)
{
    guint64 v;

    if (!uvRemoteCallU64(conn, UV_REMOTE_PROC_CONNECT_GET_LIB_VERSION, &v, error))
        return FALSE;
    *version = v;
    return TRUE;
}

static UvDomain **
uvRemoteListAllDomains(UvConnect *conn, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.i = 1, .flags = flags};
    UvRemoteReply reply = {0};
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)uvDomainFree);
    guint32 n, total;

    if (!uvRemoteCall(conn, UV_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, UV_REMOTE_ARGS_INT_FLAGS,
                      &args, &reply, error))
        return NULL;
    if (!uvXdrGetCount(&reply.r, UV_REMOTE_DOMAIN_LIST_MAX, &n, error))
        goto error;
    for (guint32 k = 0; k < n; k++) {
        UvRemoteDomain rd = {0};

        if (!uvRemoteDomainDecode(&reply.r, &rd, error)) {
            uvRemoteDomainClear(&rd);
            goto error;
        }
        g_ptr_array_add(list, uvDomainNew(conn, rd.name, rd.uuid, rd.id));
        uvRemoteDomainClear(&rd);
    }
    if (!uvXdrGetU32(&reply.r, &total, error) || !uvXdrReaderFinish(&reply.r, error))
        goto error;
    uvRemoteReplyClear(&reply);
    g_ptr_array_set_free_func(list, NULL);
    g_ptr_array_add(list, NULL);
    return (UvDomain **)g_ptr_array_free(g_steal_pointer(&list), FALSE);

error:
    uvRemoteReplyClear(&reply);
    return NULL;
}

static char *
uvRemoteXMLToNative(UvConnect *conn, const char *format, const char *xml, unsigned int flags,
                    GError **error)
{
    UvRemoteArgs args = {.str = (char *)format, .str2 = (char *)xml, .flags = flags};

    return uvRemoteCallString(conn, UV_REMOTE_PROC_CONNECT_DOMAIN_XML_TO_NATIVE,
                              UV_REMOTE_ARGS_STRING2_FLAGS, &args, error);
}

/* ---- domains ---- */

static UvDomain *
uvRemoteLookupByName(UvConnect *conn, const char *name, GError **error)
{
    UvRemoteArgs args = {.str = (char *)name};

    return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, UV_REMOTE_ARGS_STRING,
                              &args, error);
}

static UvDomain *
uvRemoteLookupByUUID(UvConnect *conn, const guint8 *uuid, GError **error)
{
    UvRemoteArgs args = {0};

    memcpy(args.uuid, uuid, UV_UUID_BUFLEN);
    return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID, UV_REMOTE_ARGS_UUID,
                              &args, error);
}

static UvDomain *
uvRemoteLookupByID(UvConnect *conn, int id, GError **error)
{
    UvRemoteArgs args = {.i = id};

    return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, UV_REMOTE_ARGS_INT, &args,
                              error);
}

static UvDomain *
uvRemoteDefineXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.str = (char *)xml, .flags = flags};

    if (flags == 0)
        return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_DEFINE_XML, UV_REMOTE_ARGS_STRING,
                                  &args, error);
    return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS,
                              UV_REMOTE_ARGS_STRING_FLAGS, &args, error);
}

static gboolean
uvRemoteUndefine(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_UNDEFINE, error);
}

static UvDomain *
uvRemoteCreateXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.str = (char *)xml, .flags = flags};

    return uvRemoteCallDomain(conn, UV_REMOTE_PROC_DOMAIN_CREATE_XML, UV_REMOTE_ARGS_STRING_FLAGS,
                              &args, error);
}

static gboolean
uvRemoteCreate(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_CREATE, error);
}

static gboolean
uvRemoteDestroy(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_DESTROY, error);
}

static gboolean
uvRemoteShutdown(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_SHUTDOWN, error);
}

static gboolean
uvRemoteReboot(UvDomain *dom, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.flags = flags};

    uvRemoteArgsForDomain(&args, dom);
    return uvRemoteCallVoid(dom->conn, UV_REMOTE_PROC_DOMAIN_REBOOT, UV_REMOTE_ARGS_DOM_FLAGS,
                            &args, error);
}

static gboolean
uvRemoteSuspend(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_SUSPEND, error);
}

static gboolean
uvRemoteResume(UvDomain *dom, GError **error)
{
    return uvRemoteDomainCallVoid(dom, UV_REMOTE_PROC_DOMAIN_RESUME, error);
}

static gboolean
uvRemoteGetState(UvDomain *dom, int *state, int *reason, GError **error)
{
    UvRemoteArgs args = {0};
    UvRemoteReply reply = {0};
    gint32 s, r;
    gboolean ok;

    uvRemoteArgsForDomain(&args, dom);
    if (!uvRemoteCall(dom->conn, UV_REMOTE_PROC_DOMAIN_GET_STATE, UV_REMOTE_ARGS_DOM_FLAGS, &args,
                      &reply, error))
        return FALSE;
    ok = uvXdrGetI32(&reply.r, &s, error) && uvXdrGetI32(&reply.r, &r, error) &&
         uvXdrReaderFinish(&reply.r, error);
    uvRemoteReplyClear(&reply);
    if (!ok)
        return FALSE;
    *state = s;
    *reason = r;
    return TRUE;
}

static gboolean
uvRemoteGetInfo(UvDomain *dom, UvDomainInfo *info, GError **error)
{
    UvRemoteArgs args = {0};
    UvRemoteReply reply = {0};
    guint32 state, vcpus;
    guint64 maxMem, memory, cpuTime;
    gboolean ok;

    uvRemoteArgsForDomain(&args, dom);
    if (!uvRemoteCall(dom->conn, UV_REMOTE_PROC_DOMAIN_GET_INFO, UV_REMOTE_ARGS_DOM, &args, &reply,
                      error))
        return FALSE;
    ok = uvXdrGetU32(&reply.r, &state, error) && uvXdrGetU64(&reply.r, &maxMem, error) &&
         uvXdrGetU64(&reply.r, &memory, error) && uvXdrGetU32(&reply.r, &vcpus, error) &&
         uvXdrGetU64(&reply.r, &cpuTime, error) && uvXdrReaderFinish(&reply.r, error);
    uvRemoteReplyClear(&reply);
    if (!ok)
        return FALSE;
    info->state = (int)state;
    info->maxMem = maxMem;
    info->memory = memory;
    info->nrVirtCpu = vcpus;
    info->cpuTime = cpuTime;
    return TRUE;
}

static char *
uvRemoteGetXMLDesc(UvDomain *dom, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.flags = flags};

    uvRemoteArgsForDomain(&args, dom);
    return uvRemoteCallString(dom->conn, UV_REMOTE_PROC_DOMAIN_GET_XML_DESC,
                              UV_REMOTE_ARGS_DOM_FLAGS, &args, error);
}

static char **
uvRemoteGetMessages(UvDomain *dom, unsigned int flags, GError **error)
{
    UvRemoteArgs args = {.flags = flags};
    UvRemoteReply reply = {0};
    char **msgs = NULL;

    uvRemoteArgsForDomain(&args, dom);
    if (!uvRemoteCall(dom->conn, UV_REMOTE_PROC_DOMAIN_GET_MESSAGES, UV_REMOTE_ARGS_DOM_FLAGS,
                      &args, &reply, error))
        return NULL;
    if (!uvXdrGetStringList(&reply.r, UV_REMOTE_DOMAIN_MESSAGES_MAX, UV_REMOTE_STRING_MAX, &msgs,
                            error) ||
        !uvXdrReaderFinish(&reply.r, error))
        g_clear_pointer(&msgs, g_strfreev);
    uvRemoteReplyClear(&reply);
    return msgs;
}

static gboolean
uvRemoteDomainBool(UvDomain *dom, gint32 proc, gboolean *out, GError **error)
{
    UvRemoteArgs args = {0};
    gint32 v;

    uvRemoteArgsForDomain(&args, dom);
    if (!uvRemoteCallInt(dom->conn, proc, UV_REMOTE_ARGS_DOM, &args, &v, error))
        return FALSE;
    *out = v != 0;
    return TRUE;
}

static gboolean
uvRemoteIsActive(UvDomain *dom, gboolean *active, GError **error)
{
    return uvRemoteDomainBool(dom, UV_REMOTE_PROC_DOMAIN_IS_ACTIVE, active, error);
}

static gboolean
uvRemoteIsPersistent(UvDomain *dom, gboolean *persistent, GError **error)
{
    return uvRemoteDomainBool(dom, UV_REMOTE_PROC_DOMAIN_IS_PERSISTENT, persistent, error);
}

static gboolean
uvRemoteGetAutostart(UvDomain *dom, gboolean *autostart, GError **error)
{
    return uvRemoteDomainBool(dom, UV_REMOTE_PROC_DOMAIN_GET_AUTOSTART, autostart, error);
}

static gboolean
uvRemoteSetAutostart(UvDomain *dom, gboolean autostart, GError **error)
{
    UvRemoteArgs args = {.i = autostart ? 1 : 0};

    uvRemoteArgsForDomain(&args, dom);
    return uvRemoteCallVoid(dom->conn, UV_REMOTE_PROC_DOMAIN_SET_AUTOSTART, UV_REMOTE_ARGS_DOM_INT,
                            &args, error);
}

const UvDriver uvRemoteDriver = {
    .name = "remote",
    .probe = uvRemoteProbe,
    .connectOpen = uvRemoteConnectOpen,
    .connectClose = uvRemoteConnectClose,
    .connectGetHostname = uvRemoteGetHostname,
    .connectGetVersion = uvRemoteGetVersion,
    .connectGetLibVersion = uvRemoteGetLibVersion,
    .connectListAllDomains = uvRemoteListAllDomains,
    .connectDomainXMLToNative = uvRemoteXMLToNative,
    .domainLookupByName = uvRemoteLookupByName,
    .domainLookupByUUID = uvRemoteLookupByUUID,
    .domainLookupByID = uvRemoteLookupByID,
    .domainDefineXML = uvRemoteDefineXML,
    .domainUndefine = uvRemoteUndefine,
    .domainCreateXML = uvRemoteCreateXML,
    .domainCreate = uvRemoteCreate,
    .domainDestroy = uvRemoteDestroy,
    .domainShutdown = uvRemoteShutdown,
    .domainReboot = uvRemoteReboot,
    .domainSuspend = uvRemoteSuspend,
    .domainResume = uvRemoteResume,
    .domainGetState = uvRemoteGetState,
    .domainGetInfo = uvRemoteGetInfo,
    .domainGetXMLDesc = uvRemoteGetXMLDesc,
    .domainGetMessages = uvRemoteGetMessages,
    .domainIsActive = uvRemoteIsActive,
    .domainIsPersistent = uvRemoteIsPersistent,
    .domainGetAutostart = uvRemoteGetAutostart,
    .domainSetAutostart = uvRemoteSetAutostart,
};
