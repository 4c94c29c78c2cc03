/* cs-test-run.h — runs the callscope binary headless from a test and reads its recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the engine's end-to-end tests (lab, Janus, WHIP/WHEP). A run starts
 * `callscope --headless ARGS [--record=TMP]` as a child process; finishing it waits for
 * the exit, keeps stdout, stderr and the exit status, and parses every line of the
 * recording. Children die with the test (PR_SET_PDEATHSIG), so a failed assertion never
 * leaves a call or a server behind.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  GPtrArray   *lines;   /* JsonObject*, after cs_test_run_finish() */
  char        *stdout_text;
  char        *stderr_text;
  int          status;  /* exit status, or -1 when killed by a signal */
  char        *path;    /* the recording, nullable */
} CsTestRun;

/* Starts callscope --headless with @args (NULL-terminated), recording to a temporary file
 * when @record. */
CsTestRun *cs_test_run_start  (const char *const *args, gboolean record);
/* Waits for the exit and reads the recording. */
void       cs_test_run_finish (CsTestRun *run);
/* While the call runs: waits (at most @timeout_s) until its recording, flushed every second,
 * has a line of @type (with "uid" @uid unless NULL) whose text contains @text (unless NULL).
 * TRUE when it came; on a time-out prints what the recording held. */
gboolean   cs_test_run_wait_for (CsTestRun *run, const char *type, const char *text, double timeout_s);
/* Both at once. */
CsTestRun *cs_test_run        (const char *const *args, gboolean record);
/* Runs a recorded call until media flowed @after_s call seconds (as the recording says) in every
 * direction of @pairs ("OBSERVER>PEER", NULL-terminated; audio and video), then ends it with
 * SIGINT; the --duration of @args bounds it when media never comes. On a busy machine media can
 * start many seconds late: a test that measures media measures the same span however late. */
CsTestRun *cs_test_run_media  (const char *const *args, const char *const *pairs, double after_s);
void       cs_test_run_free   (CsTestRun *run);

/* A child process that dies with the test; stdout and stderr go to @log (nullable: kept). */
GSubprocess *cs_test_spawn    (const char *const *argv, const char *log, GError **error);

/* How much wider timing bounds (delays, RTT) may be on this run: 1, or the value of
 * CS_TEST_TIMING_SLACK. tools/dev.sh sets 2 for the sanitizer pass, where the same calls
 * run 2-3 times slower and the processing adds to every delay; loss, scores and events keep
 * their bounds. */
double      cs_test_timing_slack (void);

/* Accessors for recording lines */
double      cs_test_num       (JsonObject *o, const char *member);     /* NAN when absent */
double      cs_test_counter   (JsonObject *o, const char *member);     /* 0 when absent */
gboolean    cs_test_is_type   (JsonObject *o, const char *type);
const char *cs_test_uid       (JsonObject *o);
const char *cs_test_str       (JsonObject *o, const char *member);     /* "" when absent */
double      cs_test_last_time (CsTestRun *run);
/* Loss in percent of the track @observer receives from @peer (@kind "audio"/"video")
 * between @t0 and @t1, from the raw samples; asserts that packets arrived. */
double      cs_test_sample_loss (CsTestRun *run, const char *observer, const char *peer,
                                 const char *kind, double t0, double t1);
void        cs_test_sample_counts (CsTestRun *run, const char *observer, const char *peer,
                                   const char *kind, double t0, double t1, double *lost, double *received);
/* Loss in percent of everything (audio and video) @observer receives from @peer: more
 * packets than one track, so a binomial loss is measured within a tighter bound. */
double      cs_test_stream_loss (CsTestRun *run, const char *observer, const char *peer, double t0, double t1);

/* The conditions that start a measurement, as written in the recording; NAN when they never
 * happened (print what was seen with cs_test_dump() before failing on that). */
/* the first sample in which @observer received packets from @peer (@kind "audio"/"video") */
double      cs_test_first_media (CsTestRun *run, const char *observer, const char *peer, const char *kind);
/* the first @type line (local-audio-stats, local-video-stats) with packets sent at a rate */
double      cs_test_first_sending (CsTestRun *run, const char *type);
/* the first second from which @uid's uplink and downlink scores are both known (not 0) */
double      cs_test_first_score (CsTestRun *run, const char *uid);
/* the first `event` line about @uid ("" for every remote user) whose message contains @text,
 * at or after @after: a scenario step as the lab applied it, for example */
double      cs_test_event_time  (CsTestRun *run, const char *uid, const char *text, double after);
/* the first line of @type about @uid (NULL: any) */
double      cs_test_line_time   (CsTestRun *run, const char *type, const char *uid);
/* Prints (g_test_message) the lines of @types (NULL-terminated; NULL: all) about @uid
 * (NULL: all) between @t0 and @t1, the run's stderr and where the recording is kept, so that a
 * failure can be diagnosed from the CI log alone. The recording is kept when a test fails. */
void        cs_test_dump        (CsTestRun *run, const char *uid, double t0, double t1, const char *const *types);
/* Fails (after a dump) unless @t is a number no later than @deadline: a condition that must
 * have happened, named @what in the message. */
void        cs_test_assert_happened (CsTestRun *run, double t, double deadline, const char *what);

/* How often @needle occurs in @text (nullable) */
guint       cs_test_count_text  (const char *text, const char *needle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTestRun, cs_test_run_free)

G_END_DECLS
