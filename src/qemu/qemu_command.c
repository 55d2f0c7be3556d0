/*
 * qemu_command.c: a domain definition to a QEMU command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_command.h"
#include "util/uvjson.h"

#include <string.h>
#include <sys/un.h>

/* ---- aliases ---- */

static gboolean
uvQemuAliasIsUser(const UvDomainDeviceInfo *info)
{
    return info->alias && g_str_has_prefix(info->alias, "ua-");
}

static void
uvQemuSetAlias(UvDomainDeviceInfo *info, char *alias)
{
    if (uvQemuAliasIsUser(info)) {
        g_free(alias);
        return;
    }
    g_free(info->alias);
    info->alias = alias;
}

/* "vda" -> 0, "vdb" -> 1, "vdz" -> 25, "vdaa" -> 26; -1 when @dst has no letters after the prefix */
static int
uvQemuDiskIndex(const char *dst)
{
    const char *p;
    int idx = 0;

    if (!dst || strlen(dst) < 3)
        return -1;
    for (p = dst + 2; *p; p++) {
        if (*p < 'a' || *p > 'z')
            return -1;
        idx = idx * 26 + (*p - 'a' + 1);
    }
    return idx - 1;
}

static UvDomainDiskBus
uvQemuDiskBus(const UvDomainDiskDef *disk)
{
    if (disk->bus != UV_DOMAIN_DISK_BUS_DEFAULT)
        return disk->bus;
    if (g_str_has_prefix(disk->dst ? disk->dst : "", "vd"))
        return UV_DOMAIN_DISK_BUS_VIRTIO;
    if (g_str_has_prefix(disk->dst ? disk->dst : "", "sd"))
        return UV_DOMAIN_DISK_BUS_SCSI;
    return UV_DOMAIN_DISK_BUS_IDE;
}

/* Where a sata/ide/scsi disk sits: its <address type='drive'> or derived from its name. */
static UvDomainDeviceDriveAddress
uvQemuDiskDriveAddress(const UvDomainDiskDef *disk)
{
    UvDomainDeviceDriveAddress a = {0};
    int idx = MAX(uvQemuDiskIndex(disk->dst), 0);

    if (disk->info.address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_DRIVE)
        return disk->info.address.addr.drive;
    switch (uvQemuDiskBus(disk)) {
    case UV_DOMAIN_DISK_BUS_IDE:
        a.bus = idx / 2;
        a.unit = idx % 2;
        break;
    case UV_DOMAIN_DISK_BUS_SATA:
        a.bus = idx;
        break;
    default:
        a.unit = idx;
        break;
    }
    return a;
}

static gboolean
uvQemuIsQ35(const UvDomainDef *def)
{
    return def->os.machine && strstr(def->os.machine, "q35");
}

void
uvQemuAssignAliases(UvDomainDef *def)
{
    for (guint i = 0; i < def->ndisks; i++) {
        UvDomainDiskDef *disk = def->disks[i];
        UvDomainDeviceDriveAddress a = uvQemuDiskDriveAddress(disk);
        char *alias;

        switch (uvQemuDiskBus(disk)) {
        case UV_DOMAIN_DISK_BUS_VIRTIO:
            alias = g_strdup_printf("virtio-disk%d", MAX(uvQemuDiskIndex(disk->dst), 0));
            break;
        case UV_DOMAIN_DISK_BUS_SATA:
            alias = g_strdup_printf("sata%u-%u-%u", a.controller, a.bus, a.unit);
            break;
        case UV_DOMAIN_DISK_BUS_SCSI:
            alias = g_strdup_printf("scsi%u-%u-%u-%u", a.controller, a.bus, a.target, a.unit);
            break;
        default:
            alias = g_strdup_printf("ide%u-%u-%u", a.controller, a.bus, a.unit);
            break;
        }
        uvQemuSetAlias(&disk->info, alias);
    }
    for (guint i = 0; i < def->ncontrollers; i++) {
        UvDomainControllerDef *c = def->controllers[i];
        char *alias;

        switch (c->type) {
        case UV_DOMAIN_CONTROLLER_TYPE_USB:
            alias = c->idx == 0 ? g_strdup("usb") : g_strdup_printf("usb%u", c->idx);
            break;
        case UV_DOMAIN_CONTROLLER_TYPE_PCI:
            if (c->idx == 0 && g_strcmp0(c->model, "pcie-root") == 0)
                alias = g_strdup("pcie.0");
            else
                alias = g_strdup_printf("pci.%u", c->idx);
            break;
        case UV_DOMAIN_CONTROLLER_TYPE_SCSI:
            alias = g_strdup_printf("scsi%u", c->idx);
            break;
        case UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL:
            alias = g_strdup_printf("virtio-serial%u", c->idx);
            break;
        case UV_DOMAIN_CONTROLLER_TYPE_SATA:
            alias = c->idx == 0 && uvQemuIsQ35(def) ? g_strdup("ide")
                                                    : g_strdup_printf("sata%u", c->idx);
            break;
        case UV_DOMAIN_CONTROLLER_TYPE_IDE:
        default:
            alias = c->idx == 0 ? g_strdup("ide") : g_strdup_printf("ide%u", c->idx);
            break;
        }
        uvQemuSetAlias(&c->info, alias);
    }
    for (guint i = 0; i < def->nnets; i++)
        uvQemuSetAlias(&def->nets[i]->info, g_strdup_printf("net%u", i));
    for (guint i = 0; i < def->nserials; i++)
        uvQemuSetAlias(&def->serials[i]->info, g_strdup_printf("serial%u", i));
    for (guint i = 0; i < def->nconsoles; i++) {
        UvDomainChrDef *con = def->consoles[i];

        /* a serial console is the first serial port itself */
        if (i == 0 && con->targetType != UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO)
            uvQemuSetAlias(&con->info, g_strdup("serial0"));
        else
            uvQemuSetAlias(&con->info, g_strdup_printf("console%u", i));
    }
    for (guint i = 0; i < def->nchannels; i++)
        uvQemuSetAlias(&def->channels[i]->info, g_strdup_printf("channel%u", i));
    for (guint i = 0; i < def->ninputs; i++)
        uvQemuSetAlias(&def->inputs[i]->info, g_strdup_printf("input%u", i));
    for (guint i = 0; i < def->nvideos; i++)
        uvQemuSetAlias(&def->videos[i]->info, g_strdup_printf("video%u", i));
    if (def->memballoon)
        uvQemuSetAlias(&def->memballoon->info, g_strdup("balloon0"));
    for (guint i = 0; i < def->nrngs; i++)
        uvQemuSetAlias(&def->rngs[i]->info, g_strdup_printf("rng%u", i));
}

gboolean
uvQemuAssignChannelPaths(UvDomainDef *def, const char *dir, GError **error)
{
    const gsize max = sizeof(((struct sockaddr_un *)NULL)->sun_path);

    for (guint i = 0; i < def->nchannels; i++) {
        UvDomainChrDef *chr = def->channels[i];
        const char *name = chr->targetName;
        g_autofree char *base = NULL;
        g_autofree char *path = NULL;

        if (chr->type != UV_DOMAIN_CHR_TYPE_UNIX || chr->sourcePath)
            continue;
        /* the target name is the guest's business: on the host only a plain file name */
        if (!name || !*name || name[0] == '.' || strchr(name, '/'))
            name = chr->info.alias ? chr->info.alias : "channel";
        base = g_strconcat(name, ".sock", NULL);
        path = g_build_filename(dir, base, NULL);
        for (guint k = 0; k < i; k++) {
            /* two channels of one name: the later one goes by its (unique) alias */
            if (g_strcmp0(def->channels[k]->sourcePath, path) == 0) {
                g_free(path);
                path = g_strdup_printf("%s/%s.sock", dir,
                                       chr->info.alias ? chr->info.alias : "channel");
                break;
            }
        }
        if (strlen(path) >= max) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The socket path '%s' chosen for the unix channel '%s' is too long for "
                          "a UNIX socket; give the channel a shorter <source path='...'/>."),
                        path, name);
            return FALSE;
        }
        chr->sourcePath = g_steal_pointer(&path);
        chr->sourceMode = UV_DOMAIN_CHR_SOURCE_MODE_BIND;
    }
    return TRUE;
}

/* ---- helpers ---- */

static void
uvQemuAdd(GPtrArray *argv, const char *opt, const char *value)
{
    g_ptr_array_add(argv, g_strdup(opt));
    if (value)
        g_ptr_array_add(argv, g_strdup(value));
}

static void uvQemuAddf(GPtrArray *argv, const char *opt, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
uvQemuAddf(GPtrArray *argv, const char *opt, const char *fmt, ...)
{
    va_list ap;

    g_ptr_array_add(argv, g_strdup(opt));
    va_start(ap, fmt);
    g_ptr_array_add(argv, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* Add "-OPT JSON" and free @obj. */
static void
uvQemuAddJSON(GPtrArray *argv, const char *opt, UvJson *obj)
{
    g_ptr_array_add(argv, g_strdup(opt));
    g_ptr_array_add(argv, uvJsonFormat(obj));
    uvJsonFree(obj);
}

/* QEMU's key=value option syntax doubles a comma inside a value. */
static void
uvQemuOptEscape(GString *buf, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == ',')
            g_string_append_c(buf, ',');
        g_string_append_c(buf, *p);
    }
}

static const char *
uvQemuAlias(const UvDomainDeviceInfo *info, const char *fallback)
{
    return info->alias ? info->alias : fallback;
}

static UvJson *
uvQemuDeviceNew(const char *driver)
{
    UvJson *dev = uvJsonNewObject();

    uvJsonObjectAppendString(dev, "driver", driver);
    return dev;
}

/* A virtio PCI device @base ("virtio-net-pci") in the variant the model asked for:
 * QEMU has "-transitional" and "-non-transitional" twins of each. */
static UvJson *
uvQemuVirtioDeviceNew(const char *base, UvDomainVirtioModel variant)
{
    g_autofree char *driver = NULL;

    switch (variant) {
    case UV_DOMAIN_VIRTIO_MODEL_TRANSITIONAL:
        driver = g_strdup_printf("%s-transitional", base);
        break;
    case UV_DOMAIN_VIRTIO_MODEL_NON_TRANSITIONAL:
        driver = g_strdup_printf("%s-non-transitional", base);
        break;
    case UV_DOMAIN_VIRTIO_MODEL_DEFAULT:
    case UV_DOMAIN_VIRTIO_MODEL_VIRTIO:
    case UV_DOMAIN_VIRTIO_MODEL_LAST:
        driver = g_strdup(base);
        break;
    }
    return uvQemuDeviceNew(driver);
}

/* The same for a controller's model= string ("virtio-non-transitional", ...). */
static UvDomainVirtioModel
uvQemuControllerVirtioModel(const char *model)
{
    int v = model ? uvDomainVirtioModelTypeFromString(model) : -1;

    return v > 0 ? (UvDomainVirtioModel)v : UV_DOMAIN_VIRTIO_MODEL_DEFAULT;
}

/* bus/addr from a PCI <address>, "bootindex" from <boot order=>. */
static void
uvQemuDeviceAddInfo(UvJson *dev, const UvDomainDef *def, const UvDomainDeviceInfo *info)
{
    if (info->address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_PCI) {
        const UvPCIAddress *pci = &info->address.addr.pci;
        g_autofree char *bus = NULL;
        g_autofree char *addr = NULL;

        if (pci->bus == 0)
            bus = g_strdup(uvQemuIsQ35(def) ? "pcie.0" : "pci.0");
        else
            bus = g_strdup_printf("pci.%u", pci->bus);
        if (pci->function)
            addr = g_strdup_printf("0x%x.0x%x", pci->slot, pci->function);
        else
            addr = g_strdup_printf("0x%x", pci->slot);
        uvJsonObjectAppendString(dev, "bus", bus);
        uvJsonObjectAppendString(dev, "addr", addr);
        if (pci->multifunction == UV_TRISTATE_SWITCH_ON)
            uvJsonObjectAppendBool(dev, "multifunction", TRUE);
    } else if (info->address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB) {
        g_autofree char *bus = g_strdup_printf("usb.%u", info->address.addr.usb.bus);

        uvJsonObjectAppendString(dev, "bus", bus);
        if (info->address.addr.usb.port)
            uvJsonObjectAppendString(dev, "port", info->address.addr.usb.port);
    }
    if (info->bootIndex)
        uvJsonObjectAppendUInt(dev, "bootindex", info->bootIndex);
}

/* ---- machine, CPU, memory ---- */

static gboolean
uvQemuBuildMachine(GPtrArray *argv, const UvDomainDef *def, GError **error)
{
    g_autoptr(GString) m = g_string_new(def->os.machine ? def->os.machine : "pc");

    if (def->os.arch && !g_str_equal(def->os.arch, "x86_64") &&
        !g_str_equal(def->os.arch, "i686")) {
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("The architecture '%s' is not supported by uvirt, which runs x86_64 and "
                      "i686 guests."),
                    def->os.arch);
        return FALSE;
    }
    g_string_append(m, ",usb=off");
    if (def->features.vmport != UV_TRISTATE_SWITCH_DEFAULT)
        g_string_append_printf(m, ",vmport=%s",
                               def->features.vmport == UV_TRISTATE_SWITCH_ON ? "on" : "off");
    g_string_append(m, ",dump-guest-core=off");
    if (def->features.acpi != UV_TRISTATE_SWITCH_ON)
        g_string_append(m, ",acpi=off");
    uvQemuAdd(argv, "-machine", m->str);
    uvQemuAdd(argv, "-accel", def->virtType == UV_DOMAIN_VIRT_KVM ? "kvm" : "tcg");
    return TRUE;
}

static void
uvQemuBuildCPU(GPtrArray *argv, const UvDomainDef *def)
{
    const UvDomainCpuDef *cpu = &def->cpu;
    gboolean kvm = def->virtType == UV_DOMAIN_VIRT_KVM;
    g_autoptr(GString) s = g_string_new(NULL);

    if (!cpu->present)
        return;
    switch (cpu->mode) {
    case UV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH:
        g_string_append(s, "host");
        break;
    case UV_DOMAIN_CPU_MODE_HOST_MODEL:
        g_string_append(s, kvm ? "host" : "max");
        break;
    case UV_DOMAIN_CPU_MODE_MAXIMUM:
        g_string_append(s, "max");
        break;
    case UV_DOMAIN_CPU_MODE_CUSTOM:
    case UV_DOMAIN_CPU_MODE_DEFAULT:
    case UV_DOMAIN_CPU_MODE_LAST:
        if (cpu->model)
            g_string_append(s, cpu->model);
        break;
    }
    if (!s->len)
        return;
    if (cpu->migratable == UV_TRISTATE_SWITCH_OFF &&
        (cpu->mode == UV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH ||
         cpu->mode == UV_DOMAIN_CPU_MODE_MAXIMUM))
        g_string_append(s, ",migratable=off");
    uvQemuAdd(argv, "-cpu", s->str);
}

static void
uvQemuBuildSMP(GPtrArray *argv, const UvDomainDef *def)
{
    g_autoptr(GString) s = g_string_new(NULL);
    guint cur = def->vcpusCurrent ? def->vcpusCurrent : def->vcpus;
    const UvDomainCpuDef *cpu = &def->cpu;

    g_string_append_printf(s, "%u", MAX(cur, 1));
    if (cur != def->vcpus)
        g_string_append_printf(s, ",maxcpus=%u", def->vcpus);
    if (cpu->sockets) {
        g_string_append_printf(s, ",sockets=%u", cpu->sockets);
        if (cpu->dies)
            g_string_append_printf(s, ",dies=%u", cpu->dies);
        g_string_append_printf(s, ",cores=%u,threads=%u", cpu->cores, cpu->threads);
    }
    uvQemuAdd(argv, "-smp", s->str);
}

static void
uvQemuBuildLoader(GPtrArray *argv, const UvDomainDef *def)
{
    const UvDomainOSDef *os = &def->os;
    g_autoptr(GString) s = NULL;

    if (!os->loader)
        return;
    if (os->loaderType != UV_DOMAIN_LOADER_TYPE_PFLASH) {
        uvQemuAdd(argv, "-bios", os->loader);
        return;
    }
    s = g_string_new("if=pflash,format=raw,unit=0,file=");
    uvQemuOptEscape(s, os->loader);
    if (os->loaderReadonly == UV_TRISTATE_BOOL_YES)
        g_string_append(s, ",readonly=on");
    uvQemuAdd(argv, "-drive", s->str);
    if (os->nvram) {
        g_autoptr(GString) n = g_string_new("if=pflash,format=raw,unit=1,file=");

        uvQemuOptEscape(n, os->nvram);
        uvQemuAdd(argv, "-drive", n->str);
    }
}

static void
uvQemuBuildClock(GPtrArray *argv, const UvDomainDef *def)
{
    g_autoptr(GString) rtc = g_string_new(NULL);

    g_string_append(rtc, def->clockOffset == UV_DOMAIN_CLOCK_OFFSET_LOCALTIME ? "base=localtime"
                                                                              : "base=utc");
    for (guint i = 0; i < def->ntimers; i++) {
        const UvDomainTimerDef *t = &def->timers[i];

        if (t->name == UV_DOMAIN_TIMER_NAME_RTC &&
            t->tickpolicy == UV_DOMAIN_TIMER_TICKPOLICY_CATCHUP)
            g_string_append(rtc, ",driftfix=slew");
    }
    uvQemuAdd(argv, "-rtc", rtc->str);
    for (guint i = 0; i < def->ntimers; i++) {
        const UvDomainTimerDef *t = &def->timers[i];

        if (t->name == UV_DOMAIN_TIMER_NAME_PIT &&
            t->tickpolicy == UV_DOMAIN_TIMER_TICKPOLICY_DELAY &&
            def->virtType == UV_DOMAIN_VIRT_KVM)
            uvQemuAdd(argv, "-global", "kvm-pit.lost_tick_policy=delay");
        if (t->name == UV_DOMAIN_TIMER_NAME_HPET && t->present == UV_TRISTATE_BOOL_NO)
            uvQemuAdd(argv, "-no-hpet", NULL);
    }
}

gboolean
uvQemuCheckLifecycle(const UvDomainDef *def, GError **error)
{
    switch (def->onPoweroff) {
    case UV_DOMAIN_LIFECYCLE_ACTION_DEFAULT:
    case UV_DOMAIN_LIFECYCLE_ACTION_DESTROY:
    case UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE:
        break;
    default:
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("<on_poweroff>%s</on_poweroff> is not supported: no uvirt process watches "
                      "QEMU to act on a guest power-off; use 'destroy' or 'preserve'."),
                    uvDomainLifecycleActionTypeToString(def->onPoweroff));
        return FALSE;
    }
    switch (def->onReboot) {
    case UV_DOMAIN_LIFECYCLE_ACTION_DEFAULT:
    case UV_DOMAIN_LIFECYCLE_ACTION_RESTART:
    case UV_DOMAIN_LIFECYCLE_ACTION_DESTROY:
        break;
    default:
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("<on_reboot>%s</on_reboot> is not supported: QEMU can only reset the guest "
                      "or end; use 'restart' or 'destroy'."),
                    uvDomainLifecycleActionTypeToString(def->onReboot));
        return FALSE;
    }
    /* -no-shutdown keeps QEMU for a reboot turned power-off too: nothing would end it */
    if (def->onPoweroff == UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE &&
        def->onReboot == UV_DOMAIN_LIFECYCLE_ACTION_DESTROY) {
        g_set_error_literal(
            error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
            _("<on_reboot>destroy</on_reboot> cannot be combined with "
              "<on_poweroff>preserve</on_poweroff>: QEMU would keep a rebooting "
              "guest stopped instead of ending it; use <on_reboot>restart</on_reboot> "
              "or <on_poweroff>destroy</on_poweroff>."));
        return FALSE;
    }
    switch (def->onCrash) {
    case UV_DOMAIN_LIFECYCLE_ACTION_DEFAULT:
    case UV_DOMAIN_LIFECYCLE_ACTION_DESTROY:
    case UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE:
        break;
    default:
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("<on_crash>%s</on_crash> is not supported: no uvirt process watches QEMU "
                      "to restart the guest or dump its memory; use 'destroy' or 'preserve'."),
                    uvDomainLifecycleActionTypeToString(def->onCrash));
        return FALSE;
    }
    return TRUE;
}

static gboolean
uvQemuBuildLifecycle(GPtrArray *argv, const UvDomainDef *def, GError **error)
{
    const char *pm = uvQemuIsQ35(def) ? "ICH9-LPC" : "PIIX4_PM";

    if (!uvQemuCheckLifecycle(def, error))
        return FALSE;
    /* QEMU stays, its vCPUs stopped, after the guest powers off */
    if (def->onPoweroff == UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE)
        uvQemuAdd(argv, "-no-shutdown", NULL);
    if (def->onReboot == UV_DOMAIN_LIFECYCLE_ACTION_DESTROY)
        uvQemuAdd(argv, "-no-reboot", NULL);
    if (def->onCrash == UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE)
        uvQemuAdd(argv, "-action", "panic=pause");
    if (def->pmSuspendToMem != UV_TRISTATE_BOOL_DEFAULT)
        uvQemuAddf(argv, "-global", "%s.disable_s3=%d", pm,
                   def->pmSuspendToMem == UV_TRISTATE_BOOL_NO);
    if (def->pmSuspendToDisk != UV_TRISTATE_BOOL_DEFAULT)
        uvQemuAddf(argv, "-global", "%s.disable_s4=%d", pm,
                   def->pmSuspendToDisk == UV_TRISTATE_BOOL_NO);
    return TRUE;
}

static gboolean
uvQemuDefHasBootIndex(const UvDomainDef *def)
{
    for (guint i = 0; i < def->ndisks; i++)
        if (def->disks[i]->info.bootIndex)
            return TRUE;
    for (guint i = 0; i < def->nnets; i++)
        if (def->nets[i]->info.bootIndex)
            return TRUE;
    return FALSE;
}

static void
uvQemuBuildBoot(GPtrArray *argv, const UvDomainDef *def)
{
    const UvDomainOSDef *os = &def->os;
    g_autoptr(GString) s = g_string_new(NULL);

    if (os->nBootDevs && !uvQemuDefHasBootIndex(def)) {
        g_string_append(s, "order=");
        for (guint i = 0; i < os->nBootDevs; i++) {
            static const char letters[UV_DOMAIN_BOOT_LAST] = {'a', 'd', 'c', 'n'};
            g_string_append_c(s, letters[os->bootDevs[i]]);
        }
    } else {
        g_string_append(s, "strict=on");
    }
    if (os->bootmenu != UV_TRISTATE_BOOL_DEFAULT)
        g_string_append_printf(s, ",menu=%s", os->bootmenu == UV_TRISTATE_BOOL_YES ? "on" : "off");
    uvQemuAdd(argv, "-boot", s->str);

    if (os->kernel)
        uvQemuAdd(argv, "-kernel", os->kernel);
    if (os->initrd)
        uvQemuAdd(argv, "-initrd", os->initrd);
    if (os->cmdline)
        uvQemuAdd(argv, "-append", os->cmdline);
}

/* ---- controllers ---- */

static gboolean
uvQemuBuildController(GPtrArray *argv, const UvDomainDef *def, const UvDomainControllerDef *c,
                      GError **error)
{
    const char *model = c->model;
    const char *driver = NULL;
    UvJson *dev;

    switch (c->type) {
    case UV_DOMAIN_CONTROLLER_TYPE_USB:
        if (g_strcmp0(model, "none") == 0)
            return TRUE;
        if (!model)
            model = uvQemuIsQ35(def) ? "qemu-xhci" : "piix3-uhci";
        if (g_str_equal(model, "qemu-xhci"))
            driver = "qemu-xhci";
        else if (g_str_equal(model, "nec-xhci"))
            driver = "nec-usb-xhci";
        else if (g_str_equal(model, "piix3-uhci"))
            driver = "piix3-usb-uhci";
        else if (g_str_equal(model, "ich9-ehci1"))
            driver = "ich9-usb-ehci1";
        else if (g_str_has_prefix(model, "ich9-uhci"))
            driver = NULL; /* companions: below */
        if (!driver && g_str_has_prefix(model, "ich9-uhci")) {
            g_autofree char *drv = g_strdup_printf("ich9-usb-uhci%s", model + strlen("ich9-uhci"));
            dev = uvQemuDeviceNew(drv);
        } else if (!driver) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The USB controller model '%s' is not supported by uvirt."), model);
            return FALSE;
        } else {
            dev = uvQemuDeviceNew(driver);
        }
        if (c->ports > 0 && strstr(uvJsonObjectGetString(dev, "driver"), "xhci")) {
            uvJsonObjectAppendInt(dev, "p2", c->ports);
            uvJsonObjectAppendInt(dev, "p3", c->ports);
        }
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_PCI:
        if (!model || g_str_equal(model, "pci-root") || g_str_equal(model, "pcie-root"))
            return TRUE;
        if (g_str_equal(model, "pcie-root-port"))
            driver = "pcie-root-port";
        else if (g_str_equal(model, "pci-bridge"))
            driver = "pci-bridge";
        else if (g_str_equal(model, "dmi-to-pci-bridge"))
            driver = "i82801b11-bridge";
        else if (g_str_equal(model, "pcie-to-pci-bridge"))
            driver = "pcie-pci-bridge";
        else {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The PCI controller model '%s' is not supported by uvirt."), model);
            return FALSE;
        }
        dev = uvQemuDeviceNew(c->pciModelName ? c->pciModelName : driver);
        if (g_str_equal(driver, "pcie-root-port")) {
            if (c->pciPort >= 0)
                uvJsonObjectAppendInt(dev, "port", c->pciPort);
            uvJsonObjectAppendInt(dev, "chassis", c->pciChassis >= 0 ? c->pciChassis : c->idx);
        } else if (g_str_equal(driver, "pci-bridge")) {
            uvJsonObjectAppendInt(dev, "chassis_nr", c->pciChassis >= 0 ? c->pciChassis : c->idx);
        }
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_SCSI:
        if (!model || g_str_equal(model, "virtio-scsi") || g_str_has_prefix(model, "virtio-"))
            dev = uvQemuVirtioDeviceNew("virtio-scsi-pci", uvQemuControllerVirtioModel(model));
        else if (g_str_equal(model, "lsilogic"))
            dev = uvQemuDeviceNew("lsi");
        else {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The SCSI controller model '%s' is not supported by uvirt."), model);
            return FALSE;
        }
        if (c->driverQueues)
            uvJsonObjectAppendUInt(dev, "num_queues", c->driverQueues);
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL:
        dev = uvQemuVirtioDeviceNew("virtio-serial-pci", uvQemuControllerVirtioModel(model));
        if (c->maxPorts >= 0)
            uvJsonObjectAppendInt(dev, "max_ports", c->maxPorts);
        if (c->vectors >= 0)
            uvJsonObjectAppendInt(dev, "vectors", c->vectors);
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_SATA:
        if (c->idx == 0 && uvQemuIsQ35(def))
            return TRUE; /* q35 has its AHCI built in */
        dev = uvQemuDeviceNew("ahci");
        break;
    case UV_DOMAIN_CONTROLLER_TYPE_IDE:
        if (c->idx == 0 && !uvQemuIsQ35(def))
            return TRUE; /* i440fx has its IDE built in */
        g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                    _("An IDE controller with index %u is not supported on machine '%s'."), c->idx,
                    def->os.machine ? def->os.machine : "pc");
        return FALSE;
    default:
        return TRUE;
    }
    uvJsonObjectAppendString(dev, "id", uvQemuAlias(&c->info, "ctrl"));
    uvQemuDeviceAddInfo(dev, def, &c->info);
    uvQemuAddJSON(argv, "-device", dev);
    return TRUE;
}

static gboolean
uvQemuDefHasController(const UvDomainDef *def, UvDomainControllerType type)
{
    for (guint i = 0; i < def->ncontrollers; i++)
        if (def->controllers[i]->type == type)
            return TRUE;
    return FALSE;
}

/* The QEMU id of the first controller of @type, or @fallback. */
static const char *
uvQemuControllerAlias(const UvDomainDef *def, UvDomainControllerType type, const char *fallback)
{
    for (guint i = 0; i < def->ncontrollers; i++)
        if (def->controllers[i]->type == type && def->controllers[i]->info.alias)
            return def->controllers[i]->info.alias;
    return fallback;
}

static gboolean
uvQemuBuildControllers(GPtrArray *argv, const UvDomainDef *def, GError **error)
{
    gboolean needScsi = FALSE;
    gboolean needVirtioSerial = def->nchannels > 0;

    /* PCI buses first: every other device may sit on one of them */
    for (guint pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < def->ncontrollers; i++) {
            const UvDomainControllerDef *c = def->controllers[i];

            if ((c->type == UV_DOMAIN_CONTROLLER_TYPE_PCI) != (pass == 0))
                continue;
            if (!uvQemuBuildController(argv, def, c, error))
                return FALSE;
        }
    }
    for (guint i = 0; i < def->ndisks; i++)
        if (uvQemuDiskBus(def->disks[i]) == UV_DOMAIN_DISK_BUS_SCSI)
            needScsi = TRUE;
    for (guint i = 0; i < def->nconsoles; i++)
        if (def->consoles[i]->targetType == UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO)
            needVirtioSerial = TRUE;
    /* Implicit controllers a device needs but the definition leaves out. */
    if (needScsi && !uvQemuDefHasController(def, UV_DOMAIN_CONTROLLER_TYPE_SCSI)) {
        UvJson *dev = uvQemuDeviceNew("virtio-scsi-pci");
        uvJsonObjectAppendString(dev, "id", "scsi0");
        uvQemuAddJSON(argv, "-device", dev);
    }
    if (needVirtioSerial && !uvQemuDefHasController(def, UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL)) {
        UvJson *dev = uvQemuDeviceNew("virtio-serial-pci");
        uvJsonObjectAppendString(dev, "id", "virtio-serial0");
        uvQemuAddJSON(argv, "-device", dev);
    }
    return TRUE;
}

/* ---- disks ---- */

static void
uvQemuDiskCacheMode(UvDomainDiskCache cache, gboolean *writeback, gboolean *direct,
                    gboolean *noflush)
{
    *writeback = TRUE;
    *direct = FALSE;
    *noflush = FALSE;
    switch (cache) {
    case UV_DOMAIN_DISK_CACHE_NONE:
        *direct = TRUE;
        break;
    case UV_DOMAIN_DISK_CACHE_WRITETHROUGH:
        *writeback = FALSE;
        break;
    case UV_DOMAIN_DISK_CACHE_DIRECTSYNC:
        *writeback = FALSE;
        *direct = TRUE;
        break;
    case UV_DOMAIN_DISK_CACHE_UNSAFE:
        *noflush = TRUE;
        break;
    default:
        break;
    }
}

static void
uvQemuBlockdevAddCache(UvJson *node, const UvDomainDiskDef *disk)
{
    gboolean wb, direct, noflush;
    UvJson *cache;

    if (disk->cache == UV_DOMAIN_DISK_CACHE_DEFAULT)
        return;
    uvQemuDiskCacheMode(disk->cache, &wb, &direct, &noflush);
    cache = uvJsonNewObject();
    uvJsonObjectAppendBool(cache, "direct", direct);
    uvJsonObjectAppendBool(cache, "no-flush", noflush);
    uvJsonObjectAppend(node, "cache", cache);
}

/* werror=/rerror= of the frontend; like libvirt, reads follow error_policy unless
 * rerror_policy says otherwise (and QEMU has no enospc for reads). */
static void
uvQemuDiskAddErrorPolicy(UvJson *dev, const UvDomainDiskDef *disk)
{
    static const char *const names[UV_DOMAIN_DISK_ERROR_POLICY_LAST] = {
        [UV_DOMAIN_DISK_ERROR_POLICY_STOP] = "stop",
        [UV_DOMAIN_DISK_ERROR_POLICY_REPORT] = "report",
        [UV_DOMAIN_DISK_ERROR_POLICY_IGNORE] = "ignore",
        [UV_DOMAIN_DISK_ERROR_POLICY_ENOSPACE] = "enospc",
    };
    UvDomainDiskErrorPolicy w = disk->errorPolicy;
    UvDomainDiskErrorPolicy r = disk->rerrorPolicy;

    if (!r && w != UV_DOMAIN_DISK_ERROR_POLICY_ENOSPACE)
        r = w;
    if (w)
        uvJsonObjectAppendString(dev, "werror", names[w]);
    if (r)
        uvJsonObjectAppendString(dev, "rerror", names[r]);
}

static gboolean
uvQemuBuildDisk(GPtrArray *argv, const UvDomainDef *def, const UvDomainDiskDef *disk, guint n,
                GError **error)
{
    g_autofree char *storage = g_strdup_printf("uvirt-%u-storage", n);
    g_autofree char *format = g_strdup_printf("uvirt-%u-format", n);
    gboolean cdrom = disk->device == UV_DOMAIN_DISK_DEVICE_CDROM;
    UvDomainDeviceDriveAddress a = uvQemuDiskDriveAddress(disk);
    UvJson *dev;

    if (disk->src) {
        UvJson *file = uvJsonNewObject();
        UvJson *fmt = uvJsonNewObject();

        uvJsonObjectAppendString(file, "driver",
                                 disk->type == UV_DOMAIN_DISK_TYPE_BLOCK ? "host_device" : "file");
        uvJsonObjectAppendString(file, "filename", disk->src);
        uvJsonObjectAppendString(file, "node-name", storage);
        if (disk->io != UV_DOMAIN_DISK_IO_DEFAULT)
            uvJsonObjectAppendString(file, "aio", uvDomainDiskIoTypeToString(disk->io));
        uvQemuBlockdevAddCache(file, disk);
        uvJsonObjectAppendBool(file, "auto-read-only", TRUE);
        if (disk->discard != UV_DOMAIN_DISK_DISCARD_DEFAULT)
            uvJsonObjectAppendString(file, "discard",
                                     uvDomainDiskDiscardTypeToString(disk->discard));
        uvQemuAddJSON(argv, "-blockdev", file);

        uvJsonObjectAppendString(fmt, "node-name", format);
        uvJsonObjectAppendBool(fmt, "read-only", disk->readonly || cdrom);
        uvQemuBlockdevAddCache(fmt, disk);
        if (disk->discard != UV_DOMAIN_DISK_DISCARD_DEFAULT)
            uvJsonObjectAppendString(fmt, "discard",
                                     uvDomainDiskDiscardTypeToString(disk->discard));
        uvJsonObjectAppendString(fmt, "driver",
                                 disk->format == UV_DOMAIN_DISK_FORMAT_QCOW2 ? "qcow2" : "raw");
        uvJsonObjectAppendString(fmt, "file", storage);
        uvQemuAddJSON(argv, "-blockdev", fmt);
    }

    switch (uvQemuDiskBus(disk)) {
    case UV_DOMAIN_DISK_BUS_VIRTIO:
        if (cdrom) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The CD-ROM '%s' cannot sit on the virtio bus; use sata, scsi or ide."),
                        disk->dst);
            return FALSE;
        }
        dev = uvQemuVirtioDeviceNew("virtio-blk-pci", disk->model);
        break;
    case UV_DOMAIN_DISK_BUS_SATA: {
        g_autofree char *bus = g_strdup_printf("ide.%u", a.bus);

        dev = uvQemuDeviceNew(cdrom ? "ide-cd" : "ide-hd");
        uvJsonObjectAppendString(dev, "bus", bus);
        break;
    }
    case UV_DOMAIN_DISK_BUS_SCSI: {
        g_autofree char *bus = g_strdup_printf(
            "%s.0", uvQemuControllerAlias(def, UV_DOMAIN_CONTROLLER_TYPE_SCSI, "scsi0"));

        dev = uvQemuDeviceNew(cdrom ? "scsi-cd" : "scsi-hd");
        uvJsonObjectAppendString(dev, "bus", bus);
        uvJsonObjectAppendUInt(dev, "channel", a.bus);
        uvJsonObjectAppendUInt(dev, "scsi-id", a.target);
        uvJsonObjectAppendUInt(dev, "lun", a.unit);
        break;
    }
    default: {
        g_autofree char *bus = g_strdup_printf("ide.%u", a.bus);

        dev = uvQemuDeviceNew(cdrom ? "ide-cd" : "ide-hd");
        uvJsonObjectAppendString(dev, "bus", bus);
        uvJsonObjectAppendUInt(dev, "unit", a.unit);
        break;
    }
    }
    uvQemuDeviceAddInfo(dev, def, &disk->info);
    if (disk->src)
        uvJsonObjectAppendString(dev, "drive", format);
    uvJsonObjectAppendString(dev, "id", uvQemuAlias(&disk->info, "disk"));
    if (disk->serial)
        uvJsonObjectAppendString(dev, "serial", disk->serial);
    if (disk->cache != UV_DOMAIN_DISK_CACHE_DEFAULT) {
        gboolean wb, direct, noflush;

        uvQemuDiskCacheMode(disk->cache, &wb, &direct, &noflush);
        uvJsonObjectAppendString(dev, "write-cache", wb ? "on" : "off");
    }
    uvQemuDiskAddErrorPolicy(dev, disk);
    /* bootindex last, as the other devices have it */
    if (disk->info.bootIndex) {
        UvJson *bi = uvJsonObjectSteal(dev, "bootindex");
        uvJsonObjectAppend(dev, "bootindex", bi);
    }
    uvQemuAddJSON(argv, "-device", dev);
    return TRUE;
}

/* ---- network ---- */

static const char *
uvQemuNetModelDriver(UvDomainNetModel model)
{
    switch (model) {
    case UV_DOMAIN_NET_MODEL_VIRTIO:
        return "virtio-net-pci";
    case UV_DOMAIN_NET_MODEL_E1000:
        return "e1000";
    case UV_DOMAIN_NET_MODEL_E1000E:
        return "e1000e";
    case UV_DOMAIN_NET_MODEL_VMXNET3:
        return "vmxnet3";
    case UV_DOMAIN_NET_MODEL_NE2K_PCI:
        return "ne2k_pci";
    case UV_DOMAIN_NET_MODEL_PCNET:
        return "pcnet";
    case UV_DOMAIN_NET_MODEL_RTL8139:
    case UV_DOMAIN_NET_MODEL_DEFAULT:
    case UV_DOMAIN_NET_MODEL_LAST:
        break;
    }
    return "rtl8139";
}

static char *
uvQemuJoinFds(const int *fds, guint n)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%s%d", i ? ":" : "", fds[i]);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static gboolean
uvQemuBuildNet(GPtrArray *argv, const UvDomainDef *def, const UvDomainNetDef *net,
               const UvQemuNetPrepared *prep, const UvQemuCommandParams *params, GError **error)
{
    const char *alias = uvQemuAlias(&net->info, "net0");
    g_autofree char *netdevId = g_strdup_printf("host%s", alias);
    guint queues = MAX(net->queues, 1);
    UvJson *nd = uvJsonNewObject();
    UvJson *dev;
    char mac[UV_MAC_STRING_BUFLEN];

    if (prep && prep->ntapfds > 0) {
        uvJsonObjectAppendString(nd, "type", "tap");
        if (prep->ntapfds == 1) {
            g_autofree char *fd = g_strdup_printf("%d", prep->tapfds[0]);
            uvJsonObjectAppendString(nd, "fd", fd);
        } else {
            g_autofree char *fds = uvQemuJoinFds(prep->tapfds, prep->ntapfds);
            uvJsonObjectAppendString(nd, "fds", fds);
        }
        if (prep->nvhostfds > 0) {
            uvJsonObjectAppendBool(nd, "vhost", TRUE);
            if (prep->nvhostfds == 1) {
                g_autofree char *fd = g_strdup_printf("%d", prep->vhostfds[0]);
                uvJsonObjectAppendString(nd, "vhostfd", fd);
            } else {
                g_autofree char *fds = uvQemuJoinFds(prep->vhostfds, prep->nvhostfds);
                uvJsonObjectAppendString(nd, "vhostfds", fds);
            }
        } else if (prep->wantVhost) {
            uvJsonObjectAppendBool(nd, "vhost", TRUE);
        }
    } else if (prep && prep->byName) {
        uvJsonObjectAppendString(nd, "type", "tap");
        if (prep->ifname)
            uvJsonObjectAppendString(nd, "ifname", prep->ifname);
        uvJsonObjectAppendString(nd, "script", "no");
        uvJsonObjectAppendString(nd, "downscript", "no");
        if (queues > 1)
            uvJsonObjectAppendUInt(nd, "queues", queues);
        if (prep->wantVhost)
            uvJsonObjectAppendBool(nd, "vhost", TRUE);
    } else if (net->type == UV_DOMAIN_NET_TYPE_USER) {
        uvJsonObjectAppendString(nd, "type", "user");
    } else if (net->type == UV_DOMAIN_NET_TYPE_BRIDGE) {
        uvJsonObjectAppendString(nd, "type", "bridge");
        uvJsonObjectAppendString(nd, "br", net->sourceBridge);
        uvJsonObjectAppendString(nd, "helper", params->bridgeHelper);
    } else {
        uvJsonFree(nd);
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Interface '%s' of type '%s' has no host side prepared."), alias,
                    uvDomainNetTypeToString(net->type));
        return FALSE;
    }
    uvJsonObjectAppendString(nd, "id", netdevId);
    uvQemuAddJSON(argv, "-netdev", nd);

    if (net->model == UV_DOMAIN_NET_MODEL_VIRTIO)
        dev = uvQemuVirtioDeviceNew("virtio-net-pci", net->virtioModel);
    else
        dev = uvQemuDeviceNew(uvQemuNetModelDriver(net->model));
    if (net->model == UV_DOMAIN_NET_MODEL_VIRTIO && queues > 1) {
        uvJsonObjectAppendBool(dev, "mq", TRUE);
        uvJsonObjectAppendUInt(dev, "vectors", 2 * queues + 2);
    }
    if (net->mtu && net->model == UV_DOMAIN_NET_MODEL_VIRTIO)
        uvJsonObjectAppendUInt(dev, "host_mtu", net->mtu);
    uvJsonObjectAppendString(dev, "netdev", netdevId);
    uvJsonObjectAppendString(dev, "id", alias);
    uvJsonObjectAppendString(dev, "mac", uvMacAddrFormat(&net->mac, mac));
    uvQemuDeviceAddInfo(dev, def, &net->info);
    /* no option ROM: an empty romfile; else the BAR switch, if given */
    if (net->info.romEnabled == UV_TRISTATE_BOOL_NO)
        uvJsonObjectAppendString(dev, "romfile", "");
    else if (net->info.romBar != UV_TRISTATE_SWITCH_DEFAULT)
        uvJsonObjectAppendUInt(dev, "rombar", net->info.romBar == UV_TRISTATE_SWITCH_ON);
    uvQemuAddJSON(argv, "-device", dev);
    return TRUE;
}

/* ---- character devices ---- */

static char *
uvQemuChardevOpts(const UvDomainChrDef *chr, const char *id)
{
    GString *s = g_string_new(NULL);

    switch (chr->type) {
    case UV_DOMAIN_CHR_TYPE_PTY:
        g_string_append_printf(s, "pty,id=%s", id);
        break;
    case UV_DOMAIN_CHR_TYPE_FILE:
        g_string_append_printf(s, "file,id=%s,path=", id);
        uvQemuOptEscape(s, chr->sourcePath ? chr->sourcePath : "");
        if (chr->sourceAppend != UV_TRISTATE_SWITCH_DEFAULT)
            g_string_append_printf(s, ",append=%s",
                                   chr->sourceAppend == UV_TRISTATE_SWITCH_ON ? "on" : "off");
        break;
    case UV_DOMAIN_CHR_TYPE_UNIX:
        g_string_append_printf(s, "socket,id=%s,path=", id);
        uvQemuOptEscape(s, chr->sourcePath ? chr->sourcePath : "");
        if (chr->sourceMode != UV_DOMAIN_CHR_SOURCE_MODE_CONNECT)
            g_string_append(s, ",server=on,wait=off");
        break;
    case UV_DOMAIN_CHR_TYPE_NULL:
    case UV_DOMAIN_CHR_TYPE_LAST:
        g_string_append_printf(s, "null,id=%s", id);
        break;
    }
    if (chr->logFile) {
        g_string_append(s, ",logfile=");
        uvQemuOptEscape(s, chr->logFile);
        if (chr->logAppend != UV_TRISTATE_SWITCH_DEFAULT)
            g_string_append_printf(s, ",logappend=%s",
                                   chr->logAppend == UV_TRISTATE_SWITCH_ON ? "on" : "off");
    }
    return g_string_free(s, FALSE);
}

static void
uvQemuBuildChardev(GPtrArray *argv, const UvDomainChrDef *chr, const char *charId)
{
    g_autofree char *opts = uvQemuChardevOpts(chr, charId);

    uvQemuAdd(argv, "-chardev", opts);
}

static void
uvQemuBuildSerial(GPtrArray *argv, const UvDomainDef *def, const UvDomainChrDef *chr, guint idx)
{
    const char *alias = uvQemuAlias(&chr->info, "serial0");
    g_autofree char *charId = g_strdup_printf("char%s", alias);
    const char *driver = "isa-serial";
    UvJson *dev;

    if (chr->targetModel)
        driver = chr->targetModel;
    else if (chr->targetType == UV_DOMAIN_CHR_TARGET_TYPE_USB_SERIAL)
        driver = "usb-serial";
    else if (chr->targetType == UV_DOMAIN_CHR_TARGET_TYPE_PCI_SERIAL)
        driver = "pci-serial";

    uvQemuBuildChardev(argv, chr, charId);
    dev = uvQemuDeviceNew(driver);
    uvJsonObjectAppendString(dev, "chardev", charId);
    uvJsonObjectAppendString(dev, "id", alias);
    if (g_str_equal(driver, "isa-serial"))
        uvJsonObjectAppendInt(dev, "index", chr->targetPort >= 0 ? chr->targetPort : (int)idx);
    uvQemuDeviceAddInfo(dev, def, &chr->info);
    uvQemuAddJSON(argv, "-device", dev);
}

static void
uvQemuBuildVirtioPort(GPtrArray *argv, const UvDomainDef *def, const UvDomainChrDef *chr,
                      const char *driver, int nr)
{
    const char *alias = uvQemuAlias(&chr->info, "channel0");
    g_autofree char *charId = g_strdup_printf("char%s", alias);
    const char *vs =
        uvQemuControllerAlias(def, UV_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL, "virtio-serial0");
    guint ctrl = 0;
    g_autofree char *bus = NULL;
    UvJson *dev;

    if (chr->info.address.type == UV_DOMAIN_DEVICE_ADDRESS_TYPE_VIRTIO_SERIAL) {
        ctrl = chr->info.address.addr.vioserial.controller;
        if (chr->info.address.addr.vioserial.port)
            nr = (int)chr->info.address.addr.vioserial.port;
    }
    bus = ctrl ? g_strdup_printf("virtio-serial%u.0", ctrl) : g_strdup_printf("%s.0", vs);

    uvQemuBuildChardev(argv, chr, charId);
    dev = uvQemuDeviceNew(driver);
    uvJsonObjectAppendString(dev, "bus", bus);
    uvJsonObjectAppendInt(dev, "nr", nr);
    uvJsonObjectAppendString(dev, "chardev", charId);
    uvJsonObjectAppendString(dev, "id", alias);
    if (chr->targetName)
        uvJsonObjectAppendString(dev, "name", chr->targetName);
    uvQemuAddJSON(argv, "-device", dev);
}

static void
uvQemuBuildChrs(GPtrArray *argv, const UvDomainDef *def)
{
    int nr = 1;

    for (guint i = 0; i < def->nserials; i++)
        uvQemuBuildSerial(argv, def, def->serials[i], i);
    for (guint i = 0; i < def->nconsoles; i++) {
        const UvDomainChrDef *con = def->consoles[i];

        if (con->targetType == UV_DOMAIN_CHR_TARGET_TYPE_VIRTIO) {
            /* virtconsole takes port 0 of the bus unless told otherwise */
            uvQemuBuildVirtioPort(argv, def, con, "virtconsole", 0);
        } else if (i == 0 && def->nserials == 0) {
            uvQemuBuildSerial(argv, def, con, 0);
        }
        /* else: the serial console is serial0, already there */
    }
    for (guint i = 0; i < def->nchannels; i++)
        uvQemuBuildVirtioPort(argv, def, def->channels[i], "virtserialport", nr++);
}

/* ---- input, graphics, video, balloon, rng ---- */

static void
uvQemuBuildInputs(GPtrArray *argv, const UvDomainDef *def)
{
    for (guint i = 0; i < def->ninputs; i++) {
        const UvDomainInputDef *in = def->inputs[i];
        UvDomainInputBus bus = in->bus;
        const char *driver = NULL;
        UvJson *dev;

        if (bus == UV_DOMAIN_INPUT_BUS_DEFAULT)
            bus = in->type == UV_DOMAIN_INPUT_TYPE_TABLET ? UV_DOMAIN_INPUT_BUS_USB
                                                          : UV_DOMAIN_INPUT_BUS_PS2;
        if (bus == UV_DOMAIN_INPUT_BUS_PS2)
            continue; /* built into the PC */
        if (bus == UV_DOMAIN_INPUT_BUS_USB)
            driver = in->type == UV_DOMAIN_INPUT_TYPE_TABLET  ? "usb-tablet"
                     : in->type == UV_DOMAIN_INPUT_TYPE_MOUSE ? "usb-mouse"
                                                              : "usb-kbd";
        else
            driver = in->type == UV_DOMAIN_INPUT_TYPE_TABLET  ? "virtio-tablet-pci"
                     : in->type == UV_DOMAIN_INPUT_TYPE_MOUSE ? "virtio-mouse-pci"
                                                              : "virtio-keyboard-pci";
        dev = uvQemuDeviceNew(driver);
        uvJsonObjectAppendString(dev, "id", uvQemuAlias(&in->info, "input0"));
        if (bus == UV_DOMAIN_INPUT_BUS_USB &&
            in->info.address.type != UV_DOMAIN_DEVICE_ADDRESS_TYPE_USB)
            uvJsonObjectAppendString(dev, "bus", "usb.0");
        uvQemuDeviceAddInfo(dev, def, &in->info);
        uvQemuAddJSON(argv, "-device", dev);
    }
}

static void
uvQemuBuildGraphics(GPtrArray *argv, const UvDomainDef *def)
{
    for (guint i = 0; i < def->ngraphics; i++) {
        const UvDomainGraphicsDef *g = def->graphics[i];
        g_autoptr(GString) s = g_string_new(NULL);

        if (g->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_NONE) {
            g_string_append(s, "none");
        } else if (g->listenType == UV_DOMAIN_GRAPHICS_LISTEN_TYPE_SOCKET && g->listenSocket) {
            g_string_append(s, "unix:");
            uvQemuOptEscape(s, g->listenSocket);
        } else {
            const char *addr = g->listenAddress ? g->listenAddress : "127.0.0.1";

            if (strchr(addr, ':'))
                g_string_append_printf(s, "[%s]", addr);
            else
                g_string_append(s, addr);
            if (g->port >= 5900)
                g_string_append_printf(s, ":%d", g->port - 5900);
            else
                g_string_append(s, ":0,to=100"); /* autoport: QEMU takes the first free one */
        }
        if (g->websocket > 0)
            g_string_append_printf(s, ",websocket=%d", g->websocket);
        uvQemuAdd(argv, "-vnc", s->str);
        if (g->keymap)
            uvQemuAdd(argv, "-k", g->keymap);
    }
}

static void
uvQemuBuildVideos(GPtrArray *argv, const UvDomainDef *def)
{
    for (guint i = 0; i < def->nvideos; i++) {
        const UvDomainVideoDef *v = def->videos[i];
        gboolean primary = i == 0;
        const char *driver = NULL;
        UvJson *dev;

        switch (v->type) {
        case UV_DOMAIN_VIDEO_TYPE_VGA:
            driver = "VGA";
            break;
        case UV_DOMAIN_VIDEO_TYPE_CIRRUS:
            driver = "cirrus-vga";
            break;
        case UV_DOMAIN_VIDEO_TYPE_VIRTIO:
            driver = primary ? "virtio-vga" : "virtio-gpu-pci";
            break;
        case UV_DOMAIN_VIDEO_TYPE_QXL:
            driver = primary ? "qxl-vga" : "qxl";
            break;
        case UV_DOMAIN_VIDEO_TYPE_BOCHS:
            driver = "bochs-display";
            break;
        case UV_DOMAIN_VIDEO_TYPE_RAMFB:
            driver = "ramfb";
            break;
        case UV_DOMAIN_VIDEO_TYPE_NONE:
        case UV_DOMAIN_VIDEO_TYPE_LAST:
            continue;
        }
        dev = uvQemuDeviceNew(driver);
        uvJsonObjectAppendString(dev, "id", uvQemuAlias(&v->info, "video0"));
        if (v->vram && (v->type == UV_DOMAIN_VIDEO_TYPE_VGA || v->type == UV_DOMAIN_VIDEO_TYPE_QXL))
            uvJsonObjectAppendUInt(dev, "vgamem_mb", MAX(v->vram / 1024, 1));
        if (v->heads && v->type == UV_DOMAIN_VIDEO_TYPE_QXL)
            uvJsonObjectAppendUInt(dev, "max_outputs", v->heads);
        uvQemuDeviceAddInfo(dev, def, &v->info);
        uvQemuAddJSON(argv, "-device", dev);
    }
}

static void
uvQemuBuildBalloon(GPtrArray *argv, const UvDomainDef *def)
{
    const UvDomainMemballoonDef *b = def->memballoon;
    UvJson *dev;

    if (!b || b->model != UV_DOMAIN_MEMBALLOON_MODEL_VIRTIO)
        return;
    dev = uvQemuVirtioDeviceNew("virtio-balloon-pci", b->virtioModel);
    uvJsonObjectAppendString(dev, "id", uvQemuAlias(&b->info, "balloon0"));
    if (b->autodeflate != UV_TRISTATE_SWITCH_DEFAULT)
        uvJsonObjectAppendBool(dev, "deflate-on-oom", b->autodeflate == UV_TRISTATE_SWITCH_ON);
    if (b->freePageReporting != UV_TRISTATE_SWITCH_DEFAULT)
        uvJsonObjectAppendBool(dev, "free-page-reporting",
                               b->freePageReporting == UV_TRISTATE_SWITCH_ON);
    uvQemuDeviceAddInfo(dev, def, &b->info);
    uvQemuAddJSON(argv, "-device", dev);
}

static void
uvQemuBuildRNGs(GPtrArray *argv, const UvDomainDef *def)
{
    for (guint i = 0; i < def->nrngs; i++) {
        const UvDomainRNGDef *r = def->rngs[i];
        const char *alias = uvQemuAlias(&r->info, "rng0");
        g_autofree char *objId = g_strdup_printf("obj%s", alias);
        UvJson *obj = uvJsonNewObject();
        UvJson *dev;

        uvJsonObjectAppendString(obj, "qom-type", "rng-random");
        uvJsonObjectAppendString(obj, "id", objId);
        uvJsonObjectAppendString(obj, "filename", r->source ? r->source : "/dev/urandom");
        uvQemuAddJSON(argv, "-object", obj);

        dev = uvQemuVirtioDeviceNew("virtio-rng-pci", r->virtioModel);
        uvJsonObjectAppendString(dev, "rng", objId);
        uvJsonObjectAppendString(dev, "id", alias);
        if (r->rateBytes) {
            uvJsonObjectAppendUInt(dev, "max-bytes", r->rateBytes);
            uvJsonObjectAppendUInt(dev, "period", r->ratePeriod ? r->ratePeriod : 1000);
        }
        uvQemuDeviceAddInfo(dev, def, &r->info);
        uvQemuAddJSON(argv, "-device", dev);
    }
}

/* <os><smbios mode='sysinfo'/>: one -smbios per <sysinfo> section that has entries */
static void
uvQemuBuildSmbios(GPtrArray *argv, const UvDomainDef *def)
{
    static const guint types[UV_DOMAIN_SYSINFO_SECTION_LAST] = {
        [UV_DOMAIN_SYSINFO_SECTION_BIOS] = 0,
        [UV_DOMAIN_SYSINFO_SECTION_SYSTEM] = 1,
        [UV_DOMAIN_SYSINFO_SECTION_BASEBOARD] = 2,
        [UV_DOMAIN_SYSINFO_SECTION_CHASSIS] = 3,
    };
    const UvDomainSysinfoDef *si = &def->sysinfo;

    if (def->os.smbios != UV_DOMAIN_SMBIOS_MODE_SYSINFO || !si->present)
        return;
    for (guint s = 0; s < UV_DOMAIN_SYSINFO_SECTION_LAST; s++) {
        const char *const *names = uvDomainSysinfoEntryNames(s);
        g_autoptr(GString) opt = g_string_new(NULL);
        gboolean any = FALSE;

        g_string_append_printf(opt, "type=%u", types[s]);
        for (guint i = 0; names[i]; i++) {
            if (!si->entries[s][i])
                continue;
            g_string_append_printf(opt, ",%s=", names[i]);
            uvQemuOptEscape(opt, si->entries[s][i]);
            any = TRUE;
        }
        if (any)
            uvQemuAdd(argv, "-smbios", opt->str);
    }
    if (si->oemStrings) {
        g_autoptr(GString) opt = g_string_new("type=11");

        for (guint i = 0; si->oemStrings[i]; i++) {
            g_string_append(opt, ",value=");
            uvQemuOptEscape(opt, si->oemStrings[i]);
        }
        uvQemuAdd(argv, "-smbios", opt->str);
    }
}

static gboolean
uvQemuUsesBridgeHelper(const UvDomainDef *def, const UvQemuCommandParams *params)
{
    for (guint i = 0; i < def->nnets; i++) {
        const UvQemuNetPrepared *p =
            params->prepared && i < params->prepared->nnets ? &params->prepared->nets[i] : NULL;

        if (def->nets[i]->type == UV_DOMAIN_NET_TYPE_BRIDGE && (!p || p->ntapfds == 0))
            return TRUE;
    }
    return FALSE;
}

/* ---- the whole command line ---- */

GPtrArray *
uvQemuBuildCommandLine(const UvDomainDef *def, const UvQemuCommandParams *params, GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    char uuid[UV_UUID_STRING_BUFLEN];
    g_autoptr(GString) mon = g_string_new("socket,id=charmonitor,");
    g_autoptr(GString) name = g_string_new(NULL);

    /* a start gives a path-less unix channel (KubeVirt's guest agent channel) its socket
     * first (uvQemuAssignChannelPaths); QEMU would fail on an empty path */
    for (guint i = 0; i < def->nchannels; i++) {
        const UvDomainChrDef *chr = def->channels[i];

        if (chr->type == UV_DOMAIN_CHR_TYPE_UNIX && !chr->sourcePath) {
            g_set_error(error, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED,
                        _("The unix channel '%s' has no <source path='...'/>, and uvirt "
                          "chooses one only when it starts the domain; add <source mode='bind' "
                          "path='...'/> for a command line of its own."),
                        chr->targetName ? chr->targetName : uvQemuAlias(&chr->info, "channel"));
            return NULL;
        }
    }

    g_ptr_array_add(argv, g_strdup(params->emulator));
    g_string_append(name, "guest=");
    uvQemuOptEscape(name, def->name);
    g_string_append(name, ",debug-threads=on");
    uvQemuAdd(argv, "-name", name->str);
    uvQemuAdd(argv, "-S", NULL);
    if (!uvQemuBuildMachine(argv, def, error))
        return NULL;
    uvQemuBuildCPU(argv, def);
    uvQemuBuildLoader(argv, def);
    uvQemuAddf(argv, "-m", "size=%" G_GUINT64_FORMAT "k", def->memory);
    uvQemuAdd(argv, "-overcommit", "mem-lock=off");
    uvQemuBuildSMP(argv, def);
    uvQemuAdd(argv, "-uuid", uvUUIDFormat(def->uuid, uuid));
    uvQemuBuildSmbios(argv, def);
    if (def->ngraphics == 0)
        uvQemuAdd(argv, "-display", "none");
    uvQemuAdd(argv, "-no-user-config", NULL);
    uvQemuAdd(argv, "-nodefaults", NULL);

    if (params->monitorFd >= 0) {
        g_string_append_printf(mon, "fd=%d", params->monitorFd);
    } else {
        g_string_append(mon, "path=");
        uvQemuOptEscape(mon, params->monitorPath);
    }
    g_string_append(mon, ",server=on,wait=off");
    uvQemuAdd(argv, "-chardev", mon->str);
    uvQemuAdd(argv, "-mon", "chardev=charmonitor,id=monitor,mode=control");

    uvQemuBuildClock(argv, def);
    if (!uvQemuBuildLifecycle(argv, def, error))
        return NULL;
    uvQemuBuildBoot(argv, def);

    if (!uvQemuBuildControllers(argv, def, error))
        return NULL;
    for (guint i = 0; i < def->ndisks; i++) {
        if (!uvQemuBuildDisk(argv, def, def->disks[i], i + 1, error))
            return NULL;
    }
    for (guint i = 0; i < def->nnets; i++) {
        const UvQemuNetPrepared *p =
            params->prepared && i < params->prepared->nnets ? &params->prepared->nets[i] : NULL;

        if (!uvQemuBuildNet(argv, def, def->nets[i], p, params, error))
            return NULL;
    }
    uvQemuBuildChrs(argv, def);
    uvQemuBuildInputs(argv, def);
    uvQemuBuildGraphics(argv, def);
    uvQemuBuildVideos(argv, def);
    uvQemuBuildBalloon(argv, def);
    uvQemuBuildRNGs(argv, def);

    /* QEMU's bridge helper is a setuid program QEMU runs: it needs spawn and privileges. */
    if (uvQemuUsesBridgeHelper(def, params))
        uvQemuAdd(argv, "-sandbox", "on,obsolete=deny,resourcecontrol=deny");
    else
        uvQemuAdd(argv, "-sandbox",
                  "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
    uvQemuAdd(argv, "-msg", "timestamp=on");
    /* every run state change in the log: how QEMU ended, and whether a kept one powered off */
    if (params->traceRunState)
        uvQemuAdd(argv, "-trace", "runstate_set");

    g_ptr_array_add(argv, NULL);
    return g_steal_pointer(&argv);
}

char *
uvQemuCommandLineToShell(const GPtrArray *argv)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < argv->len && argv->pdata[i]; i++) {
        const char *arg = argv->pdata[i];
        gboolean plain = *arg != '\0';

        for (const char *p = arg; *p && plain; p++)
            plain = g_ascii_isalnum(*p) || strchr("-_./=:,+@%", *p);
        if (i)
            g_string_append_c(s, ' ');
        if (plain) {
            g_string_append(s, arg);
        } else {
            g_autofree char *q = g_shell_quote(arg);
            g_string_append(s, q);
        }
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}
