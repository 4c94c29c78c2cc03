/* cs-test-camera.c — what the Camera portal's tests share (see cs-test-camera.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <string.h>

#include "cs-camera.h"
#include "cs-test-camera.h"
#include "cs-test-run.h"

GTestDBus *
cs_test_camera_init (int *argc, char ***argv)
{
  GTestDBus *bus;

  g_test_init (argc, argv, NULL);
  g_unsetenv (CS_CAMERA_PORTAL_ENV);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  gst_init (NULL, NULL);
  return bus;
}

int
cs_test_camera_run (GTestDBus *bus)
{
  int status = g_test_run ();

  g_test_dbus_down (bus);
  g_object_unref (bus);
  return status;
}

gboolean
cs_test_has_pipewiresrc (void)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find ("pipewiresrc");

  if (factory != NULL)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_error ("pipewiresrc is not installed (tools/dev.sh installs gstreamer1.0-pipewire)");
  g_test_message ("pipewiresrc is not installed (gstreamer1.0-pipewire): the refusal is tested instead");
  return FALSE;
}

void
cs_test_assert_pipewiresrc_refusal (const char *message)
{
  g_test_message ("without pipewiresrc: %s", message);
  g_assert_nonnull (strstr (message, "pipewiresrc"));
  g_assert_nonnull (strstr (message, "gstreamer1.0-pipewire"));
}

void
cs_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
cs_test_wait_result (GAsyncResult **result, double timeout_s)
{
  gint64 until = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  /* wakes the blocking iteration up, so that the deadline is read */
  guint tick = g_timeout_add (20, tick_cb, NULL);

  while (*result == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return *result != NULL;
}

CsTestCameraCall *
cs_test_camera_call_run (const char *const *args, const char *const *env, double timeout_s)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  CsTestCameraCall *call = g_new0 (CsTestCameraCall, 1);

  g_ptr_array_add (argv, (gpointer) "env");
  g_ptr_array_add (argv, (gpointer) CS_CAMERA_PORTAL_ENV "=1");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) env[i]);
  g_ptr_array_add (argv, (gpointer) CALLSCOPE_BINARY);
  g_ptr_array_add (argv, (gpointer) "--headless");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--duration=60");
  g_ptr_array_add (argv, (gpointer) "--camera");
  g_ptr_array_add (argv, NULL);
  process = cs_test_spawn ((const char *const *) argv->pdata, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, cs_test_store_result, &result);
  if (!cs_test_wait_result (&result, timeout_s))
    {
      g_subprocess_force_exit (process);
      cs_test_wait_result (&result, 5);
      g_error ("callscope did not exit within %.0f s", timeout_s * cs_test_timing_slack ());
    }
  g_subprocess_communicate_utf8_finish (process, result, NULL, &call->stderr_text, &error);
  g_assert_no_error (error);
  call->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  call->elapsed_s = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("exit %d after %.1f s, stderr:\n%s", call->status, call->elapsed_s, call->stderr_text);
  return call;
}

void
cs_test_camera_call_free (CsTestCameraCall *call)
{
  g_free (call->stderr_text);
  g_free (call);
}
