/*
 * domain_chr.h: character devices of a domain definition: <serial>, <console>, <channel>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "conf/domain_common.h"

/* Which element the device came from. */
typedef enum {
    UV_DOMAIN_CHR_DEVICE_TYPE_SERIAL = 0,
    UV_DOMAIN_CHR_DEVICE_TYPE_CONSOLE,
    UV_DOMAIN_CHR_DEVICE_TYPE_CHANNEL,

    UV_DOMAIN_CHR_DEVICE_TYPE_LAST
} UvDomainChrDeviceType;
UV_ENUM_DECL(uvDomainChrDevice); /* "serial", "console", "channel" */

/* <serial type='...'>: the host side */
typedef enum {
    UV_DOMAIN_CHR_TYPE_PTY = 0,
    UV_DOMAIN_CHR_TYPE_FILE,
    UV_DOMAIN_CHR_TYPE_UNIX,
    UV_DOMAIN_CHR_TYPE_NULL,

    UV_DOMAIN_CHR_TYPE_LAST
} UvDomainChrType;
UV_ENUM_DECL(uvDomainChr); /* "pty", "file", "unix", "null" */

/* <source mode='...'> of a unix socket */
typedef enum {
    UV_DOMAIN_CHR_SOURCE_MODE_DEFAULT = 0,
    UV_DOMAIN_CHR_SOURCE_MODE_BIND,
    UV_DOMAIN_CHR_SOURCE_MODE_CONNECT,

    UV_DOMAIN_CHR_SOURCE_MODE_LAST
} UvDomainChrSourceMode;
UV_ENUM_DECL(uvDomainChrSourceMode); /* "default", "bind", "connect" */

/*
 * <target type='...'>: the guest side. Serial: isa-serial, usb-serial,
 * pci-serial; console: serial, virtio; channel: virtio.
 */
typedef enum {
    UV_DOMAIN_CHR_TARGET_TYPE_DEFAULT = 0,
    UV_DOMAIN_CHR_TARGET_TYPE_ISA_SERIAL,
    UV_DOMAIN_CHR_TARGET_TYPE_USB_SERIAL,
    UV_DOMAIN_CHR_TARGET_TYPE_PCI_SERIAL,
    UV_DOMAIN_CHR_TARGET_TYPE_SERIAL,
    UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO,

    UV_DOMAIN_CHR_TARGET_TYPE_LAST
} UvDomainChrTargetType;
/* "default", "isa-serial", "usb-serial", "pci-serial", "serial", "virtio" */
UV_ENUM_DECL(uvDomainChrTarget);

typedef struct _UvDomainChrDef UvDomainChrDef;
struct _UvDomainChrDef {
    UvDomainChrDeviceType deviceType;
    UvDomainChrType type;

    /* <source path= mode=>: file and unix need a path; for pty the path is
     * runtime state (the /dev/pts/N QEMU allocated), formatted only live */
    char *sourcePath;
    UvDomainChrSourceMode sourceMode;
    UvTristateSwitch sourceAppend; /* <source append=> for type='file' */

    /* <log file= append=>: QEMU copies the guest's output to this file too */
    char *logFile;
    UvTristateSwitch logAppend;

    UvDomainChrTargetType targetType;
    int targetPort;    /* <target port=>; -1 when absent */
    char *targetName;  /* <target name=> of a virtio channel */
    char *targetModel; /* <target><model name=> of a serial, e.g. "isa-serial" */

    UvDomainDeviceInfo info;
};

void uvDomainChrDefFree(UvDomainChrDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainChrDef, uvDomainChrDefFree)
UvDomainChrDef *uvDomainChrDefCopy(const UvDomainChrDef *def);
