/*
 * domain_chr.c: <serial>, <console> and <channel>: parse, validate, format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"

#include <string.h>

UV_ENUM_IMPL(uvDomainChrDevice, UV_DOMAIN_CHR_DEVICE_TYPE_LAST, "serial", "console", "channel");
UV_ENUM_IMPL(uvDomainChr, UV_DOMAIN_CHR_TYPE_LAST, "pty", "file", "unix", "null");
UV_ENUM_IMPL(uvDomainChrSourceMode, UV_DOMAIN_CHR_SOURCE_MODE_LAST, "default", "bind", "connect");
UV_ENUM_IMPL(uvDomainChrTarget, UV_DOMAIN_CHR_TARGET_TYPE_LAST, "default", "isa-serial",
             "usb-serial", "pci-serial", "serial", "virtio");

void
uvDomainChrDefFree(UvDomainChrDef *def)
{
    if (!def)
        return;
    g_free(def->sourcePath);
    g_free(def->logFile);
    g_free(def->targetName);
    g_free(def->targetModel);
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainChrDef *
uvDomainChrDefCopy(const UvDomainChrDef *def)
{
    UvDomainChrDef *copy = g_new0(UvDomainChrDef, 1);

    *copy = *def;
    copy->sourcePath = g_strdup(def->sourcePath);
    copy->logFile = g_strdup(def->logFile);
    copy->targetName = g_strdup(def->targetName);
    copy->targetModel = g_strdup(def->targetModel);
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

/* The target types each element accepts, as a list for the error message. */
static gboolean
targetTypeAllowed(UvDomainChrDeviceType deviceType, UvDomainChrTargetType type,
                  const char **expected)
{
    switch (deviceType) {
    case UV_DOMAIN_CHR_DEVICE_TYPE_SERIAL:
        *expected = "'isa-serial', 'usb-serial', 'pci-serial'";
        return type == UV_DOMAIN_CHR_TARGET_TYPE_ISA_SERIAL ||
               type == UV_DOMAIN_CHR_TARGET_TYPE_USB_SERIAL ||
               type == UV_DOMAIN_CHR_TARGET_TYPE_PCI_SERIAL;
    case UV_DOMAIN_CHR_DEVICE_TYPE_CONSOLE:
        *expected = "'serial', 'virtio'";
        return type == UV_DOMAIN_CHR_TARGET_TYPE_SERIAL || type == UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO;
    case UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL:
        *expected = "'virtio'";
        return type == UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO;
    case UV_DOMAIN_CHR_DEVICE_TYPE_LAST:
        break;
    }
    return FALSE;
}

static gboolean
parseSource(xmlNodePtr node, UvDomainChrDef *def, unsigned int flags, GError **error)
{
    static const char *const ptyAttrs[] = {"path", NULL};
    static const char *const fileAttrs[] = {"path", "append", NULL};
    static const char *const unixAttrs[] = {"mode", "path", NULL};
    g_autofree char *path = NULL;
    int v;

    switch (def->type) {
    case UV_DOMAIN_CHR_TYPE_PTY:
        if (!uvXMLCheckNode(node, ptyAttrs, NULL, FALSE, error))
            return FALSE;
        /* the /dev/pts/N QEMU allocated: runtime state */
        if (flags & UV_DOMAIN_DEF_PARSE_LIVE)
            def->sourcePath = uvXMLGetAttr(node, "path");
        return TRUE;
    case UV_DOMAIN_CHR_TYPE_FILE:
        if (!uvXMLCheckNode(node, fileAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseTristateSwitch(node, "append", &v, error))
            return FALSE;
        def->sourceAppend = v;
        break;
    case UV_DOMAIN_CHR_TYPE_UNIX:
        if (!uvXMLCheckNode(node, unixAttrs, NULL, FALSE, error))
            return FALSE;
        v = 0;
        if (!uvXMLParseEnumAttr(node, "mode", uvDomainChrSourceModeTypeToString,
                                uvDomainChrSourceModeTypeFromString, 1, FALSE, &v, error))
            return FALSE;
        def->sourceMode = v;
        break;
    case UV_DOMAIN_CHR_TYPE_NULL:
    case UV_DOMAIN_CHR_TYPE_LAST: {
        g_autofree char *where = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'source' at '%s' is not allowed with type 'null'; remove it."),
                    where);
        return FALSE;
    }
    }

    path = uvXMLGetAttr(node, "path");
    if (path && !g_path_is_absolute(path)) {
        UV_XML_ERROR_BAD_ATTR(error, node, "path", path,
                              _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; "
                                "use an absolute path."));
        return FALSE;
    }
    def->sourcePath = g_steal_pointer(&path);
    return TRUE;
}

static gboolean
parseTarget(xmlNodePtr node, UvDomainChrDef *def, GError **error)
{
    static const char *const serialAttrs[] = {"type", "port", NULL};
    static const char *const channelAttrs[] = {"type", "name", "state", NULL};
    static const char *const serialChildren[] = {"model", NULL};
    static const char *const modelAttrs[] = {"name", NULL};
    gboolean channel = def->deviceType == UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL;
    gboolean serial = def->deviceType == UV_DOMAIN_CHR_DEVICE_TYPE_SERIAL;
    const char *expected = NULL;
    guint64 port = 0;
    gboolean hasPort = FALSE;
    int v = 0;
    xmlNodePtr model;

    if (!uvXMLCheckNode(node, channel ? channelAttrs : serialAttrs, serial ? serialChildren : NULL,
                        FALSE, error))
        return FALSE;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainChrTargetTypeToString,
                            uvDomainChrTargetTypeFromString, 1, channel, &v, error))
        return FALSE;
    if (v && !targetTypeAllowed(def->deviceType, v, &expected)) {
        g_autofree char *value = uvXMLGetAttr(node, "type");

        uvXMLErrorBadAttrList(node, "type", value, expected, error);
        return FALSE;
    }
    def->targetType = v;

    if (channel) {
        /* state= is what QEMU reports about the guest agent: runtime only */
        def->targetName = uvXMLGetAttr(node, "name");
        if (def->targetName && !def->targetName[0]) {
            UV_XML_ERROR_BAD_ATTR(error, node, "name", def->targetName,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use a port name such as 'org.qemu.guest_agent.0'."));
            return FALSE;
        }
        return TRUE;
    }

    if (!uvXMLParseUIntAttr(node, "port", 0, G_MAXUINT16, FALSE, FALSE, &port, &hasPort, error))
        return FALSE;
    def->targetPort = hasPort ? (int)port : -1;

    if (serial && (model = uvXMLGetChild(node, "model"))) {
        static const char *const models[] = {"isa-serial", "usb-serial", "pci-serial", NULL};
        g_autofree char *name = NULL;

        if (!uvXMLCheckNode(model, modelAttrs, NULL, FALSE, error))
            return FALSE;
        if (!(name = uvXMLGetAttr(model, "name"))) {
            uvXMLErrorMissingAttr(model, "name", error);
            return FALSE;
        }
        if (!g_strv_contains(models, name)) {
            UV_XML_ERROR_BAD_ATTR(error, model, "name", name,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use one of 'isa-serial', 'usb-serial', 'pci-serial'."));
            return FALSE;
        }
        def->targetModel = g_steal_pointer(&name);
    }
    return TRUE;
}

UvDomainChrDef *
uvDomainChrDefParseXML(xmlNodePtr node, UvDomainChrDeviceType deviceType, unsigned int flags,
                       GError **error)
{
    static const char *const attrs[] = {"type", "tty", NULL};
    static const char *const children[] = {"source", "log", "target", "alias", "address", NULL};
    static const char *const logAttrs[] = {"file", "append", NULL};
    g_autoptr(UvDomainChrDef) def = g_new0(UvDomainChrDef, 1);
    guint addressTypes = 0;
    xmlNodePtr child;
    int v = 0;

    def->deviceType = deviceType;
    def->targetPort = -1;
    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainChrTypeToString, uvDomainChrTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->type = v;

    if ((child = uvXMLGetChild(node, "source"))) {
        if (!parseSource(child, def, flags, error))
            return NULL;
    }
    if (def->type == UV_DOMAIN_CHR_TYPE_PTY && (flags & UV_DOMAIN_DEF_PARSE_LIVE) &&
        !def->sourcePath)
        def->sourcePath = uvXMLGetAttr(node, "tty");

    if (!def->sourcePath && (def->type == UV_DOMAIN_CHR_TYPE_FILE ||
                             (def->type == UV_DOMAIN_CHR_TYPE_UNIX &&
                              deviceType != UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL))) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element '%s' at '%s' of type '%s' needs a path; add <source path='...'/>."),
                    uvDomainChrDeviceTypeToString(deviceType), path,
                    uvDomainChrTypeToString(def->type));
        return NULL;
    }

    if ((child = uvXMLGetChild(node, "log"))) {
        if (!uvXMLCheckNode(child, logAttrs, NULL, FALSE, error))
            return NULL;
        if (!(def->logFile = uvXMLGetAttr(child, "file"))) {
            uvXMLErrorMissingAttr(child, "file", error);
            return NULL;
        }
        if (!g_path_is_absolute(def->logFile)) {
            UV_XML_ERROR_BAD_ATTR(error, child, "file", def->logFile,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use an absolute path."));
            return NULL;
        }
        v = 0;
        if (!uvXMLParseTristateSwitch(child, "append", &v, error))
            return NULL;
        def->logAppend = v;
    }

    if ((child = uvXMLGetChild(node, "target"))) {
        if (!parseTarget(child, def, error))
            return NULL;
    } else if (deviceType == UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL) {
        uvXMLErrorMissingChild(node, "target", error);
        return NULL;
    }

    switch (deviceType) {
    case UV_DOMAIN_CHR_DEVICE_TYPE_SERIAL:
        addressTypes = UV_ADDR_PCI | UV_ADDR_USB;
        break;
    case UV_DOMAIN_CHR_DEVICE_TYPE_CONSOLE:
    case UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL:
    case UV_DOMAIN_CHR_DEVICE_TYPE_LAST:
        addressTypes = UV_ADDR_VIRTIO_SERIAL;
        break;
    }
    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, addressTypes, error))
        return NULL;
    return g_steal_pointer(&def);
}

void
uvDomainChrDefFormat(UvXMLBuf *buf, const UvDomainChrDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    gboolean live = flags & UV_DOMAIN_DEF_FORMAT_LIVE;
    gboolean pty = def->type == UV_DOMAIN_CHR_TYPE_PTY;
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainChrTypeToString(def->type));
    if (pty && live)
        uvXMLAttr(attrs, "tty", def->sourcePath);

    if ((def->sourcePath && (!pty || live)) || def->sourceMode) {
        g_autoptr(GString) a = g_string_new(NULL);

        if (def->sourceMode)
            uvXMLAttr(a, "mode", uvDomainChrSourceModeTypeToString(def->sourceMode));
        uvXMLAttr(a, "path", def->sourcePath);
        if (def->sourceAppend)
            uvXMLAttr(a, "append", uvTristateSwitchTypeToString(def->sourceAppend));
        uvXMLElement(&children, "source", a, NULL, NULL);
    }

    if (def->logFile) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "file", def->logFile);
        if (def->logAppend)
            uvXMLAttr(a, "append", uvTristateSwitchTypeToString(def->logAppend));
        uvXMLElement(&children, "log", a, NULL, NULL);
    }

    if (def->targetType || def->targetPort >= 0 || def->targetName || def->targetModel) {
        g_autoptr(GString) a = g_string_new(NULL);
        UvXMLBuf target;

        uvXMLBufInit(&target, children.indent + 1);
        if (def->targetType)
            uvXMLAttr(a, "type", uvDomainChrTargetTypeToString(def->targetType));
        if (def->targetPort >= 0)
            uvXMLAttrPrintf(a, "port", "%d", def->targetPort);
        uvXMLAttr(a, "name", def->targetName);
        if (def->targetModel) {
            g_autoptr(GString) m = g_string_new(NULL);

            uvXMLAttr(m, "name", def->targetModel);
            uvXMLElement(&target, "model", m, NULL, NULL);
        }
        uvXMLElement(&children, "target", a, &target, NULL);
        uvXMLBufClear(&target);
    }

    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, uvDomainChrDeviceTypeToString(def->deviceType), attrs, &children, NULL);
    uvXMLBufClear(&children);
}
