/*
 * domain_devices.h: the small device classes of a domain definition:
 * <controller>, <input>, <graphics>, <video>, <memballoon>, <rng>, <audio>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "conf/domain_common.h"

/* ---- <controller> ---- */
typedef enum {
    UV_DOMAIN_CONTROLLER_TYPE_USB = 0,
    UV_DOMAIN_CONTROLLER_TYPE_PCI,
    UV_DOMAIN_CONTROLLER_TYPE_SCSI,
    UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL,
    UV_DOMAIN_CONTROLLER_TYPE_IDE,
    UV_DOMAIN_CONTROLLER_TYPE_SATA,

    UV_DOMAIN_CONTROLLER_TYPE_LAST
} UvDomainControllerType;
UV_ENUM_DECL(uvDomainController); /* "usb", "pci", "scsi", "virtio-serial", "ide", "sata" */

typedef struct _UvDomainControllerDef UvDomainControllerDef;
struct _UvDomainControllerDef {
    UvDomainControllerType type;
    guint idx; /* <controller index=> */
    /* model= : checked against the type: usb: qemu-xhci, nec-xhci,
     * piix3-uhci, ich9-ehci1, ich9-uhci1..3, none; pci: pci-root,
     * pcie-root, pcie-root-port, pci-bridge, dmi-to-pci-bridge,
     * pcie-to-pci-bridge; scsi: virtio-scsi, virtio-transitional,
     * virtio-non-transitional, lsilogic; virtio-serial: virtio,
     * virtio-transitional, virtio-non-transitional; NULL when absent */
    char *model;
    int ports;          /* usb ports= ; -1 when absent */
    int vectors;        /* virtio-serial vectors= ; -1 when absent */
    int maxPorts;       /* virtio-serial ports= ; -1 when absent */
    char *pciModelName; /* pci <model name=> */
    int pciChassis;     /* pci <target chassis=> ; -1 when absent */
    int pciPort;        /* pci <target port=> ; -1 when absent */
    guint driverQueues; /* scsi <driver queues=> ; 0 when absent */

    UvDomainDeviceInfo info;
};

void uvDomainControllerDefFree(UvDomainControllerDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainControllerDef, uvDomainControllerDefFree)
UvDomainControllerDef *uvDomainControllerDefCopy(const UvDomainControllerDef *def);

/* ---- <input> ---- */
typedef enum {
    UV_DOMAIN_INPUT_TYPE_MOUSE = 0,
    UV_DOMAIN_INPUT_TYPE_TABLET,
    UV_DOMAIN_INPUT_TYPE_KEYBOARD,

    UV_DOMAIN_INPUT_TYPE_LAST
} UvDomainInputType;
UV_ENUM_DECL(uvDomainInput); /* "mouse", "tablet", "keyboard" */

typedef enum {
    UV_DOMAIN_INPUT_BUS_DEFAULT = 0,
    UV_DOMAIN_INPUT_BUS_PS2,
    UV_DOMAIN_INPUT_BUS_USB,
    UV_DOMAIN_INPUT_BUS_VIRTIO,

    UV_DOMAIN_INPUT_BUS_LAST
} UvDomainInputBus;
UV_ENUM_DECL(uvDomainInputBus); /* "default", "ps2", "usb", "virtio" */

typedef struct _UvDomainInputDef UvDomainInputDef;
struct _UvDomainInputDef {
    UvDomainInputType type;
    UvDomainInputBus bus;
    UvDomainVirtioModel model; /* <input model=>: bus virtio only; DEFAULT when absent */
    UvDomainDeviceInfo info;
};

void uvDomainInputDefFree(UvDomainInputDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainInputDef, uvDomainInputDefFree)
UvDomainInputDef *uvDomainInputDefCopy(const UvDomainInputDef *def);

/* ---- <graphics> ---- */
typedef enum {
    UV_DOMAIN_GRAPHICS_TYPE_VNC = 0,

    UV_DOMAIN_GRAPHICS_TYPE_LAST
} UvDomainGraphicsType;
UV_ENUM_DECL(uvDomainGraphics); /* "vnc" */

typedef enum {
    UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS = 0,
    UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET,
    UV_DOMAIN_GRAPHICS_LISTEN_TYPE_NONE,

    UV_DOMAIN_GRAPHICS_LISTEN_TYPE_LAST
} UvDomainGraphicsListenType;
UV_ENUM_DECL(uvDomainGraphicsListen); /* "address", "socket", "none" */

typedef struct _UvDomainGraphicsDef UvDomainGraphicsDef;
struct _UvDomainGraphicsDef {
    UvDomainGraphicsType type;
    gboolean autoport;  /* autoport='yes' or port='-1': QEMU picks a port at start */
    int port;           /* port= ; -1 when absent or not yet chosen (autoport) */
    int websocket;      /* websocket= ; 0 when absent */
    char *keymap;       /* keymap= */
    gboolean hasListen; /* a <listen> element or listen= attribute was given */
    UvDomainGraphicsListenType listenType;
    char *listenAddress; /* listen type='address' address=; NULL: the default (127.0.0.1) */
    char *listenSocket;  /* listen type='socket' socket= */
};

void uvDomainGraphicsDefFree(UvDomainGraphicsDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainGraphicsDef, uvDomainGraphicsDefFree)
UvDomainGraphicsDef *uvDomainGraphicsDefCopy(const UvDomainGraphicsDef *def);

/* ---- <video> ---- */
typedef enum {
    UV_DOMAIN_VIDEO_TYPE_VGA = 0,
    UV_DOMAIN_VIDEO_TYPE_CIRRUS,
    UV_DOMAIN_VIDEO_TYPE_VIRTIO,
    UV_DOMAIN_VIDEO_TYPE_QXL,
    UV_DOMAIN_VIDEO_TYPE_BOCHS,
    UV_DOMAIN_VIDEO_TYPE_RAMFB,
    UV_DOMAIN_VIDEO_TYPE_NONE,

    UV_DOMAIN_VIDEO_TYPE_LAST
} UvDomainVideoType;
UV_ENUM_DECL(uvDomainVideo); /* "vga", "cirrus", "virtio", "qxl", "bochs", "ramfb", "none" */

typedef struct _UvDomainVideoDef UvDomainVideoDef;
struct _UvDomainVideoDef {
    UvDomainVideoType type;
    guint ram;    /* KiB (qxl); 0 when absent */
    guint vram;   /* KiB; 0 when absent */
    guint vgamem; /* KiB (qxl); 0 when absent */
    guint heads;  /* 0 when absent */
    UvTristateBool primary;
    UvDomainDeviceInfo info;
};

void uvDomainVideoDefFree(UvDomainVideoDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainVideoDef, uvDomainVideoDefFree)
UvDomainVideoDef *uvDomainVideoDefCopy(const UvDomainVideoDef *def);

/* ---- <memballoon> ---- */
typedef enum {
    UV_DOMAIN_MEMBALLOON_MODEL_VIRTIO = 0,
    UV_DOMAIN_MEMBALLOON_MODEL_NONE,

    UV_DOMAIN_MEMBALLOON_MODEL_LAST
} UvDomainMemballoonModel;
UV_ENUM_DECL(uvDomainMemballoonModel); /* "virtio", "none" */

typedef struct _UvDomainMemballoonDef UvDomainMemballoonDef;
struct _UvDomainMemballoonDef {
    UvDomainMemballoonModel model;
    UvDomainVirtioModel virtioModel; /* model virtio: (NON_)TRANSITIONAL or DEFAULT */
    UvTristateSwitch autodeflate;
    UvTristateSwitch freePageReporting; /* freePageReporting=: free guest pages go back */
    int statsPeriod;                    /* <stats period=> seconds; -1 when absent */
    UvDomainDeviceInfo info;
};

void uvDomainMemballoonDefFree(UvDomainMemballoonDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainMemballoonDef, uvDomainMemballoonDefFree)
UvDomainMemballoonDef *uvDomainMemballoonDefCopy(const UvDomainMemballoonDef *def);

/* ---- <rng> ---- */
typedef enum {
    UV_DOMAIN_RNG_MODEL_VIRTIO = 0,

    UV_DOMAIN_RNG_MODEL_LAST
} UvDomainRNGModel;
UV_ENUM_DECL(uvDomainRNGModel); /* "virtio" */

typedef enum {
    UV_DOMAIN_RNG_BACKEND_RANDOM = 0,

    UV_DOMAIN_RNG_BACKEND_LAST
} UvDomainRNGBackend;
UV_ENUM_DECL(uvDomainRNGBackend); /* "random" */

typedef struct _UvDomainRNGDef UvDomainRNGDef;
struct _UvDomainRNGDef {
    UvDomainRNGModel model;
    UvDomainVirtioModel virtioModel; /* (NON_)TRANSITIONAL or DEFAULT */
    UvDomainRNGBackend backend;
    char *source;     /* the backend's file, e.g. "/dev/urandom" */
    guint rateBytes;  /* <rate bytes=> ; 0 when absent */
    guint ratePeriod; /* <rate period=> ms; 0 when absent */
    UvDomainDeviceInfo info;
};

void uvDomainRNGDefFree(UvDomainRNGDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainRNGDef, uvDomainRNGDefFree)
UvDomainRNGDef *uvDomainRNGDefCopy(const UvDomainRNGDef *def);

/* ---- <audio> ---- */
typedef enum {
    UV_DOMAIN_AUDIO_TYPE_NONE = 0,

    UV_DOMAIN_AUDIO_TYPE_LAST
} UvDomainAudioType;
UV_ENUM_DECL(uvDomainAudio); /* "none": uvirt guests have no host sound */

typedef struct _UvDomainAudioDef UvDomainAudioDef;
struct _UvDomainAudioDef {
    guint id; /* <audio id=>: 1, 2, ...; the position in the list when absent */
    UvDomainAudioType type;
};

void uvDomainAudioDefFree(UvDomainAudioDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainAudioDef, uvDomainAudioDefFree)
UvDomainAudioDef *uvDomainAudioDefCopy(const UvDomainAudioDef *def);
