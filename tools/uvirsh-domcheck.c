/*
 * uvirsh-domcheck.c: `domcheck`, a preflight check of a domain against this
 * host
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public API has no call for this yet, so domcheck uses the QEMU driver's
 * check directly (src/qemu/qemu_domcheck.h). That is only right for a
 * connection whose QEMU would run here, as this user: the qemu:/// URIs.
 */
#include "util/uvinternal.h"

#include "conf/domain_conf.h"
#include "qemu/qemu_conf.h"
#include "qemu/qemu_domcheck.h"
#include "uvirsh.h"

static const UvshOptDef uvshOptsDomcheck[] = {
    {"domain", UVSH_OT_STRING, UVSH_OFLAG_REQUIRED | UVSH_OFLAG_POSITIONAL,
     N_("a domain XML file, or the domain: its name, id or UUID")},
    {NULL},
};

static gboolean
uvshCmdDomcheck(UvshControl *ctl, const UvshCmd *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDriverConfig) cfg = NULL;
    g_autoptr(UvDomain) dom = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(GPtrArray) results = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *report = NULL;
    const char *uri = uvConnectGetURI(ctl->conn);
    const char *arg = NULL;
    const char *name;

    if (!uvshOptString(ctl, cmd, "domain", &arg))
        return FALSE;

    if (!uvQemuURIProbe(uri)) {
        uvshError(ctl,
                  _("domcheck looks at this host as this user, so it needs a local qemu:/// "
                    "connection, not '%s'"),
                  uri);
        return FALSE;
    }
    if (!(cfg = uvQemuDriverConfigNew(uri, &err))) {
        uvshReportError(ctl, err);
        return FALSE;
    }

    /* An existing file is a definition to check; anything else names a domain. */
    if (g_file_test(arg, G_FILE_TEST_IS_REGULAR)) {
        if (!(xml = uvshOptReadFile(ctl, cmd, "domain", NULL)))
            return FALSE;
        if (!(def = uvDomainDefParseString(xml, 0, &err))) {
            uvshError(ctl, _("Failed to check domain from %s"), arg);
            uvshReportError(ctl, err);
            return FALSE;
        }
    } else {
        if (!(dom = uvshOptDomain(ctl, cmd, UVSH_BY_ANY, NULL)))
            return FALSE;
        if (!(xml = uvDomainGetXMLDesc(dom, UV_DOMAIN_XML_INACTIVE, &err)) ||
            !(def = uvDomainDefParseString(xml, 0, &err))) {
            uvshError(ctl, _("Failed to check domain '%s'"), uvDomainGetName(dom));
            uvshReportError(ctl, err);
            return FALSE;
        }
    }
    name = dom ? uvDomainGetName(dom) : arg;

    results = g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuCheckResultFree);
    if (!uvQemuDomainCheck(def, cfg, results, &err)) {
        uvshError(ctl, dom ? _("Failed to check domain '%s'") : _("Failed to check domain from %s"),
                  name);
        uvshReportError(ctl, err);
        return FALSE;
    }

    report = uvQemuDomainCheckFormat(results);
    uvshPrint(ctl, "%s", report);
    if (uvQemuDomainCheckFailed(results)) {
        if (dom)
            uvshError(ctl, _("Domain '%s' would not start: see the errors above"), name);
        else
            uvshError(ctl, _("The domain in %s would not start: see the errors above"), name);
        return FALSE;
    }
    return TRUE;
}

const UvshCmdDef uvshDomcheckCmds[] = {
    {"domcheck", uvshCmdDomcheck, uvshOptsDomcheck,
     N_("check that a domain can start on this host"),
     N_("Checks, without changing anything, what would stop a domain from starting or its\n"
        "network from working: each interface's host device (exists, kind, owner, up,\n"
        "macvtap MAC, queues), /dev/net/tun, /dev/tapN, /dev/vhost-net, /dev/kvm, the\n"
        "emulator and the kernel, initrd and disk paths. Prints one line per check,\n"
        "'ok', 'warning' or 'error', with the command that fixes each problem; fails\n"
        "when starting would fail. The argument is an XML file when such a file exists,\n"
        "else a domain's name, id or UUID."),
     0},
    {NULL},
};
