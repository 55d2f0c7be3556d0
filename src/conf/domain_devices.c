/*
 * domain_devices.c: <controller>, <input>, <graphics>, <video>,
 * <memballoon> and <rng>: parse, validate, format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"

#include <string.h>

UV_ENUM_IMPL(uvDomainController, UV_DOMAIN_CONTROLLER_TYPE_LAST, "usb", "pci", "scsi",
             "virtio-serial", "ide", "sata");
UV_ENUM_IMPL(uvDomainInput, UV_DOMAIN_INPUT_TYPE_LAST, "mouse", "tablet", "keyboard");
UV_ENUM_IMPL(uvDomainInputBus, UV_DOMAIN_INPUT_BUS_LAST, "default", "ps2", "usb", "virtio");
UV_ENUM_IMPL(uvDomainGraphics, UV_DOMAIN_GRAPHICS_TYPE_LAST, "vnc");
UV_ENUM_IMPL(uvDomainGraphicsListen, UV_DOMAIN_GRAPHICS_LISTEN_TYPE_LAST, "address", "socket",
             "none");
UV_ENUM_IMPL(uvDomainVideo, UV_DOMAIN_VIDEO_TYPE_LAST, "vga", "cirrus", "virtio", "qxl", "bochs",
             "ramfb", "none");
UV_ENUM_IMPL(uvDomainMemballoonModel, UV_DOMAIN_MEMBALLOON_MODEL_LAST, "virtio", "none");
UV_ENUM_IMPL(uvDomainRNGModel, UV_DOMAIN_RNG_MODEL_LAST, "virtio");
UV_ENUM_IMPL(uvDomainRNGBackend, UV_DOMAIN_RNG_BACKEND_LAST, "random");
UV_ENUM_IMPL(uvDomainAudio, UV_DOMAIN_AUDIO_TYPE_LAST, "none");

/* ---- <controller> ---- */

void
uvDomainControllerDefFree(UvDomainControllerDef *def)
{
    if (!def)
        return;
    g_free(def->model);
    g_free(def->pciModelName);
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainControllerDef *
uvDomainControllerDefCopy(const UvDomainControllerDef *def)
{
    UvDomainControllerDef *copy = g_new0(UvDomainControllerDef, 1);

    *copy = *def;
    copy->model = g_strdup(def->model);
    copy->pciModelName = g_strdup(def->pciModelName);
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

static const char *const usbModels[] = {"piix3-uhci", "piix4-uhci", "ehci",       "ich9-ehci1",
                                        "ich9-uhci1", "ich9-uhci2", "ich9-uhci3", "nec-xhci",
                                        "qemu-xhci",  "none",       NULL};
static const char *const pciModels[] = {"pci-root",
                                        "pcie-root",
                                        "pci-bridge",
                                        "dmi-to-pci-bridge",
                                        "pcie-root-port",
                                        "pcie-switch-upstream-port",
                                        "pcie-switch-downstream-port",
                                        "pcie-to-pci-bridge",
                                        NULL};
static const char *const pciModelNames[] = {
    "pci-bridge",     "i82801b11-bridge",   "ioh3420",         "pcie-root-port",
    "x3130-upstream", "xio3130-downstream", "pcie-pci-bridge", NULL};
static const char *const scsiModels[] = {"virtio-scsi", "virtio-transitional",
                                         "virtio-non-transitional", "lsilogic", NULL};
static const char *const virtioSerialModels[] = {"virtio", "virtio-transitional",
                                                 "virtio-non-transitional", NULL};

static char *
quotedList(const char *const *list)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; list[i]; i++)
        g_string_append_printf(out, "%s'%s'", i ? ", " : "", list[i]);
    return g_string_free(out, FALSE);
}

static gboolean
checkStringIn(xmlNodePtr node, const char *attr, const char *value, const char *const *list,
              GError **error)
{
    g_autofree char *joined = NULL;

    if (g_strv_contains(list, value))
        return TRUE;
    joined = quotedList(list);
    uvXMLErrorBadAttrList(node, attr, value, joined, error);
    return FALSE;
}

UvDomainControllerDef *
uvDomainControllerDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type", "index", "model", "ports", "vectors", NULL};
    static const char *const children[] = {"model", "target", "driver", "alias", "address", NULL};
    static const char *const modelAttrs[] = {"name", NULL};
    static const char *const targetAttrs[] = {"chassis", "port", NULL};
    static const char *const driverAttrs[] = {"queues", NULL};
    g_autoptr(UvDomainControllerDef) def = g_new0(UvDomainControllerDef, 1);
    const char *const *models = NULL;
    guint64 v;
    gboolean present;
    int type = 0;
    xmlNodePtr child;

    def->ports = def->vectors = def->maxPorts = def->pciChassis = def->pciPort = -1;
    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainControllerTypeToString,
                            uvDomainControllerTypeFromString, 0, TRUE, &type, error))
        return NULL;
    def->type = type;

    v = 0;
    if (!uvXMLParseUIntAttr(node, "index", 0, 255, FALSE, FALSE, &v, NULL, error))
        return NULL;
    def->idx = (guint)v;

    switch (def->type) {
    case UV_DOMAIN_CONTROLLER_TYPE_USB:
        models = usbModels;
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_PCI:
        models = pciModels;
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_SCSI:
        models = scsiModels;
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL:
        models = virtioSerialModels;
        break;
    default:
        break;
    }
    if (def->type == UV_DOMAIN_CONTROLLER_TYPE_PCI && !xmlHasProp(node, BAD_CAST "model")) {
        g_autofree char *joined = quotedList(pciModels);
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'controller' at '%s' of type 'pci' lacks the required attribute "
                      "'model'; add one of %s."),
                    path, joined);
        return NULL;
    }
    if ((def->model = uvXMLGetAttr(node, "model"))) {
        if (!models) {
            g_autofree char *path = uvXMLNodePath(node);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Controllers of type '%s' take no model, but element 'controller' at "
                          "'%s' has model='%s'; remove the attribute."),
                        uvDomainControllerTypeToString(def->type), path, def->model);
            return NULL;
        }
        if (!checkStringIn(node, "model", def->model, models, error))
            return NULL;
    }

    v = 0;
    if (!uvXMLParseUIntAttr(node, "ports", 1, 255, FALSE, FALSE, &v, &present, error))
        return NULL;
    if (present) {
        if (def->type == UV_DOMAIN_CONTROLLER_TYPE_USB) {
            def->ports = (int)v;
        } else if (def->type == UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL) {
            def->maxPorts = (int)v;
        } else {
            g_autofree char *value = uvXMLGetAttr(node, "ports");

            UV_XML_ERROR_BAD_ATTR(
                error, node, "ports", value,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use it only on "
                  "controllers of type 'usb' or 'virtio-serial'."));
            return NULL;
        }
    }
    v = 0;
    if (!uvXMLParseUIntAttr(node, "vectors", 1, 1024, FALSE, FALSE, &v, &present, error))
        return NULL;
    if (present)
        def->vectors = (int)v;

    if ((child = uvXMLGetChild(node, "model"))) {
        g_autofree char *name = NULL;

        if (!uvXMLCheckNode(child, modelAttrs, NULL, FALSE, error))
            return NULL;
        if (!(name = uvXMLGetAttr(child, "name"))) {
            uvXMLErrorMissingAttr(child, "name", error);
            return NULL;
        }
        if (!checkStringIn(child, "name", name, pciModelNames, error))
            return NULL;
        def->pciModelName = g_steal_pointer(&name);
    }
    if ((child = uvXMLGetChild(node, "target"))) {
        if (!uvXMLCheckNode(child, targetAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseUIntAttr(child, "chassis", 0, 255, FALSE, FALSE, &v, &present, error))
            return NULL;
        if (present)
            def->pciChassis = (int)v;
        v = 0;
        if (!uvXMLParseUIntAttr(child, "port", 0, 255, TRUE, FALSE, &v, &present, error))
            return NULL;
        if (present)
            def->pciPort = (int)v;
    }
    if ((child = uvXMLGetChild(node, "driver"))) {
        if (!uvXMLCheckNode(child, driverAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseUIntAttr(child, "queues", 1, 256, FALSE, FALSE, &v, NULL, error))
            return NULL;
        def->driverQueues = (guint)v;
    }

    if ((def->pciModelName || def->pciChassis >= 0 || def->pciPort >= 0) &&
        def->type != UV_DOMAIN_CONTROLLER_TYPE_PCI) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Elements 'model' and 'target' inside element 'controller' at '%s' apply "
                      "only to type='pci'; remove them."),
                    path);
        return NULL;
    }

    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, UV_ADDR_PCI, error))
        return NULL;
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainControllerDefFormat(UvXMLBuf *buf, const UvDomainControllerDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainControllerTypeToString(def->type));
    uvXMLAttrPrintf(attrs, "index", "%u", def->idx);
    uvXMLAttr(attrs, "model", def->model);
    if (def->ports >= 0)
        uvXMLAttrPrintf(attrs, "ports", "%d", def->ports);
    if (def->maxPorts >= 0)
        uvXMLAttrPrintf(attrs, "ports", "%d", def->maxPorts);
    if (def->vectors >= 0)
        uvXMLAttrPrintf(attrs, "vectors", "%d", def->vectors);

    if (def->pciModelName) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "name", def->pciModelName);
        uvXMLElement(&children, "model", a, NULL, NULL);
    }
    if (def->pciChassis >= 0 || def->pciPort >= 0) {
        g_autoptr(GString) a = g_string_new(NULL);

        if (def->pciChassis >= 0)
            uvXMLAttrPrintf(a, "chassis", "%d", def->pciChassis);
        if (def->pciPort >= 0)
            uvXMLAttrPrintf(a, "port", "0x%x", (guint)def->pciPort);
        uvXMLElement(&children, "target", a, NULL, NULL);
    }
    if (def->driverQueues) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttrPrintf(a, "queues", "%u", def->driverQueues);
        uvXMLElement(&children, "driver", a, NULL, NULL);
    }
    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "controller", attrs, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <input> ---- */

void
uvDomainInputDefFree(UvDomainInputDef *def)
{
    if (!def)
        return;
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainInputDef *
uvDomainInputDefCopy(const UvDomainInputDef *def)
{
    UvDomainInputDef *copy = g_new0(UvDomainInputDef, 1);

    *copy = *def;
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

UvDomainInputDef *
uvDomainInputDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type", "bus", "model", NULL};
    static const char *const children[] = {"alias", "address", NULL};
    g_autoptr(UvDomainInputDef) def = g_new0(UvDomainInputDef, 1);
    int v = 0;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainInputTypeToString, uvDomainInputTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->type = v;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "bus", uvDomainInputBusTypeToString,
                            uvDomainInputBusTypeFromString, 1, FALSE, &v, error))
        return NULL;
    def->bus = v;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "model", uvDomainVirtioModelTypeToString,
                            uvDomainVirtioModelTypeFromString, 1, FALSE, &v, error))
        return NULL;
    def->model = v;
    if (def->model && def->bus != UV_DOMAIN_INPUT_BUS_VIRTIO) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Input model '%s' (attribute 'model' of element 'input' at '%s') applies "
                      "only to bus 'virtio'; remove it or use bus='virtio'."),
                    uvDomainVirtioModelTypeToString(def->model), path);
        return NULL;
    }
    if (def->type == UV_DOMAIN_INPUT_TYPE_TABLET && def->bus == UV_DOMAIN_INPUT_BUS_PS2) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("A tablet cannot use bus 'ps2' (element 'input' at '%s'); use bus='usb' "
                      "or bus='virtio'."),
                    path);
        return NULL;
    }
    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, UV_ADDR_USB | UV_ADDR_PCI, error))
        return NULL;
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainInputDefFormat(UvXMLBuf *buf, const UvDomainInputDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainInputTypeToString(def->type));
    if (def->bus)
        uvXMLAttr(attrs, "bus", uvDomainInputBusTypeToString(def->bus));
    if (def->model)
        uvXMLAttr(attrs, "model", uvDomainVirtioModelTypeToString(def->model));
    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "input", attrs, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <graphics> ---- */

void
uvDomainGraphicsDefFree(UvDomainGraphicsDef *def)
{
    if (!def)
        return;
    g_free(def->keymap);
    g_free(def->listenAddress);
    g_free(def->listenSocket);
    g_free(def);
}

UvDomainGraphicsDef *
uvDomainGraphicsDefCopy(const UvDomainGraphicsDef *def)
{
    UvDomainGraphicsDef *copy = g_new0(UvDomainGraphicsDef, 1);

    *copy = *def;
    copy->keymap = g_strdup(def->keymap);
    copy->listenAddress = g_strdup(def->listenAddress);
    copy->listenSocket = g_strdup(def->listenSocket);
    return copy;
}

static gboolean
parsePortAttr(xmlNodePtr node, const char *name, int *port, GError **error)
{
    g_autofree char *str = uvXMLGetAttr(node, name);
    guint64 v;

    if (!str)
        return TRUE;
    if (strcmp(str, "-1") == 0) {
        *port = -1;
        return TRUE;
    }
    if (!uvXMLStrToU64(str, FALSE, &v) || v < 1 || v > 65535) {
        UV_XML_ERROR_BAD_ATTR(error, node, name, str,
                              _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; "
                                "use -1 (pick one at start) or a port from 1 to 65535."));
        return FALSE;
    }
    *port = (int)v;
    return TRUE;
}

UvDomainGraphicsDef *
uvDomainGraphicsDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type",   "port",   "autoport", "websocket",
                                        "listen", "socket", "keymap",   NULL};
    static const char *const children[] = {"listen", NULL};
    static const char *const listenAttrs[] = {"type", "address", "socket", NULL};
    g_autoptr(UvDomainGraphicsDef) def = g_new0(UvDomainGraphicsDef, 1);
    g_autofree char *listenAttr = NULL;
    g_autofree char *socketAttr = NULL;
    int port = -1;
    int autoport = UV_TRISTATE_BOOL_DEFAULT;
    int v = 0;
    xmlNodePtr child;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainGraphicsTypeToString,
                            uvDomainGraphicsTypeFromString, 0, TRUE, &v, error))
        return NULL;
    def->type = v;

    if (!parsePortAttr(node, "port", &port, error))
        return NULL;
    if (!uvXMLParseTristateBool(node, "autoport", &autoport, error))
        return NULL;
    if (autoport == UV_TRISTATE_BOOL_NO && port < 0) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'graphics' at '%s' has autoport='no' but no port; add "
                      "port='5900' or similar, or use autoport='yes'."),
                    path);
        return NULL;
    }
    def->autoport = autoport == UV_TRISTATE_BOOL_YES || port < 0;
    /* with autoport the port is whatever QEMU got last time: runtime state */
    def->port = (!def->autoport || (flags & UV_DOMAIN_DEF_PARSE_LIVE)) ? port : -1;

    def->websocket = 0;
    if (!parsePortAttr(node, "websocket", &def->websocket, error))
        return NULL;

    if ((def->keymap = uvXMLGetAttr(node, "keymap"))) {
        gboolean ok = def->keymap[0] != '\0';

        for (const char *p = def->keymap; *p; p++)
            ok = ok && (g_ascii_isalnum(*p) || *p == '-' || *p == '_');
        if (!ok) {
            UV_XML_ERROR_BAD_ATTR(error, node, "keymap", def->keymap,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use a keymap name such as 'en-us'."));
            return NULL;
        }
    }

    listenAttr = uvXMLGetAttr(node, "listen");
    socketAttr = uvXMLGetAttr(node, "socket");
    if ((child = uvXMLGetChild(node, "listen"))) {
        if (!uvXMLCheckNode(child, listenAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "type", uvDomainGraphicsListenTypeToString,
                                uvDomainGraphicsListenTypeFromString, 0, TRUE, &v, error))
            return NULL;
        def->hasListen = TRUE;
        def->listenType = v;
        def->listenAddress = uvXMLGetAttr(child, "address");
        def->listenSocket = uvXMLGetAttr(child, "socket");
        if (def->listenAddress && def->listenType != UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS) {
            UV_XML_ERROR_BAD_ATTR(error, child, "address", def->listenAddress,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use it only with type='address'."));
            return NULL;
        }
        if (def->listenSocket && def->listenType != UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET) {
            UV_XML_ERROR_BAD_ATTR(error, child, "socket", def->listenSocket,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use it only with type='socket'."));
            return NULL;
        }
        if (def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS && !def->listenAddress)
            def->listenAddress = g_strdup(listenAttr);
        if (def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET && !def->listenSocket)
            def->listenSocket = g_strdup(socketAttr);
        /* <listen type='address'/> without an address (virt-manager writes it) means the
         * default listen address, as in libvirt */
        if (def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET && !def->listenSocket) {
            uvXMLErrorMissingAttr(child, "socket", error);
            return NULL;
        }
        if (listenAttr && g_strcmp0(listenAttr, def->listenAddress) != 0) {
            UV_XML_ERROR_BAD_ATTR(
                error, node, "listen", listenAttr,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use the same "
                  "address as its <listen> element, or drop it."));
            return NULL;
        }
        if (socketAttr && g_strcmp0(socketAttr, def->listenSocket) != 0) {
            UV_XML_ERROR_BAD_ATTR(
                error, node, "socket", socketAttr,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use the same "
                  "path as its <listen> element, or drop it."));
            return NULL;
        }
    } else if (listenAttr) {
        def->hasListen = TRUE;
        def->listenType = UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS;
        def->listenAddress = g_steal_pointer(&listenAttr);
    } else if (socketAttr) {
        def->hasListen = TRUE;
        def->listenType = UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET;
        def->listenSocket = g_steal_pointer(&socketAttr);
    }

    if (def->listenAddress && !g_hostname_is_ip_address(def->listenAddress)) {
        xmlNodePtr where = child ? child : node;

        UV_XML_ERROR_BAD_ATTR(error, where, child ? "address" : "listen", def->listenAddress,
                              _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; "
                                "use an IPv4 or IPv6 address such as '127.0.0.1'."));
        return NULL;
    }
    if (def->listenSocket && !g_path_is_absolute(def->listenSocket)) {
        xmlNodePtr where = child ? child : node;

        UV_XML_ERROR_BAD_ATTR(error, where, "socket", def->listenSocket,
                              _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; "
                                "use an absolute path."));
        return NULL;
    }
    return g_steal_pointer(&def);
}

void
uvDomainGraphicsDefFormat(UvXMLBuf *buf, const UvDomainGraphicsDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    gboolean live = flags & UV_DOMAIN_DEF_FORMAT_LIVE;
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainGraphicsTypeToString(def->type));
    if (def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET && def->hasListen) {
        uvXMLAttr(attrs, "socket", def->listenSocket);
    } else if (!def->hasListen || def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS) {
        uvXMLAttrPrintf(attrs, "port", "%d", (def->autoport && !live) ? -1 : def->port);
        uvXMLAttr(attrs, "autoport", def->autoport ? "yes" : "no");
    }
    if (def->websocket)
        uvXMLAttrPrintf(attrs, "websocket", "%d", def->websocket);
    if (def->hasListen && def->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS)
        uvXMLAttr(attrs, "listen", def->listenAddress);
    uvXMLAttr(attrs, "keymap", def->keymap);

    if (def->hasListen) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "type", uvDomainGraphicsListenTypeToString(def->listenType));
        uvXMLAttr(a, "address", def->listenAddress);
        uvXMLAttr(a, "socket", def->listenSocket);
        uvXMLElement(&children, "listen", a, NULL, NULL);
    }
    uvXMLElement(buf, "graphics", attrs, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <video> ---- */

void
uvDomainVideoDefFree(UvDomainVideoDef *def)
{
    if (!def)
        return;
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainVideoDef *
uvDomainVideoDefCopy(const UvDomainVideoDef *def)
{
    UvDomainVideoDef *copy = g_new0(UvDomainVideoDef, 1);

    *copy = *def;
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

UvDomainVideoDef *
uvDomainVideoDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const children[] = {"model", "alias", "address", NULL};
    static const char *const modelAttrs[] = {"type",  "ram",     "vram", "vgamem",
                                             "heads", "primary", NULL};
    g_autoptr(UvDomainVideoDef) def = g_new0(UvDomainVideoDef, 1);
    xmlNodePtr model;
    guint64 v;
    int e = 0;

    if (!uvXMLCheckNode(node, NULL, children, FALSE, error))
        return NULL;
    if (!(model = uvXMLGetChild(node, "model"))) {
        uvXMLErrorMissingChild(node, "model", error);
        return NULL;
    }
    if (!uvXMLCheckNode(model, modelAttrs, NULL, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(model, "type", uvDomainVideoTypeToString, uvDomainVideoTypeFromString,
                            0, TRUE, &e, error))
        return NULL;
    def->type = e;
    v = 0;
    if (!uvXMLParseUIntAttr(model, "ram", 1, G_MAXUINT32, FALSE, FALSE, &v, NULL, error))
        return NULL;
    def->ram = (guint)v;
    v = 0;
    if (!uvXMLParseUIntAttr(model, "vram", 1, G_MAXUINT32, FALSE, FALSE, &v, NULL, error))
        return NULL;
    def->vram = (guint)v;
    v = 0;
    if (!uvXMLParseUIntAttr(model, "vgamem", 1, G_MAXUINT32, FALSE, FALSE, &v, NULL, error))
        return NULL;
    def->vgamem = (guint)v;
    v = 0;
    if (!uvXMLParseUIntAttr(model, "heads", 1, 16, FALSE, FALSE, &v, NULL, error))
        return NULL;
    def->heads = (guint)v;
    e = 0;
    if (!uvXMLParseTristateBool(model, "primary", &e, error))
        return NULL;
    def->primary = e;

    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, UV_ADDR_PCI, error))
        return NULL;
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainVideoDefFormat(UvXMLBuf *buf, const UvDomainVideoDef *def, unsigned int flags)
{
    g_autoptr(GString) a = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(a, "type", uvDomainVideoTypeToString(def->type));
    if (def->ram)
        uvXMLAttrPrintf(a, "ram", "%u", def->ram);
    if (def->vram)
        uvXMLAttrPrintf(a, "vram", "%u", def->vram);
    if (def->vgamem)
        uvXMLAttrPrintf(a, "vgamem", "%u", def->vgamem);
    if (def->heads)
        uvXMLAttrPrintf(a, "heads", "%u", def->heads);
    if (def->primary)
        uvXMLAttr(a, "primary", uvTristateBoolTypeToString(def->primary));
    uvXMLElement(&children, "model", a, NULL, NULL);
    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "video", NULL, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <memballoon> ---- */

void
uvDomainMemballoonDefFree(UvDomainMemballoonDef *def)
{
    if (!def)
        return;
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainMemballoonDef *
uvDomainMemballoonDefCopy(const UvDomainMemballoonDef *def)
{
    UvDomainMemballoonDef *copy = g_new0(UvDomainMemballoonDef, 1);

    *copy = *def;
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

UvDomainMemballoonDef *
uvDomainMemballoonDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"model", "autodeflate", "freePageReporting", NULL};
    static const char *const children[] = {"stats", "alias", "address", NULL};
    static const char *const statsAttrs[] = {"period", NULL};
    g_autoptr(UvDomainMemballoonDef) def = g_new0(UvDomainMemballoonDef, 1);
    xmlNodePtr child;
    int e = 0;

    def->statsPeriod = -1;
    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvDomainParseVirtioModelAttr(node, "model", uvDomainMemballoonModelTypeToString,
                                      uvDomainMemballoonModelTypeFromString, 0,
                                      UV_DOMAIN_MEMBALLOON_MODEL_VIRTIO, TRUE, &e,
                                      &def->virtioModel, error))
        return NULL;
    def->model = e;
    if (def->virtioModel == UV_DOMAIN_VIRTIO_MODEL_VIRTIO)
        def->virtioModel = UV_DOMAIN_VIRTIO_MODEL_DEFAULT;
    e = 0;
    if (!uvXMLParseTristateSwitch(node, "autodeflate", &e, error))
        return NULL;
    def->autodeflate = e;
    e = 0;
    if (!uvXMLParseTristateSwitch(node, "freePageReporting", &e, error))
        return NULL;
    def->freePageReporting = e;
    if ((child = uvXMLGetChild(node, "stats"))) {
        guint64 period = 0;

        if (!uvXMLCheckNode(child, statsAttrs, NULL, FALSE, error))
            return NULL;
        if (!uvXMLParseUIntAttr(child, "period", 1, G_MAXINT, FALSE, TRUE, &period, NULL, error))
            return NULL;
        def->statsPeriod = (int)period;
    }
    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, UV_ADDR_PCI, error))
        return NULL;
    if (def->model == UV_DOMAIN_MEMBALLOON_MODEL_NONE &&
        (def->autodeflate || def->freePageReporting || def->statsPeriod >= 0 ||
         def->info.address.type != UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE)) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'memballoon' at '%s' has model='none' but also settings for a "
                      "balloon; remove them or use model='virtio'."),
                    path);
        return NULL;
    }
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainMemballoonDefFormat(UvXMLBuf *buf, const UvDomainMemballoonDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "model",
              def->model == UV_DOMAIN_MEMBALLOON_MODEL_VIRTIO
                  ? uvDomainVirtioModelName(def->virtioModel)
                  : uvDomainMemballoonModelTypeToString(def->model));
    if (def->autodeflate)
        uvXMLAttr(attrs, "autodeflate", uvTristateSwitchTypeToString(def->autodeflate));
    if (def->freePageReporting)
        uvXMLAttr(attrs, "freePageReporting", uvTristateSwitchTypeToString(def->freePageReporting));
    if (def->statsPeriod >= 0) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttrPrintf(a, "period", "%d", def->statsPeriod);
        uvXMLElement(&children, "stats", a, NULL, NULL);
    }
    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "memballoon", attrs, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <rng> ---- */

void
uvDomainRNGDefFree(UvDomainRNGDef *def)
{
    if (!def)
        return;
    g_free(def->source);
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainRNGDef *
uvDomainRNGDefCopy(const UvDomainRNGDef *def)
{
    UvDomainRNGDef *copy = g_new0(UvDomainRNGDef, 1);

    *copy = *def;
    copy->source = g_strdup(def->source);
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

UvDomainRNGDef *
uvDomainRNGDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"model", NULL};
    static const char *const children[] = {"rate", "backend", "alias", "address", NULL};
    static const char *const rateAttrs[] = {"bytes", "period", NULL};
    static const char *const backendAttrs[] = {"model", NULL};
    static const char *const sources[] = {"/dev/random", "/dev/urandom", "/dev/hwrng", NULL};
    g_autoptr(UvDomainRNGDef) def = g_new0(UvDomainRNGDef, 1);
    xmlNodePtr child;
    int e = 0;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    if (!uvDomainParseVirtioModelAttr(node, "model", uvDomainRNGModelTypeToString,
                                      uvDomainRNGModelTypeFromString, 0, UV_DOMAIN_RNG_MODEL_VIRTIO,
                                      TRUE, &e, &def->virtioModel, error))
        return NULL;
    def->model = e;
    if (def->virtioModel == UV_DOMAIN_VIRTIO_MODEL_VIRTIO)
        def->virtioModel = UV_DOMAIN_VIRTIO_MODEL_DEFAULT;

    if ((child = uvXMLGetChild(node, "rate"))) {
        guint64 v = 0;

        if (!uvXMLCheckNode(child, rateAttrs, NULL, FALSE, error))
            return NULL;
        if (!uvXMLParseUIntAttr(child, "bytes", 1, G_MAXUINT32, FALSE, TRUE, &v, NULL, error))
            return NULL;
        def->rateBytes = (guint)v;
        v = 0;
        if (!uvXMLParseUIntAttr(child, "period", 1, G_MAXUINT32, FALSE, FALSE, &v, NULL, error))
            return NULL;
        def->ratePeriod = (guint)v;
    }

    if (!(child = uvXMLGetChild(node, "backend"))) {
        uvXMLErrorMissingChild(node, "backend", error);
        return NULL;
    }
    if (!uvXMLCheckNode(child, backendAttrs, NULL, TRUE, error))
        return NULL;
    e = 0;
    if (!uvXMLParseEnumAttr(child, "model", uvDomainRNGBackendTypeToString,
                            uvDomainRNGBackendTypeFromString, 0, TRUE, &e, error))
        return NULL;
    def->backend = e;
    {
        g_autofree char *raw = uvXMLGetText(child);
        char *text = g_strstrip(raw);

        if (*text) {
            if (!g_strv_contains(sources, text)) {
                g_autofree char *path = uvXMLNodePath(child);

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Invalid random source '%s' in element 'backend' at '%s'; use "
                              "'/dev/urandom', '/dev/random' or '/dev/hwrng'."),
                            text, path);
                return NULL;
            }
            def->source = g_strdup(text);
        }
    }

    if (!uvDomainDeviceInfoParseXML(node, &def->info, FALSE, UV_ADDR_PCI, error))
        return NULL;
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainRNGDefFormat(UvXMLBuf *buf, const UvDomainRNGDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    g_autoptr(GString) backend = g_string_new(NULL);
    UvXMLBuf children;

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "model", uvDomainVirtioModelName(def->virtioModel));
    if (def->rateBytes) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttrPrintf(a, "bytes", "%u", def->rateBytes);
        if (def->ratePeriod)
            uvXMLAttrPrintf(a, "period", "%u", def->ratePeriod);
        uvXMLElement(&children, "rate", a, NULL, NULL);
    }
    uvXMLAttr(backend, "model", uvDomainRNGBackendTypeToString(def->backend));
    uvXMLElement(&children, "backend", backend, NULL, def->source);
    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "rng", attrs, &children, NULL);
    uvXMLBufClear(&children);
}

/* ---- <audio> ---- */

void
uvDomainAudioDefFree(UvDomainAudioDef *def)
{
    g_free(def);
}

UvDomainAudioDef *
uvDomainAudioDefCopy(const UvDomainAudioDef *def)
{
    return g_memdup2(def, sizeof(*def));
}

UvDomainAudioDef *
uvDomainAudioDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    /* libvirt's other backends: all need a sound server or a display uvirt does not run */
    static const char *const hostBackends[] = {"alsa", "coreaudio", "dbus",     "file",
                                               "jack", "oss",       "pipewire", "pulseaudio",
                                               "sdl",  "spice",     NULL};
    static const char *const attrs[] = {"id", "type", NULL};
    g_autoptr(UvDomainAudioDef) def = g_new0(UvDomainAudioDef, 1);
    g_autofree char *type = uvXMLGetAttr(node, "type");
    guint64 id = 0;
    int v = 0;

    if (type && g_strv_contains(hostBackends, type)) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Audio backend '%s' (element 'audio' at '%s') is not supported: uvirt runs "
                      "headless guests without host sound; use type='none' or remove the "
                      "element."),
                    type, path);
        return NULL;
    }
    if (!uvXMLCheckNode(node, attrs, NULL, FALSE, error))
        return NULL;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainAudioTypeToString, uvDomainAudioTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->type = v;
    if (!uvXMLParseUIntAttr(node, "id", 1, G_MAXINT, FALSE, FALSE, &id, NULL, error))
        return NULL;
    def->id = (guint)id;
    (void)flags;
    return g_steal_pointer(&def);
}

void
uvDomainAudioDefFormat(UvXMLBuf *buf, const UvDomainAudioDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);

    uvXMLAttrPrintf(attrs, "id", "%u", def->id);
    uvXMLAttr(attrs, "type", uvDomainAudioTypeToString(def->type));
    uvXMLElement(buf, "audio", attrs, NULL, NULL);
    (void)flags;
}
