/*
 * domain_net.c: <interface> devices: parse, validate, format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_priv.h"
#include "util/uvnetdev.h"

#include <string.h>

UV_ENUM_IMPL(uvDomainNet, UV_DOMAIN_NET_TYPE_LAST, "ethernet", "user", "bridge", "network",
             "direct");
UV_ENUM_IMPL(uvDomainNetMacvtapMode, UV_DOMAIN_NET_MACVTAP_MODE_LAST, "default", "vepa", "private",
             "bridge", "passthrough");
UV_ENUM_IMPL(uvDomainNetDriverName, UV_DOMAIN_NET_DRIVER_LAST, "default", "qemu", "vhost");
UV_ENUM_IMPL(uvDomainNetLinkState, UV_DOMAIN_NET_LINK_STATE_LAST, "default", "up", "down");
UV_ENUM_IMPL(uvDomainNetModel, UV_DOMAIN_NET_MODEL_LAST, "default", "virtio", "e1000", "e1000e",
             "rtl8139", "vmxnet3", "ne2k_pci", "pcnet");

void
uvDomainNetDefFree(UvDomainNetDef *def)
{
    if (!def)
        return;
    g_free(def->ifname);
    g_free(def->sourceBridge);
    g_free(def->sourceNetwork);
    g_free(def->sourceDev);
    uvDomainDeviceInfoClear(&def->info);
    g_free(def);
}

UvDomainNetDef *
uvDomainNetDefCopy(const UvDomainNetDef *def)
{
    UvDomainNetDef *copy = g_new0(UvDomainNetDef, 1);

    *copy = *def;
    copy->ifname = g_strdup(def->ifname);
    copy->sourceBridge = g_strdup(def->sourceBridge);
    copy->sourceNetwork = g_strdup(def->sourceNetwork);
    copy->sourceDev = g_strdup(def->sourceDev);
    uvDomainDeviceInfoCopy(&copy->info, &def->info);
    return copy;
}

gboolean
uvDomainNetIfnameIsValid(const char *ifname)
{
    return uvNetDevNameIsValid(ifname);
}

static gboolean
parseSource(xmlNodePtr node, UvDomainNetDef *def, GError **error)
{
    static const char *const bridgeAttrs[] = {"bridge", NULL};
    static const char *const networkAttrs[] = {"network", NULL};
    static const char *const directAttrs[] = {"dev", "mode", NULL};
    int mode = UV_DOMAIN_NET_MACVTAP_MODE_DEFAULT;

    switch (def->type) {
    case UV_DOMAIN_NET_TYPE_BRIDGE:
        if (!uvXMLCheckNode(node, bridgeAttrs, NULL, FALSE, error))
            return FALSE;
        if (!(def->sourceBridge = uvXMLGetAttr(node, "bridge"))) {
            uvXMLErrorMissingAttr(node, "bridge", error);
            return FALSE;
        }
        if (!uvDomainNetIfnameIsValid(def->sourceBridge)) {
            UV_XML_ERROR_BAD_ATTR(
                error, node, "bridge", def->sourceBridge,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use a Linux "
                  "interface name of 1 to 15 bytes without '/', ':' or whitespace."));
            return FALSE;
        }
        return TRUE;
    case UV_DOMAIN_NET_TYPE_NETWORK:
        if (!uvXMLCheckNode(node, networkAttrs, NULL, FALSE, error))
            return FALSE;
        if (!(def->sourceNetwork = uvXMLGetAttr(node, "network"))) {
            uvXMLErrorMissingAttr(node, "network", error);
            return FALSE;
        }
        if (!def->sourceNetwork[0] || strchr(def->sourceNetwork, '/')) {
            UV_XML_ERROR_BAD_ATTR(error, node, "network", def->sourceNetwork,
                                  _("Invalid value '%s' for attribute '%s' of element '%s' at "
                                    "'%s'; use the name of a network (non-empty, without '/')."));
            return FALSE;
        }
        return TRUE;
    case UV_DOMAIN_NET_TYPE_DIRECT:
        if (!uvXMLCheckNode(node, directAttrs, NULL, FALSE, error))
            return FALSE;
        if (!(def->sourceDev = uvXMLGetAttr(node, "dev"))) {
            uvXMLErrorMissingAttr(node, "dev", error);
            return FALSE;
        }
        if (!uvDomainNetIfnameIsValid(def->sourceDev)) {
            UV_XML_ERROR_BAD_ATTR(
                error, node, "dev", def->sourceDev,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use a Linux "
                  "interface name of 1 to 15 bytes without '/', ':' or whitespace."));
            return FALSE;
        }
        if (!uvXMLParseEnumAttr(node, "mode", uvDomainNetMacvtapModeTypeToString,
                                uvDomainNetMacvtapModeTypeFromString, 1, FALSE, &mode, error))
            return FALSE;
        def->sourceMode = mode;
        return TRUE;
    case UV_DOMAIN_NET_TYPE_ETHERNET:
    case UV_DOMAIN_NET_TYPE_USER:
        /* an empty <source/> (KubeVirt writes one) says nothing: accept and drop it */
        if (!node->properties && !node->children)
            return TRUE;
        break;
    case UV_DOMAIN_NET_TYPE_LAST:
        break;
    }

    {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Element 'source' at '%s' is not allowed on interfaces of type '%s'; "
                      "remove it."),
                    path, uvDomainNetTypeToString(def->type));
    }
    return FALSE;
}

UvDomainNetDef *
uvDomainNetDefParseXML(xmlNodePtr node, unsigned int flags, GError **error)
{
    static const char *const attrs[] = {"type", NULL};
    static const char *const children[] = {"mac",  "source", "target", "model",   "driver", "mtu",
                                           "link", "rom",    "alias",  "address", "boot",   NULL};
    static const char *const macAttrs[] = {"address", NULL};
    static const char *const targetAttrs[] = {"dev", "managed", NULL};
    static const char *const modelAttrs[] = {"type", NULL};
    static const char *const driverAttrs[] = {"name", "queues", NULL};
    static const char *const mtuAttrs[] = {"size", NULL};
    static const char *const linkAttrs[] = {"state", NULL};
    static const char *const romAttrs[] = {"enabled", "bar", NULL};
    g_autoptr(UvDomainNetDef) def = g_new0(UvDomainNetDef, 1);
    xmlNodePtr child;
    int v;

    if (!uvXMLCheckNode(node, attrs, children, FALSE, error))
        return NULL;
    v = 0;
    if (!uvXMLParseEnumAttr(node, "type", uvDomainNetTypeToString, uvDomainNetTypeFromString, 0,
                            TRUE, &v, error))
        return NULL;
    def->type = v;

    if ((child = uvXMLGetChild(node, "mac"))) {
        g_autofree char *addr = NULL;
        g_autofree char *path = NULL;

        if (!uvXMLCheckNode(child, macAttrs, NULL, FALSE, error))
            return NULL;
        if (!(addr = uvXMLGetAttr(child, "address"))) {
            uvXMLErrorMissingAttr(child, "address", error);
            return NULL;
        }
        path = uvXMLNodePath(child);
        if (!uvMacAddrParse(addr, &def->mac)) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid MAC address '%s' in attribute 'address' of element 'mac' at "
                          "'%s'; use six colon-separated hex bytes such as '52:54:00:12:34:56'."),
                        addr, path);
            return NULL;
        }
        def->macFromXML = TRUE;
    } else {
        uvMacAddrGenerate(&def->mac);
    }

    if ((child = uvXMLGetChild(node, "source"))) {
        if (!parseSource(child, def, error))
            return NULL;
    } else if (def->type == UV_DOMAIN_NET_TYPE_BRIDGE || def->type == UV_DOMAIN_NET_TYPE_NETWORK ||
               def->type == UV_DOMAIN_NET_TYPE_DIRECT) {
        uvXMLErrorMissingChild(node, "source", error);
        return NULL;
    }

    if ((child = uvXMLGetChild(node, "target"))) {
        if (!uvXMLCheckNode(child, targetAttrs, NULL, FALSE, error))
            return NULL;
        def->ifname = uvXMLGetAttr(child, "dev");
        if (def->ifname && !uvDomainNetIfnameIsValid(def->ifname)) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Invalid interface name '%s' in attribute 'dev' of element 'target' at "
                          "'%s'; a Linux interface name has 1 to 15 bytes, contains no '/', ':' "
                          "or whitespace, and is not '.' or '..'."),
                        def->ifname, path);
            return NULL;
        }
        v = 0;
        if (!uvXMLParseTristateBool(child, "managed", &v, error))
            return NULL;
        def->managedTap = v;
    }

    if ((child = uvXMLGetChild(node, "model"))) {
        if (!uvXMLCheckNode(child, modelAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvDomainParseVirtioModelAttr(
                child, "type", uvDomainNetModelTypeToString, uvDomainNetModelTypeFromString, 1,
                UV_DOMAIN_NET_MODEL_VIRTIO, TRUE, &v, &def->virtioModel, error))
            return NULL;
        def->model = v;
        if (def->virtioModel == UV_DOMAIN_VIRTIO_MODEL_VIRTIO)
            def->virtioModel = UV_DOMAIN_VIRTIO_MODEL_DEFAULT;
    }

    if ((child = uvXMLGetChild(node, "driver"))) {
        guint64 queues = 0;

        if (!uvXMLCheckNode(child, driverAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "name", uvDomainNetDriverNameTypeToString,
                                uvDomainNetDriverNameTypeFromString, 1, FALSE, &v, error))
            return NULL;
        def->driverName = v;
        if (!uvXMLParseUIntAttr(child, "queues", 1, 256, FALSE, FALSE, &queues, NULL, error))
            return NULL;
        def->queues = (guint)queues;
    }

    if ((child = uvXMLGetChild(node, "mtu"))) {
        guint64 mtu = 0;

        if (!uvXMLCheckNode(child, mtuAttrs, NULL, FALSE, error))
            return NULL;
        if (!uvXMLParseUIntAttr(child, "size", 68, 65535, FALSE, TRUE, &mtu, NULL, error))
            return NULL;
        def->mtu = (guint)mtu;
    }

    if ((child = uvXMLGetChild(node, "link"))) {
        if (!uvXMLCheckNode(child, linkAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseEnumAttr(child, "state", uvDomainNetLinkStateTypeToString,
                                uvDomainNetLinkStateTypeFromString, 1, TRUE, &v, error))
            return NULL;
        def->linkState = v;
    }

    if ((child = uvXMLGetChild(node, "rom"))) {
        if (!uvXMLCheckNode(child, romAttrs, NULL, FALSE, error))
            return NULL;
        v = 0;
        if (!uvXMLParseTristateBool(child, "enabled", &v, error))
            return NULL;
        def->info.romEnabled = v;
        v = 0;
        if (!uvXMLParseTristateSwitch(child, "bar", &v, error))
            return NULL;
        def->info.romBar = v;
        if (def->info.romEnabled == UV_TRISTATE_BOOL_NO && def->info.romBar) {
            g_autofree char *path = uvXMLNodePath(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Element 'rom' at '%s' has enabled='no' and a 'bar' attribute; a "
                          "disabled ROM has no BAR, so remove the 'bar' attribute."),
                        path);
            return NULL;
        }
    }

    if (!uvDomainDeviceInfoParseXML(node, &def->info, TRUE, UV_ADDR_PCI, error))
        return NULL;

    (void)flags;
    return g_steal_pointer(&def);
}

gboolean
uvDomainNetDefValidate(const UvDomainNetDef *def, const char *path, GError **error)
{
    char mac[UV_MAC_STRING_BUFLEN];

    if (!uvMacAddrIsUnicast(&def->mac)) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("MAC address '%s' in attribute 'address' of element 'mac' at '%s/mac' is a "
                      "multicast address; use a unicast address (lowest bit of the first byte "
                      "clear) such as '52:54:00:12:34:56'."),
                    uvMacAddrFormat(&def->mac, mac), path);
        return FALSE;
    }

    if (def->managedTap == UV_TRISTATE_BOOL_NO) {
        if (def->type != UV_DOMAIN_NET_TYPE_ETHERNET) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("Unmanaged target dev is not supported on interfaces of type '%s' "
                          "(managed='no' of element 'target' at '%s/target'); use "
                          "type='ethernet' for a pre-created tap or macvtap device."),
                        uvDomainNetTypeToString(def->type), path);
            return FALSE;
        }
        if (!def->ifname) {
            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Element 'target' at '%s/target' has managed='no' but no 'dev' "
                          "attribute; name the pre-created tap or macvtap device with dev='...'."),
                        path);
            return FALSE;
        }
    }

    if (def->ifname && !uvDomainNetIfnameIsValid(def->ifname)) {
        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid interface name '%s' in attribute 'dev' of element 'target' at "
                      "'%s/target'; a Linux interface name has 1 to 15 bytes, contains no '/', "
                      "':' or whitespace, and is not '.' or '..'."),
                    def->ifname, path);
        return FALSE;
    }

    if (def->queues > 1 && def->model != UV_DOMAIN_NET_MODEL_VIRTIO) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("Multiqueue (queues='%u' of element 'driver' at '%s/driver') needs "
                      "<model type='virtio'/>; change the model or drop the queues attribute."),
                    def->queues, path);
        return FALSE;
    }

    if (def->driverName == UV_DOMAIN_NET_DRIVER_VHOST && def->model != UV_DOMAIN_NET_MODEL_VIRTIO) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("The vhost backend (name='vhost' of element 'driver' at '%s/driver') needs "
                      "<model type='virtio'/>; change the model or drop the name attribute."),
                    path);
        return FALSE;
    }
    return TRUE;
}

void
uvDomainNetDefFormat(UvXMLBuf *buf, const UvDomainNetDef *def, unsigned int flags)
{
    g_autoptr(GString) attrs = g_string_new(NULL);
    UvXMLBuf children;
    char mac[UV_MAC_STRING_BUFLEN];

    uvXMLBufInit(&children, buf->indent + 1);
    uvXMLAttr(attrs, "type", uvDomainNetTypeToString(def->type));

    {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "address", uvMacAddrFormat(&def->mac, mac));
        uvXMLElement(&children, "mac", a, NULL, NULL);
    }

    if (def->sourceBridge || def->sourceNetwork || def->sourceDev) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "bridge", def->sourceBridge);
        uvXMLAttr(a, "network", def->sourceNetwork);
        uvXMLAttr(a, "dev", def->sourceDev);
        if (def->sourceMode)
            uvXMLAttr(a, "mode", uvDomainNetMacvtapModeTypeToString(def->sourceMode));
        uvXMLElement(&children, "source", a, NULL, NULL);
    }

    if (def->ifname || def->managedTap) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "dev", def->ifname);
        if (def->managedTap)
            uvXMLAttr(a, "managed", uvTristateBoolTypeToString(def->managedTap));
        uvXMLElement(&children, "target", a, NULL, NULL);
    }

    if (def->model) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "type",
                  def->model == UV_DOMAIN_NET_MODEL_VIRTIO
                      ? uvDomainVirtioModelName(def->virtioModel)
                      : uvDomainNetModelTypeToString(def->model));
        uvXMLElement(&children, "model", a, NULL, NULL);
    }

    if (def->driverName || def->queues) {
        g_autoptr(GString) a = g_string_new(NULL);

        if (def->driverName)
            uvXMLAttr(a, "name", uvDomainNetDriverNameTypeToString(def->driverName));
        if (def->queues)
            uvXMLAttrPrintf(a, "queues", "%u", def->queues);
        uvXMLElement(&children, "driver", a, NULL, NULL);
    }

    if (def->linkState) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttr(a, "state", uvDomainNetLinkStateTypeToString(def->linkState));
        uvXMLElement(&children, "link", a, NULL, NULL);
    }

    if (def->mtu) {
        g_autoptr(GString) a = g_string_new(NULL);

        uvXMLAttrPrintf(a, "size", "%u", def->mtu);
        uvXMLElement(&children, "mtu", a, NULL, NULL);
    }

    uvDomainDeviceInfoFormat(&children, &def->info, flags);
    uvXMLElement(buf, "interface", attrs, &children, NULL);
    uvXMLBufClear(&children);
}
