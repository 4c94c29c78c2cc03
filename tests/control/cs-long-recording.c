/* cs-long-recording.c — a long recording made from a short fixture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-long-recording.h"

#include <string.h>

#include "cs-recorder.h"
#include "cs-recording-reader.h"

#define STEADY_FROM 5.0
#define STEADY_TO   25.0
#define PERIOD      (STEADY_TO - STEADY_FROM)

typedef struct
{
  guint64 first[7], last[7];
  double  freeze_first, freeze_last;
  guint   n;
} Stream;

static char *
stream_key (const CsStatsSample *s)
{
  return g_strdup_printf ("%s|%s|%d|%d|%u", s->observer_uid, s->peer_uid, s->kind, s->direction, s->ssrc);
}

static void
counters (const CsStatsSample *s, guint64 out[7])
{
  out[0] = s->packets;
  out[1] = s->bytes;
  out[2] = (guint64) s->packets_lost;
  out[3] = s->nack_count;
  out[4] = s->pli_count;
  out[5] = s->frames_captured + (s->frames_encoded << 32);
  out[6] = s->frames_decoded + (s->frames_rendered << 32);
}

static guint64
grow (guint64 first, guint64 last, guint n, guint k)
{
  /* the steady part's increase, plus one poll's worth so that the next lap does not repeat a value */
  guint64 d = last - first;

  return n > 1 ? k * (d + d / (n - 1)) : 0;
}

/* @k laps after the first: each counter carried on k times the steady part's increase */
static CsStatsSample *
shifted (const CsStatsSample *s, GHashTable *streams, guint k)
{
  CsStatsSample *c = cs_stats_sample_copy (s);
  g_autofree char *key = stream_key (s);
  Stream *st = g_hash_table_lookup (streams, key);

  c->t = s->t + k * PERIOD;
  if (st == NULL || k == 0)
    return c;
  c->packets += grow (st->first[0], st->last[0], st->n, k);
  c->bytes += grow (st->first[1], st->last[1], st->n, k);
  c->packets_lost += (gint64) grow (st->first[2], st->last[2], st->n, k);
  c->nack_count += grow (st->first[3], st->last[3], st->n, k);
  c->pli_count += grow (st->first[4], st->last[4], st->n, k);
  if (c->has_frames)
    {
      c->frames_captured += grow (st->first[5] & 0xffffffff, st->last[5] & 0xffffffff, st->n, k);
      c->frames_encoded += grow (st->first[5] >> 32, st->last[5] >> 32, st->n, k);
      c->frames_decoded += grow (st->first[6] & 0xffffffff, st->last[6] & 0xffffffff, st->n, k);
      c->frames_rendered += grow (st->first[6] >> 32, st->last[6] >> 32, st->n, k);
    }
  if (s->total_freeze_ms != CS_UNKNOWN && st->n > 1)
    c->total_freeze_ms += k * (st->freeze_last - st->freeze_first) * st->n / (st->n - 1);
  return c;
}

static void
feed (CsStatsModel *model, const CsStatsSample *s, double *pending_t, gboolean *pending)
{
  if (*pending && s->t != *pending_t)
    cs_stats_model_commit (model, *pending_t);
  cs_stats_model_ingest (model, s);
  *pending_t = s->t;
  *pending = TRUE;
}

void
cs_long_recording_write (const char *fixture, double seconds, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autoptr (GHashTable) streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsRecorder) recorder = NULL;
  GPtrArray *samples;
  double pending_t = 0;
  gboolean pending = FALSE;
  guint laps;

  g_assert_no_error (error);
  samples = cs_recording_reader_get_samples (reader);
  for (guint i = 0; i < samples->len; i++)
    {
      const CsStatsSample *s = g_ptr_array_index (samples, i);
      char *key;
      Stream *st;
      guint64 c[7];

      if (s->t < STEADY_FROM || s->t >= STEADY_TO || s->kind == CS_SAMPLE_KIND_CONNECTION)
        continue;
      key = stream_key (s);
      st = g_hash_table_lookup (streams, key);
      counters (s, c);
      if (st == NULL)
        {
          st = g_new0 (Stream, 1);
          memcpy (st->first, c, sizeof c);
          st->freeze_first = s->total_freeze_ms;
          g_hash_table_insert (streams, key, st);
        }
      else
        g_free (key);
      memcpy (st->last, c, sizeof c);
      st->freeze_last = s->total_freeze_ms;
      st->n++;
    }

  laps = seconds > STEADY_TO ? (guint) ((seconds - STEADY_TO) / PERIOD + 0.999) + 1 : 1;
  recorder = cs_recorder_new (path, "lab", &error);
  g_assert_no_error (error);
  cs_recorder_attach (recorder, model);
  cs_stats_model_join (model, cs_recording_reader_get_local_uid (reader));
  for (guint i = 0; i < samples->len; i++)
    {
      const CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->t < STEADY_FROM)
        feed (model, s, &pending_t, &pending);
    }
  for (guint k = 0; k < laps; k++)
    for (guint i = 0; i < samples->len; i++)
      {
        const CsStatsSample *s = g_ptr_array_index (samples, i);

        if (s->t >= STEADY_FROM && s->t < STEADY_TO && s->kind != CS_SAMPLE_KIND_CONNECTION)
          {
            g_autoptr (CsStatsSample) c = shifted (s, streams, k);

            feed (model, c, &pending_t, &pending);
          }
      }
  for (guint i = 0; i < samples->len; i++)
    {
      const CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->t >= STEADY_TO)
        {
          g_autoptr (CsStatsSample) c = shifted (s, streams, laps - 1);

          feed (model, c, &pending_t, &pending);
        }
    }
  if (pending)
    cs_stats_model_commit (model, pending_t);
  cs_stats_model_leave (model);
  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);
}
