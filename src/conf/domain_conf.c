/*
 * domain_conf.c: the domain definition: the <domain> element and everything
 * outside <devices>, plus file reading, validation and schema checks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"
#include "util/uvfile.h"
#include "util/uvunits.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

UV_ENUM_IMPL(uvDomainVirt, UV_DOMAIN_VIRT_LAST, "qemu", "kvm");
UV_ENUM_IMPL(uvDomainCpuPlacement, UV_DOMAIN_CPU_PLACEMENT_LAST, "default", "static", "auto");
UV_ENUM_IMPL(uvDomainBootDev, UV_DOMAIN_BOOT_LAST, "fd", "cdrom", "hd", "network");
UV_ENUM_IMPL(uvDomainLoaderType, UV_DOMAIN_LOADER_TYPE_LAST, "default", "rom", "pflash");
UV_ENUM_IMPL(uvDomainCpuMode, UV_DOMAIN_CPU_MODE_LAST, "default", "custom", "host-model",
             "host-passthrough", "maximum");
UV_ENUM_IMPL(uvDomainCpuMatch, UV_DOMAIN_CPU_MATCH_LAST, "default", "minimum", "exact", "strict");
UV_ENUM_IMPL(uvDomainCpuCheck, UV_DOMAIN_CPU_CHECK_LAST, "default", "none", "partial", "full");
UV_ENUM_IMPL(uvDomainCpuFallback, UV_DOMAIN_CPU_FALLBACK_LAST, "default", "allow", "forbid");
UV_ENUM_IMPL(uvDomainClockOffset, UV_DOMAIN_CLOCK_OFFSET_LAST, "utc", "localtime");
UV_ENUM_IMPL(uvDomainTimerName, UV_DOMAIN_TIMER_NAME_LAST, "pit", "rtc", "hpet", "kvmclock", "tsc");
UV_ENUM_IMPL(uvDomainTimerTickpolicy, UV_DOMAIN_TIMER_TICKPOLICY_LAST, "default", "delay",
             "catchup", "merge", "discard");
UV_ENUM_IMPL(uvDomainSmbiosMode, UV_DOMAIN_SMBIOS_MODE_LAST, "default", "emulate", "host",
             "sysinfo");
UV_ENUM_IMPL(uvDomainSysinfoSection, UV_DOMAIN_SYSINFO_SECTION_LAST, "bios", "system", "baseBoard",
             "chassis");
UV_ENUM_IMPL(uvDomainSeclabelModel, UV_DOMAIN_SECLABEL_MODEL_LAST, "default", "none", "selinux",
             "apparmor", "dac");
UV_ENUM_IMPL(uvDomainLifecycleAction, UV_DOMAIN_LIFECYCLE_ACTION_LAST, "default", "destroy",
             "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart");

/* KiB; QEMU and libvirt both stop well below this */
#define UV_DOMAIN_MEMORY_MAX_KIB (G_MAXUINT64 / 1024)
#define UV_DOMAIN_VCPUS_MAX 4096

/* The SMBIOS fields of each section, as libvirt names and orders them (QEMU's
 * -smbios keys are the same). */
static const char
    *const sysinfoEntryNames[UV_DOMAIN_SYSINFO_SECTION_LAST][UV_DOMAIN_SYSINFO_ENTRIES_MAX] = {
        {"vendor", "version", "date", "release", NULL},
        {"manufacturer", "product", "version", "serial", "uuid", "sku", "family", NULL},
        {"manufacturer", "product", "version", "serial", "asset", "location", NULL},
        {"manufacturer", "version", "serial", "asset", "sku", NULL},
};

const char *const *
uvDomainSysinfoEntryNames(UvDomainSysinfoSection section)
{
    g_return_val_if_fail(section < UV_DOMAIN_SYSINFO_SECTION_LAST, NULL);
    return sysinfoEntryNames[section];
}

const char *
uvDomainSysinfoGet(const UvDomainSysinfoDef *sysinfo, UvDomainSysinfoSection section,
                   const char *name)
{
    g_return_val_if_fail(section < UV_DOMAIN_SYSINFO_SECTION_LAST, NULL);
    for (guint i = 0; sysinfoEntryNames[section][i]; i++)
        if (strcmp(sysinfoEntryNames[section][i], name) == 0)
            return sysinfo->entries[section][i];
    return NULL;
}

/* ---- lifetime ---- */

UvDomainDef *
uvDomainDefNew(void)
{
    UvDomainDef *def = g_new0(UvDomainDef, 1);

    def->id = -1;
    return def;
}

#define FREE_ARRAY(arr, n, freefn)                                                                 \
 do {                                                                                              \
  for (guint i_ = 0; i_ < (n); i_++)                                                               \
   freefn((arr)[i_]);                                                                              \
  g_free(arr);                                                                                     \
 } while (0)

void
uvDomainDefFree(UvDomainDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    g_free(def->metadata);
    g_free(def->resourcePartition);
    for (guint i = 0; i < UV_DOMAIN_SYSINFO_SECTION_LAST; i++)
        for (guint j = 0; j < UV_DOMAIN_SYSINFO_ENTRIES_MAX; j++)
            g_free(def->sysinfo.entries[i][j]);
    g_strfreev(def->sysinfo.oemStrings);
    g_free(def->os.type);
    g_free(def->os.arch);
    g_free(def->os.machine);
    g_free(def->os.kernel);
    g_free(def->os.initrd);
    g_free(def->os.cmdline);
    g_free(def->os.loader);
    g_free(def->os.nvram);
    g_free(def->os.nvramTemplate);
    g_free(def->cpu.model);
    g_free(def->timers);
    g_free(def->emulator);
    FREE_ARRAY(def->disks, def->ndisks, uvDomainDiskDefFree);
    FREE_ARRAY(def->controllers, def->ncontrollers, uvDomainControllerDefFree);
    FREE_ARRAY(def->nets, def->nnets, uvDomainNetDefFree);
    FREE_ARRAY(def->serials, def->nserials, uvDomainChrDefFree);
    FREE_ARRAY(def->consoles, def->nconsoles, uvDomainChrDefFree);
    FREE_ARRAY(def->channels, def->nchannels, uvDomainChrDefFree);
    FREE_ARRAY(def->inputs, def->ninputs, uvDomainInputDefFree);
    FREE_ARRAY(def->graphics, def->ngraphics, uvDomainGraphicsDefFree);
    FREE_ARRAY(def->videos, def->nvideos, uvDomainVideoDefFree);
    uvDomainMemballoonDefFree(def->memballoon);
    FREE_ARRAY(def->rngs, def->nrngs, uvDomainRNGDefFree);
    FREE_ARRAY(def->audios, def->naudios, uvDomainAudioDefFree);
    g_free(def->seclabels);
    g_free(def);
}

#define COPY_ARRAY(dst, src, n, copyfn)                                                            \
 do {                                                                                              \
  (dst) = (n) ? g_new0(__typeof__(*(src)), (n)) : NULL;                                            \
  for (guint i_ = 0; i_ < (n); i_++)                                                               \
   (dst)[i_] = copyfn((src)[i_]);                                                                  \
 } while (0)

UvDomainDef *
uvDomainDefCopy(const UvDomainDef *def)
{
    UvDomainDef *copy = g_new0(UvDomainDef, 1);

    *copy = *def;
    copy->name = g_strdup(def->name);
    copy->title = g_strdup(def->title);
    copy->description = g_strdup(def->description);
    copy->metadata = g_strdup(def->metadata);
    copy->resourcePartition = g_strdup(def->resourcePartition);
    for (guint i = 0; i < UV_DOMAIN_SYSINFO_SECTION_LAST; i++)
        for (guint j = 0; j < UV_DOMAIN_SYSINFO_ENTRIES_MAX; j++)
            copy->sysinfo.entries[i][j] = g_strdup(def->sysinfo.entries[i][j]);
    copy->sysinfo.oemStrings = g_strdupv(def->sysinfo.oemStrings);
    copy->os.type = g_strdup(def->os.type);
    copy->os.arch = g_strdup(def->os.arch);
    copy->os.machine = g_strdup(def->os.machine);
    copy->os.kernel = g_strdup(def->os.kernel);
    copy->os.initrd = g_strdup(def->os.initrd);
    copy->os.cmdline = g_strdup(def->os.cmdline);
    copy->os.loader = g_strdup(def->os.loader);
    copy->os.nvram = g_strdup(def->os.nvram);
    copy->os.nvramTemplate = g_strdup(def->os.nvramTemplate);
    copy->cpu.model = g_strdup(def->cpu.model);
    copy->timers =
        def->ntimers ? g_memdup2(def->timers, sizeof(*def->timers) * def->ntimers) : NULL;
    copy->emulator = g_strdup(def->emulator);
    COPY_ARRAY(copy->disks, def->disks, def->ndisks, uvDomainDiskDefCopy);
    COPY_ARRAY(copy->controllers, def->controllers, def->ncontrollers, uvDomainControllerDefCopy);
    COPY_ARRAY(copy->nets, def->nets, def->nnets, uvDomainNetDefCopy);
    COPY_ARRAY(copy->serials, def->serials, def->nserials, uvDomainChrDefCopy);
    COPY_ARRAY(copy->consoles, def->consoles, def->nconsoles, uvDomainChrDefCopy);
    COPY_ARRAY(copy->channels, def->channels, def->nchannels, uvDomainChrDefCopy);
    COPY_ARRAY(copy->inputs, def->inputs, def->ninputs, uvDomainInputDefCopy);
    COPY_ARRAY(copy->graphics, def->graphics, def->ngraphics, uvDomainGraphicsDefCopy);
    COPY_ARRAY(copy->videos, def->videos, def->nvideos, uvDomainVideoDefCopy);
    copy->memballoon = def->memballoon ? uvDomainMemballoonDefCopy(def->memballoon) : NULL;
    COPY_ARRAY(copy->rngs, def->rngs, def->nrngs, uvDomainRNGDefCopy);
    COPY_ARRAY(copy->audios, def->audios, def->naudios, uvDomainAudioDefCopy);
    copy->seclabels = def->nseclabels
                          ? g_memdup2(def->seclabels, sizeof(*def->seclabels) * def->nseclabels)
                          : NULL;
    return copy;
}

/* ---- parsing ---- */

gboolean
uvDomainDefNameIsValid(const char *name)
{
    if (!name || !name[0] || name[0] == '.' || strchr(name, '/'))
        return FALSE;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return FALSE;
    }
    return g_utf8_validate(name, -1, NULL);
}

/* The text of @node as an absolute path; @attrs are the attributes it may carry. */
static gboolean
pathText(xmlNodePtr node, const char *const *attrs, char **out, GError **error)
{
    g_autofree char *raw = NULL;
    char *text;

    if (!uvXMLCheckNode(node, attrs, NULL, TRUE, error))
        return FALSE;
    raw = uvXMLGetText(node);
    text = g_strstrip(raw);
    if (!g_path_is_absolute(text)) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid path '%s' in element '%s' at '%s'; use an absolute path."), text,
                    (const char *)node->name, path);
        return FALSE;
    }
    *out = g_strdup(text);
    return TRUE;
}

/* <memory unit='...'>N</memory> into KiB */
static gboolean
parseMemory(xmlNodePtr node, guint64 *kib, GError **error)
{
    static const char *const attrs[] = {"unit", NULL};
    g_autofree char *unit = NULL;
    g_autofree char *raw = NULL;
    g_autofree char *path = NULL;
    guint64 value;
    guint64 scale;
    guint64 bytes;

    if (!uvXMLCheckNode(node, attrs, NULL, TRUE, error))
        return FALSE;
    unit = uvXMLGetAttr(node, "unit");
    raw = uvXMLGetText(node);
    g_strstrip(raw);
    path = uvXMLNodePath(node);

    if (!(scale = uvUnitScale(unit, 1024))) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid unit '%s' for attribute 'unit' of element '%s' at '%s/@unit'; use "
                      "one of b, KiB, MiB, GiB, TiB, PiB, EiB, KB, MB, GB, TB, PB, EB (or k, m, "
                      "g, t, p, e)."),
                    unit, (const char *)node->name, path);
        return FALSE;
    }
    if (!uvXMLStrToU64(raw, FALSE, &value)) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid size '%s' in element '%s' at '%s'; use a non-negative integer."),
                    raw, (const char *)node->name, path);
        return FALSE;
    }
    if (!uvUnitMultiply(value, scale, G_MAXUINT64, &bytes) ||
        bytes / 1024 + (bytes % 1024 ? 1 : 0) > UV_DOMAIN_MEMORY_MAX_KIB) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Size '%s' %s in element '%s' at '%s' is too large; use a size below 16 "
                      "EiB."),
                    raw, unit ? unit : "KiB", (const char *)node->name, path);
        return FALSE;
    }
    /* libvirt rounds up to whole KiB */
    *kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    return TRUE;
}

static gboolean
parseOS(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const children[] = {"type",    "loader", "nvram",    "kernel", "initrd",
                                           "cmdline", "*boot",  "bootmenu", "smbios", NULL};
    static const char *const typeAttrs[] = {"arch", "machine", NULL};
    static const char *const arches[] = {"x86_64", "i686", NULL};
    static const char *const loaderAttrs[] = {"readonly", "secure", "type", NULL};
    static const char *const nvramAttrs[] = {"template", NULL};
    static const char *const bootAttrs[] = {"dev", NULL};
    static const char *const bootmenuAttrs[] = {"enable", NULL};
    static const char *const smbiosAttrs[] = {"mode", NULL};
    UvDomainOSDef *os = &def->os;
    xmlNodePtr child;
    int v;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return FALSE;

    if (!(child = uvXMLGetChild(node, "type"))) {
        uvXMLErrorMissingChild(node, "type", error);
        return FALSE;
    }
    if (!uvXMLCheckNode(child, typeAttrs, NULL, TRUE, error))
        return FALSE;
    {
        g_autofree char *raw = uvXMLGetText(child);
        char *text = g_strstrip(raw);

        if (strcmp(text, "hvm") != 0) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid OS type '%s' in element 'type' at '%s'; use 'hvm'."), text,
                        path);
            return FALSE;
        }
        os->type = g_strdup(text);
    }
    if ((os->arch = uvXMLGetAttr(child, "arch")) && !g_strv_contains(arches, os->arch)) {
        UV_XML_ERROR_BAD_ATTR(error, child, "arch", os->arch,
                              _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; "
                                "use 'x86_64' or 'i686'."));
        return FALSE;
    }
    if ((os->machine = uvXMLGetAttr(child, "machine"))) {
        gboolean ok = os->machine[0] != '\0';

        for (const char *p = os->machine; *p; p++)
            ok = ok && (g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.');
        if (!ok) {
            UV_XML_ERROR_BAD_ATTR(
                error, child, "machine", os->machine,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use a QEMU "
                  "machine type such as 'pc', 'q35' or 'pc-q35-7.2'."));
            return FALSE;
        }
    }

    if ((child = uvXMLGetChild(node, "loader"))) {
        if (!uvXMLCheckNode(child, loaderAttrs, NULL, TRUE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseTristateBool(child, "readonly", &v, error))
            return FALSE;
        os->loaderReadonly = v;
        v = 0;
        if (!uvXMLParseTristateBool(child, "secure", &v, error))
            return FALSE;
        os->loaderSecure = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "type", uvDomainLoaderTypeTypeToString,
                                uvDomainLoaderTypeTypeFromString, 1, FALSE, &v, error))
            return FALSE;
        os->loaderType = v;
        if (!pathText(child, loaderAttrs, &os->loader, error))
            return FALSE;
    }
    if ((child = uvXMLGetChild(node, "nvram"))) {
        if (!uvXMLCheckNode(child, nvramAttrs, NULL, TRUE, error))
            return FALSE;
        if ((os->nvramTemplate = uvXMLGetAttr(child, "template")) &&
            !g_path_is_absolute(os->nvramTemplate)) {
            UV_XML_ERROR_BAD_ATTR(error, child, "template", os->nvramTemplate,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use an absolute path."));
            return FALSE;
        }
        {
            g_autofree char *raw = uvXMLGetText(child);

            if (*g_strstrip(raw) && !pathText(child, nvramAttrs, &os->nvram, error))
                return FALSE;
        }
    }
    if ((child = uvXMLGetChild(node, "kernel")) && !pathText(child, NULL, &os->kernel, error))
        return FALSE;
    if ((child = uvXMLGetChild(node, "initrd")) && !pathText(child, NULL, &os->initrd, error))
        return FALSE;
    if ((child = uvXMLGetChild(node, "cmdline"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, TRUE, error))
            return FALSE;
        os->cmdline = uvXMLGetText(child);
    }

    for (child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || !xmlStrEqual(child->name, BAD_CAST "boot"))
            continue;
        if (!uvXMLCheckNode(child, bootAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "dev", uvDomainBootDevTypeToString,
                                uvDomainBootDevTypeFromString, 0, TRUE, &v, error))
            return FALSE;
        for (guint i = 0; i < os->nBootDevs; i++) {
            if (os->bootDevs[i] == (UvDomainBootDev)v) {
                g_autofree char *path = uvXMLNodePath(child);

                g_set_error(
                    error, UV_ERROR, UV_ERROR_XML,
                    _("Boot device '%s' at '%s' is listed twice; keep one <boot dev='%s'/>."),
                    uvDomainBootDevTypeToString(v), path, uvDomainBootDevTypeToString(v));
                return FALSE;
            }
        }
        os->bootDevs[os->nBootDevs++] = v;
    }

    if ((child = uvXMLGetChild(node, "bootmenu"))) {
        if (!uvXMLCheckNode(child, bootmenuAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseTristateBool(child, "enable", &v, error))
            return FALSE;
        if (!v) {
            uvXMLErrorMissingAttr(child, "enable", error);
            return FALSE;
        }
        os->bootmenu = v;
    }

    if ((child = uvXMLGetChild(node, "smbios"))) {
        v = 0;
        if (!uvXMLCheckNode(child, smbiosAttrs, NULL, FALSE, error) ||
            !uvXMLParseEnumAttr(child, "mode", uvDomainSmbiosModeTypeToString,
                                uvDomainSmbiosModeTypeFromString, 1, TRUE, &v, error))
            return FALSE;
        if (v == UV_DOMAIN_SMBIOS_MODE_HOST) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("SMBIOS mode 'host' (element 'smbios' at '%s') is not supported: uvirt "
                          "does not copy the host's firmware tables into a guest; use "
                          "mode='sysinfo' with a <sysinfo type='smbios'> element, or "
                          "mode='emulate'."),
                        path);
            return FALSE;
        }
        os->smbios = v;
    }
    return TRUE;
}

/* <sysinfo type='smbios'>: <bios>, <system>, <baseBoard>, <chassis> with
 * <entry name=...> children, and <oemStrings>. Empty entries say nothing. */
static gboolean
parseSysinfo(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const attrs[] = {"type", NULL};
    static const char *const children[] = {"bios",    "system",     "baseBoard",
                                           "chassis", "oemStrings", NULL};
    static const char *const sectionChildren[] = {"*entry", NULL};
    static const char *const entryAttrs[] = {"name", NULL};
    UvDomainSysinfoDef *si = &def->sysinfo;
    g_autofree char *type = NULL;
    xmlNodePtr section;
    xmlNodePtr oem;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return FALSE;
    if (!(type = uvXMLGetAttr(node, "type"))) {
        uvXMLErrorMissingAttr(node, "type", error);
        return FALSE;
    }
    if (strcmp(type, "smbios") != 0) {
        uvXMLErrorBadAttrList(node, "type", type, "'smbios'", error);
        return FALSE;
    }
    si->present = TRUE;

    for (guint s = 0; s < UV_DOMAIN_SYSINFO_SECTION_LAST; s++) {
        const char *const *names = sysinfoEntryNames[s];

        if (!(section = uvXMLGetChild(node, uvDomainSysinfoSectionTypeToString(s))))
            continue;
        if (!uvXMLCheckNode(section, NULL, sectionChildren, FALSE, error))
            return FALSE;
        for (xmlNodePtr e = section->children; e; e = e->next) {
            g_autofree char *name = NULL;
            g_autofree char *value = NULL;
            guint idx;

            if (e->type != XML_ELEMENT_NODE)
                continue;
            if (!uvXMLCheckNode(e, entryAttrs, NULL, TRUE, error))
                return FALSE;
            if (!(name = uvXMLGetAttr(e, "name"))) {
                uvXMLErrorMissingAttr(e, "name", error);
                return FALSE;
            }
            for (idx = 0; names[idx] && strcmp(names[idx], name) != 0; idx++)
                ;
            if (!names[idx]) {
                g_autoptr(GString) list = g_string_new(NULL);

                for (guint i = 0; names[i]; i++)
                    g_string_append_printf(list, "%s'%s'", i ? ", " : "", names[i]);
                uvXMLErrorBadAttrList(e, "name", name, list->str, error);
                return FALSE;
            }
            if (si->entries[s][idx]) {
                g_autofree char *path = uvXMLNodePath(e);

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("SMBIOS entry '%s' at '%s' is given twice; keep one."), name, path);
                return FALSE;
            }
            value = uvXMLGetText(e);
            if (!*value)
                continue;
            if (s == UV_DOMAIN_SYSINFO_SECTION_SYSTEM && strcmp(name, "uuid") == 0) {
                guint8 uuid[UV_UUID_BUFLEN];
                char buf[UV_UUID_STRING_BUFLEN];

                if (!uvUUIDParse(g_strstrip(value), uuid)) {
                    g_autofree char *path = uvXMLNodePath(e);

                    g_set_error(error, UV_ERROR, UV_ERROR_XML,
                                _("Invalid UUID '%s' in SMBIOS entry 'uuid' at '%s'; use 32 hex "
                                  "digits as 8-4-4-4-12."),
                                value, path);
                    return FALSE;
                }
                g_free(value);
                value = g_strdup(uvUUIDFormat(uuid, buf));
            }
            si->entries[s][idx] = g_steal_pointer(&value);
        }
    }

    if ((oem = uvXMLGetChild(node, "oemStrings"))) {
        g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func(g_free);

        if (!uvXMLCheckNode(oem, NULL, sectionChildren, FALSE, error))
            return FALSE;
        for (xmlNodePtr e = oem->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE)
                continue;
            if (!uvXMLCheckNode(e, NULL, NULL, TRUE, error))
                return FALSE;
            g_ptr_array_add(strings, uvXMLGetText(e));
        }
        if (strings->len) {
            g_ptr_array_add(strings, NULL);
            si->oemStrings = (char **)g_ptr_array_free(g_steal_pointer(&strings), FALSE);
        }
    }
    return TRUE;
}

static gboolean
parseResource(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const children[] = {"partition", NULL};
    xmlNodePtr child;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return FALSE;
    if (!(child = uvXMLGetChild(node, "partition"))) {
        uvXMLErrorMissingChild(node, "partition", error);
        return FALSE;
    }
    return pathText(child, NULL, &def->resourcePartition, error);
}

/* <seclabel>: uvirt has no security driver, so only type='none' is accepted. */
static gboolean
parseSeclabel(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const attrs[] = {"type", "model", NULL};
    g_autofree char *type = uvXMLGetAttr(node, "type");
    g_autofree char *path = uvXMLNodePath(node);
    int model = UV_DOMAIN_SECLABEL_MODEL_DEFAULT;

    if (g_strcmp0(type, "dynamic") == 0 || g_strcmp0(type, "static") == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Security label type '%s' (element 'seclabel' at '%s') is not supported: "
                      "uvirt has no security driver and never labels or confines QEMU; remove "
                      "the element or use <seclabel type='none'/>."),
                    type, path);
        return FALSE;
    }
    if (!uvXMLCheckNode(node, attrs, NULL, FALSE, error))
        return FALSE;
    if (!type) {
        uvXMLErrorMissingAttr(node, "type", error);
        return FALSE;
    }
    if (strcmp(type, "none") != 0) {
        uvXMLErrorBadAttrList(node, "type", type, "'none', 'dynamic', 'static'", error);
        return FALSE;
    }
    if (!uvXMLParseEnumAttr(node, "model", uvDomainSeclabelModelTypeToString,
                            uvDomainSeclabelModelTypeFromString, 1, FALSE, &model, error))
        return FALSE;
    for (guint i = 0; i < def->nseclabels; i++) {
        if (def->seclabels[i] == (UvDomainSeclabelModel)model) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Element 'seclabel' at '%s' repeats the security model of an earlier "
                          "<seclabel>; keep one per model."),
                        path);
            return FALSE;
        }
    }
    if ((def->nseclabels > 0 && !model) || (def->nseclabels == 1 && !def->seclabels[0])) {
        /* the label without a model is this one or the first */
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'seclabel' at '%s' has no model, but the domain has several "
                      "security labels and each needs one; add model='selinux', 'apparmor', "
                      "'dac' or 'none'."),
                    model ? "/domain/seclabel[1]" : path);
        return FALSE;
    }
    def->seclabels = g_renew(UvDomainSeclabelModel, def->seclabels, def->nseclabels + 1);
    def->seclabels[def->nseclabels++] = model;
    return TRUE;
}

static gboolean
parseFeatures(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const children[] = {"acpi", "apic", "pae", "vmport", NULL};
    static const char *const vmportAttrs[] = {"state", NULL};
    xmlNodePtr child;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return FALSE;
    if ((child = uvXMLGetChild(node, "acpi"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, FALSE, error))
            return FALSE;
        def->features.acpi = UV_TRISTATE_SWITCH_ON;
    }
    if ((child = uvXMLGetChild(node, "apic"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, FALSE, error))
            return FALSE;
        def->features.apic = UV_TRISTATE_SWITCH_ON;
    }
    if ((child = uvXMLGetChild(node, "pae"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, FALSE, error))
            return FALSE;
        def->features.pae = UV_TRISTATE_SWITCH_ON;
    }
    if ((child = uvXMLGetChild(node, "vmport"))) {
        int v = 0;

        if (!uvXMLCheckNode(child, vmportAttrs, NULL, FALSE, error))
            return FALSE;
        if (!uvXMLParseEnumAttr(child, "state", uvTristateSwitchTypeToString,
                                uvTristateSwitchTypeFromString, 1, TRUE, &v, error))
            return FALSE;
        def->features.vmport = v;
    }
    return TRUE;
}

static gboolean
parseCpu(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const attrs[] = {"mode", "match", "check", "migratable", NULL};
    static const char *const children[] = {"model", "topology", NULL};
    static const char *const modelAttrs[] = {"fallback", NULL};
    static const char *const topoAttrs[] = {"sockets", "dies", "cores", "threads", NULL};
    UvDomainCpuDef *cpu = &def->cpu;
    xmlNodePtr child;
    int v;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return FALSE;
    cpu->present = TRUE;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "mode", uvDomainCpuModeTypeToString,
                            uvDomainCpuModeTypeFromString, 1, FALSE, &v, error))
        return FALSE;
    cpu->mode = v;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "match", uvDomainCpuMatchTypeToString,
                            uvDomainCpuMatchTypeFromString, 1, FALSE, &v, error))
        return FALSE;
    cpu->match = v;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "check", uvDomainCpuCheckTypeToString,
                            uvDomainCpuCheckTypeFromString, 1, FALSE, &v, error))
        return FALSE;
    cpu->check = v;
    v = 0;
    if (!uvXMLParseTristateSwitch(node, "migratable", &v, error))
        return FALSE;
    cpu->migratable = v;

    if ((child = uvXMLGetChild(node, "model"))) {
        g_autofree char *raw = NULL;
        char *text;
        gboolean ok;

        if (!uvXMLCheckNode(child, modelAttrs, NULL, TRUE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "fallback", uvDomainCpuFallbackTypeToString,
                                uvDomainCpuFallbackTypeFromString, 1, FALSE, &v, error))
            return FALSE;
        cpu->fallback = v;
        raw = uvXMLGetText(child);
        text = g_strstrip(raw);
        ok = text[0] != '\0';
        for (const char *p = text; *p; p++)
            ok = ok && (g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.');
        if (!ok) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid CPU model '%s' in element 'model' at '%s'; use a QEMU CPU "
                          "model name such as 'Skylake-Client'."),
                        text, path);
            return FALSE;
        }
        cpu->model = g_strdup(text);
        if (cpu->mode == UV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH ||
            cpu->mode == UV_DOMAIN_CPU_MODE_MAXIMUM) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("CPU mode '%s' takes no model, but element 'model' at '%s' names "
                          "'%s'; remove the model or use mode='custom'."),
                        uvDomainCpuModeTypeToString(cpu->mode), path, cpu->model);
            return FALSE;
        }
    } else if (cpu->mode == UV_DOMAIN_CPU_MODE_CUSTOM) {
        uvXMLErrorMissingChild(node, "model", error);
        return FALSE;
    }

    if ((child = uvXMLGetChild(node, "topology"))) {
        guint64 s = 0, d = 1, c = 0, t = 0;

        if (!uvXMLCheckNode(child, topoAttrs, NULL, FALSE, error))
            return FALSE;
        if (!uvXMLParseUIntAttr(child, "sockets", 1, UV_DOMAIN_VCPUS_MAX, FALSE, TRUE, &s, NULL,
                                error) ||
            !uvXMLParseUIntAttr(child, "dies", 1, UV_DOMAIN_VCPUS_MAX, FALSE, FALSE, &d, NULL,
                                error) ||
            !uvXMLParseUIntAttr(child, "cores", 1, UV_DOMAIN_VCPUS_MAX, FALSE, TRUE, &c, NULL,
                                error) ||
            !uvXMLParseUIntAttr(child, "threads", 1, UV_DOMAIN_VCPUS_MAX, FALSE, TRUE, &t, NULL,
                                error))
            return FALSE;
        cpu->sockets = (guint)s;
        cpu->dies = (guint)d;
        cpu->cores = (guint)c;
        cpu->threads = (guint)t;
    }
    return TRUE;
}

static gboolean
parseClock(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const attrs[] = {"offset", NULL};
    static const char *const children[] = {"*timer", NULL};
    static const char *const timerAttrs[] = {"name", "tickpolicy", "present", NULL};
    g_autoptr(GArray) timers = g_array_new(FALSE, TRUE, sizeof(UvDomainTimerDef));
    int v = 0;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return FALSE;
    if (!uvXMLParseEnumAttr(node, "offset", uvDomainClockOffsetTypeToString,
                            uvDomainClockOffsetTypeFromString, 0, TRUE, &v, error))
        return FALSE;
    def->clockOffset = v;

    for (xmlNodePtr child = node->children; child; child = child->next) {
        UvDomainTimerDef timer = {0};

        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (!uvXMLCheckNode(child, timerAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "name", uvDomainTimerNameTypeToString,
                                uvDomainTimerNameTypeFromString, 0, TRUE, &v, error))
            return FALSE;
        timer.name = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "tickpolicy", uvDomainTimerTickpolicyTypeToString,
                                uvDomainTimerTickpolicyTypeFromString, 1, FALSE, &v, error))
            return FALSE;
        timer.tickpolicy = v;
        if (timer.tickpolicy && timer.name == UV_DOMAIN_TIMER_NAME_KVMCLOCK) {
            g_autofree char *policy = uvXMLGetAttr(child, "tickpolicy");

            UV_XML_ERROR_BAD_ATTR(
                error, child, "tickpolicy", policy,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use it only on "
                  "the 'pit', 'rtc', 'hpet' and 'tsc' timers."));
            return FALSE;
        }
        v = 0;
        if (!uvXMLParseTristateBool(child, "present", &v, error))
            return FALSE;
        timer.present = v;
        for (guint i = 0; i < timers->len; i++) {
            if (g_array_index(timers, UvDomainTimerDef, i).name == timer.name) {
                g_autofree char *path = uvXMLNodePath(child);

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Timer '%s' at '%s' is configured twice; keep one <timer "
                              "name='%s'/>."),
                            uvDomainTimerNameTypeToString(timer.name), path,
                            uvDomainTimerNameTypeToString(timer.name));
                return FALSE;
            }
        }
        g_array_append_val(timers, timer);
    }
    def->ntimers = timers->len;
    def->timers =
        (UvDomainTimerDef *)(void *)g_array_free(g_steal_pointer(&timers), def->ntimers == 0);
    return TRUE;
}

static gboolean
parseLifecycle(xmlNodePtr node, gboolean crash, UvDomainLifecycleAction *action, GError **error)
{
    int v = 0;

    if (!uvXMLCheckNode(node, NULL, NULL, TRUE, error))
        return FALSE;
    if (!uvXMLParseEnumText(node, uvDomainLifecycleActionTypeToString,
                            uvDomainLifecycleActionTypeFromString, 1, &v, error))
        return FALSE;
    if (!crash && (v == UV_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY ||
                   v == UV_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART)) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid value '%s' in element '%s' at '%s'; use one of 'destroy', "
                      "'restart', 'preserve', 'rename-restart'."),
                    uvDomainLifecycleActionTypeToString(v), (const char *)node->name, path);
        return FALSE;
    }
    *action = v;
    return TRUE;
}

static gboolean
parsePM(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    static const char *const children[] = {"suspend-to-mem", "suspend-to-disk", NULL};
    static const char *const attrs[] = {"enabled", NULL};
    xmlNodePtr child;
    int v;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return FALSE;
    if ((child = uvXMLGetChild(node, "suspend-to-mem"))) {
        v = 0;
        if (!uvXMLCheckNode(child, attrs, NULL, FALSE, error) ||
            !uvXMLParseEnumAttr(child, "enabled", uvTristateBoolTypeToString,
                                uvTristateBoolTypeFromString, 1, TRUE, &v, error))
            return FALSE;
        def->pmSuspendToMem = v;
    }
    if ((child = uvXMLGetChild(node, "suspend-to-disk"))) {
        v = 0;
        if (!uvXMLCheckNode(child, attrs, NULL, FALSE, error) ||
            !uvXMLParseEnumAttr(child, "enabled", uvTristateBoolTypeToString,
                                uvTristateBoolTypeFromString, 1, TRUE, &v, error))
            return FALSE;
        def->pmSuspendToDisk = v;
    }
    return TRUE;
}

#define APPEND(arr, n, item)                                                                       \
 do {                                                                                              \
  (arr) = g_renew(__typeof__(*(arr)), (arr), (n) + 1);                                             \
  (arr)[(n)++] = (item);                                                                           \
 } while (0)

static gboolean
parseDevices(xmlNodePtr node, UvDomainDef *def, unsigned int flags, GError **error)
{
    static const char *const children[] = {
        "emulator", "*disk",     "*controller", "*interface", "*serial",    "*console", "*channel",
        "*input",   "*graphics", "*audio",      "*video",     "memballoon", "*rng",     NULL};
    xmlNodePtr child;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return FALSE;
    if ((child = uvXMLGetChild(node, "emulator")) && !pathText(child, NULL, &def->emulator, error))
        return FALSE;

    for (child = node->children; child; child = child->next) {
        const char *name = (const char *)child->name;

        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp(name, "disk") == 0) {
            UvDomainDiskDef *d = uvDomainDiskDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->disks, def->ndisks, d);
        } else if (strcmp(name, "controller") == 0) {
            UvDomainControllerDef *d = uvDomainControllerDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->controllers, def->ncontrollers, d);
        } else if (strcmp(name, "interface") == 0) {
            UvDomainNetDef *d = uvDomainNetDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->nets, def->nnets, d);
        } else if (strcmp(name, "serial") == 0) {
            UvDomainChrDef *d =
                uvDomainChrDefParseXML(child, UV_DOMAIN_CHR_DEVICE_TYPE_SERIAL, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->serials, def->nserials, d);
        } else if (strcmp(name, "console") == 0) {
            UvDomainChrDef *d =
                uvDomainChrDefParseXML(child, UV_DOMAIN_CHR_DEVICE_TYPE_CONSOLE, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->consoles, def->nconsoles, d);
        } else if (strcmp(name, "channel") == 0) {
            UvDomainChrDef *d =
                uvDomainChrDefParseXML(child, UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->channels, def->nchannels, d);
        } else if (strcmp(name, "input") == 0) {
            UvDomainInputDef *d = uvDomainInputDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->inputs, def->ninputs, d);
        } else if (strcmp(name, "graphics") == 0) {
            UvDomainGraphicsDef *d = uvDomainGraphicsDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->graphics, def->ngraphics, d);
        } else if (strcmp(name, "video") == 0) {
            UvDomainVideoDef *d = uvDomainVideoDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->videos, def->nvideos, d);
        } else if (strcmp(name, "memballoon") == 0) {
            if (!(def->memballoon = uvDomainMemballoonDefParseXML(child, flags, error)))
                return FALSE;
        } else if (strcmp(name, "rng") == 0) {
            UvDomainRNGDef *d = uvDomainRNGDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            APPEND(def->rngs, def->nrngs, d);
        } else if (strcmp(name, "audio") == 0) {
            UvDomainAudioDef *d = uvDomainAudioDefParseXML(child, flags, error);
            if (!d)
                return FALSE;
            if (!d->id)
                d->id = def->naudios + 1;
            APPEND(def->audios, def->naudios, d);
        }
    }
    return TRUE;
}

/*
 * The whole <metadata> element as text: each child element dumped as written
 * (namespaces declared further up are declared on it), one per line.
 */
static gboolean
parseMetadata(xmlNodePtr node, UvDomainDef *def, GError **error)
{
    g_autoptr(GString) out = g_string_new("<metadata>\n");
    gboolean any = FALSE;

    /* attributes are checked first, so this only fails on one */
    if (node->properties)
        return uvXMLCheckNode(node, NULL, NULL, TRUE, error);

    for (xmlNodePtr child = node->children; child; child = child->next) {
        xmlDocPtr doc;
        xmlNodePtr copy;
        xmlBufferPtr buf;

        if (child->type == XML_TEXT_NODE) {
            g_autofree char *text = g_strstrip(g_strdup((const char *)child->content));

            if (*text) {
                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Unexpected text '%s' in element 'metadata' at '/domain/metadata'; "
                              "put it inside a namespaced element."),
                            text);
                return FALSE;
            }
            continue;
        }
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (!child->ns) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Element '%s' at '%s' has no XML namespace; metadata elements must "
                          "declare one, e.g. xmlns:app='http://example.org/app/1.0'."),
                        (const char *)child->name, path);
            return FALSE;
        }

        doc = xmlNewDoc(BAD_CAST "1.0");
        copy = xmlDocCopyNode(child, doc, 1);
        xmlDocSetRootElement(doc, copy);
        buf = xmlBufferCreate();
        xmlNodeDump(buf, doc, copy, 0, 0);
        g_string_append_printf(out, "    %s\n", (const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
        xmlFreeDoc(doc);
        any = TRUE;
    }

    if (!any) {
        def->metadata = g_strdup("<metadata/>");
        return TRUE;
    }
    g_string_append(out, "  </metadata>");
    def->metadata = g_string_free(g_steal_pointer(&out), FALSE);
    return TRUE;
}

static gboolean
parseTextChild(xmlNodePtr node, char **out, GError **error)
{
    if (!uvXMLCheckNode(node, NULL, NULL, TRUE, error))
        return FALSE;
    *out = uvXMLGetText(node);
    return TRUE;
}

static UvDomainDef *
parseDomain(xmlNodePtr root, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type", "id", NULL};
    static const char *const children[] = {
        "name",          "uuid",      "title",       "description", "metadata", "memory",
        "currentMemory", "vcpu",      "resource",    "sysinfo",     "os",       "features",
        "cpu",           "clock",     "on_poweroff", "on_reboot",   "on_crash", "pm",
        "devices",       "*seclabel", NULL};
    static const char *const vcpuAttrs[] = {"placement", "current", NULL};
    g_autoptr(UvDomainDef) def = uvDomainDefNew();
    xmlNodePtr child;
    int v = 0;

    if (!uvXMLCheckNode(root, attrs, children, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(root, "type", uvDomainVirtTypeToString, uvDomainVirtTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->virtType = v;
    if (flags & UV_DOMAIN_DEF_PARSE_LIVE) {
        g_autofree char *id = uvXMLGetAttr(root, "id");
        guint64 n;

        if (id && strcmp(id, "-1") != 0) {
            if (!uvXMLStrToU64(id, FALSE, &n) || n > G_MAXINT) {
                UV_XML_ERROR_BAD_ATTR(error, root, "id", id,
                                      _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                        "'%s'; use a non-negative integer."));
                return NULL;
            }
            def->id = (int)n;
        }
    }

    if (!(child = uvXMLGetChild(root, "name"))) {
        uvXMLErrorMissingChild(root, "name", error);
        return NULL;
    }
    if (!parseTextChild(child, &def->name, error))
        return NULL;

    if ((child = uvXMLGetChild(root, "uuid"))) {
        g_autofree char *raw = NULL;

        if (!parseTextChild(child, &raw, error))
            return NULL;
        g_strstrip(raw);
        if (!uvUUIDParse(raw, def->uuid)) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid UUID '%s' in element 'uuid' at '/domain/uuid'; use 32 hex "
                          "digits as 8-4-4-4-12, such as 'c7a5fdbd-edaf-9455-926a-d65c16db1809'."),
                        raw);
            return NULL;
        }
    } else {
        uvUUIDGenerate(def->uuid);
    }

    if ((child = uvXMLGetChild(root, "title")) && !parseTextChild(child, &def->title, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "description")) &&
        !parseTextChild(child, &def->description, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "metadata")) && !parseMetadata(child, def, error))
        return NULL;

    if (!(child = uvXMLGetChild(root, "memory"))) {
        uvXMLErrorMissingChild(root, "memory", error);
        return NULL;
    }
    if (!parseMemory(child, &def->memory, error))
        return NULL;
    def->currentMemory = def->memory;
    if ((child = uvXMLGetChild(root, "currentMemory")) &&
        !parseMemory(child, &def->currentMemory, error))
        return NULL;

    def->vcpus = 1;
    if ((child = uvXMLGetChild(root, "vcpu"))) {
        guint64 n = 0;

        if (!uvXMLCheckNode(child, vcpuAttrs, NULL, TRUE, error))
            return NULL;
        if (!uvXMLParseUIntText(child, 1, UV_DOMAIN_VCPUS_MAX, &n, error))
            return NULL;
        def->vcpus = (guint)n;
        n = 0;
        if (!uvXMLParseUIntAttr(child, "current", 1, UV_DOMAIN_VCPUS_MAX, FALSE, FALSE, &n, NULL,
                                error))
            return NULL;
        def->vcpusCurrent = (guint)n;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "placement", uvDomainCpuPlacementTypeToString,
                                uvDomainCpuPlacementTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->placement = v;
    }

    if ((child = uvXMLGetChild(root, "resource")) && !parseResource(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "sysinfo"))) {
        const char *sysUUID;

        if (!parseSysinfo(child, def, error))
            return NULL;
        sysUUID = uvDomainSysinfoGet(&def->sysinfo, UV_DOMAIN_SYSINFO_SECTION_SYSTEM, "uuid");
        if (sysUUID && !uvXMLGetChild(root, "uuid")) {
            /* like libvirt: the SMBIOS UUID becomes the domain's */
            uvUUIDParse(sysUUID, def->uuid);
        } else if (sysUUID) {
            char own[UV_UUID_STRING_BUFLEN];

            if (strcmp(uvUUIDFormat(def->uuid, own), sysUUID) != 0) {
                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("SMBIOS entry 'uuid' '%s' in '/domain/sysinfo/system' differs from "
                              "the domain UUID '%s' in '/domain/uuid'; make them equal or drop "
                              "one."),
                            sysUUID, own);
                return NULL;
            }
        }
    }

    if (!(child = uvXMLGetChild(root, "os"))) {
        uvXMLErrorMissingChild(root, "os", error);
        return NULL;
    }
    if (!parseOS(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "features")) && !parseFeatures(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "cpu")) && !parseCpu(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "clock")) && !parseClock(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "on_poweroff")) &&
        !parseLifecycle(child, FALSE, &def->onPoweroff, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "on_reboot")) &&
        !parseLifecycle(child, FALSE, &def->onReboot, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "on_crash")) &&
        !parseLifecycle(child, TRUE, &def->onCrash, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "pm")) && !parsePM(child, def, error))
        return NULL;
    if ((child = uvXMLGetChild(root, "devices")) && !parseDevices(child, def, flags, error))
        return NULL;
    for (child = root->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, BAD_CAST "seclabel") &&
            !parseSeclabel(child, def, error))
            return NULL;
    }

    return g_steal_pointer(&def);
}

static xmlDocPtr
readXML(const char *xml, GError **error)
{
    static gsize initialized;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;

    /* libxml2 wants one initialisation before threads use it */
    if (g_once_init_enter(&initialized)) {
        xmlInitParser();
        g_once_init_leave(&initialized, 1);
    }
    ctxt = xmlNewParserCtxt();

    if (!ctxt) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL, _("Cannot allocate an XML parser."));
        return NULL;
    }
    doc = xmlCtxtReadMemory(ctxt, xml, (int)strlen(xml), "domain.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *err = xmlCtxtGetLastError(ctxt);
        g_autofree char *msg = g_strdup(err && err->message ? err->message : "unknown error");

        g_strchomp(msg);
        g_set_error(error, UV_ERROR, UV_ERROR_XML, _("Malformed XML at line %d, column %d: %s."),
                    err ? err->line : 0, err ? err->int2 : 0, msg);
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    xmlFreeParserCtxt(ctxt);

    if (doc->intSubset || doc->extSubset) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("The domain XML has a DOCTYPE declaration, which uvirt does not accept; "
                      "remove it."));
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

UvDomainDef *
uvDomainDefParseString(const char *xml, unsigned int flags, GError **error)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    g_autoptr(UvDomainDef) def = NULL;

    g_return_val_if_fail(xml != NULL, NULL);

    if ((flags & UV_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA) &&
        !uvDomainDefValidateSchema(xml, NULL, error))
        return NULL;

    if (!(doc = readXML(xml, error)))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (root && root->ns && xmlStrEqual(root->name, BAD_CAST "domain")) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("The root element 'domain' is in the XML namespace '%s', but domain XML "
                      "uses none; remove the xmlns attribute."),
                    (const char *)root->ns->href);
        xmlFreeDoc(doc);
        return NULL;
    }
    if (!root || root->ns || !xmlStrEqual(root->name, BAD_CAST "domain")) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("The root element is '%s' instead of 'domain'; this is not a domain "
                      "definition."),
                    root ? (const char *)root->name : "");
        xmlFreeDoc(doc);
        return NULL;
    }
    def = parseDomain(root, flags, error);
    xmlFreeDoc(doc);
    if (!def || !uvDomainDefValidate(def, error))
        return NULL;
    return g_steal_pointer(&def);
}

UvDomainDef *
uvDomainDefParseFile(const char *path, unsigned int flags, GError **error)
{
    UV_AUTOCLOSE int fd = -1;
    g_autoptr(GString) content = g_string_new(NULL);
    char chunk[8192];
    ssize_t n;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Cannot open domain XML file '%s': %s"),
                    path, g_strerror(errno));
        return NULL;
    }
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Cannot read domain XML file '%s': %s"),
                        path, g_strerror(errno));
            return NULL;
        }
        if (content->len + (gsize)n > 16 * 1024 * 1024) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Domain XML file '%s' is larger than 16 MiB; this is not a domain "
                          "definition."),
                        path);
            return NULL;
        }
        g_string_append_len(content, chunk, n);
    }
    if (memchr(content->str, '\0', content->len)) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Domain XML file '%s' contains a NUL byte; this is not a domain "
                      "definition."),
                    path);
        return NULL;
    }
    return uvDomainDefParseString(content->str, flags, error);
}

/* ---- validation ---- */

static gboolean
validateBoot(const UvDomainDef *def, GError **error)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    const UvDomainDeviceInfo *infos[256];
    guint n = 0;

    for (guint i = 0; i < def->ndisks && n < G_N_ELEMENTS(infos); i++)
        infos[n++] = &def->disks[i]->info;
    for (guint i = 0; i < def->nnets && n < G_N_ELEMENTS(infos); i++)
        infos[n++] = &def->nets[i]->info;

    for (guint i = 0; i < n; i++) {
        guint order = infos[i]->bootIndex;

        if (!order)
            continue;
        if (def->os.nBootDevs) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Per-device <boot order='%u'/> cannot be combined with <boot dev=...> "
                          "in '/domain/os'; use one style or the other."),
                        order);
            return FALSE;
        }
        if (g_hash_table_contains(seen, GUINT_TO_POINTER(order))) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Boot order '%u' is used by two devices; give each device its own "
                          "<boot order=...>."),
                        order);
            return FALSE;
        }
        g_hash_table_add(seen, GUINT_TO_POINTER(order));
    }
    return TRUE;
}

gboolean
uvDomainDefValidate(const UvDomainDef *def, GError **error)
{
    if (!def->name || !uvDomainDefNameIsValid(def->name)) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid domain name '%s' in element 'name' at '/domain/name'; a name must "
                      "be non-empty, must not start with '.', and must not contain '/' or "
                      "control characters."),
                    def->name ? def->name : "");
        return FALSE;
    }
    if (def->title && strchr(def->title, '\n')) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("The title in element 'title' at '/domain/title' spans several lines; "
                      "keep it to one line and use <description> for more."));
        return FALSE;
    }
    if (def->memory == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Memory size '0' in element 'memory' at '/domain/memory' is too small; "
                      "give the guest some memory, such as <memory unit='MiB'>512</memory>."));
        return FALSE;
    }
    if (def->currentMemory > def->memory) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Current memory %llu KiB in element 'currentMemory' at "
                      "'/domain/currentMemory' exceeds the maximum of %llu KiB in <memory>; "
                      "lower it or raise <memory>."),
                    (unsigned long long)def->currentMemory, (unsigned long long)def->memory);
        return FALSE;
    }
    if (def->vcpusCurrent > def->vcpus) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Attribute current='%u' of element 'vcpu' at '/domain/vcpu' exceeds the "
                      "%u vCPUs it allows; lower it or raise the vCPU count."),
                    def->vcpusCurrent, def->vcpus);
        return FALSE;
    }
    if (def->cpu.sockets) {
        guint64 product =
            (guint64)def->cpu.sockets * MAX(def->cpu.dies, 1) * def->cpu.cores * def->cpu.threads;

        if (product != def->vcpus) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("The CPU topology in element 'topology' at '/domain/cpu/topology' gives "
                          "%llu vCPUs but <vcpu> says %u; make sockets*dies*cores*threads equal "
                          "the vCPU count."),
                        (unsigned long long)product, def->vcpus);
            return FALSE;
        }
    }

    for (guint i = 0; i < def->nnets; i++) {
        g_autofree char *path = uvDomainDevicePath("interface", i, def->nnets);

        if (!uvDomainNetDefValidate(def->nets[i], path, error))
            return FALSE;
        for (guint j = 0; j < i; j++) {
            if (uvMacAddrEqual(&def->nets[i]->mac, &def->nets[j]->mac)) {
                g_autofree char *other = uvDomainDevicePath("interface", j, def->nnets);
                char mac[UV_MAC_STRING_BUFLEN];

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("MAC address '%s' of the interface at '%s' is already used by the "
                              "interface at '%s'; give each interface its own address."),
                            uvMacAddrFormat(&def->nets[i]->mac, mac), path, other);
                return FALSE;
            }
        }
    }

    for (guint i = 0; i < def->ndisks; i++) {
        g_autofree char *path = uvDomainDevicePath("disk", i, def->ndisks);

        if (!uvDomainDiskDefValidate(def->disks[i], path, error))
            return FALSE;
        for (guint j = 0; j < i; j++) {
            if (g_strcmp0(def->disks[i]->dst, def->disks[j]->dst) == 0) {
                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Disk target '%s' of the disk at '%s' is already used by another "
                              "disk; give each disk its own <target dev=...>."),
                            def->disks[i]->dst, path);
                return FALSE;
            }
        }
    }

    for (guint i = 0; i < def->ncontrollers; i++) {
        for (guint j = 0; j < i; j++) {
            if (def->controllers[i]->type == def->controllers[j]->type &&
                def->controllers[i]->idx == def->controllers[j]->idx) {
                g_autofree char *path = uvDomainDevicePath("controller", i, def->ncontrollers);

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Controller at '%s' repeats type '%s' index '%u'; give each "
                              "controller of a type its own index."),
                            path, uvDomainControllerTypeToString(def->controllers[i]->type),
                            def->controllers[i]->idx);
                return FALSE;
            }
        }
    }

    if (def->os.smbios == UV_DOMAIN_SMBIOS_MODE_SYSINFO && !def->sysinfo.present) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'smbios' at '/domain/os/smbios' has mode='sysinfo' but the domain "
                      "has no <sysinfo type='smbios'> element; add one or use mode='emulate'."));
        return FALSE;
    }

    for (guint i = 0; i < def->naudios; i++) {
        for (guint j = 0; j < i; j++) {
            if (def->audios[i]->id == def->audios[j]->id) {
                g_autofree char *path = uvDomainDevicePath("audio", i, def->naudios);

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Audio id '%u' of the element at '%s' is already used by another "
                              "<audio>; give each one its own id."),
                            def->audios[i]->id, path);
                return FALSE;
            }
        }
    }

    return validateBoot(def, error);
}

/* ---- formatting ---- */

static void
formatOS(UvXMLBuf *buf, const UvDomainDef *def)
{
    const UvDomainOSDef *os = &def->os;
    UvXMLBuf children;
    g_autoptr(GString) typeAttrs = g_string_new(NULL);

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(typeAttrs, "arch", os->arch);
    uvXMLAttr(typeAttrs, "machine", os->machine);
    uvXMLElement(&children, "type", typeAttrs, NULL, os->type ? os->type : "hvm");

    if (os->loader) {
        g_autoptr(GString) a = g_string_new(NULL);

        if (os->loaderReadonly)
            uvXMLAttr(a, "readonly", uvTristateBoolTypeToString(os->loaderReadonly));
        if (os->loaderSecure)
            uvXMLAttr(a, "secure", uvTristateBoolTypeToString(os->loaderSecure));
        if (os->loaderType)
            uvXMLAttr(a, "type", uvDomainLoaderTypeTypeToString(os->loaderType));
        uvXMLElement(&children, "loader", a, NULL, os->loader);
    }
    if (os->nvram || os->nvramTemplate) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "template", os->nvramTemplate);
        uvXMLElement(&children, "nvram", a, NULL, os->nvram);
    }
    if (os->kernel)
        uvXMLElement(&children, "kernel", NULL, NULL, os->kernel);
    if (os->initrd)
        uvXMLElement(&children, "initrd", NULL, NULL, os->initrd);
    if (os->cmdline)
        uvXMLElement(&children, "cmdline", NULL, NULL, os->cmdline);
    for (guint i = 0; i < os->nBootDevs; i++) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "dev", uvDomainBootDevTypeToString(os->bootDevs[i]));
        uvXMLElement(&children, "boot", a, NULL, NULL);
    }
    if (os->bootmenu) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "enable", uvTristateBoolTypeToString(os->bootmenu));
        uvXMLElement(&children, "bootmenu", a, NULL, NULL);
    }
    if (os->smbios) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "mode", uvDomainSmbiosModeTypeToString(os->smbios));
        uvXMLElement(&children, "smbios", a, NULL, NULL);
    }
    uvXMLElement(buf, "os", NULL, &children, NULL);
    uvXMLBufClear(&children);
}

static void
formatResourceSysinfo(UvXMLBuf *buf, const UvDomainDef *def)
{
    const UvDomainSysinfoDef *si = &def->sysinfo;
    g_autoptr(GString) a = NULL;
    UvXMLBuf c;

    if (def->resourcePartition) {
        uvXMLBufInit(&c, buf->indent + 1);
        uvXMLElement(&c, "partition", NULL, NULL, def->resourcePartition);
        uvXMLElement(buf, "resource", NULL, &c, NULL);
        uvXMLBufClear(&c);
    }
    if (!si->present)
        return;

    uvXMLBufInit(&c, buf->indent + 1);
    for (guint s = 0; s < UV_DOMAIN_SYSINFO_SECTION_LAST; s++) {
        UvXMLBuf entries;

        uvXMLBufInit(&entries, c.indent + 1);
        for (guint i = 0; sysinfoEntryNames[s][i]; i++) {
            g_autoptr(GString) ea = g_string_new(NULL);

            if (!si->entries[s][i])
                continue;
            uvXMLAttr(ea, "name", sysinfoEntryNames[s][i]);
            uvXMLElement(&entries, "entry", ea, NULL, si->entries[s][i]);
        }
        if (entries.str->len)
            uvXMLElement(&c, uvDomainSysinfoSectionTypeToString(s), NULL, &entries, NULL);
        uvXMLBufClear(&entries);
    }
    if (si->oemStrings) {
        UvXMLBuf entries;

        uvXMLBufInit(&entries, c.indent + 1);
        for (guint i = 0; si->oemStrings[i]; i++)
            uvXMLElement(&entries, "entry", NULL, NULL, si->oemStrings[i]);
        uvXMLElement(&c, "oemStrings", NULL, &entries, NULL);
        uvXMLBufClear(&entries);
    }
    a = g_string_new(NULL);
    uvXMLAttr(a, "type", "smbios");
    uvXMLElement(buf, "sysinfo", a, &c, NULL);
    uvXMLBufClear(&c);
}

static void
formatFeaturesCpuClock(UvXMLBuf *buf, const UvDomainDef *def)
{
    const UvDomainCpuDef *cpu = &def->cpu;
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    if (def->features.acpi == UV_TRISTATE_SWITCH_ON)
        uvXMLElement(&children, "acpi", NULL, NULL, NULL);
    if (def->features.apic == UV_TRISTATE_SWITCH_ON)
        uvXMLElement(&children, "apic", NULL, NULL, NULL);
    if (def->features.pae == UV_TRISTATE_SWITCH_ON)
        uvXMLElement(&children, "pae", NULL, NULL, NULL);
    if (def->features.vmport) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "state", uvTristateSwitchTypeToString(def->features.vmport));
        uvXMLElement(&children, "vmport", a, NULL, NULL);
    }
    if (children.str->len)
        uvXMLElement(buf, "features", NULL, &children, NULL);
    uvXMLBufClear(&children);

    if (cpu->present) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLBufInit(&children, buf->indent + 1);
        if (cpu->mode)
            uvXMLAttr(a, "mode", uvDomainCpuModeTypeToString(cpu->mode));
        if (cpu->match)
            uvXMLAttr(a, "match", uvDomainCpuMatchTypeToString(cpu->match));
        if (cpu->check)
            uvXMLAttr(a, "check", uvDomainCpuCheckTypeToString(cpu->check));
        if (cpu->migratable)
            uvXMLAttr(a, "migratable", uvTristateSwitchTypeToString(cpu->migratable));
        if (cpu->model) {
            g_autoptr(GString) m = g_string_new(NULL);

            if (cpu->fallback)
                uvXMLAttr(m, "fallback", uvDomainCpuFallbackTypeToString(cpu->fallback));
            uvXMLElement(&children, "model", m, NULL, cpu->model);
        }
        if (cpu->sockets) {
            g_autoptr(GString) t = g_string_new(NULL);

            uvXMLAttrPrintf(t, "sockets", "%u", cpu->sockets);
            uvXMLAttrPrintf(t, "dies", "%u", MAX(cpu->dies, 1));
            uvXMLAttrPrintf(t, "cores", "%u", cpu->cores);
            uvXMLAttrPrintf(t, "threads", "%u", cpu->threads);
            uvXMLElement(&children, "topology", t, NULL, NULL);
        }
        uvXMLElement(buf, "cpu", a, &children, NULL);
        uvXMLBufClear(&children);
    }

    {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLBufInit(&children, buf->indent + 1);
        uvXMLAttr(a, "offset", uvDomainClockOffsetTypeToString(def->clockOffset));
        for (guint i = 0; i < def->ntimers; i++) {
            const UvDomainTimerDef *t = &def->timers[i];
            g_autoptr(GString) ta = g_string_new(NULL);

            uvXMLAttr(ta, "name", uvDomainTimerNameTypeToString(t->name));
            if (t->present)
                uvXMLAttr(ta, "present", uvTristateBoolTypeToString(t->present));
            if (t->tickpolicy)
                uvXMLAttr(ta, "tickpolicy", uvDomainTimerTickpolicyTypeToString(t->tickpolicy));
            uvXMLElement(&children, "timer", ta, NULL, NULL);
        }
        uvXMLElement(buf, "clock", a, &children, NULL);
        uvXMLBufClear(&children);
    }
}

static void
formatDevices(UvXMLBuf *buf, const UvDomainDef *def, unsigned int flags)
{
    UvXMLBuf c;

    uvXMLBufInit(&c, buf->indent + 1);
    if (def->emulator)
        uvXMLElement(&c, "emulator", NULL, NULL, def->emulator);
    for (guint i = 0; i < def->ndisks; i++)
        uvDomainDiskDefFormat(&c, def->disks[i], flags);
    for (guint i = 0; i < def->ncontrollers; i++)
        uvDomainControllerDefFormat(&c, def->controllers[i], flags);
    for (guint i = 0; i < def->nnets; i++)
        uvDomainNetDefFormat(&c, def->nets[i], flags);
    for (guint i = 0; i < def->nserials; i++)
        uvDomainChrDefFormat(&c, def->serials[i], flags);
    for (guint i = 0; i < def->nconsoles; i++)
        uvDomainChrDefFormat(&c, def->consoles[i], flags);
    for (guint i = 0; i < def->nchannels; i++)
        uvDomainChrDefFormat(&c, def->channels[i], flags);
    for (guint i = 0; i < def->ninputs; i++)
        uvDomainInputDefFormat(&c, def->inputs[i], flags);
    for (guint i = 0; i < def->ngraphics; i++)
        uvDomainGraphicsDefFormat(&c, def->graphics[i], flags);
    for (guint i = 0; i < def->naudios; i++)
        uvDomainAudioDefFormat(&c, def->audios[i], flags);
    for (guint i = 0; i < def->nvideos; i++)
        uvDomainVideoDefFormat(&c, def->videos[i], flags);
    if (def->memballoon)
        uvDomainMemballoonDefFormat(&c, def->memballoon, flags);
    for (guint i = 0; i < def->nrngs; i++)
        uvDomainRNGDefFormat(&c, def->rngs[i], flags);

    /* <devices/> is legal but libvirt always writes the open/close pair */
    if (!c.str->len) {
        g_string_append_printf(buf->str, "%*s<devices>\n%*s</devices>\n", (int)buf->indent * 2, "",
                               (int)buf->indent * 2, "");
    } else {
        uvXMLElement(buf, "devices", NULL, &c, NULL);
    }
    uvXMLBufClear(&c);
}

char *
uvDomainDefFormat(const UvDomainDef *def, unsigned int flags, GError **error)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf top;
    UvXMLBuf c;
    char uuid[UV_UUID_STRING_BUFLEN];

    if (!def->name) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Cannot format a domain definition without a name."));
        return NULL;
    }

    uvXMLBufInit(&top, 0);
    uvXMLBufInit(&c, 1);
    uvXMLAttr(attrs, "type", uvDomainVirtTypeToString(def->virtType));
    if ((flags & UV_DOMAIN_DEF_FORMAT_LIVE) && def->id >= 0)
        uvXMLAttrPrintf(attrs, "id", "%d", def->id);

    uvXMLElement(&c, "name", NULL, NULL, def->name);
    uvXMLElement(&c, "uuid", NULL, NULL, uvUUIDFormat(def->uuid, uuid));
    if (def->title)
        uvXMLElement(&c, "title", NULL, NULL, def->title);
    if (def->description)
        uvXMLElement(&c, "description", NULL, NULL, def->description);
    if (def->metadata)
        uvXMLRaw(&c, def->metadata);

    {
        g_autoptr(GString) a = g_string_new(NULL);
        g_autofree char *mem = g_strdup_printf("%" G_GUINT64_FORMAT, def->memory);
        g_autofree char *cur = g_strdup_printf("%" G_GUINT64_FORMAT, def->currentMemory);
        g_autofree char *vcpus = g_strdup_printf("%u", def->vcpus);
        g_autoptr(GString) va = g_string_new(NULL);

        uvXMLAttr(a, "unit", "KiB");
        uvXMLElement(&c, "memory", a, NULL, mem);
        uvXMLElement(&c, "currentMemory", a, NULL, cur);
        uvXMLAttr(va, "placement",
                  uvDomainCpuPlacementTypeToString(
                      def->placement ? def->placement : UV_DOMAIN_CPU_PLACEMENT_STATIC));
        if (def->vcpusCurrent && def->vcpusCurrent != def->vcpus)
            uvXMLAttrPrintf(va, "current", "%u", def->vcpusCurrent);
        uvXMLElement(&c, "vcpu", va, NULL, vcpus);
    }

    formatResourceSysinfo(&c, def);
    formatOS(&c, def);
    formatFeaturesCpuClock(&c, def);

    uvXMLElement(&c, "on_poweroff", NULL, NULL,
                 uvDomainLifecycleActionTypeToString(
                     def->onPoweroff ? def->onPoweroff : UV_DOMAIN_LIFECYCLE_ACTION_DESTROY));
    uvXMLElement(&c, "on_reboot", NULL, NULL,
                 uvDomainLifecycleActionTypeToString(
                     def->onReboot ? def->onReboot : UV_DOMAIN_LIFECYCLE_ACTION_RESTART));
    uvXMLElement(&c, "on_crash", NULL, NULL,
                 uvDomainLifecycleActionTypeToString(
                     def->onCrash ? def->onCrash : UV_DOMAIN_LIFECYCLE_ACTION_DESTROY));

    if (def->pmSuspendToMem || def->pmSuspendToDisk) {
        UvXMLBuf pm;

        uvXMLBufInit(&pm, c.indent + 1);
        if (def->pmSuspendToMem) {
            g_autoptr(GString) a = g_string_new(NULL);

            uvXMLAttr(a, "enabled", uvTristateBoolTypeToString(def->pmSuspendToMem));
            uvXMLElement(&pm, "suspend-to-mem", a, NULL, NULL);
        }
        if (def->pmSuspendToDisk) {
            g_autoptr(GString) a = g_string_new(NULL);

            uvXMLAttr(a, "enabled", uvTristateBoolTypeToString(def->pmSuspendToDisk));
            uvXMLElement(&pm, "suspend-to-disk", a, NULL, NULL);
        }
        uvXMLElement(&c, "pm", NULL, &pm, NULL);
        uvXMLBufClear(&pm);
    }

    formatDevices(&c, def, flags);

    for (guint i = 0; i < def->nseclabels; i++) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "type", "none");
        if (def->seclabels[i])
            uvXMLAttr(a, "model", uvDomainSeclabelModelTypeToString(def->seclabels[i]));
        uvXMLElement(&c, "seclabel", a, NULL, NULL);
    }

    uvXMLElement(&top, "domain", attrs, &c, NULL);
    uvXMLBufClear(&c);
    return g_string_free(g_steal_pointer(&top.str), FALSE);
}

/* ---- schema ---- */

char *
uvDomainSchemaPath(void)
{
    const char *dir = g_getenv("UVIRT_SCHEMA_DIR");
    g_autofree char *installed = NULL;

    if (dir && *dir)
        return g_build_filename(dir, "domain.rng", NULL);
    installed = g_build_filename(UV_SCHEMA_DIR, "domain.rng", NULL);
    if (g_file_test(installed, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer(&installed);
    return g_build_filename(SRCDIR, "docs", "schemas", "domain.rng", NULL);
}

typedef struct {
    char *message;
    int line;
} SchemaError;

static void
schemaErrorCollect(void *opaque, xmlErrorPtr err)
{
    SchemaError *first = opaque;

    if (first->message || !err)
        return;
    first->message = g_strchomp(g_strdup(err->message ? err->message : "unknown error"));
    first->line = err->line;
}

G_LOCK_DEFINE_STATIC(schemaCache);
static GHashTable *schemaCache; /* path -> xmlRelaxNGPtr, kept for the process */

static xmlRelaxNGPtr
schemaLoad(const char *path, GError **error)
{
    xmlRelaxNGParserCtxtPtr pctxt;
    xmlRelaxNGPtr schema;
    SchemaError first = {0};

    G_LOCK(schemaCache);
    if (!schemaCache)
        schemaCache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((schema = g_hash_table_lookup(schemaCache, path))) {
        G_UNLOCK(schemaCache);
        return schema;
    }

    /* libxml2 would print its own warning for a missing file */
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Cannot load the RelaxNG schema '%s': no such file; set UVIRT_SCHEMA_DIR "
                      "or reinstall uvirt."),
                    path);
        G_UNLOCK(schemaCache);
        return NULL;
    }
    pctxt = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGSetParserStructuredErrors(pctxt, schemaErrorCollect, &first);
    schema = pctxt ? xmlRelaxNGParse(pctxt) : NULL;
    xmlRelaxNGFreeParserCtxt(pctxt);
    if (!schema) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Cannot load the RelaxNG schema '%s': %s."), path,
                    first.message ? first.message : "unknown error");
        g_free(first.message);
        G_UNLOCK(schemaCache);
        return NULL;
    }
    g_free(first.message);
    g_hash_table_insert(schemaCache, g_strdup(path), schema);
    G_UNLOCK(schemaCache);
    return schema;
}

gboolean
uvDomainDefValidateSchema(const char *xml, const char *schemaPath, GError **error)
{
    g_autofree char *defaultPath = NULL;
    xmlRelaxNGPtr schema;
    xmlRelaxNGValidCtxtPtr vctxt;
    xmlDocPtr doc;
    SchemaError first = {0};
    int rc;

    if (!schemaPath)
        schemaPath = defaultPath = uvDomainSchemaPath();
    if (!(schema = schemaLoad(schemaPath, error)))
        return FALSE;
    if (!(doc = readXML(xml, error)))
        return FALSE;

    vctxt = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vctxt, schemaErrorCollect, &first);
    rc = xmlRelaxNGValidateDoc(vctxt, doc);
    xmlRelaxNGFreeValidCtxt(vctxt);
    xmlFreeDoc(doc);

    if (rc != 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("The domain XML does not match the schema '%s' (line %d): %s."), schemaPath,
                    first.line, first.message ? first.message : "validation failed");
        g_free(first.message);
        return FALSE;
    }
    g_free(first.message);
    return TRUE;
}
