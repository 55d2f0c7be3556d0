/*
 * qemu_conf.c: where a QEMU driver connection keeps its files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_conf.h"
#include "util/uvfile.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define UV_QEMU_BRIDGE_HELPER "/usr/lib/qemu/qemu-bridge-helper"

/* CAP_NET_ADMIN is capability 12. */
#define UV_CAP_NET_ADMIN 12

gboolean
uvQemuURIProbe(const char *uri)
{
    return g_str_has_prefix(uri, "qemu:///");
}

void
uvQemuDriverConfigFree(UvQemuDriverConfig *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->uri);
    g_free(cfg->configDir);
    g_free(cfg->autostartDir);
    g_free(cfg->stateDir);
    g_free(cfg->lockDir);
    g_free(cfg->logDir);
    g_free(cfg->emulator);
    g_free(cfg->bridgeHelper);
    g_free(cfg);
}

gboolean
uvQemuHasNetAdmin(void)
{
    g_autofree char *status = NULL;
    const char *line;
    guint64 caps;

    if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
        return geteuid() == 0;
    if (!(line = strstr(status, "\nCapEff:")))
        return geteuid() == 0;
    caps = g_ascii_strtoull(line + strlen("\nCapEff:"), NULL, 16);
    return (caps >> UV_CAP_NET_ADMIN) & 1;
}

/* Split "path?a=b&c=d" of @uri after "qemu://". */
static gboolean
uvQemuURISplit(const char *uri, char **path, GHashTable **params, GError **error)
{
    const char *rest = uri + strlen("qemu://");
    const char *q = strchr(rest, '?');
    g_autoptr(GHashTable) tbl = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    *path = q ? g_strndup(rest, q - rest) : g_strdup(rest);
    if (q) {
        g_auto(GStrv) pairs = g_strsplit(q + 1, "&", -1);

        for (guint i = 0; pairs[i]; i++) {
            char *eq = strchr(pairs[i], '=');
            g_autofree char *key = NULL;
            g_autofree char *value = NULL;

            if (!*pairs[i])
                continue;
            key = eq ? g_strndup(pairs[i], eq - pairs[i]) : g_strdup(pairs[i]);
            value = g_uri_unescape_string(eq ? eq + 1 : "", NULL);
            if (!value) {
                g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                            _("The URI '%s' has a badly escaped parameter '%s'."), uri, key);
                return FALSE;
            }
            g_hash_table_replace(tbl, g_steal_pointer(&key), g_steal_pointer(&value));
        }
    }
    *params = g_steal_pointer(&tbl);
    return TRUE;
}

static char *
uvQemuXDGDir(const char *var, const char *fallbackUnderHome)
{
    const char *v = g_getenv(var);

    if (v && g_path_is_absolute(v))
        return g_build_filename(v, "uvirt", NULL);
    return g_build_filename(g_get_home_dir(), fallbackUnderHome, NULL);
}

UvQemuDriverConfig *
uvQemuDriverConfigNew(const char *uri, GError **error)
{
    g_autoptr(UvQemuDriverConfig) cfg = g_new0(UvQemuDriverConfig, 1);
    g_autofree char *path = NULL;
    g_autoptr(GHashTable) params = NULL;
    GHashTableIter it;
    gpointer key;

    if (!uvQemuURIProbe(uri)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The URI '%s' is not a QEMU driver URI (qemu:///...)."), uri);
        return NULL;
    }
    if (!uvQemuURISplit(uri, &path, &params, error))
        return NULL;

    if (g_str_equal(path, "/embed")) {
        const char *root = g_hash_table_lookup(params, "root");
        g_autofree char *canon = NULL;
        g_autofree char *escaped = NULL;

        if (!root || !g_path_is_absolute(root)) {
            g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                        _("The URI '%s' needs an absolute root directory, as in "
                          "qemu:///embed?root=/path/to/dir."),
                        uri);
            return NULL;
        }
        canon = g_canonicalize_filename(root, NULL);
        cfg->kind = UV_QEMU_URI_EMBED;
        escaped = g_uri_escape_string(canon, "/", FALSE);
        cfg->uri = g_strdup_printf("qemu:///embed?root=%s", escaped);
        cfg->configDir = g_build_filename(canon, "etc", "qemu", NULL);
        cfg->stateDir = g_build_filename(canon, "run", "qemu", NULL);
        cfg->logDir = g_build_filename(canon, "log", "qemu", NULL);
        g_hash_table_remove(params, "root");
    } else if (g_str_equal(path, "/session")) {
        const char *runtime = g_getenv("XDG_RUNTIME_DIR");
        g_autofree char *config = uvQemuXDGDir("XDG_CONFIG_HOME", ".config/uvirt");
        g_autofree char *state = uvQemuXDGDir("XDG_STATE_HOME", ".cache/uvirt");

        cfg->kind = UV_QEMU_URI_SESSION;
        cfg->uri = g_strdup("qemu:///session");
        cfg->configDir = g_build_filename(config, "qemu", NULL);
        if (runtime && g_path_is_absolute(runtime))
            cfg->stateDir = g_build_filename(runtime, "uvirt", "qemu", NULL);
        else
            cfg->stateDir =
                g_build_filename(g_get_home_dir(), ".cache", "uvirt", "run", "qemu", NULL);
        cfg->logDir = g_build_filename(state, "log", "qemu", NULL);
    } else if (g_str_equal(path, "/system")) {
        if (geteuid() != 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_PERMISSION,
                        _("Only root can open qemu:///system; use qemu:///session or "
                          "qemu:///embed?root=DIR as an ordinary user."));
            return NULL;
        }
        cfg->kind = UV_QEMU_URI_SYSTEM;
        cfg->uri = g_strdup("qemu:///system");
        cfg->configDir = g_strdup("/var/lib/uvirt/qemu");
        cfg->stateDir = g_strdup("/run/uvirt/qemu");
        cfg->logDir = g_strdup("/var/log/uvirt/qemu");
    } else {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The URI '%s' names no QEMU driver instance: use qemu:///session, "
                      "qemu:///system or qemu:///embed?root=DIR."),
                    uri);
        return NULL;
    }

    g_hash_table_iter_init(&it, params);
    if (g_hash_table_iter_next(&it, &key, NULL)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The URI '%s' has a parameter '%s' that uvirt does not know."), uri,
                    (const char *)key);
        return NULL;
    }

    cfg->autostartDir = g_build_filename(cfg->configDir, "autostart", NULL);
    cfg->lockDir = g_build_filename(cfg->stateDir, "lock", NULL);
    cfg->emulator = g_strdup(QEMU_BINARY);
    cfg->bridgeHelper = g_strdup(UV_QEMU_BRIDGE_HELPER);
    cfg->privileged = uvQemuHasNetAdmin();
    cfg->netdevOps = &uvNetDevOpsReal;
    return g_steal_pointer(&cfg);
}

gboolean
uvQemuDriverConfigMakeDirs(UvQemuDriverConfig *cfg, GError **error)
{
    const char *dirs[] = {cfg->configDir, cfg->autostartDir, cfg->stateDir, cfg->lockDir,
                          cfg->logDir};

    for (guint i = 0; i < G_N_ELEMENTS(dirs); i++) {
        if (!uvDirMakePath(dirs[i], 0700, error))
            return FALSE;
    }
    return TRUE;
}
