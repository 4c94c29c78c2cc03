/* cs-camera.h — whether there is a camera to send, before a call claims to send one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

gboolean cs_camera_check (GError **error);

G_END_DECLS
