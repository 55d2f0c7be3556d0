/*
 * domain_priv.h: the per-device-class parsers and formatters behind
 * domain_conf.c (private to src/conf)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "conf/conf_xml.h"
#include "conf/domain_conf.h"

/* The "/domain/devices/NAME[i]" location of device @idx of @count of a class. */
char *uvDomainDevicePath(const char *name, guint idx, guint count);

/* Bit masks of the address types a device class accepts */
#define UV_ADDR_PCI (1u << UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI)
#define UV_ADDR_DRIVE (1u << UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE)
#define UV_ADDR_VIRTIO_SERIAL (1u << UV_DOMAIN_DEVICE_ADDRESS_TYPE_VIRTIO_SERIAL)
#define UV_ADDR_USB (1u << UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB)

/*
 * Parse the <alias>, <address> (one of the types in @addressTypes) and
 * (when @allowBoot) <boot> children of device element @node into @info.
 */
gboolean uvDomainDeviceInfoParseXML(xmlNodePtr node, UvDomainDeviceInfo *info, gboolean allowBoot,
                                    guint addressTypes, GError **error);

/*
 * Parse attribute @name of @node, a model from an enum table (values from
 * @first on) in which @virtioValue stands for "virtio". "virtio-transitional"
 * and "virtio-non-transitional" give @virtioValue too and set *@variant; plain
 * "virtio" sets *@variant to UV_DOMAIN_VIRTIO_MODEL_VIRTIO. Absent: both are
 * left alone, or an error when @required. The error lists all accepted values.
 */
gboolean uvDomainParseVirtioModelAttr(xmlNodePtr node, const char *name,
                                      UvEnumToStringFunc toString, UvEnumFromStringFunc fromString,
                                      int first, int virtioValue, gboolean required, int *value,
                                      UvDomainVirtioModel *variant, GError **error);

/* The model name of a virtio device of @variant: "virtio" unless (non-)transitional. */
const char *uvDomainVirtioModelName(UvDomainVirtioModel variant);

/* Append <boot>, <alias> (live, or a user "ua-" alias) and <address> to @buf. */
void uvDomainDeviceInfoFormat(UvXMLBuf *buf, const UvDomainDeviceInfo *info, unsigned int flags);

UvDomainNetDef *uvDomainNetDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainNetDefFormat(UvXMLBuf *buf, const UvDomainNetDef *def, unsigned int flags);
gboolean uvDomainNetDefValidate(const UvDomainNetDef *def, const char *path, GError **error);

UvDomainDiskDef *uvDomainDiskDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainDiskDefFormat(UvXMLBuf *buf, const UvDomainDiskDef *def, unsigned int flags);
gboolean uvDomainDiskDefValidate(const UvDomainDiskDef *def, const char *path, GError **error);

UvDomainChrDef *uvDomainChrDefParseXML(xmlNodePtr node, UvDomainChrDeviceType deviceType,
                                       unsigned int flags, GError **error);
void uvDomainChrDefFormat(UvXMLBuf *buf, const UvDomainChrDef *def, unsigned int flags);

UvDomainControllerDef *uvDomainControllerDefParseXML(xmlNodePtr node, unsigned int flags,
                                                     GError **error);
void uvDomainControllerDefFormat(UvXMLBuf *buf, const UvDomainControllerDef *def,
                                 unsigned int flags);
UvDomainInputDef *uvDomainInputDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainInputDefFormat(UvXMLBuf *buf, const UvDomainInputDef *def, unsigned int flags);
UvDomainGraphicsDef *uvDomainGraphicsDefParseXML(xmlNodePtr node, unsigned int flags,
                                                 GError **error);
void uvDomainGraphicsDefFormat(UvXMLBuf *buf, const UvDomainGraphicsDef *def, unsigned int flags);
UvDomainVideoDef *uvDomainVideoDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainVideoDefFormat(UvXMLBuf *buf, const UvDomainVideoDef *def, unsigned int flags);
UvDomainMemballoonDef *uvDomainMemballoonDefParseXML(xmlNodePtr node, unsigned int flags,
                                                     GError **error);
void uvDomainMemballoonDefFormat(UvXMLBuf *buf, const UvDomainMemballoonDef *def,
                                 unsigned int flags);
UvDomainRNGDef *uvDomainRNGDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainRNGDefFormat(UvXMLBuf *buf, const UvDomainRNGDef *def, unsigned int flags);
UvDomainAudioDef *uvDomainAudioDefParseXML(xmlNodePtr node, unsigned int flags, GError **error);
void uvDomainAudioDefFormat(UvXMLBuf *buf, const UvDomainAudioDef *def, unsigned int flags);
