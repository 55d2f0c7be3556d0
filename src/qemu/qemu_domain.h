/*
 * qemu_domain.h: the on-disk runtime state of QEMU domains, and their locks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Nothing about a running domain lives only in memory: the state file names
 * the QEMU pid together with the process start time (field 22 of
 * /proc/PID/stat) and the kernel's boot id, so a recycled pid is never taken
 * for the guest, not even after a host reboot on a disk-backed state
 * directory, and any later process, or another thread, finds the guest from it.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "qemu_conf.h"

typedef struct _UvQemuDomainStatus UvQemuDomainStatus;
struct _UvQemuDomainStatus {
    pid_t pid;
    guint64 startTime; /* clock ticks since boot, /proc/PID/stat field 22 */
    char *bootId;      /* the boot the state was written in; NULL from an older uvirt */
    int id;
    char *uuid;    /* text form */
    char *monitor; /* QMP socket path */
    gboolean paused;
    int reason; /* why running or paused: UV_DOMAIN_RUNNING_* or UV_DOMAIN_PAUSED_* */
    gboolean transient;
    char **managedTaps; /* taps this start created (deleted at stop); NULL-terminated */
    char **messages;    /* the start's warnings, for uvDomainGetMessages; NULL-terminated */
    goffset logOffset;  /* where this QEMU's own output starts in the domain log; -1 unknown */
    /* QEMU stays after a guest power-off or panic (preserve): its log tells whether it did */
    gboolean watchRunState;
};

void uvQemuDomainStatusFree(UvQemuDomainStatus *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuDomainStatus, uvQemuDomainStatusFree)

/* Paths of a domain's files (new strings). */
char *uvQemuDomainConfigPath(const UvQemuDriverConfig *cfg, const char *name);
char *uvQemuDomainStatePath(const UvQemuDriverConfig *cfg, const char *name);
char *uvQemuDomainLiveXMLPath(const UvQemuDriverConfig *cfg, const char *name);
/* NAME.monitor, or SHA256-OF-NAME.monitor for a name too long for a UNIX socket address. */
char *uvQemuDomainMonitorPath(const UvQemuDriverConfig *cfg, const char *name);
/* The directory of the sockets uvirt chose for unix channels without a path. */
char *uvQemuDomainChannelDir(const UvQemuDriverConfig *cfg, const char *name);
char *uvQemuDomainLogPath(const UvQemuDriverConfig *cfg, const char *name);
char *uvQemuDomainAutostartPath(const UvQemuDriverConfig *cfg, const char *name);

/*
 * Read the state file of @name. Returns NULL with no error when there is
 * none (or an empty one, all a host crash may leave of an unsynced file), NULL
 * with @error set when it cannot be read or makes no sense.
 */
UvQemuDomainStatus *uvQemuDomainStatusLoad(const UvQemuDriverConfig *cfg, const char *name,
                                           GError **error);
/*
 * Write the state file of @name atomically (0600), without fsync: it describes
 * a QEMU that cannot outlive a host crash. The current boot id is recorded
 * with it (@st->bootId is not looked at).
 */
gboolean uvQemuDomainStatusSave(const UvQemuDriverConfig *cfg, const char *name,
                                const UvQemuDomainStatus *st, GError **error);
/*
 * Remove the state file, the live XML, the monitor socket and the channel
 * sockets of @name (missing ones are fine).
 */
void uvQemuDomainStatusRemove(const UvQemuDriverConfig *cfg, const char *name);

/*
 * Why a persistent domain is shut off (UV_DOMAIN_SHUTOFF_*), kept in
 * stateDir/NAME.shutoff from its stop until its next start or undefine. Like
 * the rest of the runtime state it does not survive a host reboot: a domain
 * without the file reads UV_DOMAIN_SHUTOFF_UNKNOWN, as in libvirt after its
 * daemon restarts. Saving is best effort (a debug message on failure).
 */
char *uvQemuDomainShutoffPath(const UvQemuDriverConfig *cfg, const char *name);
void uvQemuDomainShutoffSave(const UvQemuDriverConfig *cfg, const char *name, int reason);
int uvQemuDomainShutoffLoad(const UvQemuDriverConfig *cfg, const char *name);
void uvQemuDomainShutoffRemove(const UvQemuDriverConfig *cfg, const char *name);

/* The start time of process @pid (field 22 of /proc/PID/stat); FALSE when there is no such process. */
gboolean uvQemuProcessGetStartTime(pid_t pid, guint64 *startTime);
/* Is @pid alive (not a zombie) and the process that started at @startTime? */
gboolean uvQemuProcessIsAlive(pid_t pid, guint64 startTime);
/*
 * Does the QEMU that @st describes still run: a state written in this boot
 * (or by a uvirt that did not record the boot) whose pid is alive with the
 * recorded start time?
 */
gboolean uvQemuDomainStatusIsAlive(const UvQemuDomainStatus *st);
/* The kernel's boot id, read once per process; NULL when it cannot be read. */
const char *uvQemuHostBootId(void);
/* User + system CPU time of @pid in nanoseconds. */
gboolean uvQemuProcessGetCpuTime(pid_t pid, guint64 *ns);

/*
 * Take the lock of domain @name (stateDir/lock/NAME.lock, flock), waiting at
 * most @timeoutMs. Returns the fd holding the lock (close it to unlock) or
 * -1 with @error set.
 */
int uvQemuDomainLock(const UvQemuDriverConfig *cfg, const char *name, guint timeoutMs,
                     GError **error);
/*
 * Take the driver-wide lock (define, undefine, the name and UUID checks of
 * create) the same way. Lock order: a domain's lock before the driver lock.
 */
int uvQemuDriverLock(const UvQemuDriverConfig *cfg, GError **error);

/* Hand out the next domain id (under its own lock, lock/next-id.lock). */
gboolean uvQemuDomainAllocateID(const UvQemuDriverConfig *cfg, int *id, GError **error);

/* Is @name usable as a domain name on disk (uvDomainDefNameIsValid, at most 200 bytes)? */
gboolean uvQemuDomainNameCheck(const char *name, GError **error);
