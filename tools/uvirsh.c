/*
 * uvirsh.c: uvirsh's entry point — global options, the command parser,
 * help, and the connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The command line is `uvirsh [GLOBAL OPTIONS] COMMAND [ARGS]`. Command
 * arguments follow virsh's rules: `--opt VALUE`, `--opt=VALUE`, boolean
 * `--flag`, and bare words that fill the command's positional options in
 * table order; `--` ends the options.
 */
#include "util/uvinternal.h"

#include <locale.h>
#include <stdarg.h>
#include <string.h>

#include "uvirsh.h"

static gboolean uvshCmdHelp(UvshControl *ctl, const UvshCmd *cmd);

static const UvshOptDef uvshOptsHelp[] = {
    {"command", UVSH_OT_STRING, UVSH_OFLAG_POSITIONAL | UVSH_OFLAG_EMPTY_OK,
     N_("a command or a group keyword")},
    {NULL},
};

const UvshCmdDef uvshSelfCmds[] = {
    {"help", uvshCmdHelp, uvshOptsHelp, N_("print help"),
     N_("Lists every command by group, or describes one command or one group."),
     UVSH_CMD_NOCONNECT},
    {NULL},
};

static const UvshCmdDef *const uvshDomainTables[] = {uvshDomainCmds, NULL};
static const UvshCmdDef *const uvshMonitorTables[] = {uvshDomcheckCmds, uvshMonitorCmds, NULL};
static const UvshCmdDef *const uvshHostTables[] = {uvshHostCmds, NULL};
static const UvshCmdDef *const uvshSelfTables[] = {uvshSelfCmds, NULL};

const UvshCmdGroup uvshCmdGroups[] = {
    {N_("Domain Management"), "domain", uvshDomainTables},
    {N_("Domain Monitoring"), "monitor", uvshMonitorTables},
    {N_("Host and Hypervisor"), "host", uvshHostTables},
    {N_("Uvirsh itself"), "uvirsh", uvshSelfTables},
    {NULL},
};

static const UvshCmdDef *
uvshCmdLookup(const char *name)
{
    for (const UvshCmdGroup *g = uvshCmdGroups; g->title; g++) {
        for (const UvshCmdDef *const *t = g->tables; *t; t++) {
            for (const UvshCmdDef *def = *t; def->name; def++) {
                if (strcmp(def->name, name) == 0)
                    return def;
            }
        }
    }
    return NULL;
}

static const UvshCmdGroup *
uvshGroupLookup(const char *keyword)
{
    for (const UvshCmdGroup *g = uvshCmdGroups; g->title; g++) {
        if (strcmp(g->keyword, keyword) == 0)
            return g;
    }
    /* virsh's own keyword, so `help virsh` works for habit's sake */
    if (strcmp(keyword, "virsh") == 0)
        return uvshGroupLookup("uvirsh");
    return NULL;
}

/* ---- help ---- */

static void
uvshPrintGroup(UvshControl *ctl, const UvshCmdGroup *group)
{
    uvshPrint(ctl, _(" %s (help keyword '%s'):\n"), _(group->title), group->keyword);
    for (const UvshCmdDef *const *t = group->tables; *t; t++) {
        for (const UvshCmdDef *def = *t; def->name; def++)
            uvshPrint(ctl, "    %-30s %s\n", def->name, _(def->summary));
    }
    uvshPrint(ctl, "\n");
}

static void
uvshPrintAllGroups(UvshControl *ctl)
{
    for (const UvshCmdGroup *g = uvshCmdGroups; g->title; g++)
        uvshPrintGroup(ctl, g);
}

static void
uvshPrintCmdHelp(UvshControl *ctl, const UvshCmdDef *def)
{
    g_autoptr(GString) synopsis = g_string_new(def->name);
    gboolean hasOpts = def->opts && def->opts[0].name;

    for (const UvshOptDef *o = def->opts; o && o->name; o++) {
        if (o->type == UVSH_OT_BOOL)
            g_string_append_printf(synopsis, " [--%s]", o->name);
        else if ((o->flags & UVSH_OFLAG_REQUIRED) && (o->flags & UVSH_OFLAG_POSITIONAL))
            g_string_append_printf(synopsis, " <%s>", o->name);
        else if (o->flags & UVSH_OFLAG_REQUIRED)
            g_string_append_printf(synopsis, " --%s <string>", o->name);
        else
            g_string_append_printf(synopsis, " [--%s <string>]", o->name);
    }

    uvshPrint(ctl, "  %s\n    %s - %s\n\n", _("NAME"), def->name, _(def->summary));
    uvshPrint(ctl, "  %s\n    %s\n\n", _("SYNOPSIS"), synopsis->str);
    if (def->description) {
        g_auto(GStrv) lines = g_strsplit(_(def->description), "\n", -1);

        uvshPrint(ctl, "  %s\n", _("DESCRIPTION"));
        for (char **l = lines; *l; l++)
            uvshPrint(ctl, "    %s\n", *l);
        uvshPrint(ctl, "\n");
    }
    if (hasOpts) {
        uvshPrint(ctl, "  %s\n", _("OPTIONS"));
        for (const UvshOptDef *o = def->opts; o->name; o++) {
            g_autofree char *form = NULL;

            if (o->type == UVSH_OT_BOOL)
                form = g_strdup_printf("--%s", o->name);
            else if ((o->flags & UVSH_OFLAG_REQUIRED) && (o->flags & UVSH_OFLAG_POSITIONAL))
                form = g_strdup_printf("[--%s] <string>", o->name);
            else
                form = g_strdup_printf("--%s <string>", o->name);
            uvshPrint(ctl, "    %-15s  %s\n", form, _(o->help));
        }
        uvshPrint(ctl, "\n");
    }
}

static gboolean
uvshCmdHelp(UvshControl *ctl, const UvshCmd *cmd)
{
    const char *name = NULL;
    const UvshCmdDef *def;
    const UvshCmdGroup *group;

    if (!uvshOptString(ctl, cmd, "command", &name))
        return FALSE;

    if (!name) {
        uvshPrint(ctl, "%s\n\n", _("Grouped commands:"));
        uvshPrintAllGroups(ctl);
        return TRUE;
    }
    if ((def = uvshCmdLookup(name))) {
        uvshPrintCmdHelp(ctl, def);
        return TRUE;
    }
    if ((group = uvshGroupLookup(name))) {
        uvshPrintGroup(ctl, group);
        return TRUE;
    }
    uvshError(ctl, _("command or command group '%s' doesn't exist"), name);
    return FALSE;
}

static void
uvshUsage(UvshControl *ctl)
{
    uvshPrint(ctl,
              _("\n"
                "uvirsh [options]... <command> [args...]\n"
                "\n"
                "  options:\n"
                "    -c | --connect=URI      connection URI (default: $UVIRT_DEFAULT_URI,\n"
                "                            else qemu:///session, or qemu:///system for root)\n"
                "    -h | --help             this help\n"
                "    -q | --quiet            quiet mode: no confirmations, no table headers\n"
                "    -v | --version          print uvirsh's version\n"
                "\n"
                "  commands:\n"
                "\n"));
    uvshPrintAllGroups(ctl);
    uvshPrint(ctl, "%s\n", _("  Run 'uvirsh help COMMAND' for the options of one command."));
}

/* ---- command arguments ---- */

static int
uvshOptIndex(const UvshCmdDef *def, const char *name, gsize len)
{
    for (int i = 0; def->opts && def->opts[i].name; i++) {
        if (strlen(def->opts[i].name) == len && strncmp(def->opts[i].name, name, len) == 0)
            return i;
    }
    return -1;
}

/*
 * Fill @cmd from the arguments after the command name. Errors are printed;
 * the command does not run then.
 */
static gboolean
uvshCmdParse(UvshControl *ctl, const UvshCmdDef *def, int argc, char **argv, UvshCmd *cmd)
{
    gboolean endOfOpts = FALSE;

    memset(cmd, 0, sizeof(*cmd));
    cmd->def = def;
    for (int i = 0; def->opts && def->opts[i].name; i++)
        g_assert(i < UVSH_MAX_OPTS);

    for (int a = 0; a < argc; a++) {
        const char *arg = argv[a];

        if (!endOfOpts && strcmp(arg, "--") == 0) {
            endOfOpts = TRUE;
            continue;
        }

        if (!endOfOpts && g_str_has_prefix(arg, "--")) {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            gsize len = eq ? (gsize)(eq - name) : strlen(name);
            int i = uvshOptIndex(def, name, len);
            const UvshOptDef *opt;

            if (i < 0) {
                uvshError(ctl, _("command '%s' doesn't support option --%.*s"), def->name, (int)len,
                          name);
                return FALSE;
            }
            opt = &def->opts[i];
            if (cmd->seen[i]) {
                uvshError(ctl, _("option --%s already seen"), opt->name);
                return FALSE;
            }
            if (opt->type == UVSH_OT_BOOL) {
                if (eq) {
                    uvshError(ctl, _("invalid '=' after option --%s"), opt->name);
                    return FALSE;
                }
            } else if (eq) {
                cmd->values[i] = eq + 1;
            } else if (a + 1 < argc) {
                cmd->values[i] = argv[++a];
            } else {
                uvshError(ctl, _("expected syntax: --%s <string>"), opt->name);
                return FALSE;
            }
            cmd->seen[i] = TRUE;
            continue;
        }

        /* A bare word: the next positional option not given yet. */
        {
            int i;

            for (i = 0; def->opts && def->opts[i].name; i++) {
                if ((def->opts[i].flags & UVSH_OFLAG_POSITIONAL) && !cmd->seen[i])
                    break;
            }
            if (!def->opts || !def->opts[i].name) {
                uvshError(ctl, _("unexpected data '%s'"), arg);
                return FALSE;
            }
            cmd->values[i] = arg;
            cmd->seen[i] = TRUE;
        }
    }

    for (int i = 0; def->opts && def->opts[i].name; i++) {
        const UvshOptDef *opt = &def->opts[i];

        if (!(opt->flags & UVSH_OFLAG_REQUIRED) || cmd->seen[i])
            continue;
        if (opt->flags & UVSH_OFLAG_POSITIONAL)
            uvshError(ctl, _("command '%s' requires <%s> option"), def->name, opt->name);
        else
            uvshError(ctl, _("command '%s' requires --%s option"), def->name, opt->name);
        return FALSE;
    }
    return TRUE;
}

/* ---- main ---- */

static gboolean
uvshConnect(UvshControl *ctl)
{
    g_autoptr(GError) err = NULL;

    if (ctl->conn)
        return TRUE;
    ctl->conn = uvConnectOpen(ctl->uri, &err);
    if (!ctl->conn) {
        uvshError(ctl, "%s", _("failed to connect to the hypervisor"));
        uvshReportError(ctl, err);
        return FALSE;
    }
    return TRUE;
}

/* The -c / --connect value: @value, else the next argument; FALSE (printed) when there is none. */
static gboolean
uvshParseConnect(UvshControl *ctl, int argc, char **argv, int *a, const char *value)
{
    if (!value) {
        if (*a + 1 >= argc) {
            uvshError(ctl, "%s", _("option '-c'/'--connect' requires an argument"));
            return FALSE;
        }
        value = argv[++*a];
    }
    g_free(ctl->uri);
    ctl->uri = g_strdup(value);
    return TRUE;
}

/*
 * Global options, as getopt reads them for virsh: long ones, and short ones
 * alone or together (-qc URI). Returns the index of the command name, or -1
 * to exit with *@status.
 */
static int
uvshParseGlobal(UvshControl *ctl, int argc, char **argv, int *status)
{
    int a;

    *status = EXIT_FAILURE;
    for (a = 1; a < argc; a++) {
        const char *arg = argv[a];

        if (arg[0] != '-' || strcmp(arg, "-") == 0)
            break;
        if (strcmp(arg, "--") == 0)
            return a + 1;

        if (arg[1] == '-') {
            if (strcmp(arg, "--connect") == 0) {
                if (!uvshParseConnect(ctl, argc, argv, &a, NULL))
                    return -1;
            } else if (g_str_has_prefix(arg, "--connect=")) {
                uvshParseConnect(ctl, argc, argv, &a, arg + strlen("--connect="));
            } else if (strcmp(arg, "--quiet") == 0) {
                ctl->quiet = TRUE;
            } else if (strcmp(arg, "--help") == 0) {
                uvshUsage(ctl);
                *status = EXIT_SUCCESS;
                return -1;
            } else if (strcmp(arg, "--version") == 0) {
                uvshPrint(ctl, "%s\n", PACKAGE_VERSION);
                *status = EXIT_SUCCESS;
                return -1;
            } else {
                uvshError(ctl, _("unsupported option '%s'. See --help."), arg);
                return -1;
            }
            continue;
        }

        for (const char *p = arg + 1; *p; p++) {
            if (*p == 'c') {
                if (!uvshParseConnect(ctl, argc, argv, &a, p[1] ? p + 1 : NULL))
                    return -1;
                break;
            } else if (*p == 'q') {
                ctl->quiet = TRUE;
            } else if (*p == 'h') {
                uvshUsage(ctl);
                *status = EXIT_SUCCESS;
                return -1;
            } else if (*p == 'v') {
                uvshPrint(ctl, "%s\n", PACKAGE_VERSION);
                *status = EXIT_SUCCESS;
                return -1;
            } else {
                uvshError(ctl, _("unsupported option '-%c'. See --help."), *p);
                return -1;
            }
        }
    }
    return a;
}

/*
 * Like virsh, a lone argument with blanks or ';' is a command string:
 * `uvirsh 'define a.xml; start web'`. Split it into commands at unquoted ';'
 * and into words at unquoted blanks; quotes and backslashes work as in the
 * shell. Returns one GStrv per non-empty command, or NULL (error printed).
 */
static GPtrArray *
uvshSplitCommandString(UvshControl *ctl, const char *str)
{
    g_autoptr(GPtrArray) cmds = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    g_autoptr(GStrvBuilder) words = g_strv_builder_new();
    g_autoptr(GString) word = NULL;
    guint nwords = 0;
    char quote = 0;

    for (const char *p = str;; p++) {
        gboolean end = *p == '\0';

        if (!end && quote) {
            if (*p == quote)
                quote = 0;
            else if (quote == '"' && *p == '\\' && p[1])
                g_string_append_c(word, *++p);
            else
                g_string_append_c(word, *p);
            continue;
        }
        if (end && quote) {
            uvshError(ctl, "%s", _("the command string has an unterminated quote"));
            return NULL;
        }
        if (!end && (*p == '\'' || *p == '"')) {
            quote = *p;
            if (!word)
                word = g_string_new(NULL);
            continue;
        }
        if (!end && *p == '\\' && p[1]) {
            if (!word)
                word = g_string_new(NULL);
            g_string_append_c(word, *++p);
            continue;
        }
        if (!end && !g_ascii_isspace(*p) && *p != ';') {
            if (!word)
                word = g_string_new(NULL);
            g_string_append_c(word, *p);
            continue;
        }
        /* a blank, ';' or the end: the word, if any, is complete */
        if (word) {
            g_strv_builder_add(words, word->str);
            g_string_free(g_steal_pointer(&word), TRUE);
            nwords++;
        }
        if (end || *p == ';') {
            if (nwords > 0)
                g_ptr_array_add(cmds, g_strv_builder_end(words));
            g_strv_builder_unref(words);
            words = g_strv_builder_new();
            nwords = 0;
        }
        if (end)
            break;
    }
    return g_steal_pointer(&cmds);
}

int
main(int argc, char **argv)
{
    UvshControl ctl = {0};
    g_autoptr(GPtrArray) words = NULL;
    g_autofree UvshCmd *cmds = NULL;
    int status = EXIT_FAILURE;
    int first;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    first = uvshParseGlobal(&ctl, argc, argv, &status);
    if (first < 0)
        goto out;
    if (first >= argc) {
        uvshError(&ctl, "%s", _("no command given (uvirsh has no interactive mode); see --help"));
        goto out;
    }

    if (argc - first == 1 && strpbrk(argv[first], " \t\n;'\"\\")) {
        if (!(words = uvshSplitCommandString(&ctl, argv[first])))
            goto out;
    } else {
        words = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
        g_ptr_array_add(words, g_strdupv(argv + first));
    }

    /* Parse every command before running any, so a typo runs nothing. */
    cmds = g_new0(UvshCmd, words->len);
    for (guint i = 0; i < words->len; i++) {
        char **w = g_ptr_array_index(words, i);
        const UvshCmdDef *def = uvshCmdLookup(w[0]);

        if (!def) {
            uvshError(&ctl, _("unknown command: '%s'"), w[0]);
            goto out;
        }
        if (!uvshCmdParse(&ctl, def, g_strv_length(w) - 1, w + 1, &cmds[i]))
            goto out;
    }

    /* Each command runs; the exit status is the last one's, as with virsh. */
    status = EXIT_SUCCESS;
    for (guint i = 0; i < words->len; i++) {
        const UvshCmdDef *def = cmds[i].def;
        gboolean ok;

        if (!(def->flags & UVSH_CMD_NOCONNECT) && !uvshConnect(&ctl)) {
            status = EXIT_FAILURE;
            goto out;
        }
        ok = def->handler(&ctl, &cmds[i]);
        /* Like virsh, a blank line closes every command's output unless -q. */
        uvshPrintExtra(&ctl, "\n");
        status = ok ? EXIT_SUCCESS : EXIT_FAILURE;
    }

out:
    fflush(stdout);
    if (ctl.conn)
        uvConnectClose(ctl.conn);
    g_free(ctl.uri);
    return status;
}
