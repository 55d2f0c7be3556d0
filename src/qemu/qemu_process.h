/*
 * qemu_process.h: starting and stopping the QEMU process of a domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The caller holds the domain's lock (uvQemuDomainLock) around each call.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "conf/domain_conf.h"
#include "qemu_conf.h"
#include "qemu_domain.h"
#include "qemu_monitor.h"

/*
 * Start @def: open the interfaces' devices, spawn QEMU daemonized (it
 * outlives the caller) with exactly the fds it needs, complete the QMP
 * handshake, let the vCPUs run (unless @paused), and write the runtime state and live XML.
 * Any failure unwinds everything this call did (QEMU killed, fds closed,
 * created taps deleted, runtime files removed; pre-created devices are never
 * touched) and leaves one sentence in @error. On success *@idOut is the new
 * domain id.
 */
gboolean uvQemuProcessStart(const UvQemuDriverConfig *cfg, const UvDomainDef *def,
                            gboolean transient, gboolean paused, int *idOut, GError **error);

/*
 * End the QEMU process of a running domain: delete the taps it created
 * (while QEMU still holds them), SIGTERM, then SIGKILL after a bounded wait;
 * then uvQemuProcessCleanup().
 */
gboolean uvQemuProcessStop(const UvQemuDriverConfig *cfg, const char *name,
                           const UvQemuDomainStatus *st, GError **error);

/*
 * Forget a domain whose QEMU is gone: remove its runtime files, and for a
 * persistent domain record @reason (UV_DOMAIN_SHUTOFF_*) as why it is shut
 * off. The taps it created went away with QEMU's fds; they are not deleted by
 * name, which a new tap may have taken since.
 */
void uvQemuProcessCleanup(const UvQemuDriverConfig *cfg, const char *name,
                          const UvQemuDomainStatus *st, int reason);

/*
 * Why the QEMU of @st ended by itself (UV_DOMAIN_SHUTOFF_*), from what it
 * logged: shutdown when it went through an orderly shutdown (the guest
 * powered off or rebooted with on_reboot='destroy', or a SIGTERM/SIGINT/SIGHUP
 * from anyone), crashed after a guest panic or when it left no word (SIGKILL,
 * QEMU itself crashing), unknown when the log cannot tell.
 */
int uvQemuProcessExitReason(const UvQemuDriverConfig *cfg, const char *name,
                            const UvQemuDomainStatus *st);

/*
 * For a live QEMU kept after a guest power-off or panic (on_poweroff or
 * on_crash 'preserve'): TRUE with *@state / *@reason set (paused, shutting
 * down / crashed, panicked; paused, unknown once reset from there and waiting
 * for 'cont') when the log says the guest did; FALSE when the runtime state's
 * own paused/reason hold.
 */
gboolean uvQemuProcessKeptState(const UvQemuDriverConfig *cfg, const char *name,
                                const UvQemuDomainStatus *st, int *state, int *reason);

/* Open a QMP connection to a running domain. */
UvQemuMonitor *uvQemuProcessConnectMonitor(const UvQemuDomainStatus *st, GError **error);
