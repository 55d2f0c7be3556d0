/*
 * domain_disk.h: <disk> devices of a domain definition
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "conf/domain_common.h"

/* <disk type='...'> */
typedef enum {
    UV_DOMAIN_DISK_TYPE_FILE = 0,
    UV_DOMAIN_DISK_TYPE_BLOCK,

    UV_DOMAIN_DISK_TYPE_LAST
} UvDomainDiskType;
UV_ENUM_DECL(uvDomainDisk); /* "file", "block" */

/* <disk device='...'> */
typedef enum {
    UV_DOMAIN_DISK_DEVICE_DISK = 0,
    UV_DOMAIN_DISK_DEVICE_CDROM,

    UV_DOMAIN_DISK_DEVICE_LAST
} UvDomainDiskDevice;
UV_ENUM_DECL(uvDomainDiskDevice); /* "disk", "cdrom" */

/* <target bus='...'> */
typedef enum {
    UV_DOMAIN_DISK_BUS_DEFAULT = 0,
    UV_DOMAIN_DISK_BUS_VIRTIO,
    UV_DOMAIN_DISK_BUS_SATA,
    UV_DOMAIN_DISK_BUS_SCSI,
    UV_DOMAIN_DISK_BUS_IDE,

    UV_DOMAIN_DISK_BUS_LAST
} UvDomainDiskBus;
UV_ENUM_DECL(uvDomainDiskBus); /* "default", "virtio", "sata", "scsi", "ide" */

/* <driver type='...'>: the image format */
typedef enum {
    UV_DOMAIN_DISK_FORMAT_DEFAULT = 0,
    UV_DOMAIN_DISK_FORMAT_RAW,
    UV_DOMAIN_DISK_FORMAT_QCOW2,

    UV_DOMAIN_DISK_FORMAT_LAST
} UvDomainDiskFormat;
UV_ENUM_DECL(uvDomainDiskFormat); /* "default", "raw", "qcow2" */

/* <driver cache='...'> */
typedef enum {
    UV_DOMAIN_DISK_CACHE_DEFAULT = 0,
    UV_DOMAIN_DISK_CACHE_NONE,
    UV_DOMAIN_DISK_CACHE_WRITETHROUGH,
    UV_DOMAIN_DISK_CACHE_WRITEBACK,
    UV_DOMAIN_DISK_CACHE_DIRECTSYNC,
    UV_DOMAIN_DISK_CACHE_UNSAFE,

    UV_DOMAIN_DISK_CACHE_LAST
} UvDomainDiskCache;
/* "default", "none", "writethrough", "writeback", "directsync", "unsafe" */
UV_ENUM_DECL(uvDomainDiskCache);

/* <driver io='...'> */
typedef enum {
    UV_DOMAIN_DISK_IO_DEFAULT = 0,
    UV_DOMAIN_DISK_IO_NATIVE,
    UV_DOMAIN_DISK_IO_THREADS,
    UV_DOMAIN_DISK_IO_IO_URING,

    UV_DOMAIN_DISK_IO_LAST
} UvDomainDiskIo;
UV_ENUM_DECL(uvDomainDiskIo); /* "default", "native", "threads", "io_uring" */

/* <driver discard='...'> */
typedef enum {
    UV_DOMAIN_DISK_DISCARD_DEFAULT = 0,
    UV_DOMAIN_DISK_DISCARD_UNMAP,
    UV_DOMAIN_DISK_DISCARD_IGNORE,

    UV_DOMAIN_DISK_DISCARD_LAST
} UvDomainDiskDiscard;
UV_ENUM_DECL(uvDomainDiskDiscard); /* "default", "unmap", "ignore" */

/* <driver error_policy='...' rerror_policy='...'>: what QEMU does on an I/O error */
typedef enum {
    UV_DOMAIN_DISK_ERROR_POLICY_DEFAULT = 0,
    UV_DOMAIN_DISK_ERROR_POLICY_STOP,
    UV_DOMAIN_DISK_ERROR_POLICY_REPORT,
    UV_DOMAIN_DISK_ERROR_POLICY_IGNORE,
    UV_DOMAIN_DISK_ERROR_POLICY_ENOSPACE,

    UV_DOMAIN_DISK_ERROR_POLICY_LAST
} UvDomainDiskErrorPolicy;
UV_ENUM_DECL(uvDomainDiskErrorPolicy); /* "default", "stop", "report", "ignore", "enospace" */

typedef struct _UvDomainDiskDef UvDomainDiskDef;
struct _UvDomainDiskDef {
    UvDomainDiskType type;
    UvDomainDiskDevice device;

    char *driverName; /* <driver name=>: only "qemu" is accepted; NULL when absent */
    UvDomainDiskFormat format;
    UvDomainDiskCache cache;
    UvDomainDiskIo io;
    UvDomainDiskDiscard discard;
    UvDomainDiskErrorPolicy errorPolicy;  /* write errors, and read errors unless rerror_policy */
    UvDomainDiskErrorPolicy rerrorPolicy; /* read errors; never ENOSPACE */

    char *src; /* <source file=> or <source dev=>; NULL: empty (cdrom only) */
    char *dst; /* <target dev=>, e.g. "vda" */
    UvDomainDiskBus bus;
    UvDomainVirtioModel model; /* <disk model=>: only for bus virtio; DEFAULT when absent */
    gboolean readonly;         /* <readonly/> */
    char *serial;              /* <serial> */

    UvDomainDeviceInfo info;
};

void uvDomainDiskDefFree(UvDomainDiskDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainDiskDef, uvDomainDiskDefFree)
UvDomainDiskDef *uvDomainDiskDefCopy(const UvDomainDiskDef *def);
