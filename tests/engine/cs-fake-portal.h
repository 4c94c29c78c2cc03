/* cs-fake-portal.h — a fake org.freedesktop.portal.Desktop with the Camera interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests of cs-camera-portal.c: on its own thread, main context and connection to the
 * session bus (the test suite runs under dbus-run-session, a private bus), it owns
 * org.freedesktop.portal.Desktop and answers as xdg-desktop-portal does: IsCameraPresent,
 * AccessCamera (a Request object on the path made of the caller's unique name and its
 * handle_token, then its Response signal), OpenPipeWireRemote (one end of a socketpair in
 * the message's file descriptors, standing for PipeWire's socket) — or misbehaves as @mode
 * says.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CS_FAKE_GRANT,            /* present, response 0, a remote whose other end stays silent */
  CS_FAKE_GRANT_FIRST,      /* as GRANT, the Response sent before AccessCamera's reply */
  CS_FAKE_GRANT_OTHER_PATH, /* as GRANT, on a Request path of its own (an old portal) */
  CS_FAKE_GRANT_HANG_UP,    /* as GRANT, the remote's other end closed (no PipeWire there) */
  CS_FAKE_REFUSE,           /* response 1: the user said no */
  CS_FAKE_FAIL,             /* response 2 */
  CS_FAKE_ABSENT,           /* IsCameraPresent false */
  CS_FAKE_NO_CAMERA_IFACE,  /* the portal without the Camera interface */
  CS_FAKE_BAD_PRESENT,      /* IsCameraPresent a string */
  CS_FAKE_BAD_ACCESS,       /* AccessCamera replies (s) */
  CS_FAKE_BAD_RESPONSE,     /* the Response signal of type (s) */
  CS_FAKE_NO_FD,            /* OpenPipeWireRemote replies (h) with no file descriptor */
  CS_FAKE_BAD_REMOTE,       /* OpenPipeWireRemote replies (s) */
  CS_FAKE_REMOTE_ERROR,     /* OpenPipeWireRemote fails with a D-Bus error */
  CS_FAKE_SILENT,           /* no Response until the Request is Closed */
  CS_FAKE_VANISH,           /* leaves the bus instead of answering AccessCamera's Request */
} CsFakeMode;

typedef struct _CsFakePortal CsFakePortal;

/* Starts the fake on the session bus; NULL (and a message) when there is no session bus. */
CsFakePortal *cs_fake_portal_new          (CsFakeMode mode);
/* Stops it and leaves the bus (the name is released before this returns). */
void          cs_fake_portal_free         (CsFakePortal *self);
/* The inode of the socket end it sent (0 before OpenPipeWireRemote). */
guint64       cs_fake_portal_sent_inode   (CsFakePortal *self);
/* What it saw, one call a line ("IsCameraPresent", "AccessCamera token=…", "Close /…"). */
char         *cs_fake_portal_log          (CsFakePortal *self);
gboolean      cs_fake_portal_was_closed   (CsFakePortal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsFakePortal, cs_fake_portal_free)

G_END_DECLS
