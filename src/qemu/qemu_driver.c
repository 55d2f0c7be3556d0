/*
 * qemu_driver.c: the QEMU driver behind the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No daemon and no in-memory domain list: every call reads the definitions
 * and runtime state from disk (qemu_conf.h lists the files) and changes them
 * under the domain's flock, so several processes, and several threads of one
 * process, can drive the same domains. A running domain's state is derived
 * from its QEMU pid and process start time, so a guest that powered itself
 * off reads as shut off, and its leftovers are cleaned by whoever looks next.
 */
#include "util/uvinternal.h"
#include "driver.h"
#include "conf/domain_conf.h"
#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_domain.h"
#include "qemu_interface.h"
#include "qemu_monitor.h"
#include "qemu_process.h"
#include "util/uvfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* How long an operation waits for another one on the same domain (a start takes < 1 s). */
#define UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS 60000

typedef struct {
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    UvDomainDef *persistentDef; /* NULL for a transient domain */
    UvQemuDomainStatus *status; /* NULL when not running */
    int shutoffReason;          /* UV_DOMAIN_SHUTOFF_*, when not running */
} UvQemuDomainObj;

static void
uvQemuDomainObjFree(UvQemuDomainObj *obj)
{
    if (!obj)
        return;
    g_free(obj->name);
    uvDomainDefFree(obj->persistentDef);
    uvQemuDomainStatusFree(obj->status);
    g_free(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuDomainObj, uvQemuDomainObjFree)

static UvQemuDriverConfig *
uvQemuConnConfig(UvConnect *conn)
{
    return conn->privateData;
}

/*
 * The runtime state of @name if its QEMU still runs. A dead one is cleaned
 * up: right away when the caller holds the lock (@locked), else only if the
 * lock is free at once (someone busy with the domain will see to it); either
 * way *@exitReason says why it ended (else it is -1).
 */
static UvQemuDomainStatus *
uvQemuDomainLoadStatus(const UvQemuDriverConfig *cfg, const char *name, gboolean locked,
                       int *exitReason, GError **error)
{
    g_autoptr(UvQemuDomainStatus) st = uvQemuDomainStatusLoad(cfg, name, error);
    UV_AUTOCLOSE int lockfd = -1;

    *exitReason = -1;
    if (!st)
        return NULL;
    if (uvQemuDomainStatusIsAlive(st))
        return g_steal_pointer(&st);

    g_debug("domain '%s': QEMU pid %d is gone, cleaning up", name, (int)st->pid);
    *exitReason = uvQemuProcessExitReason(cfg, name, st);
    if (!locked) {
        g_autoptr(UvQemuDomainStatus) again = NULL;

        if ((lockfd = uvQemuDomainLock(cfg, name, 0, NULL)) < 0)
            return NULL;
        again = uvQemuDomainStatusLoad(cfg, name, NULL);
        if (!again) {
            /* cleaned up meanwhile by someone else, who recorded why */
            *exitReason = -1;
            return NULL;
        }
        if (uvQemuDomainStatusIsAlive(again)) {
            *exitReason = -1;
            return g_steal_pointer(&again);
        }
        g_clear_pointer(&st, uvQemuDomainStatusFree);
        st = g_steal_pointer(&again);
        *exitReason = uvQemuProcessExitReason(cfg, name, st);
    }
    uvQemuProcessCleanup(cfg, name, st, *exitReason);
    return NULL;
}

static UvDomainDef *
uvQemuDomainLoadConfig(const UvQemuDriverConfig *cfg, const char *name, GError **error)
{
    g_autofree char *path = uvQemuDomainConfigPath(cfg, name);

    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return NULL;
    return uvDomainDefParseFile(path, 0, error);
}

static void
uvQemuNoDomain(const char *name, GError **error)
{
    g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN,
                _("Domain not found: no domain with name '%s'."), name);
}

/* Everything known about @name, or NULL (UV_ERROR_NO_DOMAIN when it does not exist). */
static UvQemuDomainObj *
uvQemuDomainObjLoad(const UvQemuDriverConfig *cfg, const char *name, gboolean locked,
                    GError **error)
{
    g_autoptr(UvQemuDomainObj) obj = g_new0(UvQemuDomainObj, 1);
    GError *err = NULL;
    int exitReason = -1;

    if (!uvQemuDomainNameCheck(name, NULL)) {
        uvQemuNoDomain(name, error);
        return NULL;
    }
    obj->name = g_strdup(name);
    obj->status = uvQemuDomainLoadStatus(cfg, name, locked, &exitReason, &err);
    if (err) {
        g_propagate_error(error, err);
        return NULL;
    }
    if (!obj->status)
        obj->shutoffReason = exitReason >= 0 ? exitReason : uvQemuDomainShutoffLoad(cfg, name);
    obj->persistentDef = uvQemuDomainLoadConfig(cfg, name, &err);
    if (err) {
        g_propagate_error(error, err);
        return NULL;
    }
    if (obj->status && obj->status->transient && obj->persistentDef)
        obj->status->transient = FALSE;
    if (obj->status) {
        if (!uvUUIDParse(obj->status->uuid, obj->uuid)) {
            g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                        _("The runtime state of domain '%s' has a bad UUID."), name);
            return NULL;
        }
    } else if (obj->persistentDef) {
        memcpy(obj->uuid, obj->persistentDef->uuid, UV_UUID_BUFLEN);
    } else {
        uvQemuNoDomain(name, error);
        return NULL;
    }
    return g_steal_pointer(&obj);
}

static UvDomain *
uvQemuDomainObjHandle(UvConnect *conn, const UvQemuDomainObj *obj)
{
    return uvDomainNew(conn, obj->name, obj->uuid, obj->status ? obj->status->id : -1);
}

/* g_ptr_array_sort() passes pointers to the elements. */
static gint
uvQemuCompareNames(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* Names of every domain with a definition or runtime state, sorted. */
static GPtrArray *
uvQemuListNames(const UvQemuDriverConfig *cfg)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const struct {
        const char *dir;
        const char *suffix;
    } sources[] = {{cfg->configDir, ".xml"}, {cfg->stateDir, ".state"}};

    for (guint s = 0; s < G_N_ELEMENTS(sources); s++) {
        g_autoptr(GDir) dir = g_dir_open(sources[s].dir, 0, NULL);
        const char *ent;

        while (dir && (ent = g_dir_read_name(dir))) {
            g_autofree char *name = NULL;

            if (ent[0] == '.' || !g_str_has_suffix(ent, sources[s].suffix))
                continue;
            name = g_strndup(ent, strlen(ent) - strlen(sources[s].suffix));
            if (g_hash_table_contains(seen, name))
                continue;
            g_hash_table_add(seen, g_strdup(name));
            g_ptr_array_add(names, g_steal_pointer(&name));
        }
    }
    g_ptr_array_sort(names, uvQemuCompareNames);
    return names;
}

/* Every domain, as objects. */
static GPtrArray *
uvQemuListObjs(const UvQemuDriverConfig *cfg)
{
    g_autoptr(GPtrArray) names = uvQemuListNames(cfg);
    GPtrArray *objs = g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuDomainObjFree);

    for (guint i = 0; i < names->len; i++) {
        g_autoptr(GError) err = NULL;
        UvQemuDomainObj *obj = uvQemuDomainObjLoad(cfg, names->pdata[i], FALSE, &err);

        if (obj)
            g_ptr_array_add(objs, obj);
        else if (!g_error_matches(err, UV_ERROR, UV_ERROR_NO_DOMAIN))
            g_debug("skipping domain '%s': %s", (const char *)names->pdata[i], err->message);
    }
    return objs;
}

/* ---- connection ---- */

static gboolean
uvQemuConnectOpen(UvConnect *conn, const char *uri, GError **error)
{
    g_autoptr(UvQemuDriverConfig) cfg = uvQemuDriverConfigNew(uri, error);

    if (!cfg || !uvQemuDriverConfigMakeDirs(cfg, error))
        return FALSE;
    conn->uri = g_strdup(cfg->uri);
    conn->privateData = g_steal_pointer(&cfg);
    return TRUE;
}

static void
uvQemuConnectClose(UvConnect *conn)
{
    uvQemuDriverConfigFree(conn->privateData);
    conn->privateData = NULL;
}

static char *
uvQemuConnectGetHostname(UvConnect *conn, GError **error)
{
    return g_strdup(g_get_host_name());
}

static gboolean
uvQemuParseVersion(const char *text, gulong *version)
{
    guint major = 0, minor = 0, micro = 0;

    if (sscanf(text, "%u.%u.%u", &major, &minor, &micro) < 2)
        return FALSE;
    *version = (gulong)major * 1000000 + minor * 1000 + micro;
    return TRUE;
}

static gboolean
uvQemuConnectGetVersion(UvConnect *conn, gulong *version, GError **error)
{
    static GMutex lock;
    static GHashTable *cache; /* emulator path -> version */
    UvQemuDriverConfig *cfg = uvQemuConnConfig(conn);
    const char *argv[] = {cfg->emulator, "--version", NULL};
    g_autofree char *out = NULL;
    const char *p;
    gint status = 0;
    g_autoptr(GError) err = NULL;
    gulong v = 0;

    g_mutex_lock(&lock);
    if (cache && g_hash_table_contains(cache, cfg->emulator)) {
        *version = GPOINTER_TO_SIZE(g_hash_table_lookup(cache, cfg->emulator));
        g_mutex_unlock(&lock);
        return TRUE;
    }
    g_mutex_unlock(&lock);

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      &status, &err) ||
        !(p = strstr(out, "version ")) || !uvQemuParseVersion(p + strlen("version "), &v)) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("Unable to learn the version of the QEMU emulator '%s'."), cfg->emulator);
        return FALSE;
    }
    g_mutex_lock(&lock);
    if (!cache)
        cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_replace(cache, g_strdup(cfg->emulator), GSIZE_TO_POINTER(v));
    g_mutex_unlock(&lock);
    *version = v;
    return TRUE;
}

static gboolean
uvQemuConnectGetLibVersion(UvConnect *conn, gulong *version, GError **error)
{
    return uvQemuParseVersion(PACKAGE_VERSION, version);
}

static UvDomain **
uvQemuConnectListAllDomains(UvConnect *conn, unsigned int flags, GError **error)
{
    g_autoptr(GPtrArray) objs = uvQemuListObjs(uvQemuConnConfig(conn));
    GPtrArray *list = g_ptr_array_new();
    unsigned int want = flags & (UV_CONNECT_LIST_DOMAINS_ACTIVE | UV_CONNECT_LIST_DOMAINS_INACTIVE);

    if (want == 0)
        want = UV_CONNECT_LIST_DOMAINS_ACTIVE | UV_CONNECT_LIST_DOMAINS_INACTIVE;
    for (guint i = 0; i < objs->len; i++) {
        UvQemuDomainObj *obj = objs->pdata[i];
        unsigned int is =
            obj->status ? UV_CONNECT_LIST_DOMAINS_ACTIVE : UV_CONNECT_LIST_DOMAINS_INACTIVE;

        if (want & is)
            g_ptr_array_add(list, uvQemuDomainObjHandle(conn, obj));
    }
    g_ptr_array_add(list, NULL);
    return (UvDomain **)g_ptr_array_free(list, FALSE);
}

static char *
uvQemuConnectDomainXMLToNative(UvConnect *conn, const char *format, const char *xml,
                               unsigned int flags, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(conn);
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(UvQemuPrepared) prep = NULL;
    g_autoptr(GPtrArray) argv = NULL;
    g_autofree char *monPath = NULL;
    g_autofree char *line = NULL;
    g_autoptr(GString) out = g_string_new("LC_ALL=C ");
    UvQemuCommandParams params = {0};

    if (g_strcmp0(format, "qemu-argv") != 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The native format '%s' is not supported; uvirt knows 'qemu-argv'."),
                    format ? format : "");
        return NULL;
    }
    if (!(def = uvDomainDefParseString(xml, 0, error)))
        return NULL;
    uvQemuAssignAliases(def);
    if (!(prep = uvQemuInterfacesPrepareOffline(def, cfg->privileged, 3, error)))
        return NULL;
    monPath = uvQemuDomainMonitorPath(cfg, def->name);
    params.emulator = def->emulator ? def->emulator : cfg->emulator;
    params.monitorFd = -1;
    params.monitorPath = monPath;
    params.bridgeHelper = cfg->bridgeHelper;
    params.prepared = prep;
    if (!(argv = uvQemuBuildCommandLine(def, &params, error)))
        return NULL;
    /* pasted by hand, the guest must run at once: nobody sends 'cont' */
    for (guint i = 0; i < argv->len && argv->pdata[i]; i++) {
        if (g_str_equal(argv->pdata[i], "-S")) {
            g_ptr_array_remove_index(argv, i);
            break;
        }
    }
    line = uvQemuCommandLineToShell(argv);
    g_string_append(out, line);
    /* a pre-created macvtap is reached through its /dev/tapN, opened by the shell */
    for (guint i = 0; i < prep->nnets; i++) {
        if (prep->nets[i].fdPath)
            g_string_append_printf(out, " %d<>%s", prep->nets[i].tapfds[0], prep->nets[i].fdPath);
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* ---- lookup ---- */

static UvDomain *
uvQemuDomainLookupByName(UvConnect *conn, const char *name, GError **error)
{
    g_autoptr(UvQemuDomainObj) obj =
        uvQemuDomainObjLoad(uvQemuConnConfig(conn), name, FALSE, error);

    return obj ? uvQemuDomainObjHandle(conn, obj) : NULL;
}

static UvDomain *
uvQemuDomainLookupByUUID(UvConnect *conn, const guint8 *uuid, GError **error)
{
    g_autoptr(GPtrArray) objs = uvQemuListObjs(uvQemuConnConfig(conn));
    char buf[UV_UUID_STRING_BUFLEN];

    for (guint i = 0; i < objs->len; i++) {
        UvQemuDomainObj *obj = objs->pdata[i];

        if (memcmp(obj->uuid, uuid, UV_UUID_BUFLEN) == 0)
            return uvQemuDomainObjHandle(conn, obj);
    }
    g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN,
                _("Domain not found: no domain with UUID '%s'."), uvUUIDFormat(uuid, buf));
    return NULL;
}

static UvDomain *
uvQemuDomainLookupByID(UvConnect *conn, int id, GError **error)
{
    g_autoptr(GPtrArray) objs = uvQemuListObjs(uvQemuConnConfig(conn));

    for (guint i = 0; i < objs->len; i++) {
        UvQemuDomainObj *obj = objs->pdata[i];

        if (obj->status && obj->status->id == id)
            return uvQemuDomainObjHandle(conn, obj);
    }
    g_set_error(error, UV_ERROR, UV_ERROR_NO_DOMAIN,
                _("Domain not found: no running domain with id %d."), id);
    return NULL;
}

/* ---- define / undefine ---- */

/*
 * Refuse @def when another domain has its UUID or a domain of its name has
 * another UUID. Caller holds the driver lock. *@existing is set when a domain
 * of that name and UUID exists.
 */
static gboolean
uvQemuCheckConflicts(const UvQemuDriverConfig *cfg, const UvDomainDef *def, gboolean *existing,
                     GError **error)
{
    g_autoptr(GPtrArray) objs = uvQemuListObjs(cfg);
    char buf[UV_UUID_STRING_BUFLEN];

    *existing = FALSE;
    for (guint i = 0; i < objs->len; i++) {
        UvQemuDomainObj *obj = objs->pdata[i];
        gboolean sameName = g_str_equal(obj->name, def->name);
        gboolean sameUUID = memcmp(obj->uuid, def->uuid, UV_UUID_BUFLEN) == 0;

        if (sameName && sameUUID) {
            *existing = TRUE;
        } else if (sameName) {
            g_set_error(error, UV_ERROR, UV_ERROR_DOMAIN_EXISTS,
                        _("Domain '%s' already exists with UUID %s."), obj->name,
                        uvUUIDFormat(obj->uuid, buf));
            return FALSE;
        } else if (sameUUID) {
            g_set_error(error, UV_ERROR, UV_ERROR_DOMAIN_EXISTS,
                        _("Domain '%s' already has UUID %s."), obj->name,
                        uvUUIDFormat(obj->uuid, buf));
            return FALSE;
        }
    }
    return TRUE;
}

static UvDomain *
uvQemuDomainDefineXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(conn);
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(UvQemuDomainObj) obj = NULL;
    g_autofree char *text = NULL;
    g_autofree char *path = NULL;
    UV_AUTOCLOSE int domlock = -1;
    UV_AUTOCLOSE int lockfd = -1;
    gboolean existing = FALSE;

    def = uvDomainDefParseString(
        xml, (flags & UV_DOMAIN_DEFINE_VALIDATE) ? UV_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA : 0, error);
    if (!def || !uvQemuDomainNameCheck(def->name, error))
        return NULL;
    def->id = -1;
    if (!(text = uvDomainDefFormat(def, 0, error)))
        return NULL;

    /*
     * The domain's lock first (as undefine takes them): defining a running
     * transient domain rewrites its runtime state, which must not race a
     * destroy or start that replaces it.
     */
    if ((domlock = uvQemuDomainLock(cfg, def->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return NULL;
    if ((lockfd = uvQemuDriverLock(cfg, error)) < 0)
        return NULL;
    if (!uvQemuCheckConflicts(cfg, def, &existing, error))
        return NULL;
    path = uvQemuDomainConfigPath(cfg, def->name);
    if (!uvFileWriteAtomic(path, text, strlen(text), 0600, error))
        return NULL;
    if (!(obj = uvQemuDomainObjLoad(cfg, def->name, TRUE, error)))
        return NULL;
    if (obj->status && obj->status->transient) {
        /* a running transient domain just became persistent */
        obj->status->transient = FALSE;
        uvQemuDomainStatusSave(cfg, def->name, obj->status, NULL);
    }
    return uvQemuDomainObjHandle(conn, obj);
}

static gboolean
uvQemuDomainUndefine(UvDomain *dom, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = NULL;
    g_autofree char *path = uvQemuDomainConfigPath(cfg, dom->name);
    g_autofree char *autostart = uvQemuDomainAutostartPath(cfg, dom->name);
    UV_AUTOCLOSE int lockfd = -1;
    UV_AUTOCLOSE int domlock = -1;

    if ((domlock = uvQemuDomainLock(cfg, dom->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return FALSE;
    if ((lockfd = uvQemuDriverLock(cfg, error)) < 0)
        return FALSE;
    if (!(obj = uvQemuDomainObjLoad(cfg, dom->name, TRUE, error)))
        return FALSE;
    if (!obj->persistentDef) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("Domain '%s' is transient: it has no definition to undefine."), dom->name);
        return FALSE;
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to remove '%s': %s"), path,
                    g_strerror(errno));
        return FALSE;
    }
    unlink(autostart);
    uvQemuDomainShutoffRemove(cfg, dom->name);
    if (obj->status) {
        /* it keeps running, and goes away when it stops */
        obj->status->transient = TRUE;
        return uvQemuDomainStatusSave(cfg, dom->name, obj->status, error);
    }
    return TRUE;
}

/* ---- lifecycle ---- */

static gboolean
uvQemuDomainStartLocked(const UvQemuDriverConfig *cfg, UvQemuDomainObj *obj, const UvDomainDef *def,
                        gboolean transient, gboolean paused, int *id, GError **error)
{
    if (obj && obj->status) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("Domain '%s' is already active."), def->name);
        return FALSE;
    }
    return uvQemuProcessStart(cfg, def, transient, paused, id, error);
}

static gboolean
uvQemuDomainCreate(UvDomain *dom, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = NULL;
    UV_AUTOCLOSE int lockfd = -1;
    int id = -1;

    if ((lockfd = uvQemuDomainLock(cfg, dom->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return FALSE;
    if (!(obj = uvQemuDomainObjLoad(cfg, dom->name, TRUE, error)))
        return FALSE;
    if (obj->status) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("Domain '%s' is already active."), dom->name);
        return FALSE;
    }
    if (!obj->persistentDef) {
        uvQemuNoDomain(dom->name, error);
        return FALSE;
    }
    if (!uvQemuDomainStartLocked(cfg, obj, obj->persistentDef, FALSE, FALSE, &id, error))
        return FALSE;
    dom->id = id;
    return TRUE;
}

static UvDomain *
uvQemuDomainCreateXML(UvConnect *conn, const char *xml, unsigned int flags, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(conn);
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(UvQemuDomainObj) obj = NULL;
    g_autoptr(GError) err = NULL;
    UV_AUTOCLOSE int driverlock = -1;
    UV_AUTOCLOSE int lockfd = -1;
    gboolean existing = FALSE;
    int id = -1;

    def = uvDomainDefParseString(
        xml, (flags & UV_DOMAIN_START_VALIDATE) ? UV_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA : 0, error);
    if (!def || !uvQemuDomainNameCheck(def->name, error))
        return NULL;
    def->id = -1;

    if ((driverlock = uvQemuDriverLock(cfg, error)) < 0)
        return NULL;
    if (!uvQemuCheckConflicts(cfg, def, &existing, error))
        return NULL;
    uvCloseFdp(&driverlock); /* lock order: a domain's lock is never taken under it */

    if ((lockfd = uvQemuDomainLock(cfg, def->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return NULL;
    obj = uvQemuDomainObjLoad(cfg, def->name, TRUE, &err);
    if (!obj && !g_error_matches(err, UV_ERROR, UV_ERROR_NO_DOMAIN)) {
        g_propagate_error(error, g_steal_pointer(&err));
        return NULL;
    }
    if (obj && obj->persistentDef && memcmp(obj->uuid, def->uuid, UV_UUID_BUFLEN) != 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_DOMAIN_EXISTS,
                    _("Domain '%s' already exists with another UUID."), def->name);
        return NULL;
    }
    if (!uvQemuDomainStartLocked(cfg, obj, def, !(obj && obj->persistentDef),
                                 (flags & UV_DOMAIN_START_PAUSED) != 0, &id, error))
        return NULL;
    return uvDomainNew(conn, def->name, def->uuid, id);
}

/* Lock @dom, load it and check that it runs. */
static UvQemuDomainObj *
uvQemuDomainObjLoadActive(UvDomain *dom, int *lockfd, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = NULL;

    if ((*lockfd = uvQemuDomainLock(cfg, dom->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return NULL;
    if (!(obj = uvQemuDomainObjLoad(cfg, dom->name, TRUE, error)))
        return NULL;
    if (!obj->status) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID, _("Domain '%s' is not running."),
                    dom->name);
        return NULL;
    }
    return g_steal_pointer(&obj);
}

static gboolean
uvQemuDomainDestroy(UvDomain *dom, GError **error)
{
    UV_AUTOCLOSE int lockfd = -1;
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoadActive(dom, &lockfd, error);

    if (!obj)
        return FALSE;
    if (!uvQemuProcessStop(uvQemuConnConfig(dom->conn), dom->name, obj->status, error))
        return FALSE;
    dom->id = -1;
    return TRUE;
}

/*
 * Run one monitor command on a running domain, optionally recording the
 * paused state (-1: unchanged) and why it is in it.
 */
static gboolean
uvQemuDomainMonitorOp(UvDomain *dom, gboolean (*op)(UvQemuMonitor *, GError **), int paused,
                      int reason, GError **error)
{
    UV_AUTOCLOSE int lockfd = -1;
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoadActive(dom, &lockfd, error);
    g_autoptr(UvQemuMonitor) mon = NULL;

    if (!obj)
        return FALSE;
    if (!(mon = uvQemuProcessConnectMonitor(obj->status, error)) || !op(mon, error))
        return FALSE;
    if (paused >= 0 && (obj->status->paused != paused || obj->status->reason != reason)) {
        obj->status->paused = paused;
        obj->status->reason = reason;
        return uvQemuDomainStatusSave(uvQemuConnConfig(dom->conn), dom->name, obj->status, error);
    }
    return TRUE;
}

static gboolean
uvQemuDomainShutdown(UvDomain *dom, GError **error)
{
    return uvQemuDomainMonitorOp(dom, uvQemuMonitorSystemPowerdown, -1, 0, error);
}

static gboolean
uvQemuDomainReboot(UvDomain *dom, unsigned int flags, GError **error)
{
    return uvQemuDomainMonitorOp(dom, uvQemuMonitorSystemReset, -1, 0, error);
}

static gboolean
uvQemuDomainSuspend(UvDomain *dom, GError **error)
{
    return uvQemuDomainMonitorOp(dom, uvQemuMonitorStop, TRUE, UV_DOMAIN_PAUSED_USER, error);
}

static gboolean
uvQemuDomainResume(UvDomain *dom, GError **error)
{
    return uvQemuDomainMonitorOp(dom, uvQemuMonitorCont, FALSE, UV_DOMAIN_RUNNING_UNPAUSED, error);
}

/* ---- inspection ---- */

/* The state of @obj and why it is in it, as libvirt numbers them. */
static void
uvQemuDomainObjState(const UvQemuDriverConfig *cfg, const UvQemuDomainObj *obj, int *state,
                     int *reason)
{
    if (!obj->status) {
        *state = UV_DOMAIN_SHUTOFF;
        *reason = obj->shutoffReason;
    } else if (uvQemuProcessKeptState(cfg, obj->name, obj->status, state, reason)) {
        /* a kept QEMU whose guest powered off or panicked */
    } else {
        *state = obj->status->paused ? UV_DOMAIN_PAUSED : UV_DOMAIN_RUNNING;
        *reason = obj->status->reason;
    }
}

static gboolean
uvQemuDomainGetState(UvDomain *dom, int *state, int *reason, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoad(cfg, dom->name, FALSE, error);
    int s, r;

    if (!obj)
        return FALSE;
    uvQemuDomainObjState(cfg, obj, &s, &r);
    *state = s;
    if (reason)
        *reason = r;
    return TRUE;
}

/* The definition that describes @obj now: the live one while running. */
static UvDomainDef *
uvQemuDomainObjCurrentDef(const UvQemuDriverConfig *cfg, const UvQemuDomainObj *obj, GError **error)
{
    g_autofree char *path = NULL;

    if (!obj->status)
        return uvDomainDefCopy(obj->persistentDef);
    path = uvQemuDomainLiveXMLPath(cfg, obj->name);
    return uvDomainDefParseFile(path, UV_DOMAIN_DEF_PARSE_LIVE, error);
}

static gboolean
uvQemuDomainGetInfo(UvDomain *dom, UvDomainInfo *info, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoad(cfg, dom->name, FALSE, error);
    g_autoptr(UvDomainDef) def = NULL;
    UvDomainInfo out = {0};
    int reason;

    if (!obj || !(def = uvQemuDomainObjCurrentDef(cfg, obj, error)))
        return FALSE;
    uvQemuDomainObjState(cfg, obj, &out.state, &reason);
    out.maxMem = def->memory;
    out.memory = def->currentMemory ? def->currentMemory : def->memory;
    out.nrVirtCpu = def->vcpusCurrent ? def->vcpusCurrent : def->vcpus;
    if (obj->status)
        uvQemuProcessGetCpuTime(obj->status->pid, &out.cpuTime);
    *info = out;
    return TRUE;
}

static char *
uvQemuDomainGetXMLDesc(UvDomain *dom, unsigned int flags, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoad(cfg, dom->name, FALSE, error);
    g_autoptr(UvDomainDef) def = NULL;

    if (!obj)
        return NULL;
    if (obj->status && !(flags & UV_DOMAIN_XML_INACTIVE)) {
        g_autofree char *path = uvQemuDomainLiveXMLPath(cfg, obj->name);
        g_autoptr(GError) err = NULL;
        char *text = NULL;

        if (!g_file_get_contents(path, &text, NULL, &err)) {
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("Unable to read the live XML of domain '%s': %s"), obj->name,
                        err->message);
            return NULL;
        }
        return text;
    }
    if (obj->persistentDef)
        return uvDomainDefFormat(obj->persistentDef, 0, error);
    if (!(def = uvQemuDomainObjCurrentDef(cfg, obj, error)))
        return NULL;
    def->id = -1;
    return uvDomainDefFormat(def, 0, error);
}

static char **
uvQemuDomainGetMessages(UvDomain *dom, unsigned int flags, GError **error)
{
    g_autoptr(UvQemuDomainObj) obj = NULL;
    const unsigned int known = UV_DOMAIN_MESSAGE_DEPRECATION | UV_DOMAIN_MESSAGE_TAINTING;

    if (flags & ~known) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Unsupported flags 0x%x for the messages of domain '%s'."), flags & ~known,
                    dom->name);
        return NULL;
    }
    if (!(obj = uvQemuDomainObjLoad(uvQemuConnConfig(dom->conn), dom->name, FALSE, error)))
        return NULL;
    /* the start's warnings are neither deprecations nor taint: only an unfiltered call gets them */
    if (!obj->status || flags != 0 || !obj->status->messages)
        return g_new0(char *, 1);
    return g_strdupv(obj->status->messages);
}

static gboolean
uvQemuDomainIsActive(UvDomain *dom, gboolean *active, GError **error)
{
    g_autoptr(UvQemuDomainObj) obj =
        uvQemuDomainObjLoad(uvQemuConnConfig(dom->conn), dom->name, FALSE, error);

    if (!obj)
        return FALSE;
    *active = obj->status != NULL;
    return TRUE;
}

static gboolean
uvQemuDomainIsPersistent(UvDomain *dom, gboolean *persistent, GError **error)
{
    g_autoptr(UvQemuDomainObj) obj =
        uvQemuDomainObjLoad(uvQemuConnConfig(dom->conn), dom->name, FALSE, error);

    if (!obj)
        return FALSE;
    *persistent = obj->persistentDef != NULL;
    return TRUE;
}

static gboolean
uvQemuDomainGetAutostart(UvDomain *dom, gboolean *autostart, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = uvQemuDomainObjLoad(cfg, dom->name, FALSE, error);
    g_autofree char *path = uvQemuDomainAutostartPath(cfg, dom->name);

    if (!obj)
        return FALSE;
    *autostart = obj->persistentDef && g_file_test(path, G_FILE_TEST_EXISTS);
    return TRUE;
}

static gboolean
uvQemuDomainSetAutostart(UvDomain *dom, gboolean autostart, GError **error)
{
    UvQemuDriverConfig *cfg = uvQemuConnConfig(dom->conn);
    g_autoptr(UvQemuDomainObj) obj = NULL;
    g_autofree char *path = uvQemuDomainAutostartPath(cfg, dom->name);
    UV_AUTOCLOSE int lockfd = -1;

    if ((lockfd = uvQemuDomainLock(cfg, dom->name, UV_QEMU_DOMAIN_LOCK_TIMEOUT_MS, error)) < 0)
        return FALSE;
    if (!(obj = uvQemuDomainObjLoad(cfg, dom->name, TRUE, error)))
        return FALSE;
    if (!obj->persistentDef) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("Domain '%s' is transient: it cannot be started automatically."), dom->name);
        return FALSE;
    }
    if (autostart)
        return uvFileWriteAtomic(path, "", 0, 0600, error);
    if (unlink(path) < 0 && errno != ENOENT) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to remove '%s': %s"), path,
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

const UvDriver uvQemuDriver = {
    .name = "QEMU",
    .probe = uvQemuURIProbe,
    .connectOpen = uvQemuConnectOpen,
    .connectClose = uvQemuConnectClose,
    .connectGetHostname = uvQemuConnectGetHostname,
    .connectGetVersion = uvQemuConnectGetVersion,
    .connectGetLibVersion = uvQemuConnectGetLibVersion,
    .connectListAllDomains = uvQemuConnectListAllDomains,
    .connectDomainXMLToNative = uvQemuConnectDomainXMLToNative,
    .domainLookupByName = uvQemuDomainLookupByName,
    .domainLookupByUUID = uvQemuDomainLookupByUUID,
    .domainLookupByID = uvQemuDomainLookupByID,
    .domainDefineXML = uvQemuDomainDefineXML,
    .domainUndefine = uvQemuDomainUndefine,
    .domainCreateXML = uvQemuDomainCreateXML,
    .domainCreate = uvQemuDomainCreate,
    .domainDestroy = uvQemuDomainDestroy,
    .domainShutdown = uvQemuDomainShutdown,
    .domainReboot = uvQemuDomainReboot,
    .domainSuspend = uvQemuDomainSuspend,
    .domainResume = uvQemuDomainResume,
    .domainGetState = uvQemuDomainGetState,
    .domainGetInfo = uvQemuDomainGetInfo,
    .domainGetXMLDesc = uvQemuDomainGetXMLDesc,
    .domainGetMessages = uvQemuDomainGetMessages,
    .domainIsActive = uvQemuDomainIsActive,
    .domainIsPersistent = uvQemuDomainIsPersistent,
    .domainGetAutostart = uvQemuDomainGetAutostart,
    .domainSetAutostart = uvQemuDomainSetAutostart,
};
