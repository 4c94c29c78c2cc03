/* cs-test-camera.h — what the Camera portal's tests share (test-camera-portal.c, test-camera-call.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether pipewiresrc is there (in CI it must be), the refusal that names it when it is not,
 * an asynchronous result waited for on the default main context, and `callscope --headless
 * … --camera` run on the portal path (CALLSCOPE_CAMERA_PORTAL=1) until it exits.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_test_init(), then a private session bus (DBUS_SESSION_BUS_ADDRESS, which the callscope
 * runs inherit: the fake is the only portal there) and GStreamer; the portal path is what the
 * tests choose, never the machine's sandbox (CALLSCOPE_CAMERA_PORTAL unset here) */
GTestDBus *cs_test_camera_init             (int *argc, char ***argv);
/* g_test_run(), then the bus down; the status */
int        cs_test_camera_run              (GTestDBus *bus);

/* TRUE with pipewiresrc; without it the caller tests the refusal instead (in CI: an error) */
gboolean cs_test_has_pipewiresrc           (void);
/* The refusal without pipewiresrc: the element and its Debian package named */
void     cs_test_assert_pipewiresrc_refusal (const char *message);
/* A GAsyncReadyCallback that stores a reference to the result in *(GAsyncResult **) @user_data */
void     cs_test_store_result              (GObject *source, GAsyncResult *result, gpointer user_data);
/* Iterates the default main context until *@result is set or @timeout_s (times the timing
 * slack) passed; whether it was set */
gboolean cs_test_wait_result               (GAsyncResult **result, double timeout_s);

typedef struct
{
  int     status;      /* exit status, -1 when killed */
  char   *stderr_text;
  double  elapsed_s;
} CsTestCameraCall;

/* callscope --headless @args --duration=60 --camera with CALLSCOPE_CAMERA_PORTAL=1 and @env
 * ("NAME=VALUE"s, nullable) for it alone; fails the test if it has not exited after
 * @timeout_s (times the slack). Its stderr is in the test's log. */
CsTestCameraCall *cs_test_camera_call_run  (const char *const *args, const char *const *env, double timeout_s);
void              cs_test_camera_call_free (CsTestCameraCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTestCameraCall, cs_test_camera_call_free)

G_END_DECLS
