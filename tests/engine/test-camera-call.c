/* test-camera-call.c — lab, Janus and WHIP calls with the camera through the Camera portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `callscope --headless --users=1 --camera`, `--whip=URL --camera` and `--janus=URL --room=ID --camera` with
 * CALLSCOPE_CAMERA_PORTAL=1 (the portal path outside a sandbox) and the fake portal
 * (cs-fake-portal.c) on a private session bus. A refused camera (or no camera, no portal, no
 * pipewiresrc) ends the run with its message before anything reaches the server: the fake WHIP
 * endpoint (cs-test-whip-fake.c) is asked nothing, and a listener standing for Janus accepts no
 * connection. A granted camera with no PipeWire behind it starts the call (pipewiresrc on the
 * portal's remote; with Janus, the test Janus of cs-test-janus.c) and ends it with the
 * first-picture deadline's message, never a test picture in its place, and is not joined
 * again. There is no PipeWire daemon here.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

#include "cs-camera.h"
#include "cs-fake-portal.h"
#include "cs-test-camera.h"
#include "cs-test-janus.h"
#include "cs-test-run.h"
#include "cs-test-whip-fake.h"

/* ------------------------------------------------------------------ the servers */

/* Stands for a Janus that must not be reached: counts the connections made to it. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  guint           n_connections;
} Listener;

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data)
{
  ((Listener *) user_data)->n_connections++;
  return FALSE;
}

static void
listener_start (Listener *l)
{
  g_autoptr (GError) error = NULL;

  l->service = g_socket_service_new ();
  l->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (l->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (l->service, "incoming", G_CALLBACK (on_incoming), l);
  g_socket_service_start (l->service);
}

static void
listener_stop (Listener *l)
{
  g_socket_service_stop (l->service);
  g_socket_listener_close (G_SOCKET_LISTENER (l->service));
  g_clear_object (&l->service);
}

typedef enum
{
  SERVER_LAB, /* a lab call: no server */
  SERVER_WHIP,
  SERVER_JANUS,
} Server;

/* The server of @server (the fake WHIP endpoint, or a listener standing for Janus), the
 * call with the camera made to it, and what reached it. */
typedef struct
{
  CsFakeWhip *whip;
  Listener    janus;
  CsTestCameraCall       *call;
} Run;

static void
run_against (Run *run, Server server, CsFakePortal *portal, const char *const *env)
{
  g_autofree char *url = NULL;
  g_autofree char *option = NULL;

  if (server == SERVER_LAB)
    {
      const char *args[] = { "--users=1", NULL };

      run->call = cs_test_camera_call_run (args, env, 30);
      return;
    }
  if (server == SERVER_WHIP)
    {
      run->whip = cs_fake_whip_start (FAULT_NONE);
      url = cs_fake_whip_url (run->whip, "/whip/endpoint");
      option = g_strdup_printf ("--whip=%s", url);
    }
  else
    {
      listener_start (&run->janus);
      option = g_strdup_printf ("--janus=ws://127.0.0.1:%u/", run->janus.port);
    }
  {
    const char *whip_args[] = { option, "--token=" TOKEN, NULL };
    const char *janus_args[] = { option, "--room=1234", NULL };

    run->call = cs_test_camera_call_run (server == SERVER_WHIP ? whip_args : janus_args, env, 30);
  }
  if (server == SERVER_WHIP)
    {
      g_autofree char *log = portal != NULL ? cs_fake_portal_log (portal) : g_strdup ("(no portal)");

      cs_fake_whip_stop (run->whip);
      g_test_message ("endpoint: %u OPTIONS, %u POST, %u DELETE; the portal saw:\n%s", run->whip->n_options,
                      run->whip->n_posts, run->whip->n_deletes, log);
    }
  else
    {
      listener_stop (&run->janus);
      g_test_message ("%u connections to the address given as Janus'", run->janus.n_connections);
    }
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->whip, cs_fake_whip_free);
  g_clear_pointer (&run->call, cs_test_camera_call_free);
}

static gboolean
nothing_reached_server (Run *run)
{
  if (run->whip != NULL)
    return run->whip->n_options == 0 && run->whip->n_posts == 0;
  return run->janus.n_connections == 0;
}

/* ------------------------------------------------------------------ refusals */

typedef struct
{
  const char *path;
  Server      server;
  gboolean    portal;  /* a fake portal on the bus */
  CsFakeMode  mode;
  const char *text;    /* what the run ends with */
} Refusal;

static const Refusal refusals[] = {
  { "/camera-call/lab/refused", SERVER_LAB, TRUE, CS_FAKE_REFUSE, "Access to the camera was refused" },
  { "/camera-call/lab/no-camera", SERVER_LAB, TRUE, CS_FAKE_ABSENT, "No camera was found" },
  { "/camera-call/lab/no-portal", SERVER_LAB, FALSE, CS_FAKE_GRANT, "no desktop portal" },
  { "/camera-call/whip/refused", SERVER_WHIP, TRUE, CS_FAKE_REFUSE, "Access to the camera was refused" },
  { "/camera-call/whip/no-camera", SERVER_WHIP, TRUE, CS_FAKE_ABSENT, "No camera was found" },
  { "/camera-call/whip/no-portal", SERVER_WHIP, FALSE, CS_FAKE_GRANT, "no desktop portal" },
  { "/camera-call/janus/refused", SERVER_JANUS, TRUE, CS_FAKE_REFUSE, "Access to the camera was refused" },
  { "/camera-call/janus/no-camera", SERVER_JANUS, TRUE, CS_FAKE_ABSENT, "No camera was found" },
  { "/camera-call/janus/no-portal", SERVER_JANUS, FALSE, CS_FAKE_GRANT, "no desktop portal" },
};

/* The run ends with the refusal's text (or without pipewiresrc, the refusal naming it) and
 * nothing reached the server. */
static void
test_refusal (gconstpointer data)
{
  const Refusal *r = data;
  g_autoptr (CsFakePortal) portal = r->portal ? cs_fake_portal_new (r->mode) : NULL;
  Run run = { 0 };

  g_assert_true (!r->portal || portal != NULL);
  run_against (&run, r->server, portal, NULL);
  g_assert_cmpint (run.call->status, !=, 0);
  g_assert_cmpint (run.call->status, !=, -1);
  if (cs_test_has_pipewiresrc ())
    g_assert_nonnull (strstr (run.call->stderr_text, r->text));
  else
    cs_test_assert_pipewiresrc_refusal (run.call->stderr_text);
  g_assert_true (nothing_reached_server (&run));
  run_clear (&run);
}

/* GStreamer without its PipeWire plugin: said before the user (or the server) is asked. */
static void
test_no_pipewiresrc (gconstpointer data)
{
  Server server = GPOINTER_TO_INT (data);
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-no-plugins-XXXXXX", &error);
  g_autofree char *registry = NULL;
  g_autofree char *path_var = NULL;
  g_autofree char *registry_var = NULL;
  g_autofree char *log = NULL;
  Run run = { 0 };

  g_assert_no_error (error);
  g_assert_nonnull (portal);
  registry = g_build_filename (dir, "registry.bin", NULL);
  path_var = g_strconcat ("GST_PLUGIN_SYSTEM_PATH_1_0=", dir, NULL);
  registry_var = g_strconcat ("GST_REGISTRY=", registry, NULL);
  {
    const char *env[] = { path_var, registry_var, "GST_PLUGIN_PATH_1_0=", "GST_PLUGIN_PATH=", NULL };

    run_against (&run, server, portal, env);
  }
  g_unlink (registry);
  g_rmdir (dir);
  log = cs_fake_portal_log (portal);
  g_assert_cmpint (run.call->status, ==, 1);
  cs_test_assert_pipewiresrc_refusal (run.call->stderr_text);
  g_assert_null (strstr (log, "AccessCamera"));
  g_assert_true (nothing_reached_server (&run));
  run_clear (&run);
}

/* ------------------------------------------------------------------ granted, no picture */

/* What a granted camera without PipeWire ends with: the portal's remote was opened, the call
 * ended with the first-picture deadline's message long before its 60 s, and it was not joined
 * again as a lost server would be. */
static void
assert_no_picture_end (CsTestCameraCall *call, CsFakePortal *portal)
{
  g_autofree char *log = cs_fake_portal_log (portal);

  g_assert_cmpint (call->status, !=, 0);
  g_assert_cmpint (call->status, !=, -1);
  g_assert_nonnull (strstr (log, "OpenPipeWireRemote"));
  g_assert_nonnull (strstr (call->stderr_text, "The camera sent no picture within 10 seconds"));
  g_assert_null (strstr (call->stderr_text, "joining again"));
  g_assert_cmpfloat (call->elapsed_s, <, 60);
}

/* A lab call: the deadline's message (CS_CAMERA_START_TIMEOUT_MS), long before its 60 s. */
static void
test_lab_no_picture (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  const char *args[] = { "--users=1", NULL };
  g_autoptr (CsTestCameraCall) call = NULL;

  g_assert_nonnull (portal);
  call = cs_test_camera_call_run (args, NULL, 45);
  if (!cs_test_has_pipewiresrc ())
    {
      g_autofree char *log = cs_fake_portal_log (portal);

      cs_test_assert_pipewiresrc_refusal (call->stderr_text);
      g_assert_null (strstr (log, "AccessCamera"));
      return;
    }
  assert_no_picture_end (call, portal);
}

static void
test_whip_no_picture (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  g_autoptr (CsFakeWhip) whip = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (whip, "/whip/endpoint");
  g_autofree char *option = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { option, "--token=" TOKEN, NULL };
  g_autoptr (CsTestCameraCall) call = NULL;

  g_assert_nonnull (portal);
  call = cs_test_camera_call_run (args, NULL, 45);
  cs_fake_whip_stop (whip);
  g_test_message ("endpoint: %u OPTIONS, %u POST, %u DELETE; %d video, %d audio packets, %d frames",
                  whip->n_options, whip->n_posts, whip->n_deletes, whip->video_packets, whip->audio_packets,
                  whip->video_frames);
  if (!cs_test_has_pipewiresrc ())
    {
      cs_test_assert_pipewiresrc_refusal (call->stderr_text);
      g_assert_cmpuint (whip->n_posts, ==, 0);
      return;
    }
  assert_no_picture_end (call, portal);
  /* the call was made (its OPTIONS asked of the endpoint; webrtcbin offers once its pads
   * have caps, which a camera that never sends does not give) and no picture stood in for
   * the camera */
  g_assert_cmpuint (whip->n_options, ==, 1);
  g_assert_cmpuint (whip->n_posts, <=, 1);
  g_assert_cmpint (whip->video_packets, ==, 0);
  g_assert_cmpint (whip->video_frames, ==, 0);
}

/* Into the test Janus' room 1234: the call joins (the room's answer to its join is in the
 * recording: the local user's user-joined line), publishes no picture, and ends at the
 * deadline. */
static void
test_janus_no_picture (void)
{
  g_autoptr (CsFakePortal) portal = cs_fake_portal_new (CS_FAKE_GRANT);
  CsTestJanus janus = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *record = NULL;
  g_autofree char *text = NULL;
  g_autoptr (CsTestCameraCall) call = NULL;
  int fd;

  g_assert_nonnull (portal);
  if (!cs_test_has_pipewiresrc ())
    {
      g_test_skip ("no pipewiresrc: the refusal is /camera-call/janus/no-pipewiresrc");
      return;
    }
  if (!cs_test_janus_start (&janus))
    return; /* skipped, saying why */
  fd = g_file_open_tmp ("cs-camera-janus-XXXXXX.jsonl", &path, &error);
  g_assert_no_error (error);
  close (fd);
  record = g_strdup_printf ("--record=%s", path);
  {
    const char *args[] = { "--janus=ws://127.0.0.1:18188", "--room=1234", "--display=Camera", record, NULL };

    call = cs_test_camera_call_run (args, NULL, 45);
  }
  cs_test_janus_stop (&janus);
  g_file_get_contents (path, &text, NULL, NULL);
  g_unlink (path);
  if (text == NULL || strstr (text, "\"user-joined\"") == NULL)
    g_test_message ("recording:\n%s", text != NULL ? text : "(none)");
  assert_no_picture_end (call, portal);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "\"user-joined\""));
  g_assert_nonnull (strstr (text, "\"Camera\""));
}

int
main (int argc, char **argv)
{
  GTestDBus *bus = cs_test_camera_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    g_test_add_data_func (refusals[i].path, &refusals[i], test_refusal);
  g_test_add_data_func ("/camera-call/lab/no-pipewiresrc", GINT_TO_POINTER (SERVER_LAB), test_no_pipewiresrc);
  g_test_add_data_func ("/camera-call/whip/no-pipewiresrc", GINT_TO_POINTER (SERVER_WHIP), test_no_pipewiresrc);
  g_test_add_data_func ("/camera-call/janus/no-pipewiresrc", GINT_TO_POINTER (SERVER_JANUS), test_no_pipewiresrc);
  g_test_add_func ("/camera-call/lab/no-picture", test_lab_no_picture);
  g_test_add_func ("/camera-call/whip/no-picture", test_whip_no_picture);
  g_test_add_func ("/camera-call/janus/no-picture", test_janus_no_picture);
  return cs_test_camera_run (bus);
}
