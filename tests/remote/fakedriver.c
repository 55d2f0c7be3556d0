/*
 * fakedriver.c: an in-memory driver standing in for QEMU in protocol tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Linked into uvirtd-fake in place of the QEMU driver, so the remote
 * protocol can be tested with Debian's virsh and python3-libvirt in
 * milliseconds and without QEMU. Definitions carry only what the XML says
 * in <name>, <uuid>, <memory> and <vcpu>; state changes are instant.
 */
#include "util/uvinternal.h"
#include "driver.h"

#include <string.h>

typedef struct {
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    char *xml;
    int id;
    int state;
    int reason;
    gboolean persistent;
    gboolean autostart;
    guint64 memory;
    guint vcpus;
} FakeDom;

static GMutex fakeLock;
static GPtrArray *fakeDoms;
static int fakeNextId = 1;

static void
fakeDomFree(FakeDom *d)
{
    g_free(d->name);
    g_free(d->xml);
    g_free(d);
}

static gboolean
fakeProbe(const char *uri)
{
    return g_str_has_prefix(uri, "fake://") || g_str_has_prefix(uri, "qemu:///embed");
}

static gboolean
fakeConnectOpen(UvConnect *conn, const char *uri, GError **error)
{
    g_mutex_lock(&fakeLock);
    if (!fakeDoms)
        fakeDoms = g_ptr_array_new_with_free_func((GDestroyNotify)fakeDomFree);
    g_mutex_unlock(&fakeLock);
    conn->uri = g_strdup(uri);
    return TRUE;
}

static void
fakeConnectClose(UvConnect *conn)
{
}

static char *
fakeGetHostname(UvConnect *conn, GError **error)
{
    return g_strdup(g_get_host_name());
}

static gboolean
fakeGetVersion(UvConnect *conn, gulong *v, GError **error)
{
    *v = 7002000;
    return TRUE;
}

static gboolean
fakeGetLibVersion(UvConnect *conn, gulong *v, GError **error)
{
    *v = 1000;
    return TRUE;
}

/* Callers hold fakeLock. */
static FakeDom *
fakeFind(const guint8 *uuid, const char *name, int id)
{
    for (guint n = 0; n < fakeDoms->len; n++) {
        FakeDom *d = fakeDoms->pdata[n];

        if ((uuid && memcmp(d->uuid, uuid, UV_UUID_BUFLEN) == 0) ||
            (name && strcmp(d->name, name) == 0) || (id > 0 && d->id == id))
            return d;
    }
    return NULL;
}

static UvDomain *
fakeHandle(UvConnect *conn, FakeDom *d)
{
    return uvDomainNew(conn, d->name, d->uuid, d->id);
}

static gint
fakeCompare(gconstpointer a, gconstpointer b)
{
    const FakeDom *x = *(FakeDom *const *)a, *y = *(FakeDom *const *)b;

    return strcmp(x->name, y->name);
}

static UvDomain **
fakeListAll(UvConnect *conn, unsigned int flags, GError **error)
{
    GPtrArray *out = g_ptr_array_new();

    g_mutex_lock(&fakeLock);
    g_ptr_array_sort(fakeDoms, fakeCompare);
    for (guint n = 0; n < fakeDoms->len; n++) {
        FakeDom *d = fakeDoms->pdata[n];
        gboolean active = d->id > 0;

        if (flags == UV_CONNECT_LIST_DOMAINS_ACTIVE && !active)
            continue;
        if (flags == UV_CONNECT_LIST_DOMAINS_INACTIVE && active)
            continue;
        g_ptr_array_add(out, fakeHandle(conn, d));
    }
    g_mutex_unlock(&fakeLock);
    g_ptr_array_add(out, NULL);
    return (UvDomain **)g_ptr_array_free(out, FALSE);
}

static char *
fakeXMLToNative(UvConnect *conn, const char *format, const char *xml, unsigned int flags,
                GError **error)
{
    return g_strdup("qemu-system-x86_64 -fake\n");
}

static gboolean
fakeNoDomain(GError **error, const char *what)
{
    g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN, _("no domain with matching %s"), what);
    return FALSE;
}

static UvDomain *
fakeLookupByName(UvConnect *conn, const char *name, GError **error)
{
    UvDomain *ret = NULL;
    FakeDom *d;

    g_mutex_lock(&fakeLock);
    if ((d = fakeFind(NULL, name, 0)))
        ret = fakeHandle(conn, d);
    g_mutex_unlock(&fakeLock);
    if (!ret)
        g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN, _("no domain with matching name '%s'"),
                    name);
    return ret;
}

static UvDomain *
fakeLookupByUUID(UvConnect *conn, const guint8 *uuid, GError **error)
{
    UvDomain *ret = NULL;
    FakeDom *d;

    g_mutex_lock(&fakeLock);
    if ((d = fakeFind(uuid, NULL, 0)))
        ret = fakeHandle(conn, d);
    g_mutex_unlock(&fakeLock);
    if (!ret)
        fakeNoDomain(error, "uuid");
    return ret;
}

static UvDomain *
fakeLookupByID(UvConnect *conn, int id, GError **error)
{
    UvDomain *ret = NULL;
    FakeDom *d;

    g_mutex_lock(&fakeLock);
    if (id > 0 && (d = fakeFind(NULL, NULL, id)))
        ret = fakeHandle(conn, d);
    g_mutex_unlock(&fakeLock);
    if (!ret)
        g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN, _("no domain with matching id %d"), id);
    return ret;
}

static char *
fakeElement(const char *xml, const char *tag)
{
    g_autofree char *open = g_strdup_printf("<%s", tag);
    g_autofree char *close = g_strdup_printf("</%s>", tag);
    const char *s = strstr(xml, open), *e;

    if (!s || !(s = strchr(s, '>')) || !(e = strstr(s, close)))
        return NULL;
    return g_strndup(s + 1, e - s - 1);
}

static FakeDom *
fakeParse(const char *xml, GError **error)
{
    g_autofree char *name = fakeElement(xml, "name");
    g_autofree char *uuid = fakeElement(xml, "uuid");
    g_autofree char *mem = fakeElement(xml, "memory");
    g_autofree char *vcpu = fakeElement(xml, "vcpu");
    FakeDom *d;

    if (!strstr(xml, "<domain") || !name || !*name) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML, _("missing domain name in the definition"));
        return NULL;
    }
    d = g_new0(FakeDom, 1);
    d->name = g_steal_pointer(&name);
    d->xml = g_strdup(xml);
    d->id = -1;
    d->state = UV_DOMAIN_SHUTOFF;
    d->memory = mem ? g_ascii_strtoull(mem, NULL, 10) : 65536;
    d->vcpus = vcpu ? (guint)g_ascii_strtoull(vcpu, NULL, 10) : 1;
    if (uuid) {
        int n = 0;

        for (const char *p = uuid; *p && n < UV_UUID_BUFLEN; p++) {
            if (*p == '-')
                continue;
            d->uuid[n++] = (guint8)(g_ascii_xdigit_value(p[0]) * 16 + g_ascii_xdigit_value(p[1]));
            p++;
        }
    } else {
        for (int n = 0; n < UV_UUID_BUFLEN; n++)
            d->uuid[n] = (guint8)g_random_int();
    }
    return d;
}

static UvDomain *
fakeDefine(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    FakeDom *d = fakeParse(xml, error), *old;
    UvDomain *ret;

    if (!d)
        return NULL;
    g_mutex_lock(&fakeLock);
    if ((old = fakeFind(NULL, d->name, 0))) {
        if (memcmp(old->uuid, d->uuid, UV_UUID_BUFLEN) != 0) {
            g_mutex_unlock(&fakeLock);
            g_set_error(error, UV_ERROR, UV_ERROR_DOMAIN_EXISTS,
                        _("domain '%s' already exists with another uuid"), d->name);
            fakeDomFree(d);
            return NULL;
        }
        g_free(old->xml);
        old->xml = g_strdup(xml);
        old->persistent = TRUE;
        fakeDomFree(d);
        d = old;
    } else {
        d->persistent = TRUE;
        g_ptr_array_add(fakeDoms, d);
    }
    ret = fakeHandle(conn, d);
    g_mutex_unlock(&fakeLock);
    return ret;
}

/* Runs @op on the domain behind @dom with fakeLock held. */
static gboolean
fakeWith(UvDomain *dom, gboolean (*op)(FakeDom *d, gpointer data, GError **error), gpointer data,
         GError **error)
{
    FakeDom *d;
    gboolean ok;

    g_mutex_lock(&fakeLock);
    if (!(d = fakeFind(dom->uuid, NULL, 0))) {
        g_mutex_unlock(&fakeLock);
        return fakeNoDomain(error, "uuid");
    }
    ok = op(d, data, error);
    g_mutex_unlock(&fakeLock);
    return ok;
}

static gboolean
fakeNotRunning(FakeDom *d, GError **error)
{
    g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID, _("domain is not running"));
    return FALSE;
}

static gboolean
fakeOpUndefine(FakeDom *d, gpointer data, GError **error)
{
    if (!d->persistent) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("cannot undefine transient domain"));
        return FALSE;
    }
    if (d->id > 0)
        d->persistent = FALSE;
    else
        g_ptr_array_remove(fakeDoms, d);
    return TRUE;
}

static gboolean
fakeUndefine(UvDomain *dom, GError **error)
{
    return fakeWith(dom, fakeOpUndefine, NULL, error);
}

static gboolean
fakeOpStart(FakeDom *d, gpointer data, GError **error)
{
    if (d->id > 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID, _("domain is already running"));
        return FALSE;
    }
    d->id = fakeNextId++;
    d->state = UV_DOMAIN_RUNNING;
    d->reason = UV_DOMAIN_RUNNING_BOOTED;
    return TRUE;
}

static gboolean
fakeCreate(UvDomain *dom, GError **error)
{
    /* A slow start, outside any lock, for the tests that other clients are not held up. */
    if (g_str_has_prefix(dom->name, "slow"))
        g_usleep(2 * G_USEC_PER_SEC);
    return fakeWith(dom, fakeOpStart, NULL, error);
}

static UvDomain *
fakeCreateXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    FakeDom *d = fakeParse(xml, error);
    UvDomain *ret;

    if (!d)
        return NULL;
    g_mutex_lock(&fakeLock);
    if (fakeFind(NULL, d->name, 0)) {
        g_mutex_unlock(&fakeLock);
        g_set_error(error, UV_ERROR, UV_ERROR_DOMAIN_EXISTS, _("domain '%s' already exists"),
                    d->name);
        fakeDomFree(d);
        return NULL;
    }
    fakeOpStart(d, NULL, NULL);
    g_ptr_array_add(fakeDoms, d);
    ret = fakeHandle(conn, d);
    g_mutex_unlock(&fakeLock);
    return ret;
}

static gboolean
fakeOpStop(FakeDom *d, gpointer data, GError **error)
{
    if (d->id < 0)
        return fakeNotRunning(d, error);
    d->id = -1;
    d->state = UV_DOMAIN_SHUTOFF;
    d->reason = GPOINTER_TO_INT(data);
    if (!d->persistent)
        g_ptr_array_remove(fakeDoms, d);
    return TRUE;
}

static gboolean
fakeDestroy(UvDomain *dom, GError **error)
{
    return fakeWith(dom, fakeOpStop, GINT_TO_POINTER(UV_DOMAIN_SHUTOFF_DESTROYED), error);
}

static gboolean
fakeShutdown(UvDomain *dom, GError **error)
{
    return fakeWith(dom, fakeOpStop, GINT_TO_POINTER(UV_DOMAIN_SHUTOFF_SHUTDOWN), error);
}

static gboolean
fakeOpReboot(FakeDom *d, gpointer data, GError **error)
{
    return d->id > 0 ? TRUE : fakeNotRunning(d, error);
}

static gboolean
fakeReboot(UvDomain *dom, unsigned int flags, GError **error)
{
    return fakeWith(dom, fakeOpReboot, NULL, error);
}

static gboolean
fakeOpPause(FakeDom *d, gpointer data, GError **error)
{
    gboolean pause = GPOINTER_TO_INT(data);

    if (d->id < 0)
        return fakeNotRunning(d, error);
    if (!pause && d->state != UV_DOMAIN_PAUSED) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID, _("domain is not paused"));
        return FALSE;
    }
    d->state = pause ? UV_DOMAIN_PAUSED : UV_DOMAIN_RUNNING;
    d->reason = pause ? UV_DOMAIN_PAUSED_USER : UV_DOMAIN_RUNNING_UNPAUSED;
    return TRUE;
}

static gboolean
fakeSuspend(UvDomain *dom, GError **error)
{
    return fakeWith(dom, fakeOpPause, GINT_TO_POINTER(TRUE), error);
}

static gboolean
fakeResume(UvDomain *dom, GError **error)
{
    return fakeWith(dom, fakeOpPause, GINT_TO_POINTER(FALSE), error);
}

typedef struct {
    int *state, *reason;
    UvDomainInfo *info;
    char **xml;
    gboolean *b;
    int which; /* 0 active, 1 persistent, 2 autostart, 3 set autostart */
    gboolean value;
} FakeQuery;

static gboolean
fakeOpQuery(FakeDom *d, gpointer data, GError **error)
{
    FakeQuery *q = data;

    if (q->state) {
        *q->state = d->state;
        *q->reason = d->reason;
    }
    if (q->info) {
        q->info->state = d->state;
        q->info->maxMem = d->memory;
        q->info->memory = d->memory;
        q->info->nrVirtCpu = d->vcpus;
        q->info->cpuTime = d->id > 0 ? 1500000000 : 0;
    }
    if (q->xml)
        *q->xml = g_strdup(d->xml);
    if (q->b) {
        switch (q->which) {
        case 0:
            *q->b = d->id > 0;
            break;
        case 1:
            *q->b = d->persistent;
            break;
        case 2:
            *q->b = d->autostart;
            break;
        }
    }
    if (q->which == 3) {
        if (!d->persistent) {
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                        _("cannot set autostart for transient domain"));
            return FALSE;
        }
        d->autostart = q->value;
    }
    return TRUE;
}

static gboolean
fakeGetState(UvDomain *dom, int *state, int *reason, GError **error)
{
    FakeQuery q = {.state = state, .reason = reason, .which = -1};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

static gboolean
fakeGetInfo(UvDomain *dom, UvDomainInfo *info, GError **error)
{
    FakeQuery q = {.info = info, .which = -1};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

static char *
fakeGetXMLDesc(UvDomain *dom, unsigned int flags, GError **error)
{
    char *xml = NULL;
    FakeQuery q = {.xml = &xml, .which = -1};

    return fakeWith(dom, fakeOpQuery, &q, error) ? xml : NULL;
}

/*
 * The fake's start warnings: while running, one message per line of the
 * definition's <description>, so the remote tests can send any list.
 */
static gboolean
fakeOpMessages(FakeDom *d, gpointer data, GError **error)
{
    char ***out = data;
    g_autofree char *text = d->id > 0 ? fakeElement(d->xml, "description") : NULL;

    *out = text && *text ? g_strsplit(text, "\n", -1) : g_new0(char *, 1);
    return TRUE;
}

static char **
fakeGetMessages(UvDomain *dom, unsigned int flags, GError **error)
{
    char **msgs = NULL;

    if (flags & ~(UV_DOMAIN_MESSAGE_DEPRECATION | UV_DOMAIN_MESSAGE_TAINTING)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG, _("unsupported flags 0x%x"), flags);
        return NULL;
    }
    if (!fakeWith(dom, fakeOpMessages, &msgs, error))
        return NULL;
    /* like the QEMU driver: start warnings are neither deprecations nor taint */
    if (flags != 0) {
        g_strfreev(msgs);
        return g_new0(char *, 1);
    }
    return msgs;
}

static gboolean
fakeIsActive(UvDomain *dom, gboolean *v, GError **error)
{
    FakeQuery q = {.b = v, .which = 0};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

static gboolean
fakeIsPersistent(UvDomain *dom, gboolean *v, GError **error)
{
    FakeQuery q = {.b = v, .which = 1};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

static gboolean
fakeGetAutostart(UvDomain *dom, gboolean *v, GError **error)
{
    FakeQuery q = {.b = v, .which = 2};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

static gboolean
fakeSetAutostart(UvDomain *dom, gboolean v, GError **error)
{
    FakeQuery q = {.which = 3, .value = v};

    return fakeWith(dom, fakeOpQuery, &q, error);
}

const UvDriver uvQemuDriver = {
    .name = "fake",
    .probe = fakeProbe,
    .connectOpen = fakeConnectOpen,
    .connectClose = fakeConnectClose,
    .connectGetHostname = fakeGetHostname,
    .connectGetVersion = fakeGetVersion,
    .connectGetLibVersion = fakeGetLibVersion,
    .connectListAllDomains = fakeListAll,
    .connectDomainXMLToNative = fakeXMLToNative,
    .domainLookupByName = fakeLookupByName,
    .domainLookupByUUID = fakeLookupByUUID,
    .domainLookupByID = fakeLookupByID,
    .domainDefineXML = fakeDefine,
    .domainUndefine = fakeUndefine,
    .domainCreateXML = fakeCreateXML,
    .domainCreate = fakeCreate,
    .domainDestroy = fakeDestroy,
    .domainShutdown = fakeShutdown,
    .domainReboot = fakeReboot,
    .domainSuspend = fakeSuspend,
    .domainResume = fakeResume,
    .domainGetState = fakeGetState,
    .domainGetInfo = fakeGetInfo,
    .domainGetXMLDesc = fakeGetXMLDesc,
    .domainGetMessages = fakeGetMessages,
    .domainIsActive = fakeIsActive,
    .domainIsPersistent = fakeIsPersistent,
    .domainGetAutostart = fakeGetAutostart,
    .domainSetAutostart = fakeSetAutostart,
};
