/* test-camera-portal.c — the camera through the Camera portal, against a fake portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake (cs-fake-portal.c) owns org.freedesktop.portal.Desktop on the session bus that
 * the suite runs under (dbus-run-session: a private bus), on a thread of its own. The
 * in-process tests drive CsCameraPortal and the camera source (cs-camera.c) and judge what
 * came back: the file descriptor the fake sent (the same socket, by inode) in pipewiresrc,
 * the first-picture deadline when nothing answers on that socket, each refusal and each
 * malformed reply as its error. The last tests run the callscope binary with
 * CALLSCOPE_CAMERA_PORTAL=1 (the portal path outside a sandbox) and judge its exit and
 * message. There is no PipeWire daemon here: a granted camera always ends in the deadline.
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
#include "cs-test-run.h"

static gboolean
has_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  g_test_skip ("no session bus (the suite runs under dbus-run-session)");
  return FALSE;
}

static gboolean
has_pipewiresrc (void)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find ("pipewiresrc");

  if (factory != NULL)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_error ("pipewiresrc is not installed (tools/dev.sh installs gstreamer1.0-pipewire)");
  g_test_skip ("pipewiresrc is not installed (gstreamer1.0-pipewire)");
  return FALSE;
}

static guint64
inode_of (int fd)
{
  struct stat st;

  g_assert_cmpint (fstat (fd, &st), ==, 0);
  return st.st_ino;
}

static void
on_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Asks the portal (the session bus), for @timeout_s at most; the fd, or -1 and @error. */
static int
open_camera (double timeout_s, GCancellable *cancellable, GError **error)
{
  g_autoptr (CsCameraPortal) portal = cs_camera_portal_new (NULL);
  g_autoptr (GAsyncResult) result = NULL;
  gboolean late = FALSE;
  guint deadline = g_timeout_add ((guint) (timeout_s * 1000 * cs_test_timing_slack ()), on_deadline, &late);

  cs_camera_portal_open_async (portal, cancellable, on_result, &result);
  while (result == NULL && !late)
    g_main_context_iteration (NULL, TRUE);
  if (result == NULL)
    g_error ("the camera portal gave no answer within %.0f s", timeout_s * cs_test_timing_slack ());
  g_source_remove (deadline);
  return cs_camera_portal_open_finish (portal, result, error);
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
  guint watch;
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
  g_clear_handle_id (&watch, g_source_remove);
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
  cs_camera_abort (camera);
  gst_element_set_locked_state (camera, FALSE);
  gst_element_set_state (pipeline, GST_STATE_NULL);
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

  if (!has_session_bus () || !has_pipewiresrc ())
    return;
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

  /* no PipeWire answers on it: the first-picture deadline says so, within its bound */
  stream_error = run_source (fd, cs_fake_portal_sent_inode (fake), 1500, &waited);
  g_assert_nonnull (stream_error);
  g_assert_error (stream_error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_STARTED);
  g_assert_nonnull (strstr (stream_error->message, "The camera sent no picture within 2 seconds"));
  g_assert_cmpfloat (waited, >=, 1.4);
  close (fd);
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
static void
test_granted_no_pipewire (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) stream_error = NULL;
  double waited = 0;
  int fd;

  if (!has_session_bus () || !has_pipewiresrc ())
    return;
  fake = cs_fake_portal_new (CS_FAKE_GRANT_HANG_UP);
  fd = open_camera (5, NULL, &error);
  g_assert_no_error (error);
  stream_error = run_source (fd, cs_fake_portal_sent_inode (fake), 1500, &waited);
  /* pipewiresrc's own connection error, or else the deadline */
  g_assert_nonnull (stream_error);
  g_assert_cmpfloat (waited, <, (1.5 + 5) * cs_test_timing_slack ());
  close (fd);
}

/* ---------------------------------------------------------------- refusals */

static void
test_refused (void)
{
  g_autoptr (GError) error = NULL;

  if (!has_session_bus ())
    return;
  error = refusal (CS_FAKE_REFUSE);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Access to the camera was refused"));
}

static void
test_portal_failed (void)
{
  g_autoptr (GError) error = NULL;

  if (!has_session_bus ())
    return;
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

  if (!has_session_bus ())
    return;
  error = refusal (CS_FAKE_ABSENT);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT);
  g_assert_nonnull (strstr (error->message, "No camera was found"));
}

static void
test_no_portal (void)
{
  g_autoptr (GError) error = NULL;
  int fd;

  if (!has_session_bus ())
    return;
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

  if (!has_session_bus ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr (GError) error = refusal (modes[i]);

      g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "does not understand"));
    }
}

/* The user takes long in the dialog, and the call is given up meanwhile: the request ends
 * as cancelled and the portal's Request is Closed. */
static void
test_cancelled (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  gint64 until;
  int fd;

  if (!has_session_bus ())
    return;
  fake = cs_fake_portal_new (CS_FAKE_SILENT);
  g_timeout_add_once (500, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  fd = open_camera (5, cancellable, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  until = g_get_monotonic_time () + (gint64) (5 * G_USEC_PER_SEC * cs_test_timing_slack ());
  while (!cs_fake_portal_was_closed (fake) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  log = cs_fake_portal_log (fake);
  g_test_message ("the fake saw:\n%s", log);
  g_assert_true (cs_fake_portal_was_closed (fake));
}

/* The portal leaves the bus instead of answering: said, not waited for forever. */
static void
test_vanished (void)
{
  g_autoptr (GError) error = NULL;

  if (!has_session_bus ())
    return;
  error = refusal (CS_FAKE_VANISH);
  g_assert_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "stopped before it answered"));
}

/* ---------------------------------------------------------------- the binary */

static CsTestRun *
run_call (void)
{
  const char *args[] = { "--duration=60", "--users=1", "--camera", NULL };
  CsTestRun *run;

  g_setenv (CS_CAMERA_PORTAL_ENV, "1", TRUE);
  run = cs_test_run (args, FALSE);
  g_unsetenv (CS_CAMERA_PORTAL_ENV);
  g_test_message ("exit %d: %s", run->status, run->stderr_text);
  return run;
}

/* A granted camera whose PipeWire never sends: the call ends with the deadline's message. */
static void
test_call_no_picture (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (CsTestRun) run = NULL;
  g_autofree char *log = NULL;
  gint64 start;
  double took;

  if (!has_session_bus () || !has_pipewiresrc ())
    return;
  fake = cs_fake_portal_new (CS_FAKE_GRANT);
  start = g_get_monotonic_time ();
  run = run_call ();
  took = (g_get_monotonic_time () - start) / 1e6;
  log = cs_fake_portal_log (fake);
  g_test_message ("%.1f s; the fake saw:\n%s", took, log);
  g_assert_nonnull (strstr (log, "OpenPipeWireRemote"));
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "The camera sent no picture within 10 seconds"));
  g_assert_cmpfloat (took, <, 40 * cs_test_timing_slack ());
}

static void
test_call_refused (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (CsTestRun) run = NULL;

  if (!has_session_bus () || !has_pipewiresrc ())
    return;
  fake = cs_fake_portal_new (CS_FAKE_REFUSE);
  run = run_call ();
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "Access to the camera was refused"));
}

static void
test_call_no_portal (void)
{
  g_autoptr (CsTestRun) run = NULL;

  if (!has_session_bus () || !has_pipewiresrc ())
    return;
  run = run_call ();
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "no desktop portal"));
}

/* GStreamer without its PipeWire plugin: said before the user is asked anything. */
static void
test_call_no_pipewiresrc (void)
{
  g_autoptr (CsFakePortal) fake = NULL;
  g_autoptr (CsTestRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-no-plugins-XXXXXX", &error);
  g_autofree char *registry = NULL;
  g_autofree char *log = NULL;
  g_autofree char *old_registry = g_strdup (g_getenv ("GST_REGISTRY"));

  g_assert_no_error (error);
  if (!has_session_bus ())
    return;
  fake = cs_fake_portal_new (CS_FAKE_GRANT);
  registry = g_build_filename (dir, "registry.bin", NULL);
  g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", dir, TRUE);
  g_setenv ("GST_REGISTRY", registry, TRUE);
  run = run_call ();
  g_unsetenv ("GST_PLUGIN_SYSTEM_PATH_1_0");
  if (old_registry != NULL)
    g_setenv ("GST_REGISTRY", old_registry, TRUE);
  else
    g_unsetenv ("GST_REGISTRY");
  g_unlink (registry);
  g_rmdir (dir);
  log = cs_fake_portal_log (fake);
  g_test_message ("the fake saw:\n%s", log);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "pipewiresrc"));
  g_assert_nonnull (strstr (run->stderr_text, "gstreamer1.0-pipewire"));
  /* nothing was asked of the portal */
  g_assert_null (strstr (log, "AccessCamera"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  /* the portal path is what these tests choose, never the machine's sandbox */
  g_unsetenv (CS_CAMERA_PORTAL_ENV);

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
  g_test_add_func ("/camera-portal/call-no-picture", test_call_no_picture);
  g_test_add_func ("/camera-portal/call-refused", test_call_refused);
  g_test_add_func ("/camera-portal/call-no-portal", test_call_no_portal);
  g_test_add_func ("/camera-portal/call-no-pipewiresrc", test_call_no_pipewiresrc);
  return g_test_run ();
}
