/*
 * uvirsh.h: the command table and the helpers every uvirsh command uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * uvirsh is a thin client of libuvirt.h. Each group of commands lives in its
 * own file (uvirsh-domain.c, uvirsh-monitor.c, uvirsh-host.c, ...) and
 * exports a NULL-terminated table of UvshCmdDef; uvirsh.c parses the command
 * line against that table and runs the handler.
 *
 * Error contract: a handler prints every error it meets with uvshError() or
 * uvshReportError() (stderr, "error: " first) and returns FALSE; uvirsh then
 * exits with status 1. Output that only confirms an action ("Domain 'x'
 * started") goes through uvshPrintExtra(), which -q silences.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "libuvirt.h"

typedef enum {
    UVSH_OT_BOOL,   /* --name */
    UVSH_OT_STRING, /* --name VALUE or --name=VALUE */
} UvshOptType;

enum {
    UVSH_OFLAG_REQUIRED = 1 << 0,   /* the command cannot run without it */
    UVSH_OFLAG_POSITIONAL = 1 << 1, /* may be given without its --name, in table order */
    UVSH_OFLAG_EMPTY_OK = 1 << 2,   /* an empty value means "not given" */
};

typedef struct {
    const char *name;
    UvshOptType type;
    unsigned int flags;
    const char *help;
} UvshOptDef;

#define UVSH_MAX_OPTS 16

typedef struct _UvshControl UvshControl;
typedef struct _UvshCmd UvshCmd;
typedef struct _UvshCmdDef UvshCmdDef;

typedef gboolean (*UvshCmdHandler)(UvshControl *ctl, const UvshCmd *cmd);

enum {
    UVSH_CMD_NOCONNECT = 1 << 0, /* runs without a connection (help) */
};

struct _UvshCmdDef {
    const char *name;
    UvshCmdHandler handler;
    const UvshOptDef *opts; /* terminated by an entry with a NULL name; may be NULL */
    const char *summary;    /* one line for the command list */
    const char *description;
    unsigned int flags;
};

typedef struct {
    const char *title;               /* "Domain Management" */
    const char *keyword;             /* "domain", for `help domain` */
    const UvshCmdDef *const *tables; /* NULL-terminated; listed in this order */
} UvshCmdGroup;

struct _UvshControl {
    char *uri;       /* -c URI, or NULL for the library's default */
    gboolean quiet;  /* -q */
    UvConnect *conn; /* opened before the first command that needs it */
};

struct _UvshCmd {
    const UvshCmdDef *def;
    const char *values[UVSH_MAX_OPTS]; /* string options, pointing into argv */
    gboolean seen[UVSH_MAX_OPTS];
};

/* The command groups, in the order `help` lists them (uvirsh.c). */
extern const UvshCmdGroup uvshCmdGroups[];

/* Tables exported by the command files. */
extern const UvshCmdDef uvshDomainCmds[];
extern const UvshCmdDef uvshMonitorCmds[];
extern const UvshCmdDef uvshHostCmds[];
extern const UvshCmdDef uvshSelfCmds[];
extern const UvshCmdDef uvshDomcheckCmds[];

/* ---- output ---- */

/* "error: MESSAGE" on stderr. */
void uvshError(UvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* "error: MESSAGE" on stderr for a library error (a no-op for NULL). */
void uvshReportError(UvshControl *ctl, const GError *err);
/* "warning: MSG" on stderr (not silenced by -q). */
void uvshWarn(UvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* stdout, unconditionally. */
void uvshPrint(UvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* stdout, unless -q. */
void uvshPrintExtra(UvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* ---- options ---- */

/* TRUE when the boolean option @name was given. */
gboolean uvshOptBool(const UvshCmd *cmd, const char *name);
/*
 * The value of string option @name in *@value (NULL when it was not given).
 * An empty value is refused with an error printed; returns FALSE then.
 */
gboolean uvshOptString(UvshControl *ctl, const UvshCmd *cmd, const char *name, const char **value);

/* How uvshOptDomain() may interpret the domain argument. */
enum {
    UVSH_BY_ID = 1 << 0,
    UVSH_BY_UUID = 1 << 1,
    UVSH_BY_NAME = 1 << 2,
    UVSH_BY_ANY = UVSH_BY_ID | UVSH_BY_UUID | UVSH_BY_NAME,
};

/*
 * Look up the domain given by option "domain" as an id, a UUID or a name
 * (restricted by @by), trying them in that order. On failure prints
 * "error: failed to get domain 'ARG'" and returns NULL. *@name (optional)
 * receives the argument as given.
 */
UvDomain *uvshOptDomain(UvshControl *ctl, const UvshCmd *cmd, unsigned int by, const char **name);

/*
 * Read the file given by option @optname; prints the error and returns NULL
 * on failure. *@path (optional) receives the path as given.
 */
char *uvshOptReadFile(UvshControl *ctl, const UvshCmd *cmd, const char *optname, const char **path);

/* ---- tables like virsh's: a header, a line of dashes, left-aligned columns ---- */

typedef struct _UvshTable UvshTable;

UvshTable *uvshTableNew(const char *first, ...) G_GNUC_NULL_TERMINATED;
/* One row, as many cells as the header has columns; NULL prints as "-". */
void uvshTableAddRow(UvshTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* Print to stdout; with -q, only the rows (and their widths alone count). */
void uvshTablePrint(UvshControl *ctl, UvshTable *table);
void uvshTableFree(UvshTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvshTable, uvshTableFree)

/* Words virsh uses for a state reason ("booted", "user", ...). */
const char *uvshDomainStateReasonToString(int state, int reason);
