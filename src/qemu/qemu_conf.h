/*
 * qemu_conf.h: where a QEMU driver connection keeps its files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The URI decides three directories (docs/uri.rst):
 *   qemu:///embed?root=DIR  DIR/etc/qemu, DIR/run/qemu, DIR/log/qemu
 *   qemu:///session         $XDG_CONFIG_HOME/uvirt/qemu,
 *                           $XDG_RUNTIME_DIR/uvirt/qemu (else ~/.cache/uvirt/run/qemu),
 *                           $XDG_STATE_HOME/uvirt/log/qemu (else ~/.cache/uvirt/log/qemu)
 *   qemu:///system          /var/lib/uvirt/qemu, /run/uvirt/qemu, /var/log/uvirt/qemu
 * Inside them:
 *   configDir/NAME.xml          persistent definition
 *   configDir/autostart/NAME    autostart marker
 *   stateDir/NAME.state         runtime state of a running domain (key file)
 *   stateDir/NAME.xml           its live XML
 *   stateDir/NAME.monitor       its QMP socket (SHA256-OF-NAME.monitor above 63 bytes)
 *   stateDir/NAME.shutoff       why a stopped persistent domain is shut off
 *   stateDir/lock/NAME.lock     the per-domain lock (flock), never removed
 *   stateDir/lock/driver.lock   serializes define/undefine/id allocation
 *   stateDir/next-id            the last domain id handed out
 *   logDir/NAME.log             QEMU's stdout/stderr
 * Directories are created 0700, files 0600. All of this is immutable once
 * the connection is open, so it is shared freely between threads.
 */
#pragma once

#include <glib.h>

#include "util/uvnetdevops.h"

typedef enum {
    UV_QEMU_URI_EMBED = 0,
    UV_QEMU_URI_SESSION,
    UV_QEMU_URI_SYSTEM,

    UV_QEMU_URI_LAST
} UvQemuURIKind;

typedef struct _UvQemuDriverConfig UvQemuDriverConfig;
struct _UvQemuDriverConfig {
    UvQemuURIKind kind;
    char *uri; /* canonical */
    char *configDir;
    char *autostartDir;
    char *stateDir;
    char *lockDir;
    char *logDir;
    char *emulator;      /* used when a definition names no <emulator> */
    char *bridgeHelper;  /* QEMU's setuid helper for <interface type='bridge'> */
    gboolean privileged; /* CAP_NET_ADMIN in the effective set */
    const UvNetDevOps *netdevOps;
};

/* Does the QEMU driver handle @uri (qemu:///embed|session|system)? No I/O. */
gboolean uvQemuURIProbe(const char *uri);

/* Whether this process has CAP_NET_ADMIN (may create and configure taps). */
gboolean uvQemuHasNetAdmin(void);

/*
 * Parse @uri and compute the directories; nothing is created. Errors:
 * UV_ERROR_INVALID_ARG for a URI the driver does not understand (missing or
 * relative root=, unknown path or parameter), UV_ERROR_PERMISSION for
 * qemu:///system as a non-root user.
 */
UvQemuDriverConfig *uvQemuDriverConfigNew(const char *uri, GError **error);

/* Create the directories (0700) that do not exist yet. */
gboolean uvQemuDriverConfigMakeDirs(UvQemuDriverConfig *cfg, GError **error);

void uvQemuDriverConfigFree(UvQemuDriverConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuDriverConfig, uvQemuDriverConfigFree)
