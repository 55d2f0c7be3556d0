/*
 * uvirsh-domain.c: domain management commands — define, start, stop,
 * identity, XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"

#include <string.h>

#include "uvirsh.h"

#define UVSH_OPT_DOMAIN(help)                                                                      \
 {                                                                                                 \
  "domain", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL, help                      \
 }

#define UVSH_OPT_FILE                                                                              \
 {                                                                                                 \
  "file", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL, N_("the domain XML file")   \
 }

/* ---- define, undefine, create ---- */

static const UvshOptDef uvshOptsDefine[] = {
    UVSH_OPT_FILE,
    {"validate", UVSH_OT_BOOL, 0, N_("also check the XML against the domain schema")},
    {NULL},
};

static gboolean
uvshCmdDefine(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autofree char *xml = NULL;
    const char *file = NULL;
    unsigned int flags = 0;

    if (uvshOptBool(cmd, "validate"))
        flags |= UV_DOMAIN_DEFINE_VALIDATE;
    if (!(xml = uvshOptReadFile(ctl, cmd, "file", &file)))
        return FALSE;

    if (!(dom = uvDomainDefineXML(ctl->conn, xml, flags, &err))) {
        uvshError(ctl, _("Failed to define domain from %s"), file);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' defined from %s\n"), uvDomainGetName(dom), file);
    return TRUE;
}

static const UvshOptDef uvshOptsUndefine[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name, id or UUID")),
    {NULL},
};

static gboolean
uvshCmdUndefine(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainUndefine(dom, &err)) {
        uvshError(ctl, _("Failed to undefine domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' has been undefined\n"), name);
    return TRUE;
}

static const UvshOptDef uvshOptsCreate[] = {
    UVSH_OPT_FILE,
    {NULL},
};

/*
 * What the start of @dom left to say (a pre-created device that is down ...),
 * after the success line. A connection that cannot tell says nothing.
 */
static void
uvshPrintStartWarnings(UvshControl *ctl, UvDomain *dom)
{
    g_auto(GStrv) messages = uvDomainGetMessages(dom, 0, NULL);

    for (guint i = 0; messages && messages[i]; i++)
        uvshWarn(ctl, "%s", messages[i]);
}

static gboolean
uvshCmdCreate(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autofree char *xml = NULL;
    const char *file = NULL;

    if (!(xml = uvshOptReadFile(ctl, cmd, "file", &file)))
        return FALSE;

    if (!(dom = uvDomainCreateXML(ctl->conn, xml, 0, &err))) {
        uvshError(ctl, _("Failed to create domain from %s"), file);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' created from %s\n"), uvDomainGetName(dom), file);
    uvshPrintStartWarnings(ctl, dom);
    return TRUE;
}

/* ---- lifecycle ---- */

static const UvshOptDef uvshOptsStart[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name or UUID")),
    {NULL},
};

static gboolean
uvshCmdStart(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_NAME | UVSH_BY_UUID, &name)))
        return FALSE;
    if (uvDomainGetID(dom) != -1) {
        uvshError(ctl, "%s", _("Domain is already active"));
        return FALSE;
    }
    if (!uvDomainCreate(dom, &err)) {
        uvshError(ctl, _("Failed to start domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' started\n"), name);
    uvshPrintStartWarnings(ctl, dom);
    return TRUE;
}

static const UvshOptDef uvshOptsDomainOnly[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name, id or UUID")),
    {NULL},
};

static gboolean
uvshCmdDestroy(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainDestroy(dom, &err)) {
        uvshError(ctl, _("Failed to destroy domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' destroyed\n"), name);
    return TRUE;
}

static gboolean
uvshCmdShutdown(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainShutdown(dom, &err)) {
        uvshError(ctl, _("Failed to shutdown domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' is being shutdown\n"), name);
    return TRUE;
}

static gboolean
uvshCmdReboot(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainReboot(dom, 0, &err)) {
        uvshError(ctl, _("Failed to reboot domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' is being rebooted\n"), name);
    return TRUE;
}

static gboolean
uvshCmdSuspend(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainSuspend(dom, &err)) {
        uvshError(ctl, _("Failed to suspend domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' suspended\n"), name);
    return TRUE;
}

static gboolean
uvshCmdResume(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainResume(dom, &err)) {
        uvshError(ctl, _("Failed to resume domain '%s'"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintExtra(ctl, _("Domain '%s' resumed\n"), name);
    return TRUE;
}

static const UvshOptDef uvshOptsAutostart[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name, id or UUID")),
    {"disable", UVSH_OT_BOOL, 0, N_("turn autostart off instead of on")},
    {NULL},
};

static gboolean
uvshCmdAutostart(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    gboolean enable = !uvshOptBool(cmd, "disable");
    const char *name = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, &name)))
        return FALSE;
    if (!uvDomainSetAutostart(dom, enable, &err)) {
        if (enable)
            uvshError(ctl, _("Failed to mark domain '%s' as autostarted"), name);
        else
            uvshError(ctl, _("Failed to unmark domain '%s' as autostarted"), name);
        uvshReportError(ctl, err);
        return FALSE;
    }
    if (enable)
        uvshPrintExtra(ctl, _("Domain '%s' marked as autostarted\n"), name);
    else
        uvshPrintExtra(ctl, _("Domain '%s' unmarked as autostarted\n"), name);
    return TRUE;
}

/* ---- identity ---- */

static const UvshOptDef uvshOptsDomuuid[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its id or name")),
    {NULL},
};

static gboolean
uvshCmdDomuuid(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(UvDomain) dom = NULL;
    char uuid[UV_UUID_STRING_BUFLEN];

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ID | UVSH_BY_NAME, NULL)))
        return FALSE;
    uvDomainGetUUIDString(dom, uuid);
    uvshPrint(ctl, "%s\n", uuid);
    return TRUE;
}

static const UvshOptDef uvshOptsDomname[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its id or UUID")),
    {NULL},
};

static gboolean
uvshCmdDomname(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(UvDomain) dom = NULL;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ID | UVSH_BY_UUID, NULL)))
        return FALSE;
    uvshPrint(ctl, "%s\n", uvDomainGetName(dom));
    return TRUE;
}

static const UvshOptDef uvshOptsDomid[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name or UUID")),
    {NULL},
};

static gboolean
uvshCmdDomid(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(UvDomain) dom = NULL;
    int id;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_NAME | UVSH_BY_UUID, NULL)))
        return FALSE;
    id = uvDomainGetID(dom);
    if (id == -1)
        uvshPrint(ctl, "%s\n", "-");
    else
        uvshPrint(ctl, "%d\n", id);
    return TRUE;
}

/* ---- XML ---- */

static void
uvshPrintText(UvshControl *ctl, const char *text)
{
    gsize len = strlen(text);

    uvshPrint(ctl, "%s", text);
    if (len == 0 || text[len - 1] != '\n')
        uvshPrint(ctl, "\n");
}

static const UvshOptDef uvshOptsDumpxml[] = {
    UVSH_OPT_DOMAIN(N_("the domain: its name, id or UUID")),
    {"inactive", UVSH_OT_BOOL, 0, N_("the persistent definition, not the running configuration")},
    {NULL},
};

static gboolean
uvshCmdDumpxml(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autofree char *xml = NULL;
    unsigned int flags = 0;

    if (uvshOptBool(cmd, "inactive"))
        flags |= UV_DOMAIN_XML_INACTIVE;
    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
        return FALSE;
    if (!(xml = uvDomainGetXMLDesc(dom, flags, &err))) {
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintText(ctl, xml);
    return TRUE;
}

static const UvshOptDef uvshOptsXMLToNative[] = {
    {"format", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL,
     N_("the native format: qemu-argv")},
    {"domain", UVSH_OT_STRING, 0, N_("convert this defined domain's XML")},
    {"xml", UVSH_OT_STRING, UVSH_OFLAG_POSITIONAL, N_("convert the domain XML in this file")},
    {NULL},
};

static gboolean
uvshCmdXMLToNative(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *native = NULL;
    const char *format = NULL;
    const char *domain = NULL;
    const char *file = NULL;

    if (!uvshOptString(ctl, cmd, "format", &format) ||
        !uvshOptString(ctl, cmd, "domain", &domain) || !uvshOptString(ctl, cmd, "xml", &file))
        return FALSE;

    if (domain && file) {
        uvshError(ctl, _("Options --%s and --%s are mutually exclusive"), "domain", "xml");
        return FALSE;
    }
    if (domain) {
        if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
            return FALSE;
        if (!(xml = uvDomainGetXMLDesc(dom, 0, &err))) {
            uvshReportError(ctl, err);
            return FALSE;
        }
    } else if (file) {
        if (!(xml = uvshOptReadFile(ctl, cmd, "xml", NULL)))
            return FALSE;
    } else {
        uvshError(ctl, "%s", _("need either domain or domain XML"));
        return FALSE;
    }

    if (!(native = uvConnectDomainXMLToNative(ctl->conn, format, xml, 0, &err))) {
        uvshReportError(ctl, err);
        return FALSE;
    }
    uvshPrintText(ctl, native);
    return TRUE;
}

const UvshCmdDef uvshDomainCmds[] = {
    {"autostart", uvshCmdAutostart, uvshOptsAutostart, N_("mark or unmark a domain for autostart"),
     N_("Marks a defined domain to be started automatically, or with --disable unmarks it."), 0},
    {"create", uvshCmdCreate, uvshOptsCreate, N_("start a transient domain from an XML file"),
     N_("Starts a transient domain from an XML file; it is gone once it stops."), 0},
    {"define", uvshCmdDefine, uvshOptsDefine, N_("store a domain definition from an XML file"),
     N_("Stores a domain definition; a domain of the same name or UUID is replaced."), 0},
    {"destroy", uvshCmdDestroy, uvshOptsDomainOnly, N_("stop a domain at once"),
     N_("Stops a running domain at once, as pulling the power cord would; its definition\n"
        "and its unmanaged host devices are left as they are."),
     0},
    {"domid", uvshCmdDomid, uvshOptsDomid, N_("print the id of a domain"),
     N_("Prints the id of a running domain, or '-' for one that is not running."), 0},
    {"domname", uvshCmdDomname, uvshOptsDomname, N_("print the name of a domain"),
     N_("Prints the name of a domain given by id or UUID."), 0},
    {"domuuid", uvshCmdDomuuid, uvshOptsDomuuid, N_("print the UUID of a domain"),
     N_("Prints the UUID of a domain given by name or id."), 0},
    {"domxml-to-native", uvshCmdXMLToNative, uvshOptsXMLToNative,
     N_("print the QEMU command line of a domain XML"),
     N_("Prints the QEMU command line a definition would start with, without opening,\n"
        "creating or changing any host device."),
     0},
    {"dumpxml", uvshCmdDumpxml, uvshOptsDumpxml, N_("print the XML of a domain"),
     N_("Prints a domain's XML: the running configuration while it runs, else (or with\n"
        "--inactive) its definition."),
     0},
    {"reboot", uvshCmdReboot, uvshOptsDomainOnly, N_("ask the guest to reboot"),
     N_("Asks the guest to reboot."), 0},
    {"resume", uvshCmdResume, uvshOptsDomainOnly, N_("let a paused domain run again"),
     N_("Lets a paused domain's virtual CPUs run again."), 0},
    {"shutdown", uvshCmdShutdown, uvshOptsDomainOnly, N_("ask the guest to power off"),
     N_("Sends the guest an ACPI power-button press; the domain stops when the guest\n"
        "powers off."),
     0},
    {"start", uvshCmdStart, uvshOptsStart, N_("start a defined domain"),
     N_("Boots a defined domain. QEMU runs on after uvirsh exits."), 0},
    {"suspend", uvshCmdSuspend, uvshOptsDomainOnly, N_("pause a running domain"),
     N_("Pauses a running domain's virtual CPUs; it keeps its memory and devices."), 0},
    {"undefine", uvshCmdUndefine, uvshOptsUndefine, N_("remove the definition of a domain"),
     N_("Removes a domain's definition. A running domain keeps running as a transient\n"
        "one."),
     0},
    {NULL},
};
