/* cs-test-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

#include "cs-test-run.h"

static void
die_with_parent (gpointer user_data)
{
  (void) user_data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
cs_test_spawn (const char *const *argv, const char *log, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;

  launcher = g_subprocess_launcher_new (log != NULL ? G_SUBPROCESS_FLAGS_NONE
                                                    : G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (log != NULL)
    {
      g_subprocess_launcher_set_stdout_file_path (launcher, log);
      g_subprocess_launcher_set_stderr_file_path (launcher, log);
    }
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* in the sanitizer pass, the call unwinds 10 frames per allocation, not 30: a lab call then
   * costs 11 s of CPU instead of 16.9 s (15 s call), which a loaded machine could not give it;
   * the callers tests/lsan.supp names are within 10 frames of a headless call's allocations */
  if (g_getenv ("ASAN_OPTIONS") != NULL && strstr (g_getenv ("ASAN_OPTIONS"), "malloc_context_size") == NULL)
    {
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":malloc_context_size=10", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

CsTestRun *
cs_test_run_start (const char *const *args, gboolean record)
{
  CsTestRun *run = g_new0 (CsTestRun, 1);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  run->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_ptr_array_add (argv, g_strdup (CALLSCOPE_BINARY));
  g_ptr_array_add (argv, g_strdup ("--headless"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  if (record)
    {
      int fd = g_file_open_tmp ("cs-test-XXXXXX.jsonl", &run->path, &error);

      g_assert_no_error (error);
      close (fd);
      g_ptr_array_add (argv, g_strdup_printf ("--record=%s", run->path));
    }
  g_ptr_array_add (argv, NULL);
  run->process = cs_test_spawn ((const char *const *) argv->pdata, NULL, &error);
  g_assert_no_error (error);
  return run;
}

/* Parses the recording's lines into run->lines (emptied first). @strict: every line must
 * parse (a finished run); otherwise a line being written is skipped. */
static void
load_lines (CsTestRun *run, gboolean strict)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto (GStrv) lines = NULL;

  g_ptr_array_set_size (run->lines, 0);
  if (!g_file_get_contents (run->path, &data, NULL, &error))
    {
      if (strict)
        g_assert_no_error (error);
      return;
    }
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (lines[i][0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, strict ? &error : NULL))
        {
          if (strict)
            g_assert_no_error (error);
          continue;
        }
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        g_ptr_array_add (run->lines, json_object_ref (json_node_get_object (root)));
    }
}

void
cs_test_run_finish (CsTestRun *run)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8 (run->process, NULL, NULL, &run->stdout_text, &run->stderr_text, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (run->process) ? g_subprocess_get_exit_status (run->process) : -1;
  g_test_message ("exit %d, stderr: %s", run->status, run->stderr_text);
  if (run->path == NULL)
    return;

  g_test_message ("recording: %s (kept if the test fails)", run->path);
  load_lines (run, TRUE);
}

/* TRUE once every "OBSERVER>PEER" of @pairs received both audio and video, at *from the latest. */
static gboolean
all_pairs_have_media (CsTestRun *run, const char *const *pairs, double *from)
{
  *from = 0;
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (pairs[i], ">", 2);
      double audio, video;

      g_assert_nonnull (pair[1]);
      audio = cs_test_first_media (run, pair[0], pair[1], "audio");
      video = cs_test_first_media (run, pair[0], pair[1], "video");
      if (isnan (audio) || isnan (video))
        return FALSE;
      *from = MAX (*from, MAX (audio, video));
    }
  return TRUE;
}

typedef struct
{
  gboolean done;
  char    *out, *err;
  GError  *error;
} Communication;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Communication *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

CsTestRun *
cs_test_run_media (const char *const *args, const char *const *pairs, double after_s)
{
  CsTestRun *run = cs_test_run_start (args, TRUE);
  Communication c = { 0 };
  double from = NAN;
  gboolean flowing = FALSE, stopped = FALSE;
  gint64 next_look = 0;

  /* stdout and stderr are read all along, so that a talkative call never blocks on a full pipe */
  g_subprocess_communicate_utf8_async (run->process, NULL, NULL, on_communicated, &c);
  /* until the call ends on its own (its --duration, the bound), or media has flowed long enough */
  while (!c.done)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (20 * G_TIME_SPAN_MILLISECOND);
      if (stopped || g_get_monotonic_time () < next_look)
        continue;
      next_look = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
      load_lines (run, FALSE);
      if (!flowing && (flowing = all_pairs_have_media (run, pairs, &from)))
        g_test_message ("media flows in every direction asked from %.1f s: running %.0f s more", from, after_s);
      if (flowing && cs_test_last_time (run) >= from + after_s)
        {
          g_subprocess_send_signal (run->process, SIGINT);
          stopped = TRUE;
        }
    }
  g_assert_no_error (c.error);
  run->stdout_text = c.out;
  run->stderr_text = c.err;
  run->status = g_subprocess_get_if_exited (run->process) ? g_subprocess_get_exit_status (run->process) : -1;
  g_test_message ("exit %d, stderr: %s", run->status, run->stderr_text);
  g_test_message ("recording: %s (kept if the test fails)", run->path);
  load_lines (run, TRUE);
  return run;
}

gboolean
cs_test_run_wait_for (CsTestRun *run, const char *type, const char *text, double timeout_s)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  g_autofree char *data = NULL;

  g_assert_nonnull (run->path);
  while (g_get_monotonic_time () < deadline)
    {
      g_auto (GStrv) lines = NULL;

      g_clear_pointer (&data, g_free);
      if (g_file_get_contents (run->path, &data, NULL, NULL))
        {
          lines = g_strsplit (data, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            if (strstr (lines[i], needle) != NULL && (text == NULL || strstr (lines[i], text) != NULL))
              {
                g_test_message ("waited for %s: %s", type, lines[i]);
                return TRUE;
              }
        }
      g_usleep (100 * G_TIME_SPAN_MILLISECOND);
    }
  g_test_message ("no %s line%s%s within %.0f s; the recording held:\n%s", type, text ? " with " : "",
                  text ? text : "", timeout_s * cs_test_timing_slack (), data ? data : "(nothing)");
  return FALSE;
}

CsTestRun *
cs_test_run (const char *const *args, gboolean record)
{
  CsTestRun *run = cs_test_run_start (args, record);

  cs_test_run_finish (run);
  return run;
}

void
cs_test_run_free (CsTestRun *run)
{
  if (run->process != NULL && g_subprocess_get_identifier (run->process) != NULL)
    g_subprocess_force_exit (run->process);
  /* a failed test keeps its recording (an assertion aborts before this; a soft failure too) */
  if (run->path != NULL && g_getenv ("CS_TEST_KEEP") == NULL && !g_test_failed ())
    g_unlink (run->path);
  g_clear_object (&run->process);
  g_free (run->path);
  g_ptr_array_unref (run->lines);
  g_free (run->stdout_text);
  g_free (run->stderr_text);
  g_free (run);
}

double
cs_test_timing_slack (void)
{
  const char *v = g_getenv ("CS_TEST_TIMING_SLACK");
  double slack = v != NULL ? g_ascii_strtod (v, NULL) : 1.0;

  return slack >= 1.0 && slack <= 10.0 ? slack : 1.0;
}

double
cs_test_num (JsonObject *o, const char *member)
{
  return json_object_has_member (o, member) ? json_object_get_double_member (o, member) : NAN;
}

/* counters are left out of a sample line when they are 0 */
double
cs_test_counter (JsonObject *o, const char *member)
{
  return json_object_has_member (o, member) ? json_object_get_double_member (o, member) : 0;
}

const char *
cs_test_str (JsonObject *o, const char *member)
{
  return json_object_get_string_member_with_default (o, member, "");
}

gboolean
cs_test_is_type (JsonObject *o, const char *type)
{
  return g_strcmp0 (cs_test_str (o, "type"), type) == 0;
}

const char *
cs_test_uid (JsonObject *o)
{
  return cs_test_str (o, "uid");
}

double
cs_test_last_time (CsTestRun *run)
{
  double t = 0;

  for (guint i = 0; i < run->lines->len; i++)
    if (cs_test_is_type (g_ptr_array_index (run->lines, i), "commit"))
      t = cs_test_num (g_ptr_array_index (run->lines, i), "t");
  return t;
}

/* packets lost and received of the track @observer receives from @peer, between @t0 and @t1.
 * Summed interval by interval as the model does (cs-track.c): a sample whose SSRC differs
 * from the one before, or whose counters went back, starts a new stream that counts from
 * zero; a plain difference of the first and last counters would mix two streams' counters. */
void
cs_test_sample_counts (CsTestRun *run, const char *observer, const char *peer, const char *kind, double t0,
                       double t1, double *lost, double *received)
{
  JsonObject *prev = NULL;

  *lost = *received = 0;
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "sample") ||
          g_strcmp0 (cs_test_str (o, "observer_uid"), observer) != 0 ||
          g_strcmp0 (cs_test_str (o, "peer_uid"), peer) != 0 ||
          g_strcmp0 (cs_test_str (o, "kind"), kind) != 0 ||
          g_strcmp0 (cs_test_str (o, "direction"), "inbound") != 0)
        continue;
      if (t < t0 || t > t1)
        continue;
      if (prev != NULL && cs_test_counter (o, "ssrc") == cs_test_counter (prev, "ssrc") &&
          cs_test_counter (o, "packets") >= cs_test_counter (prev, "packets"))
        {
          *lost += cs_test_counter (o, "packets_lost") - cs_test_counter (prev, "packets_lost");
          *received += cs_test_counter (o, "packets") - cs_test_counter (prev, "packets");
        }
      else if (prev != NULL)
        {
          g_test_message ("%s -> %s %s: a new stream at %.1f s (ssrc %.0f, %.0f packets; was ssrc %.0f, %.0f packets)",
                          peer, observer, kind, t, cs_test_counter (o, "ssrc"), cs_test_counter (o, "packets"),
                          cs_test_counter (prev, "ssrc"), cs_test_counter (prev, "packets"));
          *lost += MAX (cs_test_counter (o, "packets_lost"), 0);
          *received += cs_test_counter (o, "packets");
        }
      prev = o;
    }
  g_assert_nonnull (prev);
  g_assert_cmpfloat (*received, >, 0);
}

double
cs_test_sample_loss (CsTestRun *run, const char *observer, const char *peer, const char *kind, double t0, double t1)
{
  double lost, received;

  cs_test_sample_counts (run, observer, peer, kind, t0, t1, &lost, &received);
  return 100.0 * lost / (lost + received);
}

double
cs_test_stream_loss (CsTestRun *run, const char *observer, const char *peer, double t0, double t1)
{
  double la, ra, lv, rv;

  cs_test_sample_counts (run, observer, peer, "audio", t0, t1, &la, &ra);
  cs_test_sample_counts (run, observer, peer, "video", t0, t1, &lv, &rv);
  g_test_message ("%s -> %s: audio %.0f lost of %.0f, video %.0f lost of %.0f", peer, observer, la, la + ra, lv,
                  lv + rv);
  return 100.0 * (la + lv) / (la + ra + lv + rv);
}

/* ------------------------------------------------------------ conditions */

double
cs_test_first_media (CsTestRun *run, const char *observer, const char *peer, const char *kind)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "observer_uid"), observer) == 0 &&
          g_strcmp0 (cs_test_str (o, "peer_uid"), peer) == 0 && g_strcmp0 (cs_test_str (o, "kind"), kind) == 0 &&
          g_strcmp0 (cs_test_str (o, "direction"), "inbound") == 0 && cs_test_counter (o, "packets") > 0)
        return cs_test_num (o, "t");
    }
  return NAN;
}

double
cs_test_first_sending (CsTestRun *run, const char *type)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      /* a rate needs two samples, and the first sample of a BUNDLEd call may be one stray
       * packet (webrtcbin 1.22 mislabels SSRCs until the send pads are mapped) */
      if (cs_test_is_type (o, type) && cs_test_num (o, "sendPackets") > 0 && cs_test_num (o, "sendBitrate") > 0)
        return cs_test_num (o, "t");
    }
  return NAN;
}

double
cs_test_first_score (CsTestRun *run, const char *uid)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "network-quality") && g_strcmp0 (cs_test_uid (o), uid) == 0 &&
          cs_test_num (o, "uplinkNetworkQuality") > 0 && cs_test_num (o, "downlinkNetworkQuality") > 0)
        return cs_test_num (o, "t");
    }
  return NAN;
}

double
cs_test_event_time (CsTestRun *run, const char *uid, const char *text, double after)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "event") && g_strcmp0 (cs_test_uid (o), uid) == 0 &&
          strstr (cs_test_str (o, "msg"), text) != NULL && cs_test_num (o, "t") >= after)
        return cs_test_num (o, "t");
    }
  return NAN;
}

double
cs_test_line_time (CsTestRun *run, const char *type, const char *uid)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, type) && (uid == NULL || g_strcmp0 (cs_test_uid (o), uid) == 0))
        return cs_test_num (o, "t");
    }
  return NAN;
}

static gboolean
line_is_about (JsonObject *o, const char *uid)
{
  return g_strcmp0 (cs_test_uid (o), uid) == 0 || g_strcmp0 (cs_test_str (o, "observer_uid"), uid) == 0 ||
         g_strcmp0 (cs_test_str (o, "peer_uid"), uid) == 0;
}

void
cs_test_dump (CsTestRun *run, const char *uid, double t0, double t1, const char *const *types)
{
  g_test_message ("--- what the run saw%s%s, %.1f-%.1f s (recording %s) ---", uid ? " of " : "", uid ? uid : "",
                  t0, t1, run->path ? run->path : "not kept");
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");
      gboolean wanted = types == NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *text = NULL;

      for (guint k = 0; types != NULL && types[k] != NULL && !wanted; k++)
        wanted = cs_test_is_type (o, types[k]);
      if (!wanted || (uid != NULL && !line_is_about (o, uid)) || (!isnan (t) && (t < t0 || t > t1)))
        continue;
      node = json_node_init_object (json_node_alloc (), o);
      text = json_to_string (node, FALSE);
      g_test_message ("%s", text);
    }
  g_test_message ("--- stderr ---\n%s", run->stderr_text ? run->stderr_text : "");
}

void
cs_test_assert_happened (CsTestRun *run, double t, double deadline, const char *what)
{
  if (!isnan (t) && t <= deadline)
    {
      g_test_message ("%s at %.1f s", what, t);
      return;
    }
  cs_test_dump (run, NULL, 0, G_MAXDOUBLE, (const char *const[]) { "event", "user-joined", "user-left", "exception",
                                                                    "network-quality", NULL });
  g_test_message ("%s: %s (deadline %.1f s)", what, isnan (t) ? "never happened" : "too late", deadline);
  g_assert_cmpfloat (t, <=, deadline);
}

guint
cs_test_count_text (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = text != NULL ? strstr (text, needle) : NULL; p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}
