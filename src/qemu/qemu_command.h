/*
 * qemu_command.h: a domain definition to a QEMU command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A pure function of the definition and the file descriptors prepared for
 * it: no I/O, so the argv fixture tests pin it down exactly. QEMU 7.2 is the
 * oldest QEMU the output is written for; devices, netdevs and blockdevs use
 * the JSON syntax.
 */
#pragma once

#include <glib.h>

#include "conf/domain_conf.h"
#include "qemu_interface.h"

typedef struct {
    const char *emulator;           /* argv[0] */
    int monitorFd;                  /* a listening socket for QMP handed to QEMU, or -1 */
    const char *monitorPath;        /* used when @monitorFd is -1 */
    const char *bridgeHelper;       /* for type='bridge' without a prepared tap */
    const UvQemuPrepared *prepared; /* one entry per def->nets[i] */
    gboolean traceRunState;         /* log QEMU's run state changes (qemu_process.c reads them) */
} UvQemuCommandParams;

/*
 * Give every device of @def that has none its QEMU id ("net0", "virtio-disk0",
 * "serial0", ...). User aliases ("ua-...") are kept. The live XML shows them.
 */
void uvQemuAssignAliases(UvDomainDef *def);

/*
 * Give every unix channel of @def without a <source path> (KubeVirt's guest
 * agent channel has none) a socket QEMU binds in @dir: "TARGET-NAME.sock",
 * or "ALIAS.sock" when the target name is no plain file name. Run after
 * uvQemuAssignAliases(); the live XML then shows the path.
 * UV_ERROR_CONFIG_UNSUPPORTED when a path is too long for a UNIX socket.
 */
gboolean uvQemuAssignChannelPaths(UvDomainDef *def, const char *dir, GError **error);

/*
 * Can QEMU carry out @def's <on_poweroff>, <on_reboot> and <on_crash> by
 * itself (nothing else watches it)? UV_ERROR_CONFIG_UNSUPPORTED naming the
 * element, the value and what works when not. uvQemuBuildCommandLine()
 * refuses the same; the preflight check reports it.
 */
gboolean uvQemuCheckLifecycle(const UvDomainDef *def, GError **error);

/*
 * The argv (NULL-terminated GPtrArray of strings, argv[0] the emulator) QEMU
 * runs @def with. @def must have been through uvQemuAssignAliases(). Fails
 * (UV_ERROR_CONFIG_UNSUPPORTED / UV_ERROR_NO_SUPPORT) for what uvirt cannot
 * start.
 */
GPtrArray *uvQemuBuildCommandLine(const UvDomainDef *def, const UvQemuCommandParams *params,
                                  GError **error);

/* Quote @argv for a POSIX shell, one line, as virsh domxml-to-native prints it. */
char *uvQemuCommandLineToShell(const GPtrArray *argv);
