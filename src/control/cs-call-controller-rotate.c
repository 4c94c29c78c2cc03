/* cs-call-controller-rotate.c — a recording goes on in a new file (--record-max)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a committed second whose lines made the file reach its size limit, or that ends
 * its period, the controller closes the file on that whole second and records on in the
 * next one (cs_record_rotation_path(): FILE, FILE.1.jsonl, FILE.2.jsonl …). Each file
 * starts as a recording attached during a call does — the session line (with the call's
 * start), a join at the current second, the thresholds — so that each replays on its own;
 * its times go on from the call's start. A file may exceed a size limit by one second of
 * lines. docs/recording-format.md and docs/command-line.md describe it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-call-controller-private.h"
#include "cs-record-rotation.h"

static void
on_record_failed (CsRecorder *recorder, const GError *error, CsCallController *self)
{
  cs_stats_model_add_notice (self->model, CS_EXCEPTION_RECORDING_FAILED, CS_UNKNOWN);
  g_signal_emit_by_name (self, "record-failed", error);
}

static void
rotate (CsCallController *self, double t)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecorder) old = g_steal_pointer (&self->recorder);
  g_autofree char *path = NULL;
  g_autofree char *start = NULL;
  CsRecorderHeader header = { 0 };

  g_signal_handlers_disconnect_by_data (old, self);
  if (!cs_recorder_close (old, &error))
    {
      /* the file could not be finished (a full disk): as a failed recording */
      self->recorder = g_steal_pointer (&old);
      on_record_failed (self->recorder, error, self);
      return;
    }
  self->record_index++;
  path = cs_record_rotation_path (self->record_path, self->record_index);
  if (!isnan (self->start_time))
    {
      gint64 us = (gint64) (self->start_time * G_USEC_PER_SEC);
      g_autoptr (GDateTime) second = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      g_autoptr (GDateTime) when = second != NULL ? g_date_time_add (second, us % G_USEC_PER_SEC) : NULL;

      start = when != NULL ? g_date_time_format_iso8601 (when) : NULL;
    }
  header.start = start;
  self->recorder = cs_recorder_new_with_header (path, self->mode_name, &header, &error);
  if (self->recorder == NULL)
    {
      /* keep a closed recorder, so that the failure is this recording's, said once */
      g_prefix_error (&error, _("Cannot start the next file of the recording: "));
      self->recorder = g_steal_pointer (&old);
      self->record_dead = TRUE;
      on_record_failed (self->recorder, error, self);
      return;
    }
  g_signal_connect (self->recorder, "failed", G_CALLBACK (on_record_failed), self);
  cs_recorder_attach (self->recorder, self->model);
  self->record_file_t = t;
}

static void
on_committed (CsStatsModel *model, double t, CsCallController *self)
{
  if (self->recorder == NULL || self->record_dead || cs_recorder_get_failed (self->recorder))
    return;
  if ((self->record_max_bytes > 0 && cs_recorder_get_size (self->recorder) >= self->record_max_bytes) ||
      (self->record_max_seconds > 0 && t - self->record_file_t >= self->record_max_seconds - 0.5))
    rotate (self, t);
}

void
_cs_call_controller_rotate_begin (CsCallController *self)
{
  self->record_index = 0;
  self->record_dead = FALSE;
  self->record_file_t = cs_stats_model_get_duration (self->model);
  if (self->rotate_handler == 0)
    /* after the recorder's own handler: the file ends with that second's commit line */
    self->rotate_handler = g_signal_connect_after (self->model, "committed", G_CALLBACK (on_committed), self);
}

void
cs_call_controller_set_record_max (CsCallController *self, guint64 bytes, double seconds)
{
  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  self->record_max_bytes = bytes;
  self->record_max_seconds = isfinite (seconds) && seconds > 0 ? seconds : 0;
}

guint
cs_call_controller_get_record_files (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), 0);
  return self->recorder != NULL ? self->record_index + 1 : 0;
}
