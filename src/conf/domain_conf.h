/*
 * domain_conf.h: the domain definition, parsed from and formatted to
 * libvirt's domain XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The conf layer only turns text into a UvDomainDef and back, checking
 * everything that can be checked without looking at the host: it never opens
 * a device or asks the kernel anything (the qemu driver does that at start).
 * Anything it does not understand is an error naming the element or
 * attribute and its place, except the content of <metadata>, which is kept
 * verbatim.
 */
#pragma once

#include <glib.h>

#include "conf/domain_chr.h"
#include "conf/domain_common.h"
#include "conf/domain_devices.h"
#include "conf/domain_disk.h"
#include "conf/domain_net.h"
#include "util/uvuuid.h"

/* <domain type='...'> */
typedef enum {
    UV_DOMAIN_VIRT_QEMU = 0,
    UV_DOMAIN_VIRT_KVM,

    UV_DOMAIN_VIRT_LAST
} UvDomainVirtType;
UV_ENUM_DECL(uvDomainVirt); /* "qemu", "kvm" */

/* <vcpu placement='...'> */
typedef enum {
    UV_DOMAIN_CPU_PLACEMENT_DEFAULT = 0,
    UV_DOMAIN_CPU_PLACEMENT_STATIC,
    UV_DOMAIN_CPU_PLACEMENT_AUTO,

    UV_DOMAIN_CPU_PLACEMENT_LAST
} UvDomainCpuPlacement;
UV_ENUM_DECL(uvDomainCpuPlacement); /* "default", "static", "auto" */

/* <os><boot dev='...'/> */
typedef enum {
    UV_DOMAIN_BOOT_FLOPPY = 0,
    UV_DOMAIN_BOOT_CDROM,
    UV_DOMAIN_BOOT_DISK,
    UV_DOMAIN_BOOT_NET,

    UV_DOMAIN_BOOT_LAST
} UvDomainBootDev;
UV_ENUM_DECL(uvDomainBootDev); /* "fd", "cdrom", "hd", "network" */

/* <loader type='...'> */
typedef enum {
    UV_DOMAIN_LOADER_TYPE_DEFAULT = 0,
    UV_DOMAIN_LOADER_TYPE_ROM,
    UV_DOMAIN_LOADER_TYPE_PFLASH,

    UV_DOMAIN_LOADER_TYPE_LAST
} UvDomainLoaderType;
UV_ENUM_DECL(uvDomainLoaderType); /* "default", "rom", "pflash" */

/* <cpu mode='...'> */
typedef enum {
    UV_DOMAIN_CPU_MODE_DEFAULT = 0, /* no <cpu> or no mode=: custom when a model is given */
    UV_DOMAIN_CPU_MODE_CUSTOM,
    UV_DOMAIN_CPU_MODE_HOST_MODEL,
    UV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH,
    UV_DOMAIN_CPU_MODE_MAXIMUM,

    UV_DOMAIN_CPU_MODE_LAST
} UvDomainCpuMode;
/* "default", "custom", "host-model", "host-passthrough", "maximum" */
UV_ENUM_DECL(uvDomainCpuMode);

/* <cpu match='...'> */
typedef enum {
    UV_DOMAIN_CPU_MATCH_DEFAULT = 0,
    UV_DOMAIN_CPU_MATCH_MINIMUM,
    UV_DOMAIN_CPU_MATCH_EXACT,
    UV_DOMAIN_CPU_MATCH_STRICT,

    UV_DOMAIN_CPU_MATCH_LAST
} UvDomainCpuMatch;
UV_ENUM_DECL(uvDomainCpuMatch); /* "default", "minimum", "exact", "strict" */

/* <cpu check='...'> */
typedef enum {
    UV_DOMAIN_CPU_CHECK_DEFAULT = 0,
    UV_DOMAIN_CPU_CHECK_NONE,
    UV_DOMAIN_CPU_CHECK_PARTIAL,
    UV_DOMAIN_CPU_CHECK_FULL,

    UV_DOMAIN_CPU_CHECK_LAST
} UvDomainCpuCheck;
UV_ENUM_DECL(uvDomainCpuCheck); /* "default", "none", "partial", "full" */

/* <cpu><model fallback='...'> */
typedef enum {
    UV_DOMAIN_CPU_FALLBACK_DEFAULT = 0,
    UV_DOMAIN_CPU_FALLBACK_ALLOW,
    UV_DOMAIN_CPU_FALLBACK_FORBID,

    UV_DOMAIN_CPU_FALLBACK_LAST
} UvDomainCpuFallback;
UV_ENUM_DECL(uvDomainCpuFallback); /* "default", "allow", "forbid" */

/* <clock offset='...'> */
typedef enum {
    UV_DOMAIN_CLOCK_OFFSET_UTC = 0,
    UV_DOMAIN_CLOCK_OFFSET_LOCALTIME,

    UV_DOMAIN_CLOCK_OFFSET_LAST
} UvDomainClockOffset;
UV_ENUM_DECL(uvDomainClockOffset); /* "utc", "localtime" */

/* <timer name='...'> */
typedef enum {
    UV_DOMAIN_TIMER_NAME_PIT = 0,
    UV_DOMAIN_TIMER_NAME_RTC,
    UV_DOMAIN_TIMER_NAME_HPET,
    UV_DOMAIN_TIMER_NAME_KVMCLOCK,
    UV_DOMAIN_TIMER_NAME_TSC,

    UV_DOMAIN_TIMER_NAME_LAST
} UvDomainTimerName;
UV_ENUM_DECL(uvDomainTimerName); /* "pit", "rtc", "hpet", "kvmclock", "tsc" */

/* <timer tickpolicy='...'> */
typedef enum {
    UV_DOMAIN_TIMER_TICKPOLICY_DEFAULT = 0,
    UV_DOMAIN_TIMER_TICKPOLICY_DELAY,
    UV_DOMAIN_TIMER_TICKPOLICY_CATCHUP,
    UV_DOMAIN_TIMER_TICKPOLICY_MERGE,
    UV_DOMAIN_TIMER_TICKPOLICY_DISCARD,

    UV_DOMAIN_TIMER_TICKPOLICY_LAST
} UvDomainTimerTickpolicy;
UV_ENUM_DECL(uvDomainTimerTickpolicy); /* "default", "delay", "catchup", "merge", "discard" */

typedef struct {
    UvDomainTimerName name;
    UvDomainTimerTickpolicy tickpolicy;
    UvTristateBool present;
} UvDomainTimerDef;

/* on_poweroff / on_reboot / on_crash */
typedef enum {
    UV_DOMAIN_LIFECYCLE_ACTION_DEFAULT = 0,
    UV_DOMAIN_LIFECYCLE_ACTION_DESTROY,
    UV_DOMAIN_LIFECYCLE_ACTION_RESTART,
    UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE,
    UV_DOMAIN_LIFECYCLE_ACTION_RENAME_RESTART,
    UV_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY,
    UV_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART,

    UV_DOMAIN_LIFECYCLE_ACTION_LAST
} UvDomainLifecycleAction;
/* "default", "destroy", "restart", "preserve", "rename-restart",
 * "coredump-destroy", "coredump-restart" */
UV_ENUM_DECL(uvDomainLifecycleAction);

/* <os><smbios mode='...'> */
typedef enum {
    UV_DOMAIN_SMBIOS_MODE_DEFAULT = 0,
    UV_DOMAIN_SMBIOS_MODE_EMULATE,
    UV_DOMAIN_SMBIOS_MODE_HOST,
    UV_DOMAIN_SMBIOS_MODE_SYSINFO,

    UV_DOMAIN_SMBIOS_MODE_LAST
} UvDomainSmbiosMode;
UV_ENUM_DECL(uvDomainSmbiosMode); /* "default", "emulate", "host", "sysinfo" */

/* The sections of <sysinfo type='smbios'> with <entry name=...> children, in
 * libvirt's order; each is one SMBIOS structure (types 0, 1, 2 and 3). */
typedef enum {
    UV_DOMAIN_SYSINFO_SECTION_BIOS = 0,
    UV_DOMAIN_SYSINFO_SECTION_SYSTEM,
    UV_DOMAIN_SYSINFO_SECTION_BASEBOARD,
    UV_DOMAIN_SYSINFO_SECTION_CHASSIS,

    UV_DOMAIN_SYSINFO_SECTION_LAST
} UvDomainSysinfoSection;
UV_ENUM_DECL(uvDomainSysinfoSection); /* "bios", "system", "baseBoard", "chassis" */

#define UV_DOMAIN_SYSINFO_ENTRIES_MAX 8

/*
 * The entry names a section accepts, NULL-terminated, in the order they are
 * formatted; they are also the keys of QEMU's -smbios type=N option.
 */
const char *const *uvDomainSysinfoEntryNames(UvDomainSysinfoSection section);

typedef struct {
    gboolean present; /* a <sysinfo type='smbios'> element was given */
    /* entries[section][i]: the value of entry uvDomainSysinfoEntryNames(section)[i];
     * NULL when absent or empty */
    char *entries[UV_DOMAIN_SYSINFO_SECTION_LAST][UV_DOMAIN_SYSINFO_ENTRIES_MAX];
    char **oemStrings; /* <oemStrings><entry>, NULL-terminated; NULL when absent */
} UvDomainSysinfoDef;

/* The value of entry @name of @section of @sysinfo, or NULL. */
const char *uvDomainSysinfoGet(const UvDomainSysinfoDef *sysinfo, UvDomainSysinfoSection section,
                               const char *name);

/* <seclabel model='...'> of a type='none' label */
typedef enum {
    UV_DOMAIN_SECLABEL_MODEL_DEFAULT = 0,
    UV_DOMAIN_SECLABEL_MODEL_NONE,
    UV_DOMAIN_SECLABEL_MODEL_SELINUX,
    UV_DOMAIN_SECLABEL_MODEL_APPARMOR,
    UV_DOMAIN_SECLABEL_MODEL_DAC,

    UV_DOMAIN_SECLABEL_MODEL_LAST
} UvDomainSeclabelModel;
UV_ENUM_DECL(uvDomainSeclabelModel); /* "default", "none", "selinux", "apparmor", "dac" */

#define UV_DOMAIN_BOOT_DEVS_MAX 4

typedef struct {
    char *type;    /* <type>: only "hvm" is accepted */
    char *arch;    /* <type arch=>; only "x86_64" and "i686" for now; NULL when absent */
    char *machine; /* <type machine=>, e.g. "pc", "q35", "pc-q35-7.2"; NULL when absent */
    UvDomainBootDev bootDevs[UV_DOMAIN_BOOT_DEVS_MAX];
    guint nBootDevs;
    UvTristateBool bootmenu; /* <bootmenu enable=> */
    char *kernel;
    char *initrd;
    char *cmdline;
    char *loader; /* <loader> path */
    UvTristateBool loaderReadonly;
    UvDomainLoaderType loaderType;
    UvTristateBool loaderSecure;
    char *nvram;               /* <nvram> path */
    char *nvramTemplate;       /* <nvram template=> */
    UvDomainSmbiosMode smbios; /* <smbios mode=> */
} UvDomainOSDef;

typedef struct {
    UvTristateSwitch acpi; /* ON when <acpi/> is present */
    UvTristateSwitch apic;
    UvTristateSwitch pae;
    UvTristateSwitch vmport; /* <vmport state=> */
} UvDomainFeaturesDef;

typedef struct {
    gboolean present; /* a <cpu> element was given */
    UvDomainCpuMode mode;
    UvDomainCpuMatch match;
    UvDomainCpuCheck check;
    UvTristateSwitch migratable;
    char *model;
    UvDomainCpuFallback fallback;
    /* <topology>: all zero when absent */
    guint sockets;
    guint dies;
    guint cores;
    guint threads;
} UvDomainCpuDef;

typedef struct _UvDomainDef UvDomainDef;
struct _UvDomainDef {
    UvDomainVirtType virtType;
    int id; /* -1 for an inactive definition; set by the driver while running */
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    char *title;
    char *description;
    /* the <metadata> element as formatted text: each child element exactly as
     * written (plus any namespace declared further up), one per line, at the
     * indentation of <domain>'s children; NULL when absent */
    char *metadata;

    guint64 memory;        /* <memory>, KiB */
    guint64 currentMemory; /* <currentMemory>, KiB; equal to memory when absent */

    guint vcpus;        /* <vcpu> */
    guint vcpusCurrent; /* <vcpu current=>; 0 when absent */
    UvDomainCpuPlacement placement;

    /* <resource><partition>: the cgroup partition libvirt would put the guest in;
     * uvirt runs QEMU in the caller's cgroup and only keeps it; NULL when absent */
    char *resourcePartition;
    UvDomainSysinfoDef sysinfo;

    UvDomainOSDef os;
    UvDomainFeaturesDef features;
    UvDomainCpuDef cpu;

    UvDomainClockOffset clockOffset;
    UvDomainTimerDef *timers;
    guint ntimers;

    UvDomainLifecycleAction onPoweroff;
    UvDomainLifecycleAction onReboot;
    UvDomainLifecycleAction onCrash;

    UvTristateBool pmSuspendToMem;  /* <pm><suspend-to-mem enabled=> */
    UvTristateBool pmSuspendToDisk; /* <pm><suspend-to-disk enabled=> */

    char *emulator; /* <devices><emulator>; NULL when absent */

    /* devices, each array in document order within its class */
    UvDomainDiskDef **disks;
    guint ndisks;
    UvDomainControllerDef **controllers;
    guint ncontrollers;
    UvDomainNetDef **nets;
    guint nnets;
    UvDomainChrDef **serials;
    guint nserials;
    UvDomainChrDef **consoles;
    guint nconsoles;
    UvDomainChrDef **channels;
    guint nchannels;
    UvDomainInputDef **inputs;
    guint ninputs;
    UvDomainGraphicsDef **graphics;
    guint ngraphics;
    UvDomainVideoDef **videos;
    guint nvideos;
    UvDomainMemballoonDef *memballoon; /* NULL when absent */
    UvDomainRNGDef **rngs;
    guint nrngs;
    UvDomainAudioDef **audios;
    guint naudios;

    /* <seclabel type='none'> elements, by model: uvirt has no security driver,
     * so only labels that ask for no labelling are accepted */
    UvDomainSeclabelModel *seclabels;
    guint nseclabels;
};

/* Parse flags */
typedef enum {
    /* Keep runtime state found in the XML (domain id=, pty paths, the VNC port
     * chosen by autoport); without it such state is accepted and ignored. */
    UV_DOMAIN_DEF_PARSE_LIVE = 1 << 0,
    /* Also validate the document against uvirt's RelaxNG schema
     * (docs/schemas/domain.rng) before parsing. */
    UV_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA = 1 << 1,
} UvDomainDefParseFlags;

/* Format flags */
typedef enum {
    /* Live XML: emit id=, runtime aliases and other runtime state. */
    UV_DOMAIN_DEF_FORMAT_LIVE = 1 << 0,
} UvDomainDefFormatFlags;

/*
 * Parse and validate the domain XML in @xml. A missing <uuid> or interface
 * <mac> is generated. Returns a new definition (free with uvDomainDefFree)
 * or NULL with @error set (UV_ERROR_XML for malformed or unknown XML,
 * UV_ERROR_CONFIG_UNSUPPORTED for combinations we refuse).
 */
UvDomainDef *uvDomainDefParseString(const char *xml, unsigned int flags, GError **error);

/* Like uvDomainDefParseString() on the content of the file @path. */
UvDomainDef *uvDomainDefParseFile(const char *path, unsigned int flags, GError **error);

/*
 * Check the rules that do not depend on the XML text (names, MACs, unmanaged
 * interfaces, ...). uvDomainDefParseString() already calls it; call it again
 * after changing a definition in code.
 */
gboolean uvDomainDefValidate(const UvDomainDef *def, GError **error);

/*
 * Whether @name may name a domain: non-empty valid UTF-8, not starting with
 * '.', without '/' or control characters (it becomes a file name).
 */
gboolean uvDomainDefNameIsValid(const char *name);

/*
 * Format @def as canonical domain XML (libvirt's element order, 2-space
 * indent, trailing newline). Returns a new string or NULL with @error set.
 */
char *uvDomainDefFormat(const UvDomainDef *def, unsigned int flags, GError **error);

/* A new, empty definition (id -1). */
UvDomainDef *uvDomainDefNew(void);

void uvDomainDefFree(UvDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvDomainDef, uvDomainDefFree)

/* Deep copy of @def. */
UvDomainDef *uvDomainDefCopy(const UvDomainDef *def);

/*
 * Path of uvirt's domain schema: $UVIRT_SCHEMA_DIR/domain.rng when that
 * variable is set, else the installed copy when it exists, else the one in
 * the source tree. Returns a new string.
 */
char *uvDomainSchemaPath(void);

/*
 * Validate the XML document @xml against the RelaxNG schema at @schemaPath
 * (NULL: uvDomainSchemaPath()). On failure @error holds the first problem
 * libxml2 reported, with its line.
 */
gboolean uvDomainDefValidateSchema(const char *xml, const char *schemaPath, GError **error);
