/*
 * uvirsh-monitor.c: domain monitoring commands — list, dominfo, domstate,
 * domiflist
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "uvirsh.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)

/* ---- reading the domain XML the library returns ---- */

static xmlDoc *
uvshDomainXMLDoc(UvshControl *ctl, UvDomain *dom, unsigned int flags)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *xml = NULL;
    xmlDoc *doc;

    if (!(xml = uvDomainGetXMLDesc(dom, flags, &err))) {
        uvshReportError(ctl, err);
        return NULL;
    }
    doc = xmlReadMemory(xml, strlen(xml), "domain.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !xmlDocGetRootElement(doc)) {
        uvshError(ctl, _("The XML of domain '%s' could not be parsed"), uvDomainGetName(dom));
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static xmlNode *
uvshXMLChild(xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0)
            return c;
    }
    return NULL;
}

/* Attribute @attr of the first child element @child of @node, or NULL. */
static char *
uvshXMLChildAttr(xmlNode *node, const char *child, const char *attr)
{
    xmlNode *c = uvshXMLChild(node, child);
    g_autofree xmlChar *v = NULL;

    if (!c || !(v = xmlGetProp(c, BAD_CAST attr)))
        return NULL;
    return g_strdup((const char *)v);
}

/* ---- list ---- */

static const UvshOptDef uvshOptsList[] = {
    {"inactive", UVSH_OT_BOOL, 0, N_("list only the domains that are not running")},
    {"all", UVSH_OT_BOOL, 0, N_("list running and inactive domains")},
    {"uuid", UVSH_OT_BOOL, 0, N_("print UUIDs only")},
    {"name", UVSH_OT_BOOL, 0, N_("print names only")},
    {NULL},
};

/* Running domains by id, then the others by name — virsh's order. */
static int
uvshDomainCompare(gconstpointer a, gconstpointer b)
{
    UvDomain *da = *(UvDomain *const *)a;
    UvDomain *db = *(UvDomain *const *)b;
    int ida = uvDomainGetID(da);
    int idb = uvDomainGetID(db);

    if (ida == -1 && idb == -1)
        return g_ascii_strcasecmp(uvDomainGetName(da), uvDomainGetName(db));
    if (ida != -1 && idb != -1)
        return ida < idb ? -1 : ida > idb;
    return ida != -1 ? -1 : 1;
}

static gboolean
uvshCmdList(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvshTable) table = NULL;
    gboolean optName = uvshOptBool(cmd, "name");
    gboolean optUUID = uvshOptBool(cmd, "uuid");
    unsigned int flags = UV_CONNECT_LIST_DOMAINS_ACTIVE;
    UvDomain **list;
    gsize n = 0;

    if (uvshOptBool(cmd, "all"))
        flags = 0;
    else if (uvshOptBool(cmd, "inactive"))
        flags = UV_CONNECT_LIST_DOMAINS_INACTIVE;

    if (!(list = uvConnectListAllDomains(ctl->conn, flags, &err))) {
        uvshError(ctl, "%s", _("Failed to list domains"));
        uvshReportError(ctl, err);
        return FALSE;
    }
    while (list[n])
        n++;
    qsort(list, n, sizeof(*list), uvshDomainCompare);

    if (!optName && !optUUID)
        table = uvshTableNew(_("Id"), _("Name"), _("State"), NULL);

    for (gsize i = 0; i < n; i++) {
        UvDomain *dom = list[i];
        char uuid[UV_UUID_STRING_BUFLEN];
        g_autofree char *id = NULL;
        int state = UV_DOMAIN_NOSTATE;
        int reason;

        if (optName || optUUID) {
            uvDomainGetUUIDString(dom, uuid);
            if (optName && optUUID)
                uvshPrint(ctl, "%s %s\n", uuid, uvDomainGetName(dom));
            else
                uvshPrint(ctl, "%s\n", optUUID ? uuid : uvDomainGetName(dom));
            continue;
        }

        /* A domain undefined since the list was made is left out. */
        if (!uvDomainGetState(dom, &state, &reason, &err)) {
            if (g_error_matches(err, UV_ERROR, UV_ERROR_NO_DOMAIN)) {
                g_clear_error(&err);
                continue;
            }
            uvshReportError(ctl, err);
            uvDomainListFree(list);
            return FALSE;
        }
        if (uvDomainGetID(dom) != -1)
            id = g_strdup_printf("%d", uvDomainGetID(dom));
        uvshTableAddRow(table, id, uvDomainGetName(dom), _(uvDomainStateToString(state)), NULL);
    }
    uvDomainListFree(list);

    if (table)
        uvshTablePrint(ctl, table);
    return TRUE;
}

/* ---- dominfo, domstate ---- */

static const UvshOptDef uvshOptsDomainOnly[] = {
    {"domain", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL,
     N_("the domain: its name, id or UUID")},
    {NULL},
};

#define UVSH_FIELD "%-15s %s\n"

static gboolean
uvshCmdDominfo(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree xmlChar *osType = NULL;
    g_autofree char *idStr = NULL;
    g_autofree char *number = NULL;
    char uuid[UV_UUID_STRING_BUFLEN];
    gboolean persistent = FALSE;
    gboolean autostart = FALSE;
    UvDomainInfo info = {0};
    g_auto(GStrv) messages = NULL;
    xmlNode *type;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
        return FALSE;

    /* Gather everything first so a failure prints no half table. */
    if (!uvDomainGetInfo(dom, &info, &err) || !uvDomainIsPersistent(dom, &persistent, &err) ||
        !uvDomainGetAutostart(dom, &autostart, &err)) {
        uvshReportError(ctl, err);
        return FALSE;
    }
    if (!(doc = uvshDomainXMLDoc(ctl, dom, 0)))
        return FALSE;
    messages = uvDomainGetMessages(dom, 0, NULL);
    if ((type = uvshXMLChild(uvshXMLChild(xmlDocGetRootElement(doc), "os"), "type")))
        osType = xmlNodeGetContent(type);

    /* The id as of now: the handle's is from when it was looked up. */
    if (info.state == UV_DOMAIN_SHUTOFF || uvDomainGetID(dom) == -1)
        idStr = g_strdup("-");
    else
        idStr = g_strdup_printf("%d", uvDomainGetID(dom));
    uvDomainGetUUIDString(dom, uuid);

    uvshPrint(ctl, UVSH_FIELD, _("Id:"), idStr);
    uvshPrint(ctl, UVSH_FIELD, _("Name:"), uvDomainGetName(dom));
    uvshPrint(ctl, UVSH_FIELD, _("UUID:"), uuid);
    if (osType)
        uvshPrint(ctl, UVSH_FIELD, _("OS Type:"), (const char *)osType);
    uvshPrint(ctl, UVSH_FIELD, _("State:"), _(uvDomainStateToString(info.state)));
    number = g_strdup_printf("%u", info.nrVirtCpu);
    uvshPrint(ctl, UVSH_FIELD, _("CPU(s):"), number);
    if (info.cpuTime != 0) {
        g_free(number);
        number = g_strdup_printf("%.1fs", info.cpuTime / 1000000000.0);
        uvshPrint(ctl, UVSH_FIELD, _("CPU time:"), number);
    }
    g_free(number);
    number = g_strdup_printf("%" G_GUINT64_FORMAT " KiB", info.maxMem);
    uvshPrint(ctl, UVSH_FIELD, _("Max memory:"), number);
    g_free(number);
    number = g_strdup_printf("%" G_GUINT64_FORMAT " KiB", info.memory);
    uvshPrint(ctl, UVSH_FIELD, _("Used memory:"), number);
    uvshPrint(ctl, UVSH_FIELD, _("Persistent:"), persistent ? _("yes") : _("no"));
    uvshPrint(ctl, UVSH_FIELD, _("Autostart:"), autostart ? _("enable") : _("disable"));
    /* uvirt has no managed save and no security driver (QEMU runs as the caller). */
    uvshPrint(ctl, UVSH_FIELD, _("Managed save:"), _("no"));
    uvshPrint(ctl, UVSH_FIELD, _("Security model:"), "none");
    uvshPrint(ctl, UVSH_FIELD, _("Security DOI:"), "0");
    /* as virsh: the first line labelled, the others under it; nothing when it cannot tell */
    for (guint i = 0; messages && messages[i]; i++)
        uvshPrint(ctl, UVSH_FIELD, i == 0 ? _("Messages:") : "", messages[i]);
    return TRUE;
}

static const UvshOptDef uvshOptsDomstate[] = {
    {"domain", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL,
     N_("the domain: its name, id or UUID")},
    {"reason", UVSH_OT_BOOL, 0, N_("also print why the domain is in that state")},
    {NULL},
};

static gboolean
uvshCmdDomstate(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = NULL;
    int state;
    int reason;

    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
        return FALSE;
    if (!uvDomainGetState(dom, &state, &reason, &err)) {
        uvshReportError(ctl, err);
        return FALSE;
    }
    if (uvshOptBool(cmd, "reason"))
        uvshPrint(ctl, "%s (%s)\n", _(uvDomainStateToString(state)),
                  uvshDomainStateReasonToString(state, reason));
    else
        uvshPrint(ctl, "%s\n", _(uvDomainStateToString(state)));
    return TRUE;
}

/* ---- domiflist ---- */

static const UvshOptDef uvshOptsDomiflist[] = {
    {"domain", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL,
     N_("the domain: its name, id or UUID")},
    {"inactive", UVSH_OT_BOOL, 0, N_("the persistent definition's interfaces")},
    {NULL},
};

/* The host side of an interface, whichever <source> attribute its type uses. */
static char *
uvshInterfaceSource(xmlNode *iface)
{
    static const char *const attrs[] = {"bridge", "dev", "network", "name", "path"};
    xmlNode *source = uvshXMLChild(iface, "source");

    for (gsize i = 0; source && i < G_N_ELEMENTS(attrs); i++) {
        g_autofree xmlChar *v = xmlGetProp(source, BAD_CAST attrs[i]);

        if (v)
            return g_strdup((const char *)v);
    }
    return NULL;
}

static gboolean
uvshCmdDomiflist(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(UvDomain) dom = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(UvshTable) table = NULL;
    unsigned int flags = 0;
    xmlNode *devices;

    if (uvshOptBool(cmd, "inactive"))
        flags |= UV_DOMAIN_XML_INACTIVE;
    if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
        return FALSE;
    if (!(doc = uvshDomainXMLDoc(ctl, dom, flags)))
        return FALSE;

    table = uvshTableNew(_("Interface"), _("Type"), _("Source"), _("Model"), _("MAC"), NULL);
    devices = uvshXMLChild(xmlDocGetRootElement(doc), "devices");
    for (xmlNode *n = devices ? devices->children : NULL; n; n = n->next) {
        g_autofree xmlChar *type = NULL;
        g_autofree char *source = NULL;
        g_autofree char *target = NULL;
        g_autofree char *model = NULL;
        g_autofree char *mac = NULL;

        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "interface") != 0)
            continue;
        type = xmlGetProp(n, BAD_CAST "type");
        source = uvshInterfaceSource(n);
        target = uvshXMLChildAttr(n, "target", "dev");
        model = uvshXMLChildAttr(n, "model", "type");
        mac = uvshXMLChildAttr(n, "mac", "address");
        uvshTableAddRow(table, target, (const char *)type, source, model, mac, NULL);
    }
    uvshTablePrint(ctl, table);
    return TRUE;
}

const UvshCmdDef uvshMonitorCmds[] = {
    {"domiflist", uvshCmdDomiflist, uvshOptsDomiflist,
     N_("list the network interfaces of a domain"),
     N_("Prints a table of a domain's network interfaces: the host device, the interface\n"
        "type, its source, the guest device model and the MAC address."),
     0},
    {"dominfo", uvshCmdDominfo, uvshOptsDomainOnly, N_("print the basic facts of a domain"),
     N_("Prints a domain's id, UUID, state, CPUs, memory and persistence."), 0},
    {"domstate", uvshCmdDomstate, uvshOptsDomstate, N_("print the state of a domain"),
     N_("Prints a domain's state, and with --reason why it is in it."), 0},
    {"list", uvshCmdList, uvshOptsList, N_("list domains"),
     N_("Prints the running domains, or with --all every domain, as a table of id, name\n"
        "and state."),
     0},
    {NULL},
};
