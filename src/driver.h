/*
 * driver.h: the table a hypervisor driver or the remote client fills in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libuvirt.c turns each public call into a call through conn->driver. A
 * driver keeps its own per-connection state in conn->privateData and builds
 * domain handles with uvDomainNew(). Every entry is mandatory, except those
 * marked optional: libuvirt.c answers UV_ERROR_NO_SUPPORT when they are NULL.
 */
#pragma once

#include "libuvirt.h"

typedef struct _UvDriver UvDriver;

struct _UvConnect {
    gint refs;
    const UvDriver *driver;
    void *privateData;
    char *uri;
};

struct _UvDomain {
    gint refs;
    UvConnect *conn;
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    int id;
};

struct _UvDriver {
    const char *name;
    /* Does this driver serve @uri? (scheme + path only; no I/O) */
    gboolean (*probe)(const char *uri);
    /* Fill conn->privateData and conn->uri (canonical). */
    gboolean (*connectOpen)(UvConnect *conn, const char *uri, GError **error);
    void (*connectClose)(UvConnect *conn);
    char *(*connectGetHostname)(UvConnect *conn, GError **error);
    gboolean (*connectGetVersion)(UvConnect *conn, gulong *version, GError **error);
    gboolean (*connectGetLibVersion)(UvConnect *conn, gulong *version, GError **error);
    UvDomain **(*connectListAllDomains)(UvConnect *conn, unsigned int flags, GError **error);
    char *(*connectDomainXMLToNative)(UvConnect *conn, const char *format, const char *xml,
                                      unsigned int flags, GError **error);

    UvDomain *(*domainLookupByName)(UvConnect *conn, const char *name, GError **error);
    UvDomain *(*domainLookupByUUID)(UvConnect *conn, const guint8 *uuid, GError **error);
    UvDomain *(*domainLookupByID)(UvConnect *conn, int id, GError **error);

    UvDomain *(*domainDefineXML)(UvConnect *conn, const char *xml, unsigned int flags,
                                 GError **error);
    gboolean (*domainUndefine)(UvDomain *dom, GError **error);
    UvDomain *(*domainCreateXML)(UvConnect *conn, const char *xml, unsigned int flags,
                                 GError **error);
    gboolean (*domainCreate)(UvDomain *dom, GError **error);
    gboolean (*domainDestroy)(UvDomain *dom, GError **error);
    gboolean (*domainShutdown)(UvDomain *dom, GError **error);
    gboolean (*domainReboot)(UvDomain *dom, unsigned int flags, GError **error);
    gboolean (*domainSuspend)(UvDomain *dom, GError **error);
    gboolean (*domainResume)(UvDomain *dom, GError **error);

    gboolean (*domainGetState)(UvDomain *dom, int *state, int *reason, GError **error);
    gboolean (*domainGetInfo)(UvDomain *dom, UvDomainInfo *info, GError **error);
    char *(*domainGetXMLDesc)(UvDomain *dom, unsigned int flags, GError **error);
    /* optional */
    char **(*domainGetMessages)(UvDomain *dom, unsigned int flags, GError **error);
    gboolean (*domainIsActive)(UvDomain *dom, gboolean *active, GError **error);
    gboolean (*domainIsPersistent)(UvDomain *dom, gboolean *persistent, GError **error);
    gboolean (*domainGetAutostart)(UvDomain *dom, gboolean *autostart, GError **error);
    gboolean (*domainSetAutostart)(UvDomain *dom, gboolean autostart, GError **error);
};

/* A new handle with one reference; it takes a reference on @conn. */
UvDomain *uvDomainNew(UvConnect *conn, const char *name, const guint8 *uuid, int id);

/* Drivers known to libuvirt, tried in order by uvConnectOpen(). */
extern const UvDriver uvQemuDriver;
extern const UvDriver uvRemoteDriver;
