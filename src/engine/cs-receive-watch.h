/* cs-receive-watch.h — when a peer connection last received anything from its peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Nothing from the peer for this long, on a connection that was up: the peer is gone */
#define CS_RECEIVE_WATCH_LOST_S 10

typedef struct _CsReceiveWatch CsReceiveWatch;

CsReceiveWatch *cs_receive_watch_new     (GstElement     *webrtcbin);
CsReceiveWatch *cs_receive_watch_ref     (CsReceiveWatch *self);
void            cs_receive_watch_unref   (CsReceiveWatch *self);
gboolean        cs_receive_watch_found   (CsReceiveWatch *self);
double          cs_receive_watch_idle_s  (CsReceiveWatch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsReceiveWatch, cs_receive_watch_unref)

G_END_DECLS
