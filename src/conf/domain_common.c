/*
 * domain_common.c: pieces shared by every device class: yes/no values,
 * <address>, <alias> and <boot order>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"

#include <string.h>

UV_ENUM_IMPL(uvTristateBool, UV_TRISTATE_BOOL_LAST, "default", "yes", "no");
UV_ENUM_IMPL(uvTristateSwitch, UV_TRISTATE_SWITCH_LAST, "default", "on", "off");
UV_ENUM_IMPL(uvDomainDeviceAddress, UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST, "none", "pci", "drive",
             "virtio-serial", "usb");
UV_ENUM_IMPL(uvDomainVirtioModel, UV_DOMAIN_VIRTIO_MODEL_LAST, "default", "virtio",
             "virtio-transitional", "virtio-non-transitional");

char *
uvDomainDevicePath(const char *name, guint idx, guint count)
{
    if (count > 1)
        return g_strdup_printf("/domain/devices/%s[%u]", name, idx + 1);
    return g_strdup_printf("/domain/devices/%s", name);
}

void
uvDomainDeviceInfoClear(UvDomainDeviceInfo *info)
{
    if (!info)
        return;
    g_free(info->alias);
    if (info->address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB)
        g_free(info->address.addr.usb.port);
    memset(info, 0, sizeof(*info));
}

void
uvDomainDeviceInfoCopy(UvDomainDeviceInfo *dst, const UvDomainDeviceInfo *src)
{
    *dst = *src;
    dst->alias = g_strdup(src->alias);
    if (src->address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB)
        dst->address.addr.usb.port = g_strdup(src->address.addr.usb.port);
}

static gboolean
aliasIsValid(const char *alias)
{
    if (!alias[0])
        return FALSE;
    for (const char *p = alias; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-' && *p != '.')
            return FALSE;
    }
    return TRUE;
}

static gboolean
usbPortIsValid(const char *port)
{
    /* one to four dot-separated numbers, each 1..255 */
    g_auto(GStrv) parts = g_strsplit(port, ".", -1);
    guint n = g_strv_length(parts);

    if (n < 1 || n > 4)
        return FALSE;
    for (guint i = 0; i < n; i++) {
        guint64 v;

        if (!uvXMLStrToU64(parts[i], FALSE, &v) || v < 1 || v > 255)
            return FALSE;
    }
    return TRUE;
}

static gboolean
parseAddress(xmlNodePtr node, UvDomainDeviceAddress *address, GError **error)
{
    static const char *const pciAttrs[] = {"type",     "domain",        "bus", "slot",
                                           "function", "multifunction", NULL};
    static const char *const driveAttrs[] = {"type", "controller", "bus", "target", "unit", NULL};
    static const char *const vioAttrs[] = {"type", "controller", "bus", "port", NULL};
    static const char *const usbAttrs[] = {"type", "bus", "port", NULL};
    UvDomainDeviceAddress addr = {0};
    int type = UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE;
    guint64 v;

    if (!uvXMLParseEnumAttr(node, "type", uvDomainDeviceAddressTypeToString,
                            uvDomainDeviceAddressTypeFromString, 1, TRUE, &type, error))
        return FALSE;
    addr.type = type;

    switch (addr.type) {
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI: {
        int multi = UV_TRISTATE_SWITCH_DEFAULT;

        if (!uvXMLCheckNode(node, pciAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "domain", 0, 0xffff, TRUE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.pci.domain = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "bus", 0, 0xff, TRUE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.pci.bus = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "slot", 0, 0x1f, TRUE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.pci.slot = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "function", 0, 7, TRUE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.pci.function = (guint)v;
        if (!uvXMLParseTristateSwitch(node, "multifunction", &multi, error))
            return FALSE;
        addr.addr.pci.multifunction = multi;
        break;
    }
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE:
        if (!uvXMLCheckNode(node, driveAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "controller", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.drive.controller = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "bus", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.drive.bus = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "target", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.drive.target = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "unit", 0, 99999, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.drive.unit = (guint)v;
        break;
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_VIRTIO_SERIAL:
        if (!uvXMLCheckNode(node, vioAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "controller", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.vioserial.controller = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "bus", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.vioserial.bus = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "port", 0, 99, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.vioserial.port = (guint)v;
        break;
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB: {
        g_autofree char *port = NULL;

        if (!uvXMLCheckNode(node, usbAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseUIntAttr(node, "bus", 0, 999, FALSE, FALSE, &v, NULL, error))
            return FALSE;
        addr.addr.usb.bus = (guint)v;
        port = uvXMLGetAttr(node, "port");
        if (port && !usbPortIsValid(port)) {
            UV_XML_ERROR_BAD_ATTR(
                error, node, "port", port,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use a USB port "
                  "path such as '1' or '1.2' (numbers 1 to 255)."));
            return FALSE;
        }
        addr.addr.usb.port = g_steal_pointer(&port);
        break;
    }
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE:
    case UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST:
        g_assert_not_reached();
    }

    *address = addr;
    return TRUE;
}

gboolean
uvDomainDeviceInfoParseXML(xmlNodePtr node, UvDomainDeviceInfo *info, gboolean allowBoot,
                           guint addressTypes, GError **error)
{
    static const char *const aliasAttrs[] = {"name", NULL};
    static const char *const bootAttrs[] = {"order", NULL};
    xmlNodePtr child;

    if ((child = uvXMLGetChild(node, "alias"))) {
        g_autofree char *name = NULL;

        if (!uvXMLCheckNode(child, aliasAttrs, NULL, FALSE, error))
            return FALSE;
        if (!(name = uvXMLGetAttr(child, "name"))) {
            uvXMLErrorMissingAttr(child, "name", error);
            return FALSE;
        }
        if (!aliasIsValid(name)) {
            UV_XML_ERROR_BAD_ATTR(
                error, child, "name", name,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use letters, "
                  "digits, '_', '-' and '.' only, such as 'ua-net0'."));
            return FALSE;
        }
        info->alias = g_steal_pointer(&name);
    }

    if ((child = uvXMLGetChild(node, "address"))) {
        if (!parseAddress(child, &info->address, error))
            return FALSE;
        if (!(addressTypes & (1u << info->address.type))) {
            g_autoptr(GString) list = g_string_new(NULL);
            g_autofree char *path = uvXMLNodePath(child);

            for (int t = 1; t < UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST; t++) {
                if (addressTypes & (1u << t))
                    g_string_append_printf(list, "%stype='%s'", list->len ? " or " : "",
                                           uvDomainDeviceAddressTypeToString(t));
            }
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Address type '%s' of element 'address' at '%s' does not fit a device "
                          "'%s'; use %s."),
                        uvDomainDeviceAddressTypeToString(info->address.type), path,
                        (const char *)node->name, list->str);
            return FALSE;
        }
    }

    if (allowBoot && (child = uvXMLGetChild(node, "boot"))) {
        guint64 order = 0;

        if (!uvXMLCheckNode(child, bootAttrs, NULL, FALSE, error))
            return FALSE;
        if (!uvXMLParseUIntAttr(child, "order", 1, G_MAXINT, FALSE, TRUE, &order, NULL, error))
            return FALSE;
        info->bootIndex = (guint)order;
    }
    return TRUE;
}

void
uvDomainDeviceInfoFormat(UvXMLBuf *buf, const UvDomainDeviceInfo *info, unsigned int flags)
{
    const UvDomainDeviceAddress *a = &info->address;

    if (info->bootIndex) {
        g_autoptr(GString) attrs = g_string_new(NULL);

        uvXMLAttrPrintf(attrs, "order", "%u", info->bootIndex);
        uvXMLElement(buf, "boot", attrs, NULL, NULL);
    }

    if (info->alias &&
        ((flags & UV_DOMAIN_DEF_FORMAT_LIVE) || g_str_has_prefix(info->alias, "ua-"))) {
        g_autoptr(GString) attrs = g_string_new(NULL);

        uvXMLAttr(attrs, "name", info->alias);
        uvXMLElement(buf, "alias", attrs, NULL, NULL);
    }

    if (info->romEnabled || info->romBar) {
        g_autoptr(GString) attrs = g_string_new(NULL);

        if (info->romEnabled)
            uvXMLAttr(attrs, "enabled", uvTristateBoolTypeToString(info->romEnabled));
        if (info->romBar)
            uvXMLAttr(attrs, "bar", uvTristateSwitchTypeToString(info->romBar));
        uvXMLElement(buf, "rom", attrs, NULL, NULL);
    }

    if (a->type != UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE) {
        g_autoptr(GString) attrs = g_string_new(NULL);

        uvXMLAttr(attrs, "type", uvDomainDeviceAddressTypeToString(a->type));
        switch (a->type) {
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI:
            uvXMLAttrPrintf(attrs, "domain", "0x%04x", a->addr.pci.domain);
            uvXMLAttrPrintf(attrs, "bus", "0x%02x", a->addr.pci.bus);
            uvXMLAttrPrintf(attrs, "slot", "0x%02x", a->addr.pci.slot);
            uvXMLAttrPrintf(attrs, "function", "0x%x", a->addr.pci.function);
            if (a->addr.pci.multifunction)
                uvXMLAttr(attrs, "multifunction",
                          uvTristateSwitchTypeToString(a->addr.pci.multifunction));
            break;
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE:
            uvXMLAttrPrintf(attrs, "controller", "%u", a->addr.drive.controller);
            uvXMLAttrPrintf(attrs, "bus", "%u", a->addr.drive.bus);
            uvXMLAttrPrintf(attrs, "target", "%u", a->addr.drive.target);
            uvXMLAttrPrintf(attrs, "unit", "%u", a->addr.drive.unit);
            break;
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_VIRTIO_SERIAL:
            uvXMLAttrPrintf(attrs, "controller", "%u", a->addr.vioserial.controller);
            uvXMLAttrPrintf(attrs, "bus", "%u", a->addr.vioserial.bus);
            uvXMLAttrPrintf(attrs, "port", "%u", a->addr.vioserial.port);
            break;
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB:
            uvXMLAttrPrintf(attrs, "bus", "%u", a->addr.usb.bus);
            uvXMLAttr(attrs, "port", a->addr.usb.port);
            break;
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE:
        case UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST:
            break;
        }
        uvXMLElement(buf, "address", attrs, NULL, NULL);
    }
}

gboolean
uvDomainParseVirtioModelAttr(xmlNodePtr node, const char *name, UvEnumToStringFunc toString,
                             UvEnumFromStringFunc fromString, int first, int virtioValue,
                             gboolean required, int *value, UvDomainVirtioModel *variant,
                             GError **error)
{
    g_autofree char *str = uvXMLGetAttr(node, name);
    g_autoptr(GString) list = NULL;
    int v;

    if (!str) {
        if (required)
            uvXMLErrorMissingAttr(node, name, error);
        return !required;
    }
    v = uvDomainVirtioModelTypeFromString(str);
    if (v >= UV_DOMAIN_VIRTIO_MODEL_VIRTIO) {
        *value = virtioValue;
        *variant = v;
        return TRUE;
    }
    v = fromString(str);
    if (v >= first) {
        *value = v;
        return TRUE;
    }

    list = g_string_new(NULL);
    for (int i = first; toString(i); i++) {
        g_string_append_printf(list, "%s'%s'", list->len ? ", " : "", toString(i));
        if (i == virtioValue)
            g_string_append(list, ", 'virtio-transitional', 'virtio-non-transitional'");
    }
    uvXMLErrorBadAttrList(node, name, str, list->str, error);
    return FALSE;
}

const char *
uvDomainVirtioModelName(UvDomainVirtioModel variant)
{
    if (variant == UV_DOMAIN_VIRTIO_MODEL_TRANSITIONAL ||
        variant == UV_DOMAIN_VIRTIO_MODEL_NON_TRANSITIONAL)
        return uvDomainVirtioModelTypeToString(variant);
    return "virtio";
}
