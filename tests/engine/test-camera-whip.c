/* test-camera-whip.c — a WHIP call with the camera through the Camera portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `callscope --headless --whip=URL --camera` with CALLSCOPE_CAMERA_PORTAL=1 (the portal path
 * outside a sandbox), the fake portal (cs-fake-portal.c) on a private session bus and the
 * fake WHIP endpoint (cs-test-whip-fake.c) in the test: a refused camera (or no portal, or no
 * pipewiresrc) ends the run with its message before any request reaches the endpoint; a
 * granted camera with no PipeWire behind it starts the call (pipewiresrc on the portal's
 * remote) and ends it with the first-picture deadline's message, never a test picture in its
 * place, and is not joined again. There is no PipeWire daemon here.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "cs-camera.h"
#include "cs-fake-portal.h"
#include "cs-test-run.h"
#include "cs-test-whip-fake.h"

static gboolean
has_pipewiresrc (void)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find ("pipewiresrc");

  if (factory != NULL)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_error ("pipewiresrc is not installed (tools/dev.sh installs gstreamer1.0-pipewire)");
  g_test_message ("pipewiresrc is not installed (gstreamer1.0-pipewire): the refusal is tested instead");
  return FALSE;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Iterates the main context until *@result is set or @timeout_s (times the slack) passed. */
static gboolean
wait_result (GAsyncResult **result, double timeout_s)
{
  gint64 until = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  guint tick = g_timeout_add (20, tick_cb, NULL);

  while (*result == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return *result != NULL;
}

typedef struct
{
  int     status;       /* exit status, -1 when killed */
  char   *stderr_text;
  double  elapsed_s;
} Call;

static void
call_free (Call *call)
{
  g_free (call->stderr_text);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* callscope --headless --whip=@url --camera (a 60 s call) on the portal path, with @env
 * ("NAME=VALUE"s, nullable) for it alone; waits @timeout_s at most for its exit. */
static Call *
run_call (const char *url, const char *const *env, double timeout_s)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (NULL);
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  Call *call = g_new0 (Call, 1);

  g_ptr_array_add (argv, (gpointer) "env");
  g_ptr_array_add (argv, (gpointer) CS_CAMERA_PORTAL_ENV "=1");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) env[i]);
  g_ptr_array_add (argv, (gpointer) CALLSCOPE_BINARY);
  g_ptr_array_add (argv, (gpointer) "--headless");
  g_ptr_array_add (argv, whip);
  g_ptr_array_add (argv, (gpointer) "--token=" TOKEN);
  g_ptr_array_add (argv, (gpointer) "--duration=60");
  g_ptr_array_add (argv, (gpointer) "--camera");
  g_ptr_array_add (argv, NULL);
  process = cs_test_spawn ((const char *const *) argv->pdata, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_result, &result);
  if (!wait_result (&result, timeout_s))
    {
      g_subprocess_force_exit (process);
      wait_result (&result, 5);
      g_error ("callscope did not exit within %.0f s", timeout_s * cs_test_timing_slack ());
    }
  g_subprocess_communicate_utf8_finish (process, result, NULL, &call->stderr_text, &error);
  g_assert_no_error (error);
  call->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  call->elapsed_s = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("exit %d after %.1f s, stderr:\n%s", call->status, call->elapsed_s, call->stderr_text);
  return call;
}

static void
log_fake (CsFakeWhip *whip, CsFakePortal *portal)
{
  g_autofree char *log = portal != NULL ? cs_fake_portal_log (portal) : g_strdup ("(no portal)");

  g_test_message ("endpoint: %u OPTIONS, %u POST, %u DELETE; %d video, %d audio packets, %d frames; "
                  "the portal saw:\n%s",
                  whip->n_options, whip->n_posts, whip->n_deletes, whip->video_packets, whip->audio_packets,
                  whip->video_frames, log);
}

static void
assert_pipewiresrc_refusal (const char *message)
{
  g_assert_nonnull (strstr (message, "pipewiresrc"));
  g_assert_nonnull (strstr (message, "gstreamer1.0-pipewire"));
}

/* The run ended with @text (or without pipewiresrc, the refusal naming it) and the endpoint
 * was never asked anything. */
static void
assert_refused_before_call (Call *call, CsFakeWhip *whip, const char *text)
{
  g_assert_cmpint (call->status, !=, 0);
  g_assert_cmpint (call->status, !=, -1);
  if (has_pipewiresrc ())
    g_assert_nonnull (strstr (call->stderr_text, text));
  else
    assert_pipewiresrc_refusal (call->stderr_text);
  g_assert_cmpuint (whip->n_options, ==, 0);
  g_assert_cmpuint (whip->n_posts, ==, 0);
}

static void
test_refused (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_REFUSE);
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autoptr (Call) call = NULL;

  g_assert_nonnull (portal);
  call = run_call (url, NULL, 30);
  cs_fake_whip_stop (whip);
  log_fake (whip, portal);
  assert_refused_before_call (call, whip, "Access to the camera was refused");
}

static void
test_no_camera (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_ABSENT);
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autoptr (Call) call = NULL;

  g_assert_nonnull (portal);
  call = run_call (url, NULL, 30);
  cs_fake_whip_stop (whip);
  log_fake (whip, portal);
  assert_refused_before_call (call, whip, "No camera was found");
}

static void
test_no_portal (void)
{
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autoptr (Call) call = run_call (url, NULL, 30);

  cs_fake_whip_stop (whip);
  log_fake (whip, NULL);
  assert_refused_before_call (call, whip, "no desktop portal");
}

/* GStreamer without its PipeWire plugin: said before the user (or the endpoint) is asked. */
static void
test_no_pipewiresrc (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-no-plugins-XXXXXX", &error);
  g_autofree char *registry = NULL;
  g_autofree char *path_var = NULL;
  g_autofree char *registry_var = NULL;
  g_autofree char *log = NULL;
  g_autoptr (Call) call = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (portal);
  registry = g_build_filename (dir, "registry.bin", NULL);
  path_var = g_strconcat ("GST_PLUGIN_SYSTEM_PATH_1_0=", dir, NULL);
  registry_var = g_strconcat ("GST_REGISTRY=", registry, NULL);
  {
    const char *env[] = { path_var, registry_var, "GST_PLUGIN_PATH_1_0=", "GST_PLUGIN_PATH=", NULL };

    call = run_call (url, env, 30);
  }
  g_unlink (registry);
  g_rmdir (dir);
  cs_fake_whip_stop (whip);
  log_fake (whip, portal);
  log = cs_fake_portal_log (portal);
  g_assert_cmpint (call->status, ==, 1);
  assert_pipewiresrc_refusal (call->stderr_text);
  g_assert_null (strstr (log, "AccessCamera"));
  g_assert_cmpuint (whip->n_posts, ==, 0);
}

/* Granted, and no PipeWire sends: the call is made with the portal's camera, then ends with
 * the deadline's message long before its 60 s, without a picture sent and without joining
 * again. */
static void
test_no_picture (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autofree char *log = NULL;
  g_autoptr (Call) call = NULL;

  g_assert_nonnull (portal);
  call = run_call (url, NULL, 45);
  cs_fake_whip_stop (whip);
  log_fake (whip, portal);
  log = cs_fake_portal_log (portal);
  g_assert_cmpint (call->status, !=, 0);
  g_assert_cmpint (call->status, !=, -1);
  if (!has_pipewiresrc ())
    {
      assert_pipewiresrc_refusal (call->stderr_text);
      g_assert_cmpuint (whip->n_posts, ==, 0);
      return;
    }
  g_assert_nonnull (strstr (log, "OpenPipeWireRemote"));
  g_assert_nonnull (strstr (call->stderr_text, "The camera sent no picture within 10 seconds"));
  /* the call was made (its OPTIONS asked of the endpoint; webrtcbin offers once its pads
   * have caps, which a camera that never sends does not give), no picture stood in for the
   * camera, and it was not joined again as a lost server would be */
  g_assert_cmpuint (whip->n_options, ==, 1);
  g_assert_cmpuint (whip->n_posts, <=, 1);
  g_assert_cmpint (whip->video_packets, ==, 0);
  g_assert_cmpint (whip->video_frames, ==, 0);
  g_assert_null (strstr (call->stderr_text, "joining again"));
  g_assert_cmpfloat (call->elapsed_s, <, 60);
}

int
main (int argc, char **argv)
{
  g_autoptr (GTestDBus) bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_unsetenv (CS_CAMERA_PORTAL_ENV);
  /* a private session bus that the callscope runs inherit: the fake is the only portal there */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  gst_init (NULL, NULL);

  g_test_add_func ("/camera-whip/refused", test_refused);
  g_test_add_func ("/camera-whip/no-camera", test_no_camera);
  g_test_add_func ("/camera-whip/no-portal", test_no_portal);
  g_test_add_func ("/camera-whip/no-pipewiresrc", test_no_pipewiresrc);
  g_test_add_func ("/camera-whip/no-picture", test_no_picture);
  status = g_test_run ();
  g_test_dbus_down (bus);
  return status;
}
