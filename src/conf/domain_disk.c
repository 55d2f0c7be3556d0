/*
 * domain_disk.c: <disk> devices: parse, validate, format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"

#include <string.h>

UV_ENUM_IMPL(uvDomainDisk, UV_DOMAIN_DISK_TYPE_LAST, "file", "block");
UV_ENUM_IMPL(uvDomainDiskDevice, UV_DOMAIN_DISK_DEVICE_LAST, "disk", "cdrom");
UV_ENUM_IMPL(uvDomainDiskBus, UV_DOMAIN_DISK_BUS_LAST, "default", "virtio", "sata", "scsi", "ide");
UV_ENUM_IMPL(uvDomainDiskFormat, UV_DOMAIN_DISK_FORMAT_LAST, "default", "raw", "qcow2");
UV_ENUM_IMPL(uvDomainDiskCache, UV_DOMAIN_DISK_CACHE_LAST, "default", "none", "writethrough",
             "writeback", "directsync", "unsafe");
UV_ENUM_IMPL(uvDomainDiskIo, UV_DOMAIN_DISK_IO_LAST, "default", "native", "threads", "io_uring");
UV_ENUM_IMPL(uvDomainDiskDiscard, UV_DOMAIN_DISK_DISCARD_LAST, "default", "unmap", "ignore");
UV_ENUM_IMPL(uvDomainDiskErrorPolicy, UV_DOMAIN_DISK_ERROR_POLICY_LAST, "default", "stop", "report",
             "ignore", "enospace");

void
uvDomainDiskDefFree(UvDomainDiskDef *def)
{
    if (!def)
        return;
    g_free(def->driverName);
    g_free(def->src);
    g_free(def->dst);
    g_free(def->serial);
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainDiskDef *
uvDomainDiskDefCopy(const UvDomainDiskDef *def)
{
    UvDomainDiskDef *copy = g_new0(UvDomainDiskDef, 1);

    *copy = *def;
    copy->driverName = g_strdup(def->driverName);
    copy->src = g_strdup(def->src);
    copy->dst = g_strdup(def->dst);
    copy->serial = g_strdup(def->serial);
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

static gboolean
targetDevIsValid(const char *dst)
{
    /* vda, sdb, hdc, vdaa ...: a prefix and lower-case letters */
    static const char *const prefixes[] = {"vd", "sd", "hd", NULL};

    for (guint i = 0; prefixes[i]; i++) {
        if (g_str_has_prefix(dst, prefixes[i])) {
            const char *p = dst + 2;

            if (!*p)
                return FALSE;
            for (; *p; p++) {
                if (*p < 'a' || *p > 'z')
                    return FALSE;
            }
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
serialIsValid(const char *serial)
{
    if (!serial[0])
        return FALSE;
    for (const char *p = serial; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-' && *p != '.' && *p != ' ')
            return FALSE;
    }
    return TRUE;
}

UvDomainDiskDef *
uvDomainDiskDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type", "device", "model", NULL};
    static const char *const children[] = {"driver", "source", "target",  "readonly", "serial",
                                           "boot",   "alias",  "address", NULL};
    static const char *const driverAttrs[] = {"name",    "type",         "cache",         "io",
                                              "discard", "error_policy", "rerror_policy", NULL};
    static const char *const fileAttrs[] = {"file", NULL};
    static const char *const blockAttrs[] = {"dev", NULL};
    static const char *const targetAttrs[] = {"dev", "bus", NULL};
    g_autoptr(UvDomainDiskDef) def = g_new0(UvDomainDiskDef, 1);
    xmlNodePtr child;
    int v;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainDiskTypeToString, uvDomainDiskTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->type = v;
    v = UV_DOMAIN_DISK_DEVICE_DISK;
    if (!uvXMLParseEnumAttr(node, "device", uvDomainDiskDeviceTypeToString,
                            uvDomainDiskDeviceTypeFromString, 0, FALSE, &v, error))
        return NULL;
    def->device = v;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "model", uvDomainVirtioModelTypeToString,
                            uvDomainVirtioModelTypeFromString, 1, FALSE, &v, error))
        return NULL;
    def->model = v;

    if ((child = uvXMLGetChild(node, "driver"))) {
        if (!uvXMLCheckNode(child, driverAttrs, NULL, FALSE, error))
            return NULL;
        def->driverName = uvXMLGetAttr(child, "name");
        if (def->driverName && strcmp(def->driverName, "qemu") != 0) {
            UV_XML_ERROR_BAD_ATTR(
                error, child, "name", def->driverName,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use 'qemu'."));
            return NULL;
        }
        v = 0;
        if (!uvXMLParseEnumAttr(child, "type", uvDomainDiskFormatTypeToString,
                                uvDomainDiskFormatTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->format = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "cache", uvDomainDiskCacheTypeToString,
                                uvDomainDiskCacheTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->cache = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "io", uvDomainDiskIoTypeToString,
                                uvDomainDiskIoTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->io = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "discard", uvDomainDiskDiscardTypeToString,
                                uvDomainDiskDiscardTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->discard = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "error_policy", uvDomainDiskErrorPolicyTypeToString,
                                uvDomainDiskErrorPolicyTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->errorPolicy = v;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "rerror_policy", uvDomainDiskErrorPolicyTypeToString,
                                uvDomainDiskErrorPolicyTypeFromString, 1, FALSE, &v, error))
            return NULL;
        if (v == UV_DOMAIN_DISK_ERROR_POLICY_ENOSPACE) {
            UV_XML_ERROR_BAD_ATTR(error, child, "rerror_policy", "enospace",
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; a read cannot run out of space, so use 'stop', "
                                    "'report' or 'ignore'."));
            return NULL;
        }
        def->rerrorPolicy = v;
    }

    if ((child = uvXMLGetChild(node, "source"))) {
        gboolean file = def->type == UV_DOMAIN_DISK_TYPE_FILE;
        const char *attr = file ? "file" : "dev";

        if (!uvXMLCheckNode(child, file ? fileAttrs : blockAttrs, NULL, FALSE, error))
            return NULL;
        def->src = uvXMLGetAttr(child, attr);
        if (def->src && !g_path_is_absolute(def->src)) {
            UV_XML_ERROR_BAD_ATTR(error, child, attr, def->src,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use an absolute path."));
            return NULL;
        }
    }
    if (!def->src && def->device != UV_DOMAIN_DISK_DEVICE_CDROM) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'disk' at '%s' has no source; add <source %s='...'/> naming the "
                      "image (only a cdrom may be empty)."),
                    path, def->type == UV_DOMAIN_DISK_TYPE_FILE ? "file" : "dev");
        return NULL;
    }

    if (!(child = uvXMLGetChild(node, "target"))) {
        uvXMLErrorMissingChild(node, "target", error);
        return NULL;
    }
    if (!uvXMLCheckNode(child, targetAttrs, NULL, FALSE, error))
        return NULL;
    if (!(def->dst = uvXMLGetAttr(child, "dev"))) {
        uvXMLErrorMissingAttr(child, "dev", error);
        return NULL;
    }
    if (!targetDevIsValid(def->dst)) {
        UV_XML_ERROR_BAD_ATTR(
            error, child, "dev", def->dst,
            _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use a disk name such "
              "as 'vda', 'sda' or 'hdc' ('vd', 'sd' or 'hd' and lower-case letters)."));
        return NULL;
    }
    v = 0;
    if (!uvXMLParseEnumAttr(child, "bus", uvDomainDiskBusTypeToString,
                            uvDomainDiskBusTypeFromString, 1, FALSE, &v, error))
        return NULL;
    def->bus = v;

    if ((child = uvXMLGetChild(node, "readonly"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, FALSE, error))
            return NULL;
        def->readonly = TRUE;
    }

    if ((child = uvXMLGetChild(node, "serial"))) {
        if (!uvXMLCheckNode(child, NULL, NULL, TRUE, error))
            return NULL;
        def->serial = uvXMLGetText(child);
        if (!serialIsValid(def->serial)) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid disk serial '%s' in element 'serial' at '%s'; use letters, "
                          "digits, ' ', '_', '-' and '.' only."),
                        def->serial, path);
            return NULL;
        }
    }

    if (!uvDomainDeviceInfoParseXML(node, &def->info, TRUE, UV_ADDR_PCI | UV_ADDR_DRIVE, error))
        return NULL;
    (void)flags;
    return g_steal_pointer(&def);
}

gboolean
uvDomainDiskDefValidate(const UvDomainDiskDef *def, const char *path, GError **error)
{
    if (def->bus == UV_DOMAIN_DISK_BUS_VIRTIO && def->device == UV_DOMAIN_DISK_DEVICE_CDROM) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("A cdrom cannot sit on bus 'virtio' (element 'target' at '%s/target'); use "
                      "bus='sata', 'scsi' or 'ide'."),
                    path);
        return FALSE;
    }
    if (def->model && def->bus != UV_DOMAIN_DISK_BUS_VIRTIO &&
        !(def->bus == UV_DOMAIN_DISK_BUS_DEFAULT && g_str_has_prefix(def->dst, "vd"))) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Disk model '%s' (attribute 'model' of element 'disk' at '%s') applies only "
                      "to disks on bus 'virtio'; remove it or use <target bus='virtio'/>."),
                    uvDomainVirtioModelTypeToString(def->model), path);
        return FALSE;
    }
    if (def->info.address.type != UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE &&
        def->info.address.type != (def->bus == UV_DOMAIN_DISK_BUS_VIRTIO
                                       ? UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI
                                       : UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE)) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Address type '%s' (element 'address' at '%s/address') does not fit a disk "
                      "on bus '%s'; virtio disks take type='pci', the others type='drive'."),
                    uvDomainDeviceAddressTypeToString(def->info.address.type), path,
                    def->bus ? uvDomainDiskBusTypeToString(def->bus) : "default");
        return FALSE;
    }
    return TRUE;
}

void
uvDomainDiskDefFormat(UvXMLBuf *buf, const UvDomainDiskDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainDiskTypeToString(def->type));
    uvXMLAttr(attrs, "device", uvDomainDiskDeviceTypeToString(def->device));
    if (def->model)
        uvXMLAttr(attrs, "model", uvDomainVirtioModelTypeToString(def->model));

    if (def->driverName || def->format || def->cache || def->errorPolicy || def->rerrorPolicy ||
        def->io || def->discard) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "name", def->driverName);
        if (def->format)
            uvXMLAttr(a, "type", uvDomainDiskFormatTypeToString(def->format));
        if (def->cache)
            uvXMLAttr(a, "cache", uvDomainDiskCacheTypeToString(def->cache));
        if (def->errorPolicy)
            uvXMLAttr(a, "error_policy", uvDomainDiskErrorPolicyTypeToString(def->errorPolicy));
        if (def->rerrorPolicy)
            uvXMLAttr(a, "rerror_policy", uvDomainDiskErrorPolicyTypeToString(def->rerrorPolicy));
        if (def->io)
            uvXMLAttr(a, "io", uvDomainDiskIoTypeToString(def->io));
        if (def->discard)
            uvXMLAttr(a, "discard", uvDomainDiskDiscardTypeToString(def->discard));
        uvXMLElement(&children, "driver", a, NULL, NULL);
    }

    if (def->src) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, def->type == UV_DOMAIN_DISK_TYPE_FILE ? "file" : "dev", def->src);
        uvXMLElement(&children, "source", a, NULL, NULL);
    }

    {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "dev", def->dst);
        if (def->bus)
            uvXMLAttr(a, "bus", uvDomainDiskBusTypeToString(def->bus));
        uvXMLElement(&children, "target", a, NULL, NULL);
    }

    if (def->readonly)
        uvXMLElement(&children, "readonly", NULL, NULL, NULL);
    if (def->serial)
        uvXMLElement(&children, "serial", NULL, NULL, def->serial);

    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "disk", attrs, &children, NULL);
    uvXMLBufClear(&children);
}
