/*
 * uvunits.h: scaled sizes ("512 MiB") as used by libvirt's XML unit= attributes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/*
 * The number of bytes one @unit stands for, or 0 when @unit is not one of
 * libvirt's units: b/byte/bytes, k/KiB, KB, m/MiB, MB, g/GiB, GB, t/TiB, TB,
 * p/PiB, PB, e/EiB, EB, letters in any case. A lone letter and the "iB" forms
 * are powers of 1024, the two-letter "B" forms powers of 1000. @unit NULL
 * yields @defaultScale.
 */
guint64 uvUnitScale(const char *unit, guint64 defaultScale);

/*
 * Multiply @value by @scale into *@result. Returns FALSE, leaving *@result
 * untouched, when the product does not fit in @max.
 */
gboolean uvUnitMultiply(guint64 value, guint64 scale, guint64 max, guint64 *result);
