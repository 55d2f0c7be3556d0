/*
 * uvirsh-host.c: host and hypervisor commands — uri, version, hostname
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"

#include "uvirsh.h"

static gboolean
uvshCmdURI(UvshControl *ctl, const UvshCmd *cmd)
{
    uvshPrint(ctl, "%s\n", uvConnectGetURI(ctl->conn));
    return TRUE;
}

static gboolean
uvshCmdHostname(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *hostname = NULL;

    if (!(hostname = uvConnectGetHostname(ctl->conn, &err))) {
        uvshError(ctl, "%s", _("failed to get hostname"));
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrint(ctl, "%s\n", hostname);
    return TRUE;
}

static const UvshOptDef uvshOptsVersion[] = {
    {"daemon", UVSH_OT_BOOL, 0, N_("also print the version of uvirt serving the connection")},
    {NULL},
};

static gboolean
uvshCmdVersion(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    gulong hv = 0;
    gulong lib = 0;

    if (!uvConnectGetLibVersion(ctl->conn, &lib, &err)) {
        uvshError(ctl, "%s", _("failed to get the library version"));
        uvshReportError(ctl, err);
        return FALSE;
    }
    if (!uvConnectGetVersion(ctl->conn, &hv, &err)) {
        uvshError(ctl, "%s", _("failed to get the hypervisor version"));
        uvshReportError(ctl, err);
        return FALSE;
    }

    uvshPrint(ctl, _("Compiled against library: uvirt %s\n"), PACKAGE_VERSION);
    uvshPrint(ctl, _("Using library: uvirt %s\n"), PACKAGE_VERSION);
    uvshPrint(ctl, _("Using API: QEMU %lu.%lu.%lu\n"), lib / 1000000, lib / 1000 % 1000,
              lib % 1000);
    uvshPrint(ctl, _("Running hypervisor: QEMU %lu.%lu.%lu\n"), hv / 1000000, hv / 1000 % 1000,
              hv % 1000);
    if (uvshOptBool(cmd, "daemon"))
        uvshPrint(ctl, _("Running against daemon: %lu.%lu.%lu\n"), lib / 1000000, lib / 1000 % 1000,
                  lib % 1000);
    return TRUE;
}

const UvshCmdDef uvshHostCmds[] = {
    {"hostname", uvshCmdHostname, NULL, N_("print the name of the host"), NULL, 0},
    {"uri", uvshCmdURI, NULL, N_("print the canonical URI of the connection"), NULL, 0},
    {"version", uvshCmdVersion, uvshOptsVersion, N_("print the versions of uvirt and QEMU"),
     N_("Prints the versions of uvirsh, of uvirt serving the connection and of QEMU."), 0},
    {NULL},
};
