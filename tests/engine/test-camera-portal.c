/* test-camera-portal.c — the camera through the Camera portal, against a fake portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake (cs-fake-portal.c) owns org.freedesktop.portal.Desktop on a private session bus
 * that the test starts itself (GTestDBus: never the desktop's own portal, whatever bus the
 * test was started on), on a thread of its own. The
 * in-process tests drive CsCameraPortal and the camera source (cs-camera.c) and judge what
 * came back: the file descriptor the fake sent (the same socket, by inode) in pipewiresrc,
 * the first-picture deadline when nothing answers on that socket, each refusal and each
 * malformed reply as its error (the callscope binary's lab, Janus and WHIP calls with the
 * portal's camera are test-camera-call.c). There is no PipeWire daemon here: a granted
 * camera always ends in the deadline.
 * Without pipewiresrc (gstreamer1.0-pipewire) on the machine, the tests that would read the
 * remote judge the refusal that names the package instead.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-camera.h"
#include "cs-camera-portal.h"
#include "cs-error.h"
#include "cs-fake-portal.h"
#include "cs-test-camera.h"
#include "cs-test-run.h"

/* Iterates the main context until @done (@data) holds or @timeout_s (times the timing
 * slack) passed; returns @done's last word. */
static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (gboolean (*done) (gpointer data), gpointer data, double timeout_s)
{
  gint64 until = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  /* wakes the blocking iteration up, so that the deadline is read; returns CONTINUE, so
   * that its id stays valid until it is removed here */
  guint tick = g_timeout_add (20, tick_cb, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static guint64
inode_of (int fd)
{
  struct stat st;

  g_assert_cmpint (fstat (fd, &st), ==, 0);
  return st.st_ino;
}


/* Asks the portal (the session bus), for @timeout_s at most; the fd, or -1 and @error. */
static int
open_camera (double timeout_s, GCancellable *cancellable, GError **error)
{
  g_autoptr (CsCameraPortal) portal = cs_camera_portal_new (NULL);
  g_autoptr (GAsyncResult) result = NULL;

  cs_camera_portal_open_async (portal, cancellable, cs_test_store_result, &result);
  if (!wait_for (has_result, &result, timeout_s))
    g_error ("the camera portal gave no answer within %.0f s", timeout_s * cs_test_timing_slack ());
  return cs_camera_portal_open_finish (portal, result, error);
}

/* cs_camera_open_async() on the portal path, for @timeout_s at most. */
static gboolean
open_camera_source (double timeout_s, int *fd, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  cs_camera_open_async (NULL, TRUE, NULL, cs_test_store_result, &result);
  if (!wait_for (has_result, &result, timeout_s))
    g_error ("the camera gave no answer within %.0f s", timeout_s * cs_test_timing_slack ());
  return cs_camera_open_finish (result, fd, error);
}


/* The fake in @mode; the error of asking it (asserting that there is one). */
static GError *
refusal (CsFakeMode mode)
{
  g_autoptr (CsFakePortal) fake = cs_fake_portal_new (mode);
  g_autofree char *log = NULL;
  GError *error = NULL;
  int fd;

  g_assert_nonnull (fake);
  fd = open_camera (5, NULL, &error);
  log = cs_fake_portal_log (fake);
  g_test_message ("mode %d: fd %d, error %s; the fake saw:\n%s", mode, fd, error ? error->message : "none", log);
  g_assert_cmpint (fd, ==, -1);
  g_assert_nonnull (error);
  return error;
}

/* ---------------------------------------------------------------- granted */

/* The camera element on @fd in a pipeline to a fakesink; waits (bounded) for its first error. */
static GError *
run_source (int fd, guint64 expected_inode, guint timeout_ms, double *waited_s)
{
  g_autofree char *camera_desc = cs_camera_source_description (fd);
  g_autofree char *desc = g_strdup_printf ("%s ! fakesink", camera_desc);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr (GstElement) camera = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  GError *seen = NULL;
  gint64 start, stop;
  GSource *watch;
  int element_fd = -1;
  double limit_s = (timeout_ms / 1000.0 + 5) * cs_test_timing_slack ();

  g_assert_no_error (error);
  camera = gst_bin_get_by_name (GST_BIN (pipeline), "camera");
  g_assert_nonnull (camera);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (camera), ==, "GstPipeWireSrc");
  g_object_get (camera, "fd", &element_fd, NULL);
  g_test_message ("pipewiresrc fd=%d (given %d)", element_fd, fd);
  g_assert_cmpint (element_fd, ==, fd);
  g_assert_cmpuint (inode_of (element_fd), ==, expected_inode);

  /* as the lab starts it: the pipeline does not wait for the camera */
  start = g_get_monotonic_time ();
  gst_element_set_locked_state (camera, TRUE);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, 2 * cs_test_timing_slack ());
  cs_camera_start (camera);
  watch = cs_camera_watch_start (camera, timeout_ms);
  bus = gst_element_get_bus (pipeline);
  /* the deadline is posted from the main context: iterate it while polling the bus */
  while (message == NULL && (g_get_monotonic_time () - start) / 1e6 < limit_s)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      message = gst_bus_timed_pop_filtered (bus, 20 * GST_MSECOND, GST_MESSAGE_ERROR);
    }
  *waited_s = (g_get_monotonic_time () - start) / 1e6;
  g_clear_pointer (&watch, cs_camera_watch_stop);
  if (message != NULL)
    {
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &seen, &debug);
      g_test_message ("after %.1f s, from %s: %s (%s)", *waited_s, GST_MESSAGE_SRC_NAME (message), seen->message,
                      debug ? debug : "");
    }
  else
    g_test_message ("no error within %.1f s", limit_s);
  /* and it stops, without a PipeWire on the other end, as the lab stops it */
  start = g_get_monotonic_time ();
  cs_camera_release (camera);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_null (gst_object_get_parent (GST_OBJECT (camera)));
  stop = g_get_monotonic_time ();
  g_test_message ("stopped in %.2f s", (stop - start) / 1e6);
  g_assert_cmpfloat ((stop - start) / 1e6, <, 5 * cs_test_timing_slack ());
  return seen;
}

static void
granted (CsFakeMode mode)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) stream_error = NULL;
  g_autofree char *log = NULL;
  double waited = 0;
  int fd;

  fake = cs_fake_portal_new (mode);
  g_assert_nonnull (fake);
  fd = open_camera (5, NULL, &error);
  log = cs_fake_portal_log (fake);
  g_test_message ("fd %d, error %s; the fake saw:\n%s", fd, error ? error->message : "none", log);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  /* the socket the fake sent, not just any descriptor */
  g_assert_cmpuint (inode_of (fd), ==, cs_fake_portal_sent_inode (fake));
  g_assert_nonnull (strstr (log, "Get IsCameraPresent"));
  g_assert_nonnull (strstr (log, "AccessCamera token=callscope"));
  g_assert_nonnull (strstr (log, "OpenPipeWireRemote"));
  if (!cs_test_has_pipewiresrc ())
    {
      /* the remote cannot be read: the camera is refused with the package to install */
      int source_fd = -1;

      g_assert_false (open_camera_source (5, &source_fd, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT);
      g_assert_cmpint (source_fd, ==, -1);
      cs_test_assert_pipewiresrc_refusal (error->message);
      close (fd);
      return;
    }

  /* no PipeWire answers on it: the first-picture deadline says so, within its bound */
  stream_error = run_source (fd, cs_fake_portal_sent_inode (fake), 1500, &waited);
  g_assert_nonnull (stream_error);
  g_assert_error (stream_error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_STARTED);
  g_assert_nonnull (strstr (stream_error->message, "The camera sent no picture within 2 seconds"));
  g_assert_cmpfloat (waited, >=, 1.4);
  /* pipewiresrc keeps a duplicate: ours is still open, and ours to close, once */
  g_assert_cmpuint (inode_of (fd), ==, cs_fake_portal_sent_inode (fake));
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_granted (void)
{
  granted (CS_FAKE_GRANT);
}

/* the Response before AccessCamera's reply: caught, as the subscription comes first */
static void
test_granted_response_first (void)
{
  granted (CS_FAKE_GRANT_FIRST);
}

/* an older portal's own Request path: followed there */
static void
test_granted_other_path (void)
{
  granted (CS_FAKE_GRANT_OTHER_PATH);
}

/* the remote's other end closed (a PipeWire that is not there): an error, no hang */
/* the remote's other end closed (a PipeWire that is not there): an error, no hang */
static void
test_granted_no_pipewire (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) stream_error = NULL;
  double waited = 0;
  int fd;

  fake = cs_fake_portal_new (CS_FAKE_GRANT_HANG_UP);
  g_assert_nonnull (fake);
  fd = open_camera (5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  if (!cs_test_has_pipewiresrc ())
    {
      int source_fd = -1;

      g_assert_false (open_camera_source (5, &source_fd, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT);
      cs_test_assert_pipewiresrc_refusal (error->message);
      close (fd);
      return;
    }
  stream_error = run_source (fd, cs_fake_portal_sent_inode (fake), 1500, &waited);
  /* pipewiresrc's own connection error, or else the deadline */
  g_assert_nonnull (stream_error);
  g_assert_cmpfloat (waited, <, (1.5 + 5) * cs_test_timing_slack ());
  g_assert_cmpint (close (fd), ==, 0);
}

/* ---------------------------------------------------------------- refusals */

static void
test_refused (void)
{
  g_autoptr (GError) error = NULL;

  error = refusal (CS_FAKE_REFUSE);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Access to the camera was refused"));
}

static void
test_portal_failed (void)
{
  g_autoptr (GError) error = NULL;

  error = refusal (CS_FAKE_FAIL);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "response 2"));
  g_clear_error (&error);
  error = refusal (CS_FAKE_REMOTE_ERROR);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "could not connect to PipeWire"));
  g_assert_nonnull (strstr (error->message, "PipeWire is not running"));
}

static void
test_no_camera (void)
{
  g_autoptr (GError) error = NULL;

  error = refusal (CS_FAKE_ABSENT);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT);
  g_assert_nonnull (strstr (error->message, "No camera was found"));
}

static void
test_no_portal (void)
{
  g_autoptr (GError) error = NULL;
  int fd;

  fd = open_camera (5, NULL, &error);
  g_test_message ("fd %d, error %s", fd, error ? error->message : "none");
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NO_PORTAL);
  g_assert_nonnull (strstr (error->message, "no desktop portal"));
  g_clear_error (&error);

  error = refusal (CS_FAKE_NO_CAMERA_IFACE);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NO_PORTAL);
  g_assert_nonnull (strstr (error->message, "no Camera portal"));
}

static void
test_malformed (void)
{
  static const CsFakeMode modes[] = {
    CS_FAKE_BAD_PRESENT, CS_FAKE_BAD_ACCESS, CS_FAKE_BAD_RESPONSE, CS_FAKE_NO_FD, CS_FAKE_BAD_REMOTE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr (GError) error = refusal (modes[i]);

      g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "does not understand"));
    }
}

typedef struct
{
  CsFakePortal *fake;
  const char   *text;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *wait = data;
  g_autofree char *log = cs_fake_portal_log (wait->fake);

  return strstr (log, wait->text) != NULL;
}

static gboolean
fake_closed (gpointer data)
{
  return cs_fake_portal_was_closed (data);
}

/* The user takes long in the dialog, and the call is given up meanwhile: the request ends
 * as cancelled and the portal's Request is Closed. */
static void
test_cancelled (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (CsCameraPortal) portal = cs_camera_portal_new (NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  LogWait asked;
  int fd;

  fake = cs_fake_portal_new (CS_FAKE_SILENT);
  g_assert_nonnull (fake);
  asked = (LogWait) { fake, "AccessCamera" };
  cs_camera_portal_open_async (portal, cancellable, cs_test_store_result, &result);
  /* the dialog is up (the fake has the Request) and nothing came back: then the user gives up */
  if (!wait_for (log_has, &asked, 5))
    {
      log = cs_fake_portal_log (fake);
      g_error ("the fake was never asked for the camera; it saw:\n%s", log);
    }
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  if (!wait_for (has_result, &result, 5))
    g_error ("a cancelled camera request did not end within %.0f s", 5 * cs_test_timing_slack ());
  fd = cs_camera_portal_open_finish (portal, result, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_for (fake_closed, fake, 5);
  log = cs_fake_portal_log (fake);
  g_test_message ("the fake saw:\n%s", log);
  g_assert_true (cs_fake_portal_was_closed (fake));
  g_assert_null (strstr (log, "OpenPipeWireRemote"));
}

/* The portal leaves the bus instead of answering: said, not waited for forever. */
static void
test_vanished (void)
{
  g_autoptr (GError) error = NULL;

  error = refusal (CS_FAKE_VANISH);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "stopped before it answered"));
}

/* ---------------------------------------------------------------- the device directly */

static GstPadProbeReturn
count_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

/* Outside the sandbox, no device that opens: autovideosrc's fallback test picture is dropped
 * and said, not sent as the camera. */
static void
test_device_fallback (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) camera = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) seen = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *desc = NULL;
  g_autofree char *camera_desc = cs_camera_source_description (-1);
  gint buffers = 0;

  if (cs_camera_check (NULL) || g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this machine has a camera: autovideosrc does not fall back");
      return;
    }
  desc = g_strdup_printf ("%s ! fakesink name=sink sync=false", camera_desc);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  camera = gst_bin_get_by_name (GST_BIN (pipeline), "camera");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_cb, &buffers, NULL);
  cs_camera_guard (camera);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, (GstClockTime) (10 * cs_test_timing_slack () * GST_SECOND),
                                        GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  gst_message_parse_error (message, &seen, &debug);
  g_test_message ("from %s: %s (%s); %d buffers reached the sink", GST_MESSAGE_SRC_NAME (message), seen->message,
                  debug ? debug : "", g_atomic_int_get (&buffers));
  /* a moment for a test picture that would get through */
  g_usleep (200000);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_error (seen, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT);
  g_assert_cmpint (g_atomic_int_get (&buffers), ==, 0);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus = cs_test_camera_init (&argc, &argv);

  g_test_add_func ("/camera-portal/granted", test_granted);
  g_test_add_func ("/camera-portal/granted-response-first", test_granted_response_first);
  g_test_add_func ("/camera-portal/granted-other-path", test_granted_other_path);
  g_test_add_func ("/camera-portal/granted-no-pipewire", test_granted_no_pipewire);
  g_test_add_func ("/camera-portal/refused", test_refused);
  g_test_add_func ("/camera-portal/portal-failed", test_portal_failed);
  g_test_add_func ("/camera-portal/no-camera", test_no_camera);
  g_test_add_func ("/camera-portal/no-portal", test_no_portal);
  g_test_add_func ("/camera-portal/malformed", test_malformed);
  g_test_add_func ("/camera-portal/cancelled", test_cancelled);
  g_test_add_func ("/camera-portal/vanished", test_vanished);
  g_test_add_func ("/camera-portal/device-fallback", test_device_fallback);
  return cs_test_camera_run (bus);
}
