/*
 * libuvirt.c: the public API, dispatched to the driver that serves the URI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "driver.h"

#include "util/uvuuid.h"

#include <string.h>
#include <unistd.h>

/* The remote driver claims qemu+unix:// URIs; the QEMU driver the rest. */
static const UvDriver *const uvDrivers[] = {
    &uvRemoteDriver,
    &uvQemuDriver,
};

static char *
uvConnectDefaultURI(void)
{
    const char *env = g_getenv("UVIRT_DEFAULT_URI");

    if (env && *env)
        return g_strdup(env);
    return g_strdup(geteuid() == 0 ? "qemu:///system" : "qemu:///session");
}

UvConnect *
uvConnectOpen(const char *uri, GError **error)
{
    /* As with libvirt, an empty URI means the default one. */
    g_autofree char *wanted = uri && *uri ? g_strdup(uri) : uvConnectDefaultURI();

    for (guint i = 0; i < G_N_ELEMENTS(uvDrivers); i++) {
        const UvDriver *drv = uvDrivers[i];
        UvConnect *conn;

        if (!drv->probe(wanted))
            continue;

        conn = g_new0(UvConnect, 1);
        conn->refs = 1;
        conn->driver = drv;
        if (!drv->connectOpen(conn, wanted, error)) {
            g_free(conn->uri);
            g_free(conn);
            return NULL;
        }
        if (!conn->uri)
            conn->uri = g_strdup(wanted);
        return conn;
    }

    g_set_error(error, UV_ERROR, UV_ERROR_NO_CONNECT,
                _("no connection driver available for URI '%s': uvirt accepts "
                  "qemu:///embed?root=DIR, qemu:///session, qemu:///system and "
                  "qemu+unix:///session or qemu+unix:///system"),
                wanted);
    return NULL;
}

static void
uvConnectUnref(UvConnect *conn)
{
    if (!conn || !g_atomic_int_dec_and_test(&conn->refs))
        return;
    conn->driver->connectClose(conn);
    g_free(conn->uri);
    g_free(conn);
}

void
uvConnectClose(UvConnect *conn)
{
    uvConnectUnref(conn);
}

const char *
uvConnectGetURI(UvConnect *conn)
{
    return conn->uri;
}

char *
uvConnectGetHostname(UvConnect *conn, GError **error)
{
    return conn->driver->connectGetHostname(conn, error);
}

gboolean
uvConnectGetVersion(UvConnect *conn, gulong *version, GError **error)
{
    return conn->driver->connectGetVersion(conn, version, error);
}

gboolean
uvConnectGetLibVersion(UvConnect *conn, gulong *version, GError **error)
{
    return conn->driver->connectGetLibVersion(conn, version, error);
}

UvDomain **
uvConnectListAllDomains(UvConnect *conn, unsigned int flags, GError **error)
{
    return conn->driver->connectListAllDomains(conn, flags, error);
}

void
uvDomainListFree(UvDomain **list)
{
    if (!list)
        return;
    for (UvDomain **d = list; *d; d++)
        uvDomainFree(*d);
    g_free(list);
}

char *
uvConnectDomainXMLToNative(UvConnect *conn, const char *format, const char *xml, unsigned int flags,
                           GError **error)
{
    return conn->driver->connectDomainXMLToNative(conn, format, xml, flags, error);
}

UvDomain *
uvDomainNew(UvConnect *conn, const char *name, const guint8 *uuid, int id)
{
    UvDomain *dom = g_new0(UvDomain, 1);

    dom->refs = 1;
    g_atomic_int_inc(&conn->refs);
    dom->conn = conn;
    dom->name = g_strdup(name);
    memcpy(dom->uuid, uuid, UV_UUID_BUFLEN);
    dom->id = id;
    return dom;
}

UvDomain *
uvDomainRef(UvDomain *dom)
{
    g_atomic_int_inc(&dom->refs);
    return dom;
}

void
uvDomainFree(UvDomain *dom)
{
    if (!dom || !g_atomic_int_dec_and_test(&dom->refs))
        return;
    uvConnectUnref(dom->conn);
    g_free(dom->name);
    g_free(dom);
}

UvDomain *
uvDomainLookupByName(UvConnect *conn, const char *name, GError **error)
{
    return conn->driver->domainLookupByName(conn, name, error);
}

UvDomain *
uvDomainLookupByUUID(UvConnect *conn, const guint8 uuid[UV_UUID_BUFLEN], GError **error)
{
    return conn->driver->domainLookupByUUID(conn, uuid, error);
}

UvDomain *
uvDomainLookupByUUIDString(UvConnect *conn, const char *uuidstr, GError **error)
{
    guint8 uuid[UV_UUID_BUFLEN];
    int n = 0;

    /* 32 hex digits, dashes allowed anywhere between pairs. */
    for (const char *p = uuidstr; *p; p++) {
        if (*p == '-')
            continue;
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]) || n >= UV_UUID_BUFLEN)
            goto invalid;
        uuid[n++] = (guint8)(g_ascii_xdigit_value(p[0]) * 16 + g_ascii_xdigit_value(p[1]));
        p++;
    }
    if (n != UV_UUID_BUFLEN)
        goto invalid;
    return conn->driver->domainLookupByUUID(conn, uuid, error);

invalid:
    g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG, _("invalid UUID '%s'"), uuidstr);
    return NULL;
}

UvDomain *
uvDomainLookupByID(UvConnect *conn, int id, GError **error)
{
    return conn->driver->domainLookupByID(conn, id, error);
}

const char *
uvDomainGetName(UvDomain *dom)
{
    return dom->name;
}

void
uvDomainGetUUID(UvDomain *dom, guint8 uuid[UV_UUID_BUFLEN])
{
    memcpy(uuid, dom->uuid, UV_UUID_BUFLEN);
}

void
uvDomainGetUUIDString(UvDomain *dom, char buf[UV_UUID_STRING_BUFLEN])
{
    uvUUIDFormat(dom->uuid, buf);
}

int
uvDomainGetID(UvDomain *dom)
{
    return dom->id;
}

UvConnect *
uvDomainGetConnect(UvDomain *dom)
{
    return dom->conn;
}

UvDomain *
uvDomainDefineXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    return conn->driver->domainDefineXML(conn, xml, flags, error);
}

gboolean
uvDomainUndefine(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainUndefine(dom, error);
}

UvDomain *
uvDomainCreateXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    return conn->driver->domainCreateXML(conn, xml, flags, error);
}

gboolean
uvDomainCreate(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainCreate(dom, error);
}

gboolean
uvDomainDestroy(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainDestroy(dom, error);
}

gboolean
uvDomainShutdown(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainShutdown(dom, error);
}

gboolean
uvDomainReboot(UvDomain *dom, unsigned int flags, GError **error)
{
    return dom->conn->driver->domainReboot(dom, flags, error);
}

gboolean
uvDomainSuspend(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainSuspend(dom, error);
}

gboolean
uvDomainResume(UvDomain *dom, GError **error)
{
    return dom->conn->driver->domainResume(dom, error);
}

gboolean
uvDomainGetState(UvDomain *dom, int *state, int *reason, GError **error)
{
    return dom->conn->driver->domainGetState(dom, state, reason, error);
}

gboolean
uvDomainGetInfo(UvDomain *dom, UvDomainInfo *info, GError **error)
{
    return dom->conn->driver->domainGetInfo(dom, info, error);
}

char *
uvDomainGetXMLDesc(UvDomain *dom, unsigned int flags, GError **error)
{
    return dom->conn->driver->domainGetXMLDesc(dom, flags, error);
}

char **
uvDomainGetMessages(UvDomain *dom, unsigned int flags, GError **error)
{
    if (!dom->conn->driver->domainGetMessages) {
        g_set_error(error, UV_ERROR, UV_ERROR_NO_SUPPORT,
                    _("The %s driver cannot list the messages of domain '%s'."),
                    dom->conn->driver->name, dom->name);
        return NULL;
    }
    return dom->conn->driver->domainGetMessages(dom, flags, error);
}

gboolean
uvDomainIsActive(UvDomain *dom, gboolean *active, GError **error)
{
    return dom->conn->driver->domainIsActive(dom, active, error);
}

gboolean
uvDomainIsPersistent(UvDomain *dom, gboolean *persistent, GError **error)
{
    return dom->conn->driver->domainIsPersistent(dom, persistent, error);
}

gboolean
uvDomainGetAutostart(UvDomain *dom, gboolean *autostart, GError **error)
{
    return dom->conn->driver->domainGetAutostart(dom, autostart, error);
}

gboolean
uvDomainSetAutostart(UvDomain *dom, gboolean autostart, GError **error)
{
    return dom->conn->driver->domainSetAutostart(dom, autostart, error);
}

const char *
uvDomainStateToString(int state)
{
    switch ((UvDomainState)state) {
    case UV_DOMAIN_RUNNING:
        return N_("running");
    case UV_DOMAIN_BLOCKED:
        return N_("idle");
    case UV_DOMAIN_PAUSED:
        return N_("paused");
    case UV_DOMAIN_SHUTDOWN:
        return N_("in shutdown");
    case UV_DOMAIN_SHUTOFF:
        return N_("shut off");
    case UV_DOMAIN_CRASHED:
        return N_("crashed");
    case UV_DOMAIN_PMSUSPENDED:
        return N_("pmsuspended");
    case UV_DOMAIN_NOSTATE:
    case UV_DOMAIN_STATE_LAST:
        break;
    }
    return N_("no state");
}
