/* cs-long-recording.h — a long recording made from a short fixture, for replay tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes to @path a recording of @seconds of call made from the fixture @fixture (a lab
 * call of a few users): its first 5 s once, then its steady part (5 s to 25 s) over and
 * over, shifted in time, each stream's cumulative counters carried on, then its end. The
 * samples go through a CsStatsModel with a CsRecorder attached, as in a live call, so the
 * file has every line a real recording has (commits, scores, stats, exceptions). */
void cs_long_recording_write (const char *fixture, double seconds, const char *path);

G_END_DECLS
