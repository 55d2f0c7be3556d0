/*
 * uvirsh-util.c: output, option values, domain lookup and tables for the
 * uvirsh commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/uvfile.h"
#include "uvirsh.h"

/* Domain XML files larger than this are refused (virsh's limit too). */
#define UVSH_MAX_XML_FILE (10 * 1024 * 1024)

/* ---- output ---- */

/* One "PREFIX message" line on stderr, after whatever stdout holds so far. */
static void
uvshReportLine(const char *prefix, const char *fmt, va_list ap)
{
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);

    fflush(stdout);
    fprintf(stderr, "%s %s\n", prefix, msg);
    fflush(stderr);
}

void
uvshError(UvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    uvshReportLine(_("error:"), fmt, ap);
    va_end(ap);
}

void
uvshReportError(UvshControl *ctl, const GError *err)
{
    if (!err)
        return;
    uvshError(ctl, "%s", err->message);
}

void
uvshWarn(UvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    uvshReportLine(_("warning:"), fmt, ap);
    va_end(ap);
}

void
uvshPrint(UvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
}

void
uvshPrintExtra(UvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    if (ctl->quiet)
        return;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
}

/* ---- options ---- */

static int
uvshOptFind(const UvshCmd *cmd, const char *name)
{
    for (int i = 0; cmd->def->opts && cmd->def->opts[i].name; i++) {
        if (strcmp(cmd->def->opts[i].name, name) == 0)
            return i;
    }
    g_error("uvirsh: command '%s' has no option '%s'", cmd->def->name, name);
    return -1;
}

gboolean
uvshOptBool(const UvshCmd *cmd, const char *name)
{
    return cmd->seen[uvshOptFind(cmd, name)];
}

gboolean
uvshOptString(UvshControl *ctl, const UvshCmd *cmd, const char *name, const char **value)
{
    int i = uvshOptFind(cmd, name);

    *value = NULL;
    if (!cmd->seen[i])
        return TRUE;
    if ((!cmd->values[i] || !*cmd->values[i]) && (cmd->def->opts[i].flags & UVSH_OFLAG_EMPTY_OK))
        return TRUE;
    if (!cmd->values[i] || !*cmd->values[i]) {
        uvshError(ctl, _("Failed to get option '%s': Option argument is empty"), name);
        return FALSE;
    }
    *value = cmd->values[i];
    return TRUE;
}

UvDomain *
uvshOptDomain(UvshControl *ctl, const UvshCmd *cmd, unsigned int by, const char **name)
{
    g_autoptr(GError) err = NULL;
    const char *arg = NULL;
    UvDomain *dom = NULL;
    gint64 id;

    if (name)
        *name = NULL;
    if (!uvshOptString(ctl, cmd, "domain", &arg))
        return NULL;
    if (!arg) {
        /* only for commands where the domain is optional; they check first */
        uvshError(ctl, _("command '%s' requires <%s> option"), cmd->def->name, "domain");
        return NULL;
    }
    if (name)
        *name = arg;

    /* Each way that applies, in virsh's order; only the last failure matters. */
    if ((by & UVSH_BY_ID) && g_ascii_string_to_signed(arg, 10, 0, G_MAXINT, &id, NULL))
        dom = uvDomainLookupByID(ctl->conn, (int)id, &err);
    if (!dom && (by & UVSH_BY_UUID) && strlen(arg) == UV_UUID_STRING_BUFLEN - 1) {
        g_clear_error(&err);
        dom = uvDomainLookupByUUIDString(ctl->conn, arg, &err);
    }
    if (!dom && (by & UVSH_BY_NAME)) {
        g_clear_error(&err);
        dom = uvDomainLookupByName(ctl->conn, arg, &err);
    }
    if (dom)
        return dom;
    /* A malformed UUID or name cannot name a domain: that is "not found" too. */
    if (g_error_matches(err, UV_ERROR, UV_ERROR_NO_DOMAIN) ||
        g_error_matches(err, UV_ERROR, UV_ERROR_INVALID_ARG))
        g_clear_error(&err);

    /*
     * virsh prints only this line; when the lookup failed for another reason
     * than "no such domain" (a permission problem, a broken state directory)
     * the library's message follows, since hiding it would leave the user
     * guessing.
     */
    uvshError(ctl, _("failed to get domain '%s'"), arg);
    uvshReportError(ctl, err);
    return NULL;
}

char *
uvshOptReadFile(UvshControl *ctl, const UvshCmd *cmd, const char *optname, const char **path)
{
    g_autoptr(GString) buf = NULL;
    UV_AUTOCLOSE int fd = -1;
    const char *file = NULL;
    struct stat sb;

    if (path)
        *path = NULL;
    if (!uvshOptString(ctl, cmd, optname, &file))
        return NULL;
    if (!file) {
        uvshError(ctl, _("command '%s' requires <%s> option"), cmd->def->name, optname);
        return NULL;
    }
    if (path)
        *path = file;

    if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
        uvshError(ctl, _("Failed to open file '%s': %s"), file, g_strerror(errno));
        return NULL;
    }
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        uvshError(ctl, _("Failed to read file '%s': %s"), file, g_strerror(EISDIR));
        return NULL;
    }

    buf = g_string_new(NULL);
    for (;;) {
        char chunk[8192];
        ssize_t n = read(fd, chunk, sizeof(chunk));

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            uvshError(ctl, _("Failed to read file '%s': %s"), file, g_strerror(errno));
            return NULL;
        }
        if (n == 0)
            break;
        if (buf->len + n > UVSH_MAX_XML_FILE) {
            uvshError(ctl, _("File '%s' is larger than the %d MiB uvirsh reads"), file,
                      UVSH_MAX_XML_FILE / (1024 * 1024));
            return NULL;
        }
        g_string_append_len(buf, chunk, n);
    }
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/* ---- tables ---- */

struct _UvshTable {
    guint ncols;
    GPtrArray *rows; /* GStrv per row; row 0 is the header */
};

static GStrv
uvshTableCollect(guint limit, const char *first, va_list ap)
{
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    guint n = 0;

    for (const char *s = first; n < limit; s = va_arg(ap, const char *), n++)
        g_strv_builder_add(b, s ? s : "-");
    return g_strv_builder_end(b);
}

UvshTable *
uvshTableNew(const char *first, ...)
{
    UvshTable *table = g_new0(UvshTable, 1);
    va_list ap;

    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        table->ncols++;
    va_end(ap);

    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    va_start(ap, first);
    g_ptr_array_add(table->rows, uvshTableCollect(table->ncols, first, ap));
    va_end(ap);
    return table;
}

void
uvshTableAddRow(UvshTable *table, const char *first, ...)
{
    va_list ap;

    va_start(ap, first);
    g_ptr_array_add(table->rows, uvshTableCollect(table->ncols, first, ap));
    va_end(ap);
}

static void
uvshTablePrintRow(GString *out, GStrv row, const glong *widths, guint ncols)
{
    g_string_append_c(out, ' ');
    for (guint c = 0; c < ncols; c++) {
        g_string_append(out, row[c]);
        if (c + 1 == ncols)
            break;
        for (glong pad = widths[c] - g_utf8_strlen(row[c], -1) + 3; pad > 0; pad--)
            g_string_append_c(out, ' ');
    }
    g_string_append_c(out, '\n');
}

void
uvshTablePrint(UvshControl *ctl, UvshTable *table)
{
    g_autofree glong *widths = g_new0(glong, table->ncols);
    g_autoptr(GString) out = g_string_new(NULL);
    guint first = ctl->quiet ? 1 : 0;
    glong total = 0;

    for (guint r = first; r < table->rows->len; r++) {
        GStrv row = g_ptr_array_index(table->rows, r);

        for (guint c = 0; c < table->ncols; c++)
            widths[c] = MAX(widths[c], g_utf8_strlen(row[c], -1));
    }

    if (!ctl->quiet) {
        uvshTablePrintRow(out, g_ptr_array_index(table->rows, 0), widths, table->ncols);
        for (guint c = 0; c < table->ncols; c++)
            total += widths[c] + 3;
        for (glong i = 0; i < total; i++)
            g_string_append_c(out, '-');
        g_string_append_c(out, '\n');
    }
    for (guint r = 1; r < table->rows->len; r++)
        uvshTablePrintRow(out, g_ptr_array_index(table->rows, r), widths, table->ncols);

    uvshPrint(ctl, "%s", out->str);
}

void
uvshTableFree(UvshTable *table)
{
    if (!table)
        return;
    g_ptr_array_unref(table->rows);
    g_free(table);
}

/* ---- state reasons ---- */

/* libvirt's reason numbering per state; the words are what virsh prints. */
static const char *const uvshRunningReasons[] = {
    N_("unknown"),       N_("booted"),   N_("migrated"),           N_("restored"),
    N_("from snapshot"), N_("unpaused"), N_("migration canceled"), N_("save canceled"),
    N_("event wakeup"),  N_("crashed"),  N_("post-copy"),
};
static const char *const uvshPausedReasons[] = {
    N_("unknown"),       N_("user"),
    N_("migrating"),     N_("saving"),
    N_("dumping"),       N_("I/O error"),
    N_("watchdog"),      N_("from snapshot"),
    N_("shutting down"), N_("creating snapshot"),
    N_("crashed"),       N_("starting up"),
    N_("post-copy"),     N_("post-copy failed"),
};
static const char *const uvshShutoffReasons[] = {
    N_("unknown"), N_("shutdown"), N_("destroyed"),     N_("crashed"), N_("migrated"),
    N_("saved"),   N_("failed"),   N_("from snapshot"), N_("daemon"),
};
static const char *const uvshShutdownReasons[] = {N_("unknown"), N_("user")};
static const char *const uvshCrashedReasons[] = {N_("unknown"), N_("panicked")};

const char *
uvshDomainStateReasonToString(int state, int reason)
{
    const char *const *table = NULL;
    gsize n = 0;

    switch ((UvDomainState)state) {
    case UV_DOMAIN_RUNNING:
        table = uvshRunningReasons;
        n = G_N_ELEMENTS(uvshRunningReasons);
        break;
    case UV_DOMAIN_PAUSED:
        table = uvshPausedReasons;
        n = G_N_ELEMENTS(uvshPausedReasons);
        break;
    case UV_DOMAIN_SHUTOFF:
        table = uvshShutoffReasons;
        n = G_N_ELEMENTS(uvshShutoffReasons);
        break;
    case UV_DOMAIN_SHUTDOWN:
        table = uvshShutdownReasons;
        n = G_N_ELEMENTS(uvshShutdownReasons);
        break;
    case UV_DOMAIN_CRASHED:
        table = uvshCrashedReasons;
        n = G_N_ELEMENTS(uvshCrashedReasons);
        break;
    case UV_DOMAIN_NOSTATE:
    case UV_DOMAIN_BLOCKED:
    case UV_DOMAIN_PMSUSPENDED:
    case UV_DOMAIN_STATE_LAST:
        break;
    }
    if (table && reason >= 0 && (gsize)reason < n)
        return _(table[reason]);
    return _("unknown");
}
