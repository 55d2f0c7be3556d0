/*
 * libuvirt.h: the uvirt API — connections and domains
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything a client does goes through these calls: uvirsh embeds them, and
 * uvirtd serves them over libvirt's remote protocol. The shapes, flag values
 * and state numbers follow libvirt's public API so the two map one to one.
 *
 * Conventions: a call that can fail takes GError **error last and returns
 * FALSE / NULL / -1 on failure with @error set. Returned handles and strings
 * belong to the caller (uvDomainFree, uvConnectClose, g_free). Every call is
 * safe to make from several threads on one connection.
 */
#pragma once

#include <glib.h>

typedef struct _UvConnect UvConnect;
typedef struct _UvDomain UvDomain;

#define UV_UUID_BUFLEN 16
#define UV_UUID_STRING_BUFLEN 37

/* Same numbering as libvirt's virDomainState. */
typedef enum {
    UV_DOMAIN_NOSTATE = 0,
    UV_DOMAIN_RUNNING = 1,
    UV_DOMAIN_BLOCKED = 2,
    UV_DOMAIN_PAUSED = 3,
    UV_DOMAIN_SHUTDOWN = 4,
    UV_DOMAIN_SHUTOFF = 5,
    UV_DOMAIN_CRASHED = 6,
    UV_DOMAIN_PMSUSPENDED = 7,
    UV_DOMAIN_STATE_LAST
} UvDomainState;

/*
 * State reasons, libvirt's numbering (virDomainRunningReason,
 * virDomainPausedReason, virDomainShutoffReason, virDomainCrashedReason).
 * Only the ones uvirt produces are listed; docs/uri.rst says when each is.
 */
enum {
    UV_DOMAIN_RUNNING_UNKNOWN = 0,
    UV_DOMAIN_RUNNING_BOOTED = 1,
    UV_DOMAIN_RUNNING_UNPAUSED = 5,
};
enum {
    UV_DOMAIN_PAUSED_UNKNOWN = 0,
    UV_DOMAIN_PAUSED_USER = 1,
    UV_DOMAIN_PAUSED_SHUTTING_DOWN = 8,
    UV_DOMAIN_PAUSED_STARTING_UP = 11,
};
enum {
    UV_DOMAIN_SHUTOFF_UNKNOWN = 0,
    UV_DOMAIN_SHUTOFF_SHUTDOWN = 1,
    UV_DOMAIN_SHUTOFF_DESTROYED = 2,
    UV_DOMAIN_SHUTOFF_CRASHED = 3,
    UV_DOMAIN_SHUTOFF_FAILED = 6,
};
enum {
    UV_DOMAIN_CRASHED_UNKNOWN = 0,
    UV_DOMAIN_CRASHED_PANICKED = 1,
};

typedef struct {
    int state;      /* UvDomainState */
    guint64 maxMem; /* KiB */
    guint64 memory; /* KiB */
    guint nrVirtCpu;
    guint64 cpuTime; /* nanoseconds */
} UvDomainInfo;

/* uvConnectListAllDomains flags (virConnectListAllDomainsFlags values). */
typedef enum {
    UV_CONNECT_LIST_DOMAINS_ACTIVE = 1 << 0,
    UV_CONNECT_LIST_DOMAINS_INACTIVE = 1 << 1,
} UvConnectListAllDomainsFlags;

/* uvDomainDefineXML flags (virDomainDefineFlags values). */
typedef enum {
    UV_DOMAIN_DEFINE_VALIDATE = 1 << 0, /* also check against the RelaxNG schema */
} UvDomainDefineFlags;

/* uvDomainCreateXML flags (virDomainCreateFlags values). */
typedef enum {
    UV_DOMAIN_START_PAUSED = 1 << 0,   /* leave the vCPUs stopped (state paused) */
    UV_DOMAIN_START_VALIDATE = 1 << 4, /* also check against the RelaxNG schema */
} UvDomainCreateFlags;

/* uvDomainGetMessages flags (virDomainMessageType values); 0 means every kind. */
typedef enum {
    UV_DOMAIN_MESSAGE_DEPRECATION = 1 << 0,
    UV_DOMAIN_MESSAGE_TAINTING = 1 << 1,
} UvDomainMessageType;

/* uvDomainGetXMLDesc flags (virDomainXMLFlags values). */
typedef enum {
    UV_DOMAIN_XML_SECURE = 1 << 0,
    UV_DOMAIN_XML_INACTIVE = 1 << 1,
} UvDomainXMLFlags;

/* ---- connections ---- */

/*
 * Open a connection. @uri may be NULL or empty: then $UVIRT_DEFAULT_URI, else
 * qemu:///session for a non-root user and qemu:///system for root.
 * Accepted: qemu:///embed?root=DIR, qemu:///session, qemu:///system,
 * qemu+unix:///session|system[?socket=PATH] (a uvirtd).
 */
UvConnect *uvConnectOpen(const char *uri, GError **error);
void uvConnectClose(UvConnect *conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvConnect, uvConnectClose)

/* The canonical URI of the open connection (owned by @conn). */
const char *uvConnectGetURI(UvConnect *conn);
char *uvConnectGetHostname(UvConnect *conn, GError **error);
/* Hypervisor (QEMU) version as major * 1000000 + minor * 1000 + micro. */
gboolean uvConnectGetVersion(UvConnect *conn, gulong *version, GError **error);
/* Version of uvirt serving the connection, same encoding. */
gboolean uvConnectGetLibVersion(UvConnect *conn, gulong *version, GError **error);

/*
 * All domains matching @flags (0 = all), sorted by name. Returns a
 * NULL-terminated array of handles (free with uvDomainListFree) or NULL.
 */
UvDomain **uvConnectListAllDomains(UvConnect *conn, unsigned int flags, GError **error);
void uvDomainListFree(UvDomain **list);

/* The QEMU command line a definition would start with, for @format "qemu-argv". */
char *uvConnectDomainXMLToNative(UvConnect *conn, const char *format, const char *xml,
                                 unsigned int flags, GError **error);

/* ---- domain handles ---- */

UvDomain *uvDomainLookupByName(UvConnect *conn, const char *name, GError **error);
UvDomain *uvDomainLookupByUUID(UvConnect *conn, const guint8 uuid[UV_UUID_BUFLEN], GError **error);
UvDomain *uvDomainLookupByUUIDString(UvConnect *conn, const char *uuid, GError **error);
UvDomain *uvDomainLookupByID(UvConnect *conn, int id, GError **error);

UvDomain *uvDomainRef(UvDomain *dom);
void uvDomainFree(UvDomain *dom);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomain, uvDomainFree)

/* Identity as of when the handle was made (no round trip). */
const char *uvDomainGetName(UvDomain *dom);
void uvDomainGetUUID(UvDomain *dom, guint8 uuid[UV_UUID_BUFLEN]);
void uvDomainGetUUIDString(UvDomain *dom, char buf[UV_UUID_STRING_BUFLEN]);
/* -1 when the domain was inactive when the handle was made. */
int uvDomainGetID(UvDomain *dom);
UvConnect *uvDomainGetConnect(UvDomain *dom);

/* ---- lifecycle ---- */

UvDomain *uvDomainDefineXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error);
gboolean uvDomainUndefine(UvDomain *dom, GError **error);
/* Start a transient domain from @xml. */
UvDomain *uvDomainCreateXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error);
/* Start a defined domain. */
gboolean uvDomainCreate(UvDomain *dom, GError **error);
gboolean uvDomainDestroy(UvDomain *dom, GError **error);
gboolean uvDomainShutdown(UvDomain *dom, GError **error);
gboolean uvDomainReboot(UvDomain *dom, unsigned int flags, GError **error);
gboolean uvDomainSuspend(UvDomain *dom, GError **error);
gboolean uvDomainResume(UvDomain *dom, GError **error);

/* ---- inspection ---- */

gboolean uvDomainGetState(UvDomain *dom, int *state, int *reason, GError **error);
gboolean uvDomainGetInfo(UvDomain *dom, UvDomainInfo *info, GError **error);
char *uvDomainGetXMLDesc(UvDomain *dom, unsigned int flags, GError **error);
/*
 * What the user should know about the running domain, as one sentence each:
 * the warnings of its start (a pre-created device that is down, a tap without
 * vnet_hdr, vhost-net unavailable ...). They are neither deprecations nor
 * taint, so @flags other than 0 filter them all out. A NULL-terminated array
 * (g_strfreev), empty for an inactive domain; NULL with @error set on failure
 * (UV_ERROR_NO_SUPPORT when the connection's driver cannot tell).
 */
char **uvDomainGetMessages(UvDomain *dom, unsigned int flags, GError **error);
gboolean uvDomainIsActive(UvDomain *dom, gboolean *active, GError **error);
gboolean uvDomainIsPersistent(UvDomain *dom, gboolean *persistent, GError **error);
gboolean uvDomainGetAutostart(UvDomain *dom, gboolean *autostart, GError **error);
gboolean uvDomainSetAutostart(UvDomain *dom, gboolean autostart, GError **error);

/* Words virsh prints for a state ("running", "shut off", ...). */
const char *uvDomainStateToString(int state);
