/*
 * domain_common.h: pieces shared by every device class of a domain definition
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "util/uvenum.h"

/* An optional yes/no attribute: DEFAULT means the attribute was absent. */
typedef enum {
    UV_TRISTATE_BOOL_DEFAULT = 0,
    UV_TRISTATE_BOOL_YES,
    UV_TRISTATE_BOOL_NO,

    UV_TRISTATE_BOOL_LAST
} UvTristateBool;
UV_ENUM_DECL(uvTristateBool); /* "default", "yes", "no" */

/* An optional on/off attribute (state='on'): DEFAULT means absent. */
typedef enum {
    UV_TRISTATE_SWITCH_DEFAULT = 0,
    UV_TRISTATE_SWITCH_ON,
    UV_TRISTATE_SWITCH_OFF,

    UV_TRISTATE_SWITCH_LAST
} UvTristateSwitch;
UV_ENUM_DECL(uvTristateSwitch); /* "default", "on", "off" */

/*
 * The model= of a virtio device (<disk model=>, <memballoon model=>, <rng
 * model=>, <interface><model type=>): plain virtio lets QEMU pick, the
 * transitional variant also speaks to legacy (pre-1.0) guest drivers, the
 * non-transitional one only to modern drivers (PCIe-friendly: no I/O BAR).
 * DEFAULT means the attribute was absent.
 */
typedef enum {
    UV_DOMAIN_VIRTIO_MODEL_DEFAULT = 0,
    UV_DOMAIN_VIRTIO_MODEL_VIRTIO,
    UV_DOMAIN_VIRTIO_MODEL_TRANSITIONAL,
    UV_DOMAIN_VIRTIO_MODEL_NON_TRANSITIONAL,

    UV_DOMAIN_VIRTIO_MODEL_LAST
} UvDomainVirtioModel;
/* "default", "virtio", "virtio-transitional", "virtio-non-transitional" */
UV_ENUM_DECL(uvDomainVirtioModel);

/* <address type='...'>: where a device sits on its bus. */
typedef enum {
    UV_DOMAIN_DEVICE_ADDRESS_TYPE_NONE = 0,
    UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI,
    UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE,
    UV_DOMAIN_DEVICE_ADDRESS_TYPE_VIRTIO_SERIAL,
    UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB,

    UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST
} UvDomainDeviceAddressType;
UV_ENUM_DECL(uvDomainDeviceAddress); /* "none", "pci", "drive", "virtio-serial", "usb" */

typedef struct {
    guint domain;   /* 0 .. 0xffff */
    guint bus;      /* 0 .. 0xff */
    guint slot;     /* 0 .. 0x1f */
    guint function; /* 0 .. 7 */
    UvTristateSwitch multifunction;
} UvPCIAddress;

typedef struct {
    guint controller;
    guint bus;
    guint target;
    guint unit;
} UvDomainDeviceDriveAddress;

typedef struct {
    guint controller;
    guint bus;
    guint port;
} UvDomainDeviceVirtioSerialAddress;

typedef struct {
    guint bus;
    char *port; /* dotted hub path such as "1" or "1.2"; NULL when absent */
} UvDomainDeviceUSBAddress;

typedef struct {
    UvDomainDeviceAddressType type;
    union {
        UvPCIAddress pci;
        UvDomainDeviceDriveAddress drive;
        UvDomainDeviceVirtioSerialAddress vioserial;
        UvDomainDeviceUSBAddress usb;
    } addr;
} UvDomainDeviceAddress;

/*
 * What every device carries besides its own settings. @alias is the device's
 * name inside QEMU: a user alias must start with "ua-"; other aliases are
 * runtime state, assigned when the domain starts and formatted only for live
 * XML. @bootIndex is <boot order='N'/> (0: absent).
 */
typedef struct {
    char *alias;
    UvDomainDeviceAddress address;
    guint bootIndex;
    /* <rom enabled= bar=> (interfaces only): enabled='no' gives the PCI
     * device no option ROM (no PXE); DEFAULT when absent */
    UvTristateBool romEnabled;
    UvTristateSwitch romBar;
} UvDomainDeviceInfo;

/* Release what @info owns (not @info itself) and zero it. */
void uvDomainDeviceInfoClear(UvDomainDeviceInfo *info);

/* Deep-copy @src into @dst (which must be cleared or zero). */
void uvDomainDeviceInfoCopy(UvDomainDeviceInfo *dst, const UvDomainDeviceInfo *src);
